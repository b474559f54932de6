# Non-leaf gradients: retain_grad() and register_hook.
import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
y.register_hook(lambda g: g * 10)
y.retain_grad()
z = (y ** 2).sum()
z.backward()
print(y.grad)
print(x.grad)
print(x.is_leaf, y.is_leaf, z.is_leaf)
