"""The int64 dtype (issue 9 §2d): the twin of int64_programs.ts."""
import torch
from harness import program, gfn


@program
def int64_creation_and_repr(out, err):
    a = torch.tensor([0, 2], dtype=torch.int64)
    b = torch.arange(4, dtype=torch.int64)
    c = torch.arange(0, 10, 3, dtype=torch.long)
    d = torch.tensor([[1, -20], [300, 4]], dtype=torch.int64)
    e = torch.zeros(2, 3, dtype=torch.int64)
    f = torch.full((2,), 7, dtype=torch.int64)
    g = torch.tensor([2 ** 40, 3], dtype=torch.int64)
    h = torch.tensor([1.7, -2.7], dtype=torch.int64)
    ts = [a, b, c, d, e, f, g, h, torch.tensor([], dtype=torch.int64), torch.tensor(5, dtype=torch.int64)]
    out("values", ts)
    out("reprs", [repr(t) for t in ts])
    out("dtype", [a.dtype, b.dtype, str(a.dtype)])
    out("tolist_item", [b.tolist(), torch.tensor(5, dtype=torch.int64).item()])
    out("ones_like", torch.ones_like(a))


@program
def int64_requires_grad_errors(out, err):
    err("factory", lambda: torch.tensor([1, 2], dtype=torch.int64, requires_grad=True))
    err("arange_factory", lambda: torch.arange(3, dtype=torch.int64, requires_grad=True))
    err("zeros_factory", lambda: torch.zeros(2, dtype=torch.int64, requires_grad=True))
    err("method", lambda: torch.arange(3, dtype=torch.int64).requires_grad_())

    def setter():
        x = torch.arange(3, dtype=torch.int64)
        x.requires_grad = True
    err("setter", setter)
    x = torch.arange(3, dtype=torch.int64)
    x.requires_grad_(False)
    out("off_is_fine", x.requires_grad)


@program
def int64_type_promotion(out, err):
    x = torch.arange(5, dtype=torch.int64)
    f = torch.tensor([0.5, 1.5, 2.5, 3.5, 4.5])
    d = torch.tensor([0.5, 1.5, 2.5, 3.5, 4.5], dtype=torch.float64)
    ys = [
        x + f, f + x, x * d, x + 2, x * 3, x - 1, 10 - x, x * 2.5, x + 0.5, x / 2, 1 / (x + 1), x ** 2, 2 ** x, x.pow(0.5),
        -x, x.abs(), torch.tensor(3, dtype=torch.int64) + torch.tensor([1.5]), torch.tensor(3.5) + x,
        torch.tensor(2.5, dtype=torch.float64) + x, x * torch.tensor(2.5), x.sin(), x.exp(), x.sqrt(), x.sigmoid(), x.clamp(1, 3),
        x.clamp(0.5, 3), x.relu(), x.eq(2), x.gt(f), x + x, torch.tensor([True, False, True, False, True]) + x,
    ]
    out("values", ys)
    out("dtypes", [y.dtype for y in ys])
    err("negative_power", lambda: x ** -1)


@program
def int64_reductions(out, err):
    x = torch.tensor([[3, -1, 4], [1, 5, -9]], dtype=torch.int64)
    m = torch.tensor([True, False, True])
    ys = [x.sum(), x.sum(1), x.sum(0, keepdim=True), m.sum(), x.prod(), x.prod(1), x.cumsum(1), x.max(), x.min(), x.trace(), x.abs().sum()]
    out("values", ys)
    out("reprs", [repr(y) for y in ys])
    err("mean", lambda: x.mean())
    err("mean_bool", lambda: m.mean())
    out("float_mean", x.float().mean())


@program
def int64_argmax_and_max_dim(out, err):
    m = torch.tensor([[1.0, 5.0, 3.0], [7.0, 2.0, 9.0]], requires_grad=True)
    out("argmax", [m.argmax(), m.argmax(1), torch.argmax(m, 0, True), m.argmin(), m.argmin(dim=1)])
    mx = m.max(1)
    mn = torch.min(m, dim=0)
    out("max_dim", [mx.values, mx.indices, mn.values, mn.indices])
    out("max_dim_text", [repr(mx), repr(mn.indices)])
    # An index tensor from argmax indexes like any int64 tensor.
    idx = m.argmax(1)
    picked = m[torch.arange(2), idx]
    out("picked", picked)
    picked.sum().backward()
    out("grad", m.grad)
    out("indices_grad", [mx.indices.requires_grad, gfn(mx.indices)])


@program
def int64_indexing(out, err):
    x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], requires_grad=True)
    i = torch.tensor([2, 0], dtype=torch.int64)
    ys = [x[i], x[:, i], x[i, i], x.index_select(1, i), torch.gather(x, 1, torch.tensor([[0], [2], [1]], dtype=torch.int64)), x.take(torch.tensor([0, 8], dtype=torch.int64))]
    out("values", ys)
    out("names", [gfn(y) for y in ys])
    sum(y.sum() for y in ys).backward()
    out("grad", x.grad)
    v = torch.zeros(4, dtype=torch.int64)
    v[torch.tensor([1, 3])] = 5
    out("setitem", v)
    out("int_index_of_int", torch.arange(10, 15, dtype=torch.int64)[i])


@program
def int64_conversions_and_inplace(out, err):
    f = torch.tensor([-1.7, 2.7, 0.5, -0.5])
    ys = [f.long(), f.to(torch.int64), torch.arange(3, dtype=torch.int64).float(), torch.arange(3, dtype=torch.int64).double(), torch.arange(3, dtype=torch.int64).to(torch.float32)]
    out("values", ys)
    x = torch.arange(4, dtype=torch.int64)
    x.add_(2)
    x.mul_(3)
    out("inplace_int", x)
    err("add_float", lambda: x.add_(0.5))
    err("div_", lambda: x.div_(2))
    x.fill_(2.9)
    out("fill_truncates", x)
    x.copy_(torch.tensor([1.5, -2.5, 3.9, 4.0]))
    out("copy_truncates", x)
    y = torch.tensor([1.0, 2.0])
    y.add_(torch.tensor([1, 2], dtype=torch.int64))
    out("float_add_int_inplace", y)
