# Comparisons with tensors give bool tensors; if/while take one-element tensors as Python does.
import torch
a = torch.tensor(3.0)
b = torch.tensor([1., 5.])
print(a > 2, a == 3, b == a, b.norm() < 10)
if a > 2:
    print("big")
count = 0
c = torch.tensor(1.0)
while c < 100:
    c = c * 3
    count += 1
print(count, c)
print(bool(a > 5), float(a), int(a))
if b > 2:
    print("unreachable")
