# Shapes: .shape and .size() are torch.Size, reshape/view/transpose/unsqueeze, and len of a tensor.
import torch
x = torch.arange(6.0).reshape(2, 3)
print(x.shape, x.size(), x.size(1), len(x), x.dim(), x.numel())
print(x.T, x.view(3, 2), x.unsqueeze(0).shape, x.sum(dim=0), x.mean(1, keepdim=True))
rows, cols = x.shape
print(rows, cols, x.shape[0], x.shape == (2, 3))
print(x.dtype, x.double().dtype, torch.float64, x.dtype == torch.float32)
x.dtype
