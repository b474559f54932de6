# x += 1 on a leaf that requires grad (outside no_grad) is PyTorch's in-place error.
import torch
x = torch.tensor([1., 2.], requires_grad=True)
x += 1
