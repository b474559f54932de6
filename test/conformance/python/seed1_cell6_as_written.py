# Course notes 001, the one cell as written: it says torch.norm(z, …) before any z exists (a NameError in Python).
import torch
x = torch.ones(1, 4, requires_grad=True) 
y = 2 * x + 1
z = torch.norm(z, 2, dim=1)
