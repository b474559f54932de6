# Course notes 004: z = y.sum() makes the vector y a scalar; the gradient of y = x * x is 2x.
import torch
x = torch.arange(4.0, requires_grad=True)
y = x * x
z = y.sum()
z.backward()
print(x.grad)
print(x.grad == 2 * x)
