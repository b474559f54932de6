# PyTorch 1.13 has no derivative for floor_divide: the graph records it, the backward through it raises.
import torch
x = torch.tensor([1.5, 2.5, -3.5], requires_grad=True)
y = x // 2
print(y, y.requires_grad)
z = (y * x).sum()
z.backward()
print("not reached")
