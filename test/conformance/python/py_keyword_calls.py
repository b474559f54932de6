# Keyword arguments reach the right parameter through any name for the function (a closure, a lambda).
import torch
def make(k):
    def add(v, w=1):
        return v + k + w
    return add
add3 = make(3)
scale = lambda t, factor=2.0: t * factor
x = torch.tensor([1., 2.], requires_grad=True)
print(add3(w=10, v=4), add3(4), scale(factor=3.0, t=x), scale(x))
y = scale(t=x, factor=0.5).sum()
y.backward()
print(x.grad)
print(add3(4, v=1))
