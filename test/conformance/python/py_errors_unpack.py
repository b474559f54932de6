# Unpacking checks lengths as Python does.
import torch
a, b = (1, 2)
print(a, b)
a, b = [1, 2, 3]
