# Building tensors from Python lists of tensors: torch.stack and torch.cat, with gradients.
import torch
w = torch.tensor([1., 2.], requires_grad=True)
parts = []
for k in range(3):
    parts.append(w * (k + 1))
s = torch.stack(parts)
c = torch.cat(parts)
print(s, c)
(s.sum() + c.sum()).backward()
print(w.grad)
