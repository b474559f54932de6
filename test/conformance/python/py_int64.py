# int64 tensors: PyTorch makes them of int data, prints them without dots and promotes them with floats.
import torch

idx = torch.tensor([2, 0])
r = torch.arange(4)
print(idx, r, idx.dtype, r.dtype)
print(torch.arange(0, 10, 3), torch.full((2,), 7), torch.tensor([[1, -20], [300, 4]]))
print(r * 2, r * 2.0, r + 0.5, r / 2, 1 / (r + 1), r ** 2, -r)
print(r.sum(), r.sum().dtype, (r > 1).sum(), r.float().mean())
x = torch.tensor([[1.0, 5.0, 3.0], [7.0, 2.0, 9.0]], requires_grad=True)
print(x.argmax(), x.argmax(1))
values, indices = x.max(1)
print(values, indices)
picked = x[torch.arange(2), indices]
y = x[idx[1]] + x[:, idx].sum()
picked.sum().backward()
print(x.grad)
z = torch.arange(3, dtype=torch.int64)
w = torch.tensor([1, 2], dtype=torch.float32)
print(z, w, z.long(), torch.tensor([-1.7, 2.7]).long())
z.requires_grad_()
