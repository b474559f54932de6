# Course notes 000, cell 1 (torch.randn(N, D) replaced by literals).
import torch
x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [3.0, -2.5, 1.0]], requires_grad=True)
y = torch.tensor([[1.0, 2.0, -0.5], [0.1, -3.0, 4.0], [2.5, 0.0, -1.5]])
z = torch.tensor([[0.0, 1.0, 2.0], [-1.0, -2.0, 0.5], [0.3, 0.7, -0.9]])

a = x * y  # element-wise multiplication
b = a + z
c = torch.sum(b)  # sum all elements
