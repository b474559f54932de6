"""torch.autograd.functional and gradcheck (issue 9 §2e): the twin of functional_programs.ts."""
import torch
from harness import program, gfn, nexts

AF = torch.autograd.functional


def f(x):
    return x ** 3 + (x * 2).sin()


def g(x, y):
    return (x * y).sum() + x.exp().sum()


def s(x):
    return (x ** 3).sum() + x[0] * x[1]


@program
def functional_jacobian_hessian(out, err):
    x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = torch.tensor([1.5, 2.0, -0.5])
    out("jacobian", AF.jacobian(f, x))
    out("jacobian_pair", AF.jacobian(g, (x, y)))
    out("jacobian_matrix", AF.jacobian(lambda m: m.mm(m), torch.tensor([[1.0, 2.0], [3.0, 4.0]])))
    out("hessian", AF.hessian(s, x))
    o, hv = AF.hvp(s, x, torch.tensor([1.0, 0.0, -1.0]))
    out("hvp", [o, hv])
    o2, vh = AF.vhp(s, x, torch.tensor([1.0, 0.0, -1.0]))
    out("vhp", [o2, vh])
    o3, vj = AF.vjp(f, x, torch.tensor([1.0, 2.0, 3.0]))
    out("vjp", [o3, vj])
    o4, jv = AF.jvp(f, x, torch.tensor([1.0, 2.0, 3.0]))
    out("jvp", [o4, jv])
    o5, vj2 = AF.vjp(g, (x, y))
    out("vjp_scalar_pair", [o5, vj2])
    out("unused_input", AF.jacobian(lambda a, b: a * 2, (x, y)))
    out("x_untouched", [x.grad, x.requires_grad])


@program
def functional_gradcheck(out, err):
    x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
    y = torch.tensor([1.5, 2.0, -0.5], dtype=torch.float64, requires_grad=True)
    out("ok", [torch.autograd.gradcheck(f, x), torch.autograd.gradcheck(g, (x, y)), torch.autograd.gradgradcheck(f, x), torch.autograd.gradgradcheck(g, (x, y))])

    def wrong(a):
        return a.detach() * a
    out("wrong", torch.autograd.gradcheck(wrong, x, raise_exception=False))


class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        r = x.exp()
        ctx.save_for_backward(r)
        return r

    @staticmethod
    def backward(ctx, g):
        r, = ctx.saved_tensors
        return g * r


class ScaledRelu(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.save_for_backward(x)
        ctx.k = k
        return x.clamp(min=0) * k

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * (x > 0).float() * ctx.k, None


class MaxWithIndex(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        values, indices = x.max(0)
        ctx.mark_non_differentiable(indices)
        ctx.save_for_backward(indices, torch.tensor(x.size(0)))
        return values, indices

    @staticmethod
    def backward(ctx, g, _gi):
        idx, n = ctx.saved_tensors
        return torch.zeros(n.item(), g.size(0)).scatter(0, idx.unsqueeze(0), g.unsqueeze(0))


OUT_NEEDS = []


class TwoInputs(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        OUT_NEEDS.append(list(ctx.needs_input_grad))
        return a * b

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return (g * b if ctx.needs_input_grad[0] else None), (g * a if ctx.needs_input_grad[1] else None)


@program
def function_custom(out, err):
    OUT_NEEDS.clear()
    x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = Exp.apply(x)
    out("exp", [y, y.grad_fn.name(), [[f.name().replace("torch::autograd::", "") if f else None, i] for f, i in y.grad_fn.next_functions]])
    y.sum().backward()
    out("exp_grad", x.grad)
    err("second_backward", lambda: y.sum().backward())
    z = ScaledRelu.apply(x, 3)
    z.sum().backward()
    out("scaled_relu", [z, z.grad_fn.name(), x.grad])
    m = torch.tensor([[1.0, 5.0], [4.0, 2.0], [3.0, 6.0]], requires_grad=True)
    vals, idx = MaxWithIndex.apply(m)
    out("max", [vals, idx.requires_grad, vals.grad_fn.name()])
    (vals * torch.tensor([1.0, 10.0])).sum().backward()
    out("max_grad", m.grad)
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0])
    c = TwoInputs.apply(a, b)
    c.sum().backward()
    out("two", [c, a.grad, OUT_NEEDS])
    w = x * 1
    e = Exp.apply(w * 1)
    saved = e
    saved.add_(1)
    err("modified_saved", lambda: e.sum().backward())
    no_grad = Exp.apply(torch.tensor([1.0]))
    out("no_grad_input", [no_grad.requires_grad, no_grad.grad_fn is None])


RECEIVED = []


class SinCos(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.sin(), x.cos()

    @staticmethod
    def backward(ctx, gs, gc):
        x, = ctx.saved_tensors
        RECEIVED.append([gs, gc])
        return gs * x.cos() - gc * x.sin()


class ArgMax(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        v, i = x.max(0)
        ctx.mark_non_differentiable(i)
        ctx.save_for_backward(i)
        ctx.n = x.shape[0]
        return v, i

    @staticmethod
    def backward(ctx, gv, gi):
        i, = ctx.saved_tensors
        RECEIVED.append([gv, gi])
        return torch.zeros(ctx.n).index_put((i.unsqueeze(0),), gv)


class Lazy(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.set_materialize_grads(False)
        return x * 2, x * y, 7

    @staticmethod
    def backward(ctx, a, b, c):
        RECEIVED.append([a, b, c])
        ga = a * 2 if a is not None else None
        return ga, None


class WrongCount(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2, x * 3

    @staticmethod
    def backward(ctx, a, b):
        return a, b


def edges(t):
    return nexts(t)


@program
def function_several_outputs(out, err):
    RECEIVED.clear()
    x = torch.tensor([0.5, 1.0, -2.0], requires_grad=True)
    s, c = SinCos.apply(x)
    out("outputs", [s, c, s.grad_fn is c.grad_fn, gfn(s), edges(s)])
    y = s * 2 + c
    out("edges_to_outputs", [edges(s * 2), edges(c * 1), edges(torch.stack([c, s]))])
    y.sum().backward()
    out("both_used", [x.grad, RECEIVED[-1]])
    x.grad = None
    s, c = SinCos.apply(x)
    s.sum().backward()
    out("one_used_gets_zeros", [x.grad, RECEIVED[-1]])
    x.grad = None
    s, c = SinCos.apply(x)
    s.retain_grad()
    hooked = []
    c.register_hook(lambda g: hooked.append(g))
    (s * 3 + c * 5).sum().backward(retain_graph=True)
    out("hooks_per_output", [s.grad, hooked, RECEIVED[-1], x.grad])
    out("grad_per_output", list(torch.autograd.grad((s * 2 + c * c).sum(), [c, s, x])))
    err("second_backward", lambda: (s + c).sum().backward() or (s + c).sum().backward())
    m = torch.tensor([1.0, 5.0, 3.0], requires_grad=True)
    v, i = ArgMax.apply(m)
    out("non_differentiable", [v, i, v.requires_grad, i.requires_grad, gfn(v), gfn(i)])
    (v * 4).backward()
    out("non_differentiable_grad", [m.grad, RECEIVED[-1]])
    p = torch.tensor([1.0, 2.0], requires_grad=True)
    q = torch.tensor([3.0, 4.0], requires_grad=True)
    a, b, k = Lazy.apply(p, q)
    out("lazy_outputs", [a, b, k, gfn(b)])
    a.sum().backward()
    out("lazy_none", [p.grad, q.grad, RECEIVED[-1]])
    w1, w2 = WrongCount.apply(x)
    err("wrong_count", lambda: (w1 + w2).sum().backward())
