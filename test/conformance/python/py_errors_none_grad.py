# x.grad is None until a backward reaches x: calling zero_() on it is Python's AttributeError.
import torch
x = torch.tensor([1., 2.], requires_grad=True)
print(x.grad)
x.grad.zero_()
