# Lists and tuples: append, indexing, slicing, unpacking, comprehensions, len, sorted.
import torch
xs = [3, 1, 2]
xs.append(5)
xs.extend([7, 8])
print(xs, len(xs), xs[0], xs[-1], xs[1:3], xs[::2], xs[::-1], sorted(xs))
a, b = 1, 2
a, b = b, a
print(a, b)
first, rest = (10, 20)
print(first, rest)
squares = [i * i for i in range(5) if i % 2 == 0]
print(squares, sum(v for v in squares))
pairs = [(i, j) for i in range(2) for j in range(2)]
print(pairs)
ts = [torch.tensor(float(i)) for i in range(3)]
print(ts, torch.stack(ts))
t = (1, 2, 3)
print(t[1], t + (4,), t * 2, xs.pop(), xs.index(2), xs.count(1))
