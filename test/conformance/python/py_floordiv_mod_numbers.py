# Python's // and % on numbers: floor toward -inf, the remainder takes the divisor's sign; floats from fmod.
import torch
print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 7 % 3, -7 % 3, 7 % -3, -7 % -3, 0 // 5, 0 % -5)
print(7.0 // 2, -7.0 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2, 1 // 0.1, 1 % 0.1, -0.5 // 1, 0.5 // -1)
print(-4.0 % 2, 4.0 % -2, 3 % 1.5, -3 % 1.5, 2.0 // 0.5, 5 // 2.5, -1e-20 % 1.0)
n = 17
n //= 5
m = -17
m %= 5
f = 7.5
f //= 2
g = -7.5
g %= 2
print(n, m, f, g)
print([k % 3 for k in range(-4, 5)], [k // 3 for k in range(-4, 5)])
