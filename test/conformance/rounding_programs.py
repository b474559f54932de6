"""Floor division, remainder and fmod (issue 9 leftovers): the twin of rounding_programs.ts."""
import torch
from harness import program, gfn, nexts


@program
def rounding_float_values(out, err):
    a = torch.tensor([5.0, -5.0, 7.5, -7.5, 0.5, -0.5, -4.0, 4.0, 0.0, 1.0, 0.3])
    b = torch.tensor([3.0, 3.0, -2.0, -2.0, 1.0, 1.0, 2.0, -2.0, -3.0, 0.1, 0.1])
    ys = [a // b, torch.floor_divide(a, b), torch.div(a, b, rounding_mode="floor"), torch.div(a, b, rounding_mode="trunc"),
          torch.div(a, b, rounding_mode=None), a % b, torch.remainder(a, b), torch.fmod(a, b), a.fmod(b), a.remainder(b),
          a.floor_divide(b), a.div(b, rounding_mode="trunc")]
    out("values", ys)
    out("reprs", [repr(y) for y in ys])
    out("scalars", [a // 2, a % 2, a % -2, a.fmod(-2), a.div(2, rounding_mode="floor"), a.div(-2, rounding_mode="trunc"), 7 // a[:4], 7 % a[:4], a // 0.25])
    s = torch.tensor([-1.0, 0.0, 1.0, float("inf"), float("-inf"), float("nan")])
    out("by_zero", [s // 0, s % 0, s.fmod(0), s.div(0, rounding_mode="trunc")])
    out("by_inf", [s % float("inf"), s.fmod(float("inf")), s // float("inf")])
    out("signed_zeros", [repr(torch.tensor([-4.0, 4.0]) % 2), repr(torch.tensor([-0.5, 0.5]) // 1), repr(torch.tensor([-0.5, 0.5]).div(1, rounding_mode="trunc"))])
    d = torch.tensor([5.0, -5.0, 1.0], dtype=torch.float64)
    out("float64", [d // 3, d % 3, d.fmod(0.1), d.div(torch.tensor([0.1, 0.1, 0.1], dtype=torch.float64), rounding_mode="trunc")])
    out("broadcast", [torch.tensor([[5.0], [-7.0]]) // torch.tensor([2.0, -3.0]), torch.tensor([[5.0], [-7.0]]) % torch.tensor([2.0, -3.0])])
    err("bad_mode", lambda: torch.div(a, b, rounding_mode="round"))
    err("bad_mode_method", lambda: a.div(2, rounding_mode="Floor"))
    err("broadcast_error", lambda: torch.tensor([1.0, 2.0]) // torch.tensor([1.0, 2.0, 3.0]))


@program
def rounding_int64(out, err):
    i = torch.tensor([7, -7, 7, -7, 0], dtype=torch.int64)
    j = torch.tensor([2, 2, -2, -2, 3], dtype=torch.int64)
    ys = [i // j, i % j, torch.fmod(i, j), torch.div(i, j, rounding_mode="trunc"), torch.div(i, j, rounding_mode="floor"), torch.div(i, j),
          i // -3, i % -3, i.fmod(-3), 7 // j, 7 % j, i // 2.5, i % 2.5, i.fmod(2.5), i // torch.tensor([2.0, 2.0, 2.0, 2.0, 2.0]),
          torch.tensor(7, dtype=torch.int64) // torch.tensor(2, dtype=torch.int64), i // torch.tensor(2.0)]
    out("values", ys)
    out("reprs", [repr(y) for y in ys])
    out("dtypes", [y.dtype for y in ys])
    out("bool_with_int", [torch.tensor([True, False]) // 2, torch.tensor([True, False]) % 2])
    zero = torch.zeros(5, dtype=torch.int64)
    err("floordiv_zero", lambda: i // 0)
    err("remainder_zero", lambda: i % 0)
    err("fmod_zero", lambda: torch.fmod(i, 0))
    err("trunc_zero", lambda: torch.div(i, 0, rounding_mode="trunc"))
    err("floor_zero_tensor", lambda: torch.div(i, zero, rounding_mode="floor"))
    err("remainder_zero_tensor", lambda: i % zero)
    out("true_div_zero", i / 0)
    b = torch.tensor([True, False])
    err("bool_floor", lambda: b // b)
    err("bool_trunc", lambda: torch.div(b, b, rounding_mode="trunc"))
    err("bool_remainder", lambda: b % b)
    err("bool_fmod", lambda: torch.fmod(b, b))


@program
def rounding_autograd(out, err):
    a = torch.tensor([5.0, -5.0, 7.5, -7.5], requires_grad=True)
    b = torch.tensor([3.0, 3.0, -2.0, -2.0], requires_grad=True)
    r = a % b
    f = torch.fmod(a, b)
    out("names", [gfn(r), gfn(f), gfn(a % 2), gfn(a.fmod(2)), gfn(a.div(b, rounding_mode="floor")), gfn(a.div(2, rounding_mode="trunc")),
                  gfn(torch.div(a, b, rounding_mode=None)), gfn(a // b), gfn(a // 2), gfn(7 // a), gfn(7 % a)])
    out("nexts", [nexts(r), nexts(a % 2), nexts(a // b), nexts(7 // a), nexts(7 % a), nexts(torch.floor_divide(a.detach(), b)),
                  nexts(torch.remainder(a.detach(), b)), nexts(torch.fmod(a, b.detach())), nexts(a.div(2, rounding_mode="floor"))])
    out("remainder_grads", list(torch.autograd.grad(r.sum(), [a, b])))
    out("fmod_grads", list(torch.autograd.grad(f.sum(), [a, b])))
    out("scalar_grads", [torch.autograd.grad((a % 2).sum(), a)[0], torch.autograd.grad(a.fmod(-2).sum(), a)[0]])
    out("div_floor_grads", list(torch.autograd.grad(a.div(b, rounding_mode="floor").sum(), [a, b])))
    out("div_trunc_grads", list(torch.autograd.grad(a.div(2, rounding_mode="trunc").sum(), [a])))
    out("div_none_grads", list(torch.autograd.grad(torch.div(a, b, rounding_mode=None).sum(), [a, b])))
    p = torch.tensor([[5.0], [7.0]], requires_grad=True)
    q = torch.tensor([2.0, -3.0], requires_grad=True)
    (p % q).sum().backward()
    torch.fmod(p, q).sum().backward()
    out("broadcast_grads", [p.grad, q.grad])
    out("mixed", (a * 2 + a % 3 + torch.fmod(a, b) * b).sum())
    err("floor_divide_backward", lambda: (a // b).sum().backward())
    err("floor_divide_scalar_backward", lambda: (a // 2).sum().backward())
    err("rfloordiv_backward", lambda: (7 // a).sum().backward())
    err("rmod_backward", lambda: (7 % a).sum().backward())
    out("repr", repr(a // 2))
    # Only the path through floor_divide fails; a graph beside it still differentiates.
    y = (a // 2).detach() * a
    y.sum().backward()
    out("detached_floordiv_grad", a.grad)
    with torch.no_grad():
        out("no_grad", [a // b, (a % b).requires_grad, gfn(a.fmod(b))])


@program
def rounding_inplace(out, err):
    x = torch.tensor([5.0, -5.0, 7.5, -7.5], requires_grad=True)
    t = torch.tensor([2.0, 2.0, -2.0, -2.0], requires_grad=True)
    ys = [x * 1, x * 1, x * 1, x * 1, x * 1, x * 1, x * 1]
    ys[0].floor_divide_(2)
    ys[1].remainder_(2)
    ys[2].remainder_(t)
    ys[3].fmod_(2)
    ys[4].fmod_(t)
    ys[5].div_(2, rounding_mode="floor")
    ys[6].div_(t, rounding_mode="trunc")
    out("values", ys)
    out("names", [gfn(y) for y in ys])
    out("nexts", [nexts(y) for y in ys])
    out("versions", [y._version for y in ys])
    (ys[2] + ys[4]).sum().backward()
    out("grads", [x.grad, t.grad])
    z = x * 1
    z //= 2
    w = x * 1
    w %= 3
    out("operators", [z, gfn(z), w, gfn(w)])
    err("leaf_floor_divide_", lambda: x.floor_divide_(2))
    err("leaf_remainder_", lambda: x.remainder_(2))
    err("leaf_fmod_", lambda: x.fmod_(2))
    err("leaf_div_floor_", lambda: x.div_(2, rounding_mode="floor"))
    i = torch.tensor([7, -7], dtype=torch.int64)
    k = i.clone()
    k //= 2
    m = i.clone()
    m %= -3
    out("int_inplace", [i.clone().floor_divide_(2), i.clone().remainder_(3), i.clone().fmod_(3), i.clone().div_(2, rounding_mode="floor"), k, m])
    err("int_div_", lambda: i.clone().div_(2))
    err("int_floor_divide_float", lambda: i.clone().floor_divide_(2.5))
    err("int_remainder_float", lambda: i.clone().remainder_(2.5))
    err("int_floor_divide_zero", lambda: i.clone().floor_divide_(0))
    with torch.no_grad():
        x.remainder_(4)
    out("no_grad_leaf", [x, x.requires_grad, gfn(x)])
