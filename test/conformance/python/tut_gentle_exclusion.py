# "A Gentle Introduction to torch.autograd": exclusion from the DAG (torch.rand replaced by literals).
import torch

x = torch.tensor([[0.1, 0.2], [0.3, 0.4]])
y = torch.tensor([[0.5, 0.6], [0.7, 0.8]])
z = torch.tensor([[0.9, 1.0], [1.1, 1.2]], requires_grad=True)
a = x + y
print(f"Does `a` require gradients?: {a.requires_grad}")
b = x + z
print(f"Does `b` require gradients?: {b.requires_grad}")
