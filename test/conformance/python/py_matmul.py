# The @ operator: matrix × matrix, matrix × vector, vector · vector, with gradients.
import torch
A = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
B = torch.tensor([[0.5, -1.], [2., 0.]])
v = torch.tensor([1., -1.])
C = A @ B
u = A @ v
d = v @ v
print(C, u, d)
(C.sum() + u.sum()).backward()
print(A.grad)
