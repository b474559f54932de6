"""More of PyTorch's exact error texts: dimensions, views, expand, hooks, in-place rules, version counters."""
import torch
from harness import program


@program
def err_dim_out_of_range(out, err):
    x = torch.ones(2, 3)
    err("unsqueeze", lambda: x.unsqueeze(3))
    err("sum", lambda: x.sum(2))
    err("softmax", lambda: x.softmax(2))
    err("transpose", lambda: x.transpose(0, 2))


@program
def err_view_noncontiguous(out, err):
    x = torch.ones(2, 3)
    err("view", lambda: x.t().view(6))
    out("reshape_ok", x.t().reshape(6))


@program
def err_expand_and_shapes(out, err):
    err("expand", lambda: torch.ones(2, 1).expand(4, 3))
    err("dot", lambda: torch.dot(torch.ones(3), torch.ones(4)))
    err("mm_vector", lambda: torch.mm(torch.ones(3), torch.ones(3, 3)))
    err("matmul_mv", lambda: torch.ones(2, 3).matmul(torch.ones(4)))


@program
def err_inplace_broadcast(out, err):
    err("add_mismatch", lambda: torch.ones(2, 3).add_(torch.ones(3, 3)))
    err("add_grows", lambda: torch.ones(1, 3).add_(torch.ones(2, 3)))
    t = torch.ones(2, 3)
    t.add_(torch.tensor([1.0, 2.0, 3.0]))
    out("broadcast_ok", t)


@program
def err_hooks_need_grad(out, err):
    x = torch.ones(2, 3)
    err("register_hook", lambda: x.register_hook(lambda g: g))
    err("retain_grad", lambda: x.retain_grad())


@program
def err_autograd_grad_no_grad_output(out, err):
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    err("grad", lambda: torch.autograd.grad([torch.ones(2).sum()], [a]))
    err("backward_plain", lambda: torch.tensor([1.0, 2.0]).sum().backward())


@program
def err_modified_by_inplace(out, err):
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = a * 2
    c = b * b
    b.add_(1)
    err("backward", lambda: c.sum().backward())
