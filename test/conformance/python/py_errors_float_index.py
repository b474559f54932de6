# A float tensor used as indices raises PyTorch's IndexError, even when its values are whole numbers.
import torch
x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
i = torch.tensor([2, 0])
print(x[i], x.index_select(0, i), torch.arange(3)[i])
f = torch.tensor([2., 0.])
print(x[f])
