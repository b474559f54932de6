# A method a number does not have (a .item() result is a Python float).
import torch
x = torch.tensor(2.0, requires_grad=True)
y = (x * x).item()
print(y)
y.backward()
