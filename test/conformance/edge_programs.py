"""Edge cases where an engine can quietly differ from PyTorch: pow at 0, -inf in softmax, ties, float32 overflow,
multi-dim reductions, batched matmul, hook removal, shared subgraphs freed by an earlier backward."""
import torch
from harness import program, gfn


@program
def edge_pow_at_zero(out, err):
    x = torch.tensor([0.0, 0.0, 2.0], requires_grad=True)
    y = x.pow(0).sum() + x.pow(2).sum() + x.pow(0.5).sum()
    y.backward()
    out("x_grad", x.grad)
    out("neg_base_frac", torch.tensor([-8.0]).pow(1.0 / 3))
    out("zero_pow_zero", torch.tensor([0.0]).pow(0))


@program
def edge_nan_domains(out, err):
    x = torch.tensor([-1.0, -4.0], requires_grad=True)
    y = x.sqrt().sum() + x.log().sum()
    out("y", y)
    y.backward()
    out("x_grad", x.grad)


@program
def edge_softmax_neg_inf(out, err):
    x = torch.tensor([[0.0, float("-inf"), 1.0], [float("-inf"), float("-inf"), 2.0]], requires_grad=True)
    s = x.softmax(1)
    ls = x.log_softmax(1)
    out("s", s)
    out("ls", ls)
    s.backward(torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]))
    out("x_grad", x.grad)


@program
def edge_max_dim_ties(out, err):
    x = torch.tensor([[2.0, 5.0, 5.0], [1.0, 1.0, 0.0]], requires_grad=True)
    values, indices = x.max(1)
    out("indices", indices.tolist())
    values.sum().backward()
    out("x_grad", x.grad)
    out("min_all_ties", torch.tensor([1.0, 1.0, 3.0]).min())


@program
def edge_float32_overflow(out, err):
    x = torch.tensor([88.0, 89.0, -104.0])
    out("exp", x.exp())
    out("exp_f64", torch.tensor([88.0, 89.0, -104.0], dtype=torch.float64).exp())
    out("square", torch.tensor([2e19]).mul(torch.tensor([2e19])))
    out("sigmoid_far", torch.tensor([-100.0, 100.0]).sigmoid())
    out("tanh_far", torch.tensor([-50.0, 50.0]).tanh())


@program
def edge_clamp_min_above_max(out, err):
    x = torch.tensor([-1.0, 0.5, 3.0], requires_grad=True)
    y = x.clamp(2.0, 1.0)
    out("y", y)
    y.sum().backward()
    out("x_grad", x.grad)


@program
def edge_multi_dim_reductions(out, err):
    x = torch.tensor([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]], requires_grad=True)
    s = x.sum([0, 2])
    m = x.mean([1, 2], True)
    out("s", s)
    out("m", m)
    out("names", [gfn(s), gfn(m)])
    (s.sum() + m.sum()).backward()
    out("x_grad", x.grad)


@program
def edge_matmul_batched(out, err):
    a = torch.tensor([[[1.0, 2.0], [3.0, 4.0]], [[0.5, -1.0], [2.0, 0.0]]], requires_grad=True)
    b = torch.tensor([[1.0, -1.0, 0.0], [2.0, 0.5, 1.0]], requires_grad=True)
    y = a.matmul(b)
    out("y", y.detach())
    out("shape", y.shape)
    y.sum().backward()
    out("grads", [a.grad, b.grad])


@program
def edge_shape_noops(out, err):
    v = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    t = v.t()
    s = v.unsqueeze(0).squeeze(1)
    e = torch.tensor([[1.0], [2.0]]).expand(2, 2, 3)
    out("t", t)
    out("s", s)
    out("e_shape", e.shape)
    out("names", [gfn(t), gfn(s)])


@program
def edge_hook_remove(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x.register_hook(lambda g: g * 100)
    h.remove()
    (x * 2).sum().backward()
    out("x_grad", x.grad)


@program
def edge_shared_subgraph_freed(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    a = y.sum()
    b = y.mean()
    a.backward()
    err("second_root", lambda: b.backward())
    out("x_grad", x.grad)


@program
def edge_requires_grad_created_under_no_grad(out, err):
    with torch.no_grad():
        w = torch.tensor([1.0, 2.0], requires_grad=True)
        y = w * 2
    out("flags", [w.requires_grad, w.is_leaf, y.requires_grad])
    (w * w).sum().backward()
    out("w_grad", w.grad)


@program
def edge_detach_then_requires_grad(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    u = x.mul(3).detach().requires_grad_()
    (u * u).sum().backward()
    out("u_grad", u.grad)
    out("x_grad", x.grad)
    out("flags", [u.is_leaf, u.requires_grad])


@program
def edge_autograd_grad_nonscalar(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    err("grad", lambda: torch.autograd.grad([y], [x]))


@program
def edge_norm_inf_and_p3(out, err):
    x = torch.tensor([[1.0, -4.0], [2.0, 3.0]], requires_grad=True)
    ni = x.norm(float("inf"))
    n3 = x.norm(3, 1)
    out("values", [ni, n3])
    (ni + n3.sum()).backward()
    out("x_grad", x.grad)


@program
def edge_readonly_attributes(out, err):
    x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    y = x * 2
    err("shape", lambda: setattr(x, "shape", (3, 2)))
    err("dtype", lambda: setattr(x, "dtype", torch.float64))
    err("grad_fn", lambda: setattr(y, "grad_fn", None))
    err("is_leaf", lambda: setattr(x, "is_leaf", False))
    err("ndim", lambda: setattr(x, "ndim", 3))
    err("version", lambda: setattr(x, "_version", 3))
    err("requires_grad", lambda: setattr(x, "requires_grad", True))
    out("same_grad_fn", y.grad_fn is y.grad_fn)
    out("shape", y.size())
    y.sum().backward()
    out("x_grad", x.grad)
