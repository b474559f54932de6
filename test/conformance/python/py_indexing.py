# Integer indexing of a tensor (select), with gradients flowing back to the selected row.
import torch
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
r = x[1]
e = x[0][1]
n = x[-1]
print(r, e, n)
(r.sum() + e * 10).backward()
print(x.grad)
