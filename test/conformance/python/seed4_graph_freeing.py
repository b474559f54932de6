# Course notes 004: y = (x1*x2)*(x3*x4); the graph is freed after backward unless retain_graph=True.
import torch
x1 = torch.tensor(1.0, requires_grad=True)
x2 = torch.tensor(2.0, requires_grad=True)
x3 = torch.tensor(3.0, requires_grad=True)
x4 = torch.tensor(4.0, requires_grad=True)
u = x1 * x2
v = x3 * x4
y = u * v
y.backward(retain_graph=True)
print(x1.grad, x2.grad, x3.grad, x4.grad)
y.backward()
print(x1.grad)
y.backward()
