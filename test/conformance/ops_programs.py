"""Elementwise ops and reductions of the snippet API (issue 2): forward values, grads, grad_fn names, next_functions."""
import torch
from harness import program, gfn, nexts

A23 = [[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]]
B23 = [[2.0, 0.5, -1.0], [3.0, -0.25, 2.0]]


def _unary(out, fn, data):
    x = torch.tensor(data, requires_grad=True)
    y = fn(x)
    out("y", y)
    out("name", gfn(y))
    out("next", nexts(y))
    y.sum().backward()
    out("x_grad", x.grad)


def _binary(out, fn):
    a = torch.tensor(A23, requires_grad=True)
    b = torch.tensor(B23, requires_grad=True)
    y = fn(a, b)
    out("y", y)
    out("name", gfn(y))
    out("next", nexts(y))
    y.backward(torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.25]]))
    out("a_grad", a.grad)
    out("b_grad", b.grad)


@program
def op_add(out, err):
    _binary(out, lambda a, b: a.add(b))


@program
def op_sub(out, err):
    _binary(out, lambda a, b: a.sub(b))


@program
def op_mul(out, err):
    _binary(out, lambda a, b: torch.mul(a, b))


@program
def op_div(out, err):
    _binary(out, lambda a, b: a.div(b))


@program
def op_pow_tensor(out, err):
    a = torch.tensor([1.5, 2.0, 0.5], requires_grad=True)
    b = torch.tensor([2.0, -1.0, 3.0], requires_grad=True)
    y = a.pow(b)
    out("y", y)
    out("name", gfn(y))
    y.sum().backward()
    out("a_grad", a.grad)
    out("b_grad", b.grad)


@program
def op_scalar_right(out, err):
    x = torch.tensor([1.0, -2.0, 4.0], requires_grad=True)
    ys = [x.add(2), x.sub(0.5), x.mul(3), x.div(4), x.pow(2), x.pow(0.5), x.pow(3)]
    out("values", ys)
    out("names", [gfn(y) for y in ys])
    out("mul_next", nexts(ys[2]))
    out("pow_next", nexts(ys[4]))
    total = ys[0].sum().add(ys[1].sum()).add(ys[2].sum()).add(ys[3].sum()).add(ys[4].sum()).add(ys[6].sum())
    total.backward()
    out("x_grad", x.grad)


@program
def op_scalar_left(out, err):
    x = torch.tensor([1.0, -2.0, 4.0], requires_grad=True)
    # JavaScript has no operators: the snippet's torch.sub(1, x) is how a learner writes Python's `1 - x`, so the
    # twin of each TypeScript call here is the Python operator (1 - x is RsubBackward1, 2 / x is reciprocal * 2).
    ys = [2 + x, 1 - x, 2 * x, 2 / x, 2 ** x]
    out("values", ys)
    out("names", [gfn(y) for y in ys])
    out("nexts", [nexts(y) for y in ys])
    total = ys[0].sum().add(ys[1].sum()).add(ys[2].sum()).add(ys[3].sum()).add(ys[4].sum())
    total.backward()
    out("x_grad", x.grad)


@program
def op_neg(out, err):
    _unary(out, lambda x: x.neg(), [1.0, -2.0, 0.0])


@program
def op_exp(out, err):
    _unary(out, lambda x: x.exp(), [0.0, 1.0, -2.0, 3.5])


@program
def op_log(out, err):
    _unary(out, lambda x: torch.log(x), [1.0, 2.718281828, 0.25, 10.0])


@program
def op_sqrt(out, err):
    _unary(out, lambda x: x.sqrt(), [4.0, 2.0, 0.25, 9.0])


@program
def op_abs(out, err):
    _unary(out, lambda x: x.abs(), [-1.5, 2.0, -0.25, 3.0])


@program
def op_sin(out, err):
    _unary(out, lambda x: x.sin(), [0.0, 1.0, -2.0, 3.14159])


