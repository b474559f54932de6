"""More ops the tutorials use (issue 9 §2d): the twin of more_programs.ts."""
import torch
from harness import program, gfn, nexts


def X():
    return torch.tensor([[1.0, 2.0, 3.0], [4.0, -5.0, 0.5]], requires_grad=True)


def _total(ys):
    acc = torch.tensor(0.0)
    for i, y in enumerate(ys):
        acc = acc + y.sum() * (i + 1)
    return acc


@program
def more_reductions(out, err):
    x = X()
    ys = [
        x.prod(), x.prod(1), torch.prod(x, 0, True), x.var(), x.var(1), torch.var(x, 0, False), x.var(dim=1, correction=0, keepdim=True),
        x.std(), x.std(0, False), torch.std(x, 1, True, True), x.logsumexp(1), torch.logsumexp(x, [0, 1]), x.cumsum(1), torch.cumsum(x, 0),
    ]
    out("values", ys)
    out("names", [gfn(y) for y in ys])
    _total(ys).backward()
    out("x_grad", x.grad)
    z = torch.tensor([2.0, 0.0, 3.0], requires_grad=True)
    z.prod().backward()
    out("prod_with_zero", z.grad)


@program
def more_shapes_and_products(out, err):
    x = X()
    v = torch.tensor([1.0, -2.0], requires_grad=True)
    ys = [x.repeat(2, 1), x.repeat(1, 2, 2), torch.outer(v, v), v.outer(torch.tensor([3.0, 4.0, 5.0])), torch.diag(x), x.diag(1), torch.diag(v), torch.diag(v, -1), x.narrow(1, 0, 2).trace()]
    out("values", ys)
    out("names", [gfn(y) for y in ys])
    out("outer_next", nexts(ys[2]))
    _total(ys).backward()
    out("x_grad", x.grad)
    out("v_grad", v.grad)


@program
def more_einsum(out, err):
    a = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    b = torch.tensor([[0.5, -1.0], [2.0, 0.0], [1.0, 1.5]], requires_grad=True)
    v = torch.tensor([1.0, -1.0, 2.0], requires_grad=True)
    ys = [
        torch.einsum("ij,jk->ik", a, b), torch.einsum("ij->ji", a), torch.einsum("ij,j->i", a, v), torch.einsum("i,i->", v, v),
        torch.einsum("ij->", a), torch.einsum("ij,kj->ik", a, a), torch.einsum("ii->i", a.narrow(1, 0, 2)), torch.einsum("ij,jk", a, b),
        torch.einsum("i,j->ij", v, v), torch.einsum("bij,bjk->bik", a.unsqueeze(0), b.unsqueeze(0)),
    ]
    out("values", [y.detach() for y in ys])
    out("transpose_name", gfn(ys[1]))
    _total(ys).backward()
    out("grads", [a.grad, b.grad, v.grad])


@program
def more_argmax_empty(out, err):
    x = torch.tensor([[1.0, 7.0, 3.0], [4.0, -5.0, 9.0]])
    out("argmax", [x.argmax().tolist(), x.argmax(1).tolist(), torch.argmax(x, 0, True).tolist(), x.argmin().tolist(), x.argmin(1).tolist()])
    out("argmax_text", [str(x.argmax(1)), str(x.argmin())])
    e = torch.empty(2, 3)
    out("empty", [e.size(), e.dtype, e.requires_grad])


@program
def more_set_default_dtype(out, err):
    out("initial", torch.get_default_dtype())
    torch.set_default_dtype(torch.float64)
    try:
        x = torch.tensor([1.5, 2.0], requires_grad=True)
        made = [x, torch.zeros(2), torch.ones(1, 2), torch.arange(3.0), torch.linspace(0, 1, 3), torch.full([2], 0.5), torch.eye(2), torch.tensor([True, False]) / 2]
        out("dtypes", [t.dtype for t in made])
        out("values", made)
        out("kept", [torch.tensor([1.0], dtype=torch.float32).dtype, torch.get_default_dtype()])
        l = torch.nn.Linear(2, 1)
        out("linear", l.weight.dtype)
        (x * x).sum().backward()
        out("grad", x.grad)
        err("bool", lambda: torch.set_default_dtype(torch.bool))
    finally:
        torch.set_default_dtype(torch.float32)
    out("back", [torch.zeros(1).dtype, torch.get_default_dtype()])
