"""In-place unary ops (issue 9 §2c): the twin of inplace_programs.ts."""
import torch
from harness import program, gfn, nexts


def leaf():
    return torch.tensor([0.5, -1.0, 2.0], requires_grad=True)


@program
def inplace_unary_values_and_grads(out, err):
    x = leaf()
    outs = [
        (x * 1).sin_(), (x * 1).cos_(), (x * 1).exp_(), (x.abs() + 0.1).log_(), x.abs().sqrt_(), (x * 1).abs_(),
        (x * 1).neg_(), (x + 3).reciprocal_(), (x * 1).tanh_(), (x * 1).sigmoid_(), (x * 1).relu_(), (x * 1).sign_(),
        (x * 1).square_(), (x * 1).pow_(3), (x * 1).clamp_(-0.5, 1.0), (x * 1).clamp_(min=0),
    ]
    out("values", outs)
    out("names", [gfn(t) for t in outs])
    out("versions", [t._version for t in outs])
    acc = torch.tensor(0.0)
    for i, t in enumerate(outs):
        acc = acc + t.sum() * (i + 1)
    acc.backward()
    out("x_grad", x.grad)
    c = x * 1
    c.tanh_().sigmoid_()
    out("chain", [gfn(c), nexts(c), c._version])


@program
def inplace_unary_version_errors(out, err):
    x = leaf()
    y = x.sigmoid()
    y.sin_()
    err("saved_output", lambda: y.sum().backward())
    a = x * 1
    b = a * a
    a.relu_()
    err("saved_input", lambda: b.sum().backward())
    p = x * 1
    q = p.exp()
    p.add_(1)
    q.sum().backward()
    out("exp_saves_result_only", x.grad)
    err("leaf", lambda: x.sin_())
    with torch.no_grad():
        x.relu_()
    out("leaf_under_no_grad", [x, x._version, x.requires_grad])
