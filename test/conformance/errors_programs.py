"""PyTorch's exact error texts, and where a program raised."""
import torch
from harness import program


@program
def err_scalar_outputs(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    err("backward", lambda: y.backward())


@program
def err_second_backward(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    err("again", lambda: y.backward())
    out("x_grad", x.grad)


@program
def err_element0_no_grad(out, err):
    x = torch.tensor([1.0, 2.0])
    y = (x * 2).sum()
    err("backward", lambda: y.backward())


@program
def err_no_grad_then_backward(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with torch.no_grad():
        y = (x * 2).sum()
    err("backward", lambda: y.backward())


@program
def err_size_mismatch_dim1(out, err):
    a = torch.ones(2, 3)
    b = torch.ones(2, 4)
    err("add", lambda: a.add(b))


@program
def err_size_mismatch_dim0(out, err):
    a = torch.tensor([1.0, 2.0, 3.0])
    b = torch.tensor([1.0, 2.0, 3.0, 4.0])
    err("mul", lambda: a.mul(b))


@program
def err_mm_shapes(out, err):
    a = torch.ones(3, 2)
    b = torch.ones(3, 4)
    err("mm", lambda: torch.mm(a, b))
    err("matmul", lambda: a.matmul(b))


@program
def err_leaf_inplace(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    err("add_", lambda: x.add_(1))
    err("mul_", lambda: x.mul_(2))
    err("zero_", lambda: x.zero_())
    out("x", x)


@program
def err_item_many_elements(out, err):
    x = torch.tensor([1.0, 2.0])
    err("item", lambda: x.item())
    out("item_one", torch.tensor([2.5]).item())


@program
def err_view_invalid(out, err):
    x = torch.ones(2, 3)
    err("view", lambda: x.view(4, 2))
    err("reshape", lambda: x.reshape(5))


@program
def err_grad_shape_mismatch(out, err):
    x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    y = x * 2
    err("backward", lambda: y.backward(torch.ones(3)))


@program
def err_unused_input(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0], requires_grad=True)
    y = (x * 2).sum()
    err("grad", lambda: torch.autograd.grad([y], [x, w]))


@program
def err_requires_grad_nonleaf(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    err("requires_grad_false", lambda: y.requires_grad_(False))


@program
def err_uncaught_stops_program(out, err):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    out("before", x)
    (x * x).backward()
    out("never", x)
