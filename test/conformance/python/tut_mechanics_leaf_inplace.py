# "Autograd mechanics": in-place operations on a leaf that requires grad are errors outside no_grad.
import torch
w = torch.tensor([1., 2., 3.], requires_grad=True)
with torch.no_grad():
    w -= 0.5 * torch.ones(3)
print(w)
w += 1