@program
def op_cos(out, err):
    _unary(out, lambda x: torch.cos(x), [0.0, 1.0, -2.0, 3.14159])


@program
def op_tanh(out, err):
    _unary(out, lambda x: x.tanh(), [0.0, 0.5, -2.0, 10.0])


@program
def op_sigmoid(out, err):
    _unary(out, lambda x: torch.sigmoid(x), [0.0, 0.5, -2.0, 20.0])


@program
def op_relu(out, err):
    _unary(out, lambda x: x.relu(), [-1.0, 0.5, -0.0, 3.0])


@program
def op_clamp(out, err):
    _unary(out, lambda x: x.clamp(-1.0, 2.0), [-3.0, -1.0, 0.5, 2.0, 5.0])


@program
def op_clamp_min_only(out, err):
    _unary(out, lambda x: x.clamp(0.0), [-3.0, 0.0, 0.5, 5.0])


@program
def op_clamp_max_only(out, err):
    _unary(out, lambda x: torch.clamp(x, None, 1.0), [-3.0, 1.0, 0.5, 5.0])


@program
def op_sum_all(out, err):
    _unary(out, lambda x: x.sum(), A23)


@program
def op_sum_dim(out, err):
    x = torch.tensor(A23, requires_grad=True)
    s0 = x.sum(0)
    s1 = torch.sum(x, 1)
    sk = x.sum(1, True)
    sn = x.sum(-1)
    out("values", [s0, s1, sk, sn])
    out("names", [gfn(s0), gfn(s1), gfn(sk), gfn(sn)])
    s0.backward(torch.tensor([1.0, 2.0, 3.0]))
    out("x_grad", x.grad)
    sk.backward(torch.tensor([[10.0], [20.0]]))
    out("x_grad_2", x.grad)


@program
def op_mean(out, err):
    x = torch.tensor(A23, requires_grad=True)
    m = x.mean()
    m1 = x.mean(1)
    mk = torch.mean(x, 0, True)
    out("values", [m, m1, mk])
    out("names", [gfn(m), gfn(m1), gfn(mk)])
    m.backward()
    out("x_grad", x.grad)
    mk.sum().backward()
    out("x_grad_2", x.grad)


@program
def op_max_min_all(out, err):
    x = torch.tensor(A23, requires_grad=True)
    mx = x.max()
    mn = torch.min(x)
    out("values", [mx, mn])
    out("names", [gfn(mx), gfn(mn)])
    mx.backward()
    out("x_grad_max", x.grad)
    mn.backward()
    out("x_grad_min", x.grad)


@program
def op_max_ties(out, err):
    # Full-reduction max spreads the gradient evenly over tied maxima.
    x = torch.tensor([3.0, 1.0, 3.0, 3.0], requires_grad=True)
    m = x.max()
    m.backward()
    out("m", m)
    out("x_grad", x.grad)


@program
def op_max_dim(out, err):
    x = torch.tensor([[1.0, 5.0, 2.0], [7.0, -1.0, 0.0]], requires_grad=True)
    values, indices = x.max(1)
    out("values", values)
    out("indices", indices.tolist())
    out("name", gfn(values))
    values.sum().backward()
    out("x_grad", x.grad)


@program
def op_min_dim_keepdim(out, err):
    x = torch.tensor([[1.0, 5.0, 2.0], [7.0, -1.0, 0.0]], requires_grad=True)
    values, indices = x.min(0, True)
    out("values", values)
    out("indices", indices.tolist())
    out("name", gfn(values))
    values.backward(torch.tensor([[1.0, 2.0, 3.0]]))
    out("x_grad", x.grad)


@program
def op_to_dtype(out, err):
    x = torch.tensor([1.5, -2.0, 0.25], requires_grad=True)
    y = x.double()
    z = (y * y).float()
    w = x.to(torch.float64)
    out("values", [y, z, w])
    out("names", [gfn(y), gfn(z), gfn(w)])
    out("same", x.to(torch.float32) is x)
    (z.sum() + w.sum()).backward()
    out("x_grad", x.grad)
