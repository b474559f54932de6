# Python's ZeroDivisionError for numbers; a tensor divided by zero is inf, as in PyTorch.
import torch
t = torch.tensor([1., 0.])
print(t / 0)
print(1 / 2)
print(1 / 0)
