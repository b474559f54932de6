# def with defaults, keyword arguments, *args, recursion, closures and lambdas.
import torch
def scale(t, factor=2.0, shift=0.0):
    return t * factor + shift
x = torch.tensor([1., 2.], requires_grad=True)
print(scale(x), scale(x, 3.0), scale(x, shift=1.0), scale(factor=0.5, t=x))
def total(*values):
    s = 0
    for v in values:
        s = s + v
    return s
print(total(1, 2, 3), total())
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(10))
def make_adder(k):
    def add(v):
        return v + k
    return add
add3 = make_adder(3)
print(add3(4), (lambda a, b=1: a * b)(5))
def nothing():
    pass
print(nothing())
