# Course notes 004: y.backward(torch.ones_like(y)) equals y.sum().backward().
import torch
x = torch.arange(4.0, requires_grad=True)
y = x * x
y.backward(torch.ones_like(y))
g1 = x.grad.clone()
x.grad.zero_()
y = x * x
y.sum().backward()
print(g1, x.grad, torch.equal(g1, x.grad))
