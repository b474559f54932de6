"""Creation functions, reading values, repr strings, comparisons, broadcasting, NaN/Inf, float64."""
import torch
from harness import program, gfn

F64 = torch.float64


@program
def create_arange(out, err):
    # Float arguments: JS cannot tell 5 from 5.0, so our arange is always float (a documented difference).
    out("a", [torch.arange(5.0), torch.arange(1.0, 4.0), torch.arange(0, 1, 0.25), torch.arange(5.0, 1.0, -1.5)])
    out("repr", str(torch.arange(0, 1, 0.25)))
    out("repr_int_valued", str(torch.arange(3.0)))


@program
def create_zeros_ones_full(out, err):
    out("t", [torch.zeros(2, 3), torch.zeros([3]), torch.ones(2, 2), torch.ones([1, 3]), torch.full([2, 2], 7.5)])
    out("repr", [str(torch.zeros(2, 3)), str(torch.full([2], -1.0))])


@program
def create_like_eye_linspace(out, err):
    x = torch.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    z = torch.zeros_like(x)
    o = torch.ones_like(x)
    out("like", [z, o, z.requires_grad])
    out("eye", [torch.eye(3), torch.eye(2, 3)])
    out("linspace", [torch.linspace(0, 1, 5), torch.linspace(-1, 1, 3)])


@program
def create_tensor_forms(out, err):
    s = torch.tensor(3.5)
    v = torch.tensor([1.0, 2.0])
    m = torch.tensor([[1.0], [2.0]], requires_grad=True)
    out("t", [s, v, m])
    out("dims", [s.dim(), v.dim(), m.dim()])


@program
def read_values(out, err):
    x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    out("shape", x.shape)
    out("size", [x.size(), x.size(0), x.size(1), x.size(-1)])
    out("dim", x.dim())
    out("numel", x.numel())
    out("tolist", x.tolist())
    out("item", x.sum().item())
    out("dtype", x.dtype)
    out("scalar_tolist", torch.tensor(2.5).tolist())


@program
def repr_strings(out, err):
    out("frac", str(torch.tensor([1.0 / 3, 2.0 / 3])))
    out("neg", str(torch.tensor([-1.0, 2.0, -3.5])))
    out("sci", str(torch.tensor([1e10, 1.0])))
    out("small", str(torch.tensor([1e-5, 1.0])))
    out("matrix", str(torch.tensor([[1.0, 2.0], [3.0, 4.0]])))
    out("matrix_frac", str(torch.tensor([[1.5, -2.25], [3.0, 4.125]])))
    out("scalar", str(torch.tensor(28.0)))
    out("scalar_frac", str(torch.tensor(0.1)))
    out("req", str(torch.tensor([1.0, 2.0], requires_grad=True)))
    out("bool", str(torch.tensor([1.0, 2.0]) > 1.5))
    out("nan_inf", str(torch.tensor([float("nan"), float("inf"), -float("inf"), 1.0])))
    out("f64", str(torch.tensor([1.0, 2.5], dtype=F64)))
    out("empty", str(torch.zeros(0)))


@program
def compare_ops(out, err):
    a = torch.tensor([1.0, 2.0, 3.0, 4.0])
    b = torch.tensor([4.0, 2.0, 1.0, 4.0])
    r = [a.eq(b), a.gt(b), a.lt(b), a.ge(b), a.le(b), a.ne(b), a.gt(2)]
    out("r", r)
    out("all_any", [a.eq(b).all(), a.eq(b).any(), a.gt(0).all(), a.gt(10).any()])
    out("dtype", a.eq(b).dtype)
    out("repr", str(a.eq(b).all()))


@program
def bcast_row_col(out, err):
    a = torch.tensor([[1.0], [2.0], [3.0]], requires_grad=True)
    b = torch.tensor([[10.0, 20.0, 30.0, 40.0]], requires_grad=True)
    y = a * b + a
    out("y", y)
    y.sum().backward()
    out("grads", [a.grad, b.grad])


@program
def bcast_zero_dim(out, err):
    s = torch.tensor(2.0, requires_grad=True)
    m = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    y = m.div(s)
    y.sum().backward()
    out("y", y)
    out("grads", [s.grad, m.grad])


@program
def bcast_leading_dims(out, err):
    m = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    v = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = m.sub(v).pow(2)
    y.sum().backward()
    out("y", y)
    out("grads", [m.grad, v.grad])


@program
def bcast_keepdim_normalize(out, err):
    x = torch.tensor([[1.0, 3.0], [2.0, 6.0]], requires_grad=True)
    p = x / x.sum(1, keepdim=True)
    p.backward(torch.tensor([[1.0, 0.0], [0.0, 1.0]]))
    out("p", p)
    out("x_grad", x.grad)


@program
def bcast_3d(out, err):
    a = torch.tensor([[[1.0, 2.0]], [[3.0, 4.0]]], requires_grad=True)
    b = torch.tensor([[1.0], [10.0], [100.0]], requires_grad=True)
    y = a * b
    out("shape", y.shape)
    y.sum().backward()
    out("grads", [a.grad, b.grad])


