# import math for numbers, torch for tensors.
import math
import torch
r = 2.0
area = math.pi * r ** 2
print(round(area, 4), math.sqrt(16), math.exp(0), math.log(math.e))
t = torch.tensor([0.0, math.pi / 2])
print(torch.sin(t), torch.cos(t).abs() < 1e-6)
