# "Autograd mechanics": locally disabling gradient computation.
import torch
x = torch.tensor(1., requires_grad=True)
with torch.no_grad():
    y = x * 2
y.requires_grad
with torch.enable_grad():
    y = x * 2
y.requires_grad
is_train = False
with torch.set_grad_enabled(is_train):
    y = x * 2
y.requires_grad
torch.set_grad_enabled(True)
y = x * 2
y.requires_grad
torch.set_grad_enabled(False)
y = x * 2
y.requires_grad
torch.set_grad_enabled(True)
torch.is_grad_enabled()
