"""Indexing and slicing with autograd (issue 9 §2a): the twin of indexing_programs.ts."""
import torch
from harness import program, gfn, nexts


def X34():
    return torch.arange(12.0).reshape(3, 4).requires_grad_()


def idx(v):
    return torch.tensor(v)


def _total(ys):
    acc = torch.tensor(0.0)
    for i, y in enumerate(ys):
        acc = acc + y.sum() * (i + 1)
    return acc


@program
def idx_basic_subscripts(out, err):
    x = X34()
    ys = [x[0], x[:, 1], x[1:3], x[1:3, 2], x[..., 1], x[None], x[::2], x[-1], x[0, 1], x[:], x[:, None, 1], x[1:3][0], x[-10:2], x[3:1]]
    out("values", ys)
    out("names", [gfn(y) for y in ys])
    out("next_col", nexts(ys[1]))
    out("next_mixed", nexts(ys[10]))
    _total(ys).backward()
    out("x_grad", x.grad)


@program
def idx_advanced_subscripts(out, err):
    x = X34()
    ys = [x[x > 5], x[idx([0, 2])], x[[0, 2]], x[idx([0, 2]), idx([1, 3])], x[:, [0, 2]], x[idx([[0, 1], [2, 2]])]]
    out("values", ys)
    out("names", [gfn(y) for y in ys])
    out("next_cols", nexts(ys[4]))
    _total(ys).backward()
    out("x_grad", x.grad)


@program
def idx_setitem(out, err):
    x = X34()
    y = x * 1
    y[0] = 5
    out("after_row", [y, gfn(y)])
    y[:, 1] = torch.tensor([1.0, 2.0, 3.0])
    y[y > 8] = 0
    out("after_mask", [y, gfn(y), nexts(y)])
    y[idx([0, 2])] = torch.tensor(-1.0)
    y[idx([1, 2]), idx([0, 3])] = torch.tensor([7.0, 8.0])
    out("after_index", [y, gfn(y)])
    (y * x).sum().backward()
    out("x_grad", x.grad)

    def leaf_row():
        x[0] = 1

    def leaf_mask():
        x[x > 3] = 1
    err("leaf_row", leaf_row)
    err("leaf_mask", leaf_mask)
    z = torch.zeros(3, 4)
    z[1:, ::2] = 2
    out("no_grad_target", z)


@program
def idx_gather_scatter_ops(out, err):
    x = X34()
    src = torch.tensor([[10.0, 20.0], [30.0, 40.0], [50.0, 60.0]], requires_grad=True)
    ys = [
        x.select(1, 2), torch.select(x, 0, -1), x.narrow(1, 1, 2), torch.narrow(x, 0, 1, 2),
        x.index_select(1, idx([3, 0, 3])), torch.index_select(x, 0, idx([2])),
        x.gather(1, idx([[0, 0], [3, 1], [2, 2]])), torch.gather(x, 0, idx([[2, 1, 0, 0]])),
        x.take(idx([[0, 11], [5, 5]])), x.masked_select(x > 6), x.masked_fill(x < 3, -1),
        x.scatter(1, idx([[0, 1], [2, 3], [1, 0]]), src), x.scatter(0, idx([[2, 0, 1, 1]]), 9.5),
        x.scatter_add(1, idx([[0, 0], [3, 3], [1, 2]]), src), x.index_put((idx([0, 2]), idx([1, 1])), torch.tensor(4.0)),
        x.index_put((idx([1, 1]),), torch.tensor([1.0, 2.0, 3.0, 4.0]), True),
    ]
    out("values", ys)
    out("names", [gfn(y) for y in ys])
    out("next_scatter", nexts(ys[11]))
    _total(ys).backward()
    out("x_grad", x.grad)
    out("src_grad", src.grad)
    w = x * 2
    w.index_put_((idx([0, 1]),), torch.tensor([100.0, 200.0, 300.0, 400.0]))
    out("index_put_", [w, gfn(w)])


