# An int tensor floor-divided by zero raises PyTorch's RuntimeError "ZeroDivisionError" (a float one gives inf).
import torch
i = torch.tensor([7, -7, 0])
print(i / 0, i.float() // 0)
j = i % 0
print("not reached")
