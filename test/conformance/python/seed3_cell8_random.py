# Course notes 003, cell 8 exactly as written (torch.randn(size=())): whatever the random scalar, a.grad == d / a.
# conformance: outputs only
import torch
def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c
    
a = torch.randn(size=(), requires_grad=True)
d = f(a)
d.backward()
print(a.grad == d / a)
