# The course notes as written, in Python: Autograd Lens runs this file on its own engine (no Python needed).
import torch

x = torch.arange(4.0)
x.requires_grad_(True)
y = 2 * torch.dot(x, x)
y.backward()
print(x.grad, y)  # tensor([ 0.,  4.,  8., 12.]) tensor(28., grad_fn=<MulBackward0>)


def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


a = torch.tensor(1.5, requires_grad=True)
d = f(a)
d.backward()
print(a.grad == d / a)  # tensor(True)
