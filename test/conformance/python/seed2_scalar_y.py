# Course notes 002, section 1: y = 2 xᵀx is a scalar; its gradient is 4x.
import torch
x = torch.arange(4.0)
x.requires_grad_(True)
print(x.grad)
y = 2 * torch.dot(x,x)
print(y)
y.backward()
print(x.grad, y)
print(x.grad == 4 * x)
