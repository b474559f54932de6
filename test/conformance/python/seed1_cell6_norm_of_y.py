# Course notes 001, the cell with the norm taken of y (what the text means), then backward.
import torch
x = torch.ones(1, 4, requires_grad=True) 
y = 2 * x + 1
z = torch.norm(y, 2, dim=1)
print(z)
z.backward()
print(x.grad)
