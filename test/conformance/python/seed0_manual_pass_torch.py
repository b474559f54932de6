# Course notes 000, cells 2-4 with numpy's ones/copy spelled in torch (ones, clone): the manual backward pass.
import torch
N, D = 3, 3
x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [3.0, -2.5, 1.0]], requires_grad=True)
y = torch.tensor([[1.0, 2.0, -0.5], [0.1, -3.0, 4.0], [2.5, 0.0, -1.5]])
z = torch.tensor([[0.0, 1.0, 2.0], [-1.0, -2.0, 0.5], [0.3, 0.7, -0.9]])
a = x * y
b = a + z
c = torch.sum(b)
grad_c = 1.0  # c是标量，对自身的梯度是1
grad_b = grad_c * torch.ones((N, D))  # ∂c/∂b = 1
grad_a = grad_b.clone()  # ∂c/∂a = ∂c/∂b
grad_z = grad_b.clone()  # ∂c/∂z = ∂c/∂b
grad_x = grad_a * y  # ∂c/∂x = (∂c/∂a) * y
grad_y = grad_a * x  # ∂c/∂y = (∂c/∂a) * x
c.backward()
print(x.grad == grad_x)
print(grad_c, grad_b)
