# Course notes 002: gradients accumulate until zeroed.
import torch
x = torch.arange(4.0, requires_grad=True)
y = x.sum()
y.backward()
print(x.grad)
y.backward()
print(x.grad)
x.grad.zero_()
print(x.grad)
