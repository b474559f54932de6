# import torch as …, from torch import …
import torch as T
from torch import tensor, ones
x = tensor([1., 2.], requires_grad=True)
y = (x * ones(2)).sum()
y.backward()
print(x.grad, T.is_grad_enabled())
