"""Every walkthrough of the course notes (/work/shared/seeds), with fixed numbers instead of randn."""
import torch
from harness import program, gfn, nexts

X33 = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [3.0, -2.5, 1.0]]
Y33 = [[1.0, 2.0, -0.5], [0.1, -3.0, 4.0], [2.5, 0.0, -1.5]]
Z33 = [[0.0, 1.0, 2.0], [-1.0, -2.0, 0.5], [0.3, 0.7, -0.9]]


@program
def course_manual_backward(out, err):
    x = torch.tensor(X33, requires_grad=True)
    y = torch.tensor(Y33)
    z = torch.tensor(Z33)
    a = x * y
    b = a + z
    c = torch.sum(b)
    out("c", c)
    out("c_repr", str(c))
    out("names", [gfn(a), gfn(b), gfn(c)])
    out("c_next", nexts(c))
    out("b_next", nexts(b))
    out("a_next", nexts(a))
    c.backward()
    out("x_grad", x.grad)
    out("y_grad", y.grad)
    out("z_grad", z.grad)
    # The notes' manual pass: grad_b = ones, grad_a = grad_b, grad_x = grad_a * y.
    grad_b = torch.mul(1.0, torch.ones(3, 3))
    grad_x = grad_b * y
    out("manual_equal", x.grad == grad_x)
    out("y_times_ones", y * torch.ones(3, 3))


@program
def course_manual_backward_all_leaves(out, err):
    x = torch.tensor(X33, requires_grad=True)
    y = torch.tensor(Y33, requires_grad=True)
    z = torch.tensor(Z33, requires_grad=True)
    c = torch.sum(x * y + z)
    c.backward()
    out("x_grad", x.grad)
    out("y_grad", y.grad)
    out("z_grad", z.grad)
    out("leafs", [x.is_leaf, y.is_leaf, z.is_leaf, c.is_leaf])


@program
def course_dot_4x(out, err):
    x = torch.arange(4.0)
    out("x", x)
    out("x_repr", str(x))
    x.requires_grad_(True)
    out("x_grad_none", x.grad)
    y = 2 * torch.dot(x, x)
    out("y", y)
    out("y_repr", str(y))
    out("y_next", nexts(y))
    y.backward()
    out("x_grad", x.grad)
    out("x_grad_repr", str(x.grad))
    eq = x.grad == 4 * x
    out("check", eq)
    out("check_repr", str(eq))


@program
def course_accumulation(out, err):
    x = torch.arange(4.0)
    x.requires_grad_(True)
    y = 2 * torch.dot(x, x)
    y.backward()
    x.grad.zero_()
    out("zeroed", x.grad)
    y = x.sum()
    out("y_repr", str(y))
    y.backward()
    out("grad1", x.grad)
    y.backward()
    out("grad2", x.grad)
    out("grad2_repr", str(x.grad))


@program
def course_accumulation_without_zero(out, err):
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    y.backward()
    y = x.sum()
    y.backward()
    out("grad", x.grad)
    out("grad_repr", str(x.grad))


@program
def course_nonscalar_sum(out, err):
    x = torch.arange(4.0, requires_grad=True)
    y = x * x
    out("y_repr", str(y))
    out("x_repr", str(x))
    y.sum().backward()
    out("x_grad", x.grad)


@program
def course_nonscalar_implicit_error(out, err):
    x = torch.arange(4.0, requires_grad=True)
    y = x * x
    err("backward_vector", lambda: y.backward())
    out("x_grad", x.grad)


@program
def course_nonscalar_ones_like(out, err):
    x = torch.arange(4.0, requires_grad=True)
    y = x * x
    y.backward(torch.ones_like(y))
    out("x_grad", x.grad)


@program
def course_nonscalar_ones_len(out, err):
    x = torch.arange(4.0, requires_grad=True)
    y = x * x
    y.backward(torch.ones(4))
    out("x_grad", x.grad)


@program
def course_nonscalar_weighted_v(out, err):
    x = torch.arange(4.0, requires_grad=True)
    y = x * x
    v = torch.tensor([0.1, 1.0, 0.0001, 10.0])
    y.backward(v)
    out("x_grad", x.grad)
    out("x_grad_repr", str(x.grad))


