# A tensor with several values has no truth value.
import torch
v = torch.tensor([1., 2.])
if v > 0:
    print("positive")
