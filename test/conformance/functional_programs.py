"""torch.autograd.functional and gradcheck (issue 9 §2e): the twin of functional_programs.ts."""
import torch
from harness import program

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
