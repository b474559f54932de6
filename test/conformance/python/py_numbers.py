# Python's number semantics stay Python's: ints, floats, //, %, **, division, bool arithmetic.
import torch
a = 7
b = 2
print(a / b, a // b, a % b, -a // b, -a % b, a ** b, 2 ** -1)
print(7.0 // 2, 7.5 % 2, 1 / 3, 0.1 + 0.2, 1e-5, 1e16, 123456789.0, 3.0 * 2)
print(True + True, True * 3.5, 10 - True, abs(-3), abs(-2.5), round(2.5), round(3.5), round(2.675, 2))
print(int(3.9), int(-3.9), float(3), float("1.5"), int("42"), min(3, 1, 2), max([4, 9, 2]), sum([1, 2, 3]))
x = 5
x += 2
x *= 3
x -= 1
x //= 4
print(x)
