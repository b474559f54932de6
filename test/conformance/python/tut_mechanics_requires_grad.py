# "Autograd mechanics": requires_grad propagates from any input that requires it (torch.randn replaced by ones).
import torch
x = torch.ones(5, 5)  # requires_grad=False by default
y = torch.ones(5, 5)  # requires_grad=False by default
z = torch.ones((5, 5), requires_grad=True)
a = x + y
a.requires_grad
b = a + z
b.requires_grad
b.sum().backward()
z.grad
