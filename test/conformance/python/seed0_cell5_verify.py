# Course notes 000, cell 5 (torch.randn replaced by literals).
import torch

N, D = 3, 3
x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [3.0, -2.5, 1.0]], requires_grad=True)
y = torch.tensor([[1.0, 2.0, -0.5], [0.1, -3.0, 4.0], [2.5, 0.0, -1.5]])
z = torch.tensor([[0.0, 1.0, 2.0], [-1.0, -2.0, 0.5], [0.3, 0.7, -0.9]])

a = x * y
b = a + z
c = torch.sum(b)

c.backward()  # 计算梯度

print(x.grad)  # 对比 grad_x
print(y * torch.ones((N, D)))  # 应该等于 grad_x
print(y.grad)  # y 没有 requires_grad，梯度不会计算
