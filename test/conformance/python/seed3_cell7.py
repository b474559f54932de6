# Course notes 003, cell 7 after the notebook's setup (x = arange(4.0) with requires_grad and one backward).
import torch
x = torch.arange(4.0, requires_grad=True)
y = 2 * torch.dot(x, x)
y.backward()
x.grad.zero_()
y = x * x
u = y.detach()
z = u * x

z.sum().backward()
x.grad == u