@program
def idx_split_join(out, err):
    x = X34()
    a, b = x.chunk(2)
    p = x.split(1)
    q = x.split([1, 2])
    u = x.unbind(1)
    v = torch.arange(3.0, requires_grad=True)
    hs = [torch.hstack([v, v]), torch.hstack([x, x])]
    vs = [torch.vstack([v, v]), torch.vstack([x.narrow(1, 0, 3), v.narrow(0, 0, 3).reshape(1, 3).expand(1, 4 - 1)])]
    out("chunk", [a, b, gfn(a), gfn(b), nexts(a + b[:1])])
    out("split", [len(p), gfn(p[0]), gfn(q[0]), q[1]])
    out("unbind", [len(u), u[3], gfn(u[0]), nexts(u[0] * u[3])])
    out("stacks", [*hs, *vs, [gfn(h) for h in hs], [gfn(w) for w in vs], nexts(vs[0])])
    (a.sum() + b.sum() * 2 + p[2].sum() * 3 + q[1].sum() * 4 + u[1].sum() * 5 + hs[1].sum()).backward()
    out("x_grad", x.grad)


@program
def idx_errors(out, err):
    x = X34()
    err("row", lambda: x[5])
    err("col", lambda: x[:, 7])
    err("too_many", lambda: x[0, 0, 0])
    err("index_tensor", lambda: x[idx([0, 5])])
    err("select", lambda: x.select(0, 5))
    err("narrow", lambda: x.narrow(1, 2, 5))
    err("chunk", lambda: x.chunk(0))
    err("split_sizes", lambda: x.split([1, 1]))
    err("scalar", lambda: torch.tensor(1.0)[0])


@program
def float_index_tensors_rejected(out, err):
    x = torch.arange(6.0).reshape(2, 3)
    f = torch.tensor([0.0, 1.0])
    d = torch.tensor([0.0, 1.0], dtype=torch.float64)
    g = torch.tensor([[0.0, 1.0], [1.0, 0.0]])
    computed = torch.tensor([0, 1]).float()
    b = torch.tensor([[True, False]])
    err("getitem", lambda: x[f])
    err("getitem_dim1", lambda: x[:, f])
    err("getitem_pair", lambda: x[torch.tensor([0, 1]), f])
    err("getitem_float64", lambda: x[d])
    err("getitem_computed", lambda: x[computed])
    err("index_select", lambda: x.index_select(0, f))
    err("index_select_fn", lambda: torch.index_select(x, 1, d))
    err("index_select_bool", lambda: x.index_select(0, b[0]))
    err("gather", lambda: x.gather(1, g))
    err("gather_bool", lambda: torch.gather(x, 1, b))
    err("scatter", lambda: x.scatter(1, g, 1.0))
    err("scatter_src", lambda: x.scatter(1, g, torch.ones(2, 2)))
    err("scatter_add", lambda: x.scatter_add(1, g, torch.ones(2, 2)))
    err("take", lambda: x.take(f))
    err("take_float64", lambda: x.take(d))
    err("take_bool", lambda: x.take(b))
    err("index_put_", lambda: x.clone().index_put_((f,), torch.tensor(1.0)))
    err("index_put", lambda: x.index_put((f,), torch.tensor(1.0)))

    def setitem():
        y = x.clone()
        y[f] = 1.0
    err("setitem", setitem)

    def setitem_dim1():
        y = x.clone()
        y[:, f] = 0.0
    err("setitem_dim1", setitem_dim1)
    # int64 indices (a literal of ints) and lists of whole floats are fine.
    i = torch.tensor([1, 0])
    out("int_indices", [x[i], x.index_select(1, i), x.take(i), x.gather(1, torch.tensor([[2], [0]])), x[[1.0, 0.0]]])
    out("views_of_int_indices", [x.gather(1, torch.arange(6).reshape(2, 3) % 3), x.gather(1, torch.tensor([[0, 1]]).t()), x[torch.tensor([[1, 0]])[0]]])
