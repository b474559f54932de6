# Course notes 003, cell 8 (the random scalar replaced by a literal).
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
    
a = torch.tensor(0.8231, requires_grad=True)
d = f(a)
d.backward()
print(a.grad == d / a)
print(a.grad)
