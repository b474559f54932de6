# "Autograd mechanics": enable_grad inside no_grad, and a no_grad function's result.
import torch
x = torch.tensor([1., 2.], requires_grad=True)
with torch.no_grad():
    a = x * 2
    with torch.enable_grad():
        b = x * 2
    c = x * 3
print(a.requires_grad, b.requires_grad, c.requires_grad)
def doubler(t):
    with torch.no_grad():
        return t * 2
d = doubler(x)
print(d.requires_grad, torch.is_grad_enabled())
