"""Autograd rules: retain_grad, hooks, autograd.grad (create_graph, allow_unused), grad modes, warnings."""
import torch
from harness import program, gfn, nexts


@program
def warn_nonleaf_grad(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.sum().backward()
    out("y_grad", y.grad)
    out("x_grad", x.grad)


@program
def retain_grad_nonleaf(out, err):
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * x
    y.retain_grad()
    z = y.mul(torch.tensor([1.0, -1.0, 0.5])).sum()
    z.backward()
    out("y_grad", y.grad)
    out("x_grad", x.grad)
    out("flags", [y.is_leaf, y.requires_grad])


@program
def hook_observe(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    seen = []
    y.register_hook(lambda g: seen.append(g.clone()))
    y.sum().backward()
    out("seen", seen)
    out("x_grad", x.grad)


@program
def hook_replace_intermediate(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    y.register_hook(lambda g: g * 10)
    y.sum().backward()
    out("x_grad", x.grad)


@program
def hook_on_leaf(out, err):
    x = torch.tensor([1.0, -1.0], requires_grad=True)
    x.register_hook(lambda g: g.add(1))
    (x * 2).sum().backward()
    out("x_grad", x.grad)


@program
def autograd_grad_basic(out, err):
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = (x * x).sum()
    gs = torch.autograd.grad([y], [x])
    out("grads", gs)
    out("x_grad", x.grad)


@program
def autograd_grad_second_order(out, err):
    x = torch.tensor([1.0, 2.0, -1.0], requires_grad=True)
    y = x.pow(3).sum()
    (g,) = torch.autograd.grad([y], [x], create_graph=True)
    out("g", g)
    out("g_flags", [g.requires_grad, gfn(g)])
    (g2,) = torch.autograd.grad([g.sum()], [x])
    out("g2", g2)


@program
def autograd_grad_then_backward(out, err):
    x = torch.tensor([0.5, 2.0], requires_grad=True)
    y = (x.sin() * x).sum()
    (g,) = torch.autograd.grad([y], [x], create_graph=True)
    out("g", g)
    g.sum().backward()
    out("x_grad", x.grad)


@program
def backward_create_graph(out, err):
    x = torch.tensor([2.0, 3.0], requires_grad=True)
    y = (x * x * x).sum()
    y.backward(create_graph=True)
    # x.grad's grad_fn is PyTorch's internal CopyBackwards: an artifact, so only values and the flag are compared.
    out("x_grad", x.grad.detach())
    out("grad_requires_grad", x.grad.requires_grad)
    gx = x.grad.clone()
    x.grad = None
    gx.sum().backward()
    out("x_grad_2", x.grad)


@program
def autograd_grad_allow_unused(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    y = (x * 2).sum()
    gs = torch.autograd.grad([y], [x, w], allow_unused=True)
    out("grads", gs)


@program
def autograd_grad_outputs(out, err):
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * x
    gs = torch.autograd.grad([y], [x], grad_outputs=[torch.tensor([1.0, 0.5, -1.0])])
    out("grads", gs)


@program
def autograd_grad_retain_graph(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    (g1,) = torch.autograd.grad([y], [x], retain_graph=True)
    y.backward()
    out("g1", g1)
    out("x_grad", x.grad)


@program
def autograd_grad_multiple_inputs(out, err):
    a = torch.tensor(2.0, requires_grad=True)
    b = torch.tensor(-3.0, requires_grad=True)
    y = a * a * b + b
    ga, gb = torch.autograd.grad([y], [a, b])
    out("grads", [ga, gb])


@program
def backward_inputs_subset(out, err):
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    y = (a * b).sum()
    y.backward(inputs=[a])
    out("a_grad", a.grad)
    out("b_grad", b.grad)


@program
def backward_scalar_gradient_arg(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(torch.tensor(2.5))
    out("x_grad", x.grad)


@program
def no_grad_basic(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    flags = []
    def body():
        flags.append(torch.is_grad_enabled())
        return x * 2
    with torch.no_grad():
        y = body()
    out("y", y)
    out("flags", [flags[0], torch.is_grad_enabled(), y.requires_grad, gfn(y), y.is_leaf])


@program
def enable_grad_inside_no_grad(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with torch.no_grad():
        with torch.enable_grad():
            y = x * 2
        z = x * 3
    out("flags", [y.requires_grad, gfn(y), z.requires_grad])
    y.sum().backward()
    out("x_grad", x.grad)


@program
def no_grad_inplace_leaf(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    with torch.no_grad():
        x.sub_(x.grad.mul(0.1))
    out("x", x)
    out("flags", [x.requires_grad, x.is_leaf, gfn(x)])
    x.grad.zero_()
    (x * x).sum().backward()
    out("x_grad", x.grad)


@program
def sgd_linear_regression(out, err):
    xs = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
    ys = torch.tensor([[3.0], [5.0], [7.0], [9.0]])
    w = torch.tensor([[0.5]], requires_grad=True)
    b = torch.tensor([0.0], requires_grad=True)
    losses = []
    for _ in range(5):
        pred = xs.mm(w).add(b)
        loss = (pred - ys).pow(2).mean()
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w.sub_(w.grad.mul(0.05))
            b.sub_(b.grad.mul(0.05))
        w.grad.zero_()
        b.grad.zero_()
    out("losses", losses)
    out("w", w)
    out("b", b)


@program
def requires_grad_flag_propagation(out, err):
    a = torch.tensor([1.0, 2.0])
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    c = a * 2
    d = a * b
    out("flags", [c.requires_grad, gfn(c), c.is_leaf, d.requires_grad, d.is_leaf, b.is_leaf])
    a.requires_grad_()
    out("a_flags", [a.requires_grad, a.is_leaf])
    b.requires_grad_(False)
    out("b_flags", [b.requires_grad, b.is_leaf])


@program
def fanout_accumulates(out, err):
    x = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    y = x * x + x * 3 + x
    y.sum().backward()
    out("x_grad", x.grad)
    out("next", nexts(y))


@program
def deep_chain_no_overflow(out, err):
    x = torch.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(3000):
        y = y * 1.0001
    y.backward()
    out("y", y)
    out("x_grad", x.grad)


@program
def tiny_mlp_step(out, err):
    xb = torch.tensor([[1.0, 2.0, -1.0], [0.5, -0.5, 2.0]])
    target = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    w1 = torch.tensor([[0.1, -0.2, 0.3, 0.0], [0.5, 0.4, -0.3, 0.2], [-0.1, 0.2, 0.1, -0.4]], requires_grad=True)
    b1 = torch.tensor([0.01, -0.02, 0.03, 0.0], requires_grad=True)
    w2 = torch.tensor([[0.2, -0.1], [0.3, 0.1], [-0.2, 0.4], [0.1, 0.1]], requires_grad=True)
    h = xb.matmul(w1).add(b1).relu()
    logits = h.matmul(w2)
    loss = logits.log_softmax(1).mul(target).sum().neg().div(2)
    out("h", h)
    out("loss", loss)
    loss.backward()
    out("grads", [w1.grad, b1.grad, w2.grad])
