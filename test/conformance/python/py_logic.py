# and/or return operands, not, chained comparisons, is, in.
import torch
print(0 or 5, 3 and 4, None or "x", [] or [1], 1 and 0)
print(not 0, not [1], not None)
a = 5
print(1 < a < 10, 1 < a > 10, a == 5 == 5.0, 1 <= 2 < 3 <= 3)
print(a is None, a is not None, None is None, 3 in [1, 2, 3], "b" in "abc", 4 not in (1, 2))
t = torch.tensor([1., 2., 3.])
print(2.0 in t, 5.0 in t)
x = None
y = x if x is not None else 7
print(y)
