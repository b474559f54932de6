# index_select with a float index tensor (torch.arange of a float is float): PyTorch's dtype error.
import torch
x = torch.arange(6.0).reshape(2, 3)
idx = torch.arange(2.0)
y = x.index_select(1, idx)
