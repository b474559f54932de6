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


@program
def view_of_strided_layouts(out, err):
    x = torch.arange(24.0).reshape(2, 3, 4)
    m = torch.arange(6.0).reshape(2, 3)
    e = torch.tensor([1.0, 2.0])
    cases = [
        ("t_same", lambda: m.t().view(3, 2)), ("t_unsqueeze", lambda: m.t().view(3, 1, 2)), ("t_flat", lambda: m.t().view(6)),
        ("t_infer", lambda: m.t().view(-1, 2)), ("permute_merge", lambda: x.permute(1, 2, 0).view(12, 2)),
        ("permute_merge_bad", lambda: x.permute(1, 2, 0).view(3, 8)), ("permute_split", lambda: x.permute(2, 0, 1).view(2, 2, 2, 3)),
        ("transpose_split", lambda: x.transpose(0, 2).view(2, 2, 3, 2)), ("cols", lambda: x[:, :, 1:3].view(6, 2)),
        ("cols_bad", lambda: x[:, :, 1:3].view(12)), ("rows", lambda: x[:, 1:, :].view(2, 8)), ("rows_bad", lambda: x[:, 1:, :].view(16)),
        ("step", lambda: x[:, :, ::2].view(6, 2)), ("step_flat", lambda: x[:, :, ::2].view(12)), ("expand", lambda: e.expand(3, 2).view(3, 1, 2)),
        ("expand_bad", lambda: e.expand(3, 2).view(6)), ("expand_lead", lambda: e.expand(2, 3, 2).view(6, 2)),
        ("select_bad", lambda: x[:, 1].view(8)), ("select_last", lambda: x[:, :, 1].view(6)), ("narrow", lambda: x.narrow(1, 1, 2).view(2, 8)),
        ("scalar_expand", lambda: torch.tensor(5.0).expand(2, 3).view(6)), ("empty", lambda: torch.zeros(0, 3).t().view(0)),
        ("t_reshape", lambda: m.t().reshape(3, 1, 2)), ("t_reshape_copy", lambda: m.t().reshape(6)), ("t_flatten", lambda: m.t().flatten()),
    ]
    for name, f in cases:
        try:
            y = f()
        except RuntimeError as ex:
            out(name, str(ex))
            continue
        out(name, [y, list(y.shape), list(y.stride()), y.storage_offset(), y.is_contiguous(), y._base is not None])
    # A view of a strided view shares the storage: writes reach the base and the other way round.
    w = torch.arange(6.0).reshape(2, 3)
    v = w.t().view(3, 1, 2)
    v[0, 0, 1] = 100.0
    w[1, 2] = -1.0
    out("shared", [w, v, v._base is w._base, v.is_contiguous()])
    a = torch.arange(6.0, requires_grad=True)
    b = a.reshape(2, 3).t()
    ys = [b.view(3, 1, 2), b.reshape(3, 1, 2), b.reshape(6), b.flatten(), b.view(3, 2)]
    out("grad_fns", [[gfn(y), [[None if f is None else f.name(), i] for f, i in y.grad_fn.next_functions]] for y in ys])
    out("bases", [[y._base is a, y._base is b] for y in ys])
    (ys[0] * torch.tensor([[[1.0, 2.0]], [[3.0, 4.0]], [[5.0, 6.0]]])).sum().backward()
    out("grad", a.grad)
    c = torch.zeros(2, 3)
    c.t().view(3, 1, 2).add_(1.0)
    out("inplace_through_view", c)
