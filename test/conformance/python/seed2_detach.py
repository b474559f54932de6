# Course notes 002, section 3: u = y.detach() is a constant for z = u * x.
import torch
x = torch.arange(4.0, requires_grad=True)
y = x * x
u = y.detach()
z = u * x
print(u, z)
z.sum().backward()
print(x.grad == u)
x.grad.zero_()
y.sum().backward()
print(x.grad == 2 * x)
print(u.requires_grad, y.requires_grad, z.grad_fn)
