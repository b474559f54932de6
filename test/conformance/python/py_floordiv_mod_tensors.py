# // and % on tensors: torch.floor_divide and torch.remainder (reflected forms too), with PyTorch 1.13's autograd.
import torch
a = torch.tensor([5.0, -5.0, 7.5, -7.5], requires_grad=True)
b = torch.tensor([3.0, 3.0, -2.0, -2.0], requires_grad=True)
q = a // b
r = a % b
print(q, r)
print(a // 2, a % 2, 7 // a, 7 % a, a // 2.5, a % -2)
print(q.grad_fn, r.grad_fn, (a % 2).grad_fn.name(), (7 % a).grad_fn)
s = (a * r).sum() + torch.fmod(a, b).sum()
s.backward()
print(a.grad, b.grad)
i = torch.tensor([7, -7, 7, -7])
j = torch.tensor([2, 2, -2, -2])
print(i // j, i % j, i // 2, i % -3, 7 // j, 7 % j, i // 2.0, i % 2.5)
print(torch.div(a, b, rounding_mode="floor"), torch.div(i, j, rounding_mode="trunc"), torch.fmod(i, j), i.remainder(3))
k = i.clone()
k //= 3
w = a.detach().clone()
w %= 2
z = a * 1
z //= 2
print(k, w, z, z.grad_fn)
t = torch.tensor([1.0, -1.0, 0.0])
print(t // 0, t % 0, torch.tensor(5) // torch.tensor(2), -a.detach() // 0.5)
