# The graph is freed after the first backward.
import torch
x = torch.tensor(3.0, requires_grad=True)
y = x * x * 2
y.backward()
print(x.grad)
y.backward()