@program
def course_nonscalar_mean_v(out, err):
    x = torch.arange(4.0, requires_grad=True)
    y = x * x
    y.backward(torch.full((4,), 0.25), retain_graph=True)
    out("x_grad", x.grad)
    x.grad.zero_()
    y.mean().backward()
    out("mean_grad", x.grad)


@program
def course_detach(out, err):
    x = torch.arange(4.0, requires_grad=True)
    y = x * x
    u = y.detach()
    z = u * x
    out("u", u)
    out("u_repr", str(u))
    out("z_repr", str(z))
    out("u_flags", [u.requires_grad, u.is_leaf, gfn(u)])
    z.sum().backward()
    eq = x.grad == u
    out("x_grad", x.grad)
    out("check_u", eq)
    out("check_u_repr", str(eq))
    x.grad.zero_()
    y.sum().backward()
    out("x_grad_2", x.grad)
    out("check_2x", x.grad == 2 * x)


def _f(a, out):
    """The notes' function f(a) with a data-dependent while loop and if."""
    b = a * 2
    steps = 0
    while b.norm() < 1000:
        b = b * 2
        steps += 1
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    out("loop_steps", steps)
    return c


def _control_flow(value, out):
    a = torch.tensor(value, requires_grad=True)
    d = _f(a, out)
    out("d", d)
    out("d_name", gfn(d))
    d.backward()
    out("a_grad", a.grad)
    out("check", a.grad == d / a)


@program
def course_control_flow_positive(out, err):
    _control_flow(0.5, out)


@program
def course_control_flow_negative(out, err):
    _control_flow(-1.1571, out)


@program
def course_control_flow_tiny(out, err):
    _control_flow(0.001, out)


@program
def course_control_flow_no_loop(out, err):
    _control_flow(2000.0, out)


@program
def course_control_flow_negative_no_loop(out, err):
    _control_flow(-700.0, out)


@program
def course_control_flow_vector(out, err):
    a = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    d = _f(a, out)
    out("d", d)
    d.sum().backward()
    out("a_grad", a.grad)


@program
def course_graph_uv_freed(out, err):
    x1 = torch.tensor(2.0, requires_grad=True)
    x2 = torch.tensor(3.0, requires_grad=True)
    x3 = torch.tensor(-1.0, requires_grad=True)
    x4 = torch.tensor(0.5, requires_grad=True)
    u = x1 * x2
    v = x3 * x4
    y = u * v
    out("y", y)
    out("y_next", nexts(y))
    y.backward()
    out("grads", [x1.grad, x2.grad, x3.grad, x4.grad])
    err("second_backward", lambda: y.backward())
    out("grads_after", [x1.grad, x2.grad, x3.grad, x4.grad])


@program
def course_graph_uv_retain(out, err):
    x1 = torch.tensor(2.0, requires_grad=True)
    x2 = torch.tensor(3.0, requires_grad=True)
    x3 = torch.tensor(-1.0, requires_grad=True)
    x4 = torch.tensor(0.5, requires_grad=True)
    y = (x1 * x2) * (x3 * x4)
    y.backward(retain_graph=True)
    out("first", [x1.grad, x2.grad, x3.grad, x4.grad])
    y.backward()
    out("second", [x1.grad, x2.grad, x3.grad, x4.grad])
    err("third", lambda: y.backward())


@program
def course_graph_no_saved_tensors(out, err):
    # Sum and add save nothing, so a second backward works even without retain_graph (the notes call x.sum()
    # backward twice).
    x = torch.arange(4.0, requires_grad=True)
    y = (x + 1).sum()
    y.backward()
    y.backward()
    out("x_grad", x.grad)


@program
def course_norm_dim(out, err):
    x = torch.ones(1, 4, requires_grad=True)
    y = 2 * x + 1
    z = torch.norm(y, 2, dim=1)
    out("y", y)
    out("z", z)
    out("z_repr", str(z))
    out("names", [gfn(y), gfn(z)])
    z.backward()
    out("x_grad", x.grad)


@program
def course_norm_dim_rows(out, err):
    x = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.0, 0.5]], requires_grad=True)
    z = torch.norm(2 * x + 1, 2, dim=1)
    out("z", z)
    z.backward(torch.ones_like(z))
    out("x_grad", x.grad)
