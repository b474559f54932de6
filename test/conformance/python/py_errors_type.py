# Mixing a string and a number is Python's TypeError.
import torch
x = torch.tensor(1.0)
print("loss: " + str(x.item()))
print("loss: " + x.item())
