# Operators on tensors with Python's semantics, reflected ones included.
import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = torch.tensor([4., 5., 6.])
print(2 * x, x * 2, 1 - x, x - 1, 2 / x, x / 2, 2 ** x, x ** 2, -x, +y)
print(x + y, x - y, x * y, x / y, x @ y, 10 + x)
print(x == y, x != 2, x < 2, x >= 2, 2 < x, y > x)
s = (3 * x ** 2 + 2 * x + 1).sum()
s.backward()
print(s, x.grad)
