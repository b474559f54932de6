"""Real views (issue 9 §2f): shared storage, _base, strides, writes both ways, in-place on views: the twin of views_programs.ts."""
import torch
from harness import program, gfn


@program
def views_shared_storage(out, err):
    base = torch.arange(12.0)
    a = base.view(3, 4)
    vs = [a.t(), a.transpose(0, 1), a.permute(1, 0), a.narrow(1, 1, 2), a[0].expand(2, 4), a[:, 1], a[::2, 1::2], a.select(1, 3), a.unsqueeze(1), a.t().squeeze(), a.T]
    out("is_view", [v._base is base for v in vs])
    out("contiguous", [v.is_contiguous() for v in vs])
    out("strides", [list(v.stride()) for v in vs])
    out("offsets", [v.storage_offset() for v in vs])
    out("values", vs)
    # A write through any view is seen by the base and by every other view, and the reverse.
    a.t()[1, 2] = 100.0
    a.narrow(1, 2, 1).mul_(-1)
    a[::2, 1::2] += 0.5
    out("base_after_view_writes", base)
    base[5] = -7.0
    out("views_after_base_write", [vs[0], vs[3], vs[6]])
    out("versions", [base._version, vs[0]._version])


@program
def views_contiguity(out, err):
    a = torch.arange(6.0).reshape(2, 3)
    t = a.t()
    out("flags", [t.is_contiguous(), t.t().is_contiguous(), t.contiguous().is_contiguous(), a.expand(2, 2, 3).is_contiguous(), a.narrow(0, 1, 1).is_contiguous(), a.narrow(1, 1, 1).is_contiguous()])
    err("view_of_transpose", lambda: t.view(-1))
    out("reshape_of_transpose", [t.reshape(-1), t.reshape(-1)._base is a, t.contiguous()._base])
    out("flatten_of_permute", a.permute(1, 0).flatten())
    err("inplace_on_expand", lambda: a.expand(2, 2, 3).add_(1))
    out("expand_values_follow", a.expand(2, 2, 3)[1])
    d = t.detach()
    d[0, 0] = 9.0
    out("detach_shares", [a, d._base, d.is_contiguous()])


@program
def views_detach_inplace(out, err):
    a = torch.arange(6.0).reshape(2, 3)
    err("t", lambda: a.t().detach_())
    err("narrow", lambda: a.narrow(0, 0, 1).detach_())
    err("expand", lambda: a.expand(2, 2, 3).detach_())
    err("permute", lambda: a.permute(1, 0).detach_())
    x = torch.ones(2, requires_grad=True) * 2
    x.detach_()
    out("detach_non_view", [x.requires_grad, gfn(x)])


@program
def views_follow_base_requires_grad(out, err):
    x = torch.zeros(2, 3)
    vs = [x.t(), x.narrow(1, 0, 2), x.permute(1, 0), x[0].expand(4, 3), x[:, 1], x.view(6)]
    out("before", [v.requires_grad for v in vs])
    x.requires_grad_()
    out("after", [v.requires_grad for v in vs])
    out("leaf_and_fn", [[v.is_leaf, gfn(v)] for v in vs])
    out("repr", repr(vs[0]))
    y = vs[0] * 3
    out("op_on_view", [gfn(y), [[None if f is None else f.name(), i] for f, i in y.grad_fn.next_functions]])
    (vs[0].sum() * 2 + vs[1].sum()).backward()
    out("no_grad_reaches_base", [x.grad, vs[0].grad])
    err("inplace_on_view", lambda: vs[0].mul_(2))
    x.requires_grad_(False)
    out("off_again", [v.requires_grad for v in vs])
    z = torch.zeros(3, requires_grad=True)
    with torch.no_grad():
        w = z.t()
    out("no_grad_view", [w.requires_grad, gfn(w)])


@program
def views_inplace_autograd(out, err):
    w = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
    y = w * 1
    yt = y.t()
    yt.mul_(torch.tensor([[2.0], [3.0]]))
    out("names", [gfn(y), gfn(yt)])
    out("values", [y, yt])
    (yt * yt).sum().backward()
    out("grad", w.grad)
    v = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    z = v * 1
    zs = z[:, ::2]
    zs[0] = 0.0
    out("setitem_names", [gfn(z), gfn(zs)])
    (z.sum() + (zs * 10).sum()).backward()
    out("setitem_grad", v.grad)
    u = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    e = u.expand(2, 3)
    (e * torch.tensor([[1.0], [2.0]])).sum().backward()
    out("expand_grad", [gfn(e), u.grad])
