# Course notes 002, section 2: a vector y is summed before backward, or given ones as the gradient.
import torch
x = torch.arange(4.0, requires_grad=True)
y = x * x
y.sum().backward()
print(x.grad)
x.grad.zero_()
y = x * x
y.backward(torch.ones(len(x)))
print(x.grad)
