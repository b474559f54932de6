# Tensor indexing and slicing as Python writes them, with PyTorch's grad_fns and gradients.
import torch
x = torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]], requires_grad=True)
col = x[:, 1]
rows = x[1:3]
every_other = x[::2, ::2]
last = x[-1, -1]
mask = x[x > 4]
picked = x[[0, 2]]
grown = x[None, 0]
dots = x[..., 0]
print(col, rows, every_other, last, mask, picked, grown.shape, dots, sep="\n")
(col.sum() + rows.sum() + every_other.sum() + last + mask.sum() + picked.sum() + grown.sum() + dots.sum()).backward()
print(x.grad)
y = x.detach().clone()
y[0] = 0.0
y[:, 2] = -1.0
y[y > 7] = 100.0
print(y)