@program
def nan_propagation(out, err):
    x = torch.tensor([1.0, float("nan"), 3.0], requires_grad=True)
    y = (x * 2).sum()
    y.backward()
    out("y", y)
    out("x_grad", x.grad)
    out("max", torch.tensor([1.0, float("nan")]).max())


@program
def inf_propagation(out, err):
    x = torch.tensor([0.0, 1.0, 4.0], requires_grad=True)
    l = x.log()
    s = x.sqrt()
    out("log", l)
    out("sqrt", s)
    (l.sum() + s.sum()).backward()
    out("x_grad", x.grad)
    out("inf_times_zero", torch.tensor([float("inf")]) * 0)


@program
def div_by_zero(out, err):
    a = torch.tensor([1.0, -1.0, 0.0])
    out("q", a / torch.zeros(3))
    out("exp_big", torch.tensor([100.0, -100.0]).exp())


@program
def relu_abs_at_zero(out, err):
    x = torch.tensor([0.0, 0.0], requires_grad=True)
    x.relu().sum().backward()
    out("relu_grad", x.grad)
    x.grad = None
    x.abs().sum().backward()
    out("abs_grad", x.grad)
    x.grad = None
    x.sqrt().sum().backward()
    out("sqrt_grad", x.grad)


@program
def norm_at_zero(out, err):
    x = torch.zeros(3, requires_grad=True)
    n = x.norm()
    n.backward()
    out("n", n)
    out("x_grad", x.grad)


@program
def f64_basic(out, err):
    x = torch.tensor([0.1, 0.2, 0.3], dtype=F64, requires_grad=True)
    y = (x * x).sum().add(x.sum())
    out("y", y)
    out("y_repr", str(y))
    out("sum", (torch.tensor(0.1, dtype=F64) + torch.tensor(0.2, dtype=F64)).item())
    y.backward()
    out("x_grad", x.grad)
    out("dtype", x.grad.dtype)


@program
def f64_promotion(out, err):
    a = torch.tensor([1.0, 2.0])
    b = torch.tensor([0.5, 0.25], dtype=F64)
    out("sum", a + b)
    out("scalar_keeps", (a * 2.5).dtype)
    out("ones_f64", torch.ones(2, dtype=F64))


@program
def f64_softmax_second_order(out, err):
    x = torch.tensor([1.0, 2.0, 3.0], dtype=F64, requires_grad=True)
    s = x.softmax(0)
    out("s", s)
    y = x.exp().sum().log()
    (g,) = torch.autograd.grad([y], [x], create_graph=True)
    out("g", g)
    (h,) = torch.autograd.grad([g.mul(torch.tensor([1.0, 0.0, 0.0], dtype=F64)).sum()], [x])
    out("h_row0", h)


@program
def float32_rounding(out, err):
    x = torch.tensor([0.1, 16777217.0, 1e-45])
    out("x", x)
    out("sum", torch.tensor([0.1, 0.2]).sum().item())


@program
def detach_shares_storage(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    u = x.detach()
    u.zero_()
    out("x", x)
    out("u_flags", [u.requires_grad, u.is_leaf])


@program
def grad_fn_structure_course(out, err):
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = torch.tensor([[0.5, 0.5], [2.0, -1.0]])
    c = torch.sum(x * y + torch.ones(2, 2))
    add = c.grad_fn.next_functions[0][0]
    mul = add.next_functions[0][0]
    out("chain", [gfn(c), add.name(), mul.name(), [None if f is None else f.name().replace("torch::autograd::", "") for f, _ in mul.next_functions]])
    out("add_next", [[None if f is None else f.name().replace("torch::autograd::", ""), i] for f, i in add.next_functions])


@program
def random_deterministic(out, err):
    # Our stream need not match PyTorch's: only determinism, ranges, shapes and flags are compared.
    torch.manual_seed(0)
    a = torch.rand(3, 4)
    n = torch.randn(2, 3)
    torch.manual_seed(0)
    b = torch.rand(3, 4)
    out("same_after_seed", a.eq(b).all())
    out("range", [a.ge(0).all(), a.lt(1).all()])
    out("shapes", [a.shape, n.shape, a.dtype, n.dtype])
    r = torch.randn(2, 2, requires_grad=True)
    out("flags", [r.requires_grad, r.is_leaf])


@program
def create_bool(out, err):
    t = torch.tensor([True, False, True])
    c = torch.tensor([1.0, 0.0], dtype=torch.bool)
    out("t", t)
    out("c", c)
    out("repr", [str(t), str(c)])
    out("all_any", [t.all(), t.any()])


@program
def repr_more(out, err):
    out("summarized", str(torch.arange(2000.0)))
    out("widths", str(torch.tensor([1.0, 10.0, 100.0])))
    out("million", str(torch.tensor([1000000.0])))
    out("big", str(torch.tensor([123456789.0])))
    out("cube", str(torch.tensor([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]])))
    out("mixed_req", str(torch.tensor([[0.001, 1000.0]], requires_grad=True)))
    out("neg_zero", str(torch.tensor([-0.0])))
    out("frac_big", str(torch.tensor([0.1, 100.5])))
    out("tiny_scalar", str(torch.tensor(1e-10)))
    out("f64_grad_fn", str(torch.tensor([1.0, 2.0], dtype=F64, requires_grad=True) * 2))
