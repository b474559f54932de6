"""Hooks and errors exactly as PyTorch 1.13 behaves (issue 9 §2f): the twin of hooks_programs.ts."""
import torch
from harness import program


def leaf():
    return torch.tensor([1.0, 2.0], requires_grad=True)


@program
def hooks_order_and_targets(out, err):
    x = leaf()
    y = x * 2
    y.register_hook(lambda g: g * 10)
    y.retain_grad()
    y.sum().backward()
    out("hook_then_retain", [y.grad, x.grad])
    x = leaf()
    y = x * 2
    y.retain_grad()
    y.register_hook(lambda g: g * 10)
    y.sum().backward()
    out("retain_then_hook", [y.grad, x.grad])
    log = []
    x = leaf()
    y = x * 2
    x.register_hook(lambda g: log.append(["x", g.tolist()]))
    y.register_hook(lambda g: log.append(["y", g.tolist()]))
    gx, = torch.autograd.grad((y * y).sum(), [x])
    out("grad_inputs_hooks", [list(log), gx])
    log.clear()
    x = leaf()
    y = x * 2

    def hy(g):
        log.append(["y", g.tolist()])
        return g * 3
    y.register_hook(hy)
    gy, = torch.autograd.grad((y * y).sum(), [y])
    out("grad_wrt_hooked_nonleaf", [list(log), gy])
    log.clear()
    x = leaf()
    y = x * 2
    y.register_hook(lambda g: log.append(["before", g.tolist()]))
    y.mul_(3)
    y.register_hook(lambda g: log.append(["after", g.tolist()]))
    y.sum().backward()
    out("inplace_hooks", [list(log), x.grad])


@program
def hooks_on_grad_fn(out, err):
    x = leaf()
    y = x * 2
    z = y.sum()
    log = []
    z.grad_fn.register_hook(lambda gi, go: log.append(["hook", [None if t is None else t.tolist() for t in gi], [t.tolist() for t in go]]))
    z.grad_fn.register_prehook(lambda go: log.append(["pre", [t.tolist() for t in go]]))
    h = y.grad_fn.register_hook(lambda gi, go: (gi[0] * 5, gi[1]))
    z.backward()
    out("log", log)
    out("x_grad", x.grad)
    h.remove()
    x2 = leaf()
    (x2 * 2).sum().backward()
    out("removed", x2.grad)


@program
def hooks_errors_validation(out, err):
    a = torch.tensor([1.0], requires_grad=True)
    b = torch.tensor([2.0])
    err("backward_validate", lambda: torch.autograd.backward([a * 2, b]))
    out("untouched", a.grad)
    err("grad_inputs", lambda: torch.autograd.grad([a * 2], [a, b]))
    err("grad_outputs", lambda: torch.autograd.grad([b], [a]))
    x = leaf()
    y = x * 2
    out("retains", [x.retains_grad, y.retains_grad])
    y.retain_grad()
    out("retains_after", y.retains_grad)
    w = x * 1
    v = w[0:1]
    err("detach_view", lambda: v.detach_())
    out("bases", [v._base is w, x.narrow(0, 0, 1)._base is x, x._base is None])
