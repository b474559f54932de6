/** Floor division, remainder and fmod (issue 9 leftovers): the twin of rounding_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program, gfn, nexts } from "./harness.js";

const i64 = { dtype: torch.int64 };
const floor = { rounding_mode: "floor" } as const;
const trunc = { rounding_mode: "trunc" } as const;

program("rounding_float_values", (out, err) => {
  const a = torch.tensor([5.0, -5.0, 7.5, -7.5, 0.5, -0.5, -4.0, 4.0, 0.0, 1.0, 0.3]);
  const b = torch.tensor([3.0, 3.0, -2.0, -2.0, 1.0, 1.0, 2.0, -2.0, -3.0, 0.1, 0.1]);
  const ys = [torch.floor_divide(a, b), torch.floor_divide(a, b), torch.div(a, b, floor), torch.div(a, b, trunc),
    torch.div(a, b, { rounding_mode: null }), torch.remainder(a, b), torch.remainder(a, b), torch.fmod(a, b), a.fmod(b), a.remainder(b),
    a.floor_divide(b), a.div(b, trunc)];
  out("values", ys);
  out("reprs", ys.map(String));
  out("scalars", [a.floor_divide(2), a.remainder(2), a.remainder(-2), a.fmod(-2), a.div(2, floor), a.div(-2, trunc),
    torch.floor_divide(7, a.at(":4")), torch.remainder(7, a.at(":4")), a.floor_divide(0.25)]);
  const s = torch.tensor([-1.0, 0.0, 1.0, Infinity, -Infinity, NaN]);
  out("by_zero", [s.floor_divide(0), s.remainder(0), s.fmod(0), s.div(0, trunc)]);
  out("by_inf", [s.remainder(Infinity), s.fmod(Infinity), s.floor_divide(Infinity)]);
  out("signed_zeros", [String(torch.tensor([-4.0, 4.0]).remainder(2)), String(torch.tensor([-0.5, 0.5]).floor_divide(1)), String(torch.tensor([-0.5, 0.5]).div(1, trunc))]);
  const d = torch.tensor([5.0, -5.0, 1.0], { dtype: torch.float64 });
  out("float64", [d.floor_divide(3), d.remainder(3), d.fmod(0.1), d.div(torch.tensor([0.1, 0.1, 0.1], { dtype: torch.float64 }), trunc)]);
  out("broadcast", [torch.tensor([[5.0], [-7.0]]).floor_divide(torch.tensor([2.0, -3.0])), torch.tensor([[5.0], [-7.0]]).remainder(torch.tensor([2.0, -3.0]))]);
  err("bad_mode", () => torch.div(a, b, { rounding_mode: "round" as "floor" }));
  err("bad_mode_method", () => a.div(2, { rounding_mode: "Floor" as "floor" }));
  err("broadcast_error", () => torch.tensor([1.0, 2.0]).floor_divide(torch.tensor([1.0, 2.0, 3.0])));
});

program("rounding_int64", (out, err) => {
  const i = torch.tensor([7, -7, 7, -7, 0], i64);
  const j = torch.tensor([2, 2, -2, -2, 3], i64);
  const ys = [i.floor_divide(j), i.remainder(j), torch.fmod(i, j), torch.div(i, j, trunc), torch.div(i, j, floor), torch.div(i, j),
    i.floor_divide(-3), i.remainder(-3), i.fmod(-3), torch.floor_divide(7, j), torch.remainder(7, j), i.floor_divide(2.5), i.remainder(2.5), i.fmod(2.5),
    i.floor_divide(torch.tensor([2.0, 2.0, 2.0, 2.0, 2.0])), torch.tensor(7, i64).floor_divide(torch.tensor(2, i64)), i.floor_divide(torch.tensor(2.0))];
  out("values", ys);
  out("reprs", ys.map(String));
  out("dtypes", ys.map((y) => y.dtype));
  out("bool_with_int", [torch.tensor([true, false]).floor_divide(2), torch.tensor([true, false]).remainder(2)]);
  const zero = torch.zeros(5, i64);
  err("floordiv_zero", () => i.floor_divide(0));
  err("remainder_zero", () => i.remainder(0));
  err("fmod_zero", () => torch.fmod(i, 0));
  err("trunc_zero", () => torch.div(i, 0, trunc));
  err("floor_zero_tensor", () => torch.div(i, zero, floor));
  err("remainder_zero_tensor", () => i.remainder(zero));
  out("true_div_zero", i.div(0));
  const b = torch.tensor([true, false]);
  err("bool_floor", () => b.floor_divide(b));
  err("bool_trunc", () => torch.div(b, b, trunc));
  err("bool_remainder", () => b.remainder(b));
  err("bool_fmod", () => torch.fmod(b, b));
});

program("rounding_autograd", (out, err) => {
  const a = torch.tensor([5.0, -5.0, 7.5, -7.5], { requires_grad: true });
  const b = torch.tensor([3.0, 3.0, -2.0, -2.0], { requires_grad: true });
  const r = a.remainder(b);
  const f = torch.fmod(a, b);
  out("names", [gfn(r), gfn(f), gfn(a.remainder(2)), gfn(a.fmod(2)), gfn(a.div(b, floor)), gfn(a.div(2, trunc)),
    gfn(torch.div(a, b, { rounding_mode: null })), gfn(a.floor_divide(b)), gfn(a.floor_divide(2)), gfn(torch.floor_divide(7, a)), gfn(torch.remainder(7, a))]);
  out("nexts", [nexts(r), nexts(a.remainder(2)), nexts(a.floor_divide(b)), nexts(torch.floor_divide(7, a)), nexts(torch.remainder(7, a)),
    nexts(torch.floor_divide(a.detach(), b)), nexts(torch.remainder(a.detach(), b)), nexts(torch.fmod(a, b.detach())), nexts(a.div(2, floor))]);
  out("remainder_grads", torch.autograd.grad(r.sum(), [a, b]));
  out("fmod_grads", torch.autograd.grad(f.sum(), [a, b]));
  out("scalar_grads", [torch.autograd.grad(a.remainder(2).sum(), a)[0], torch.autograd.grad(a.fmod(-2).sum(), a)[0]]);
  out("div_floor_grads", torch.autograd.grad(a.div(b, floor).sum(), [a, b]));
  out("div_trunc_grads", torch.autograd.grad(a.div(2, trunc).sum(), [a]));
  out("div_none_grads", torch.autograd.grad(torch.div(a, b, { rounding_mode: null }).sum(), [a, b]));
  const p = torch.tensor([[5.0], [7.0]], { requires_grad: true });
  const q = torch.tensor([2.0, -3.0], { requires_grad: true });
  p.remainder(q).sum().backward();
  torch.fmod(p, q).sum().backward();
  out("broadcast_grads", [p.grad, q.grad]);
  out("mixed", a.mul(2).add(a.remainder(3)).add(torch.fmod(a, b).mul(b)).sum());
  err("floor_divide_backward", () => a.floor_divide(b).sum().backward());
  err("floor_divide_scalar_backward", () => a.floor_divide(2).sum().backward());
  err("rfloordiv_backward", () => torch.floor_divide(7, a).sum().backward());
  err("rmod_backward", () => torch.remainder(7, a).sum().backward());
  out("repr", String(a.floor_divide(2)));
  // Only the path through floor_divide fails; a graph beside it still differentiates.
  const y = a.floor_divide(2).detach().mul(a);
  y.sum().backward();
  out("detached_floordiv_grad", a.grad);
  torch.no_grad(() => {
    out("no_grad", [a.floor_divide(b), a.remainder(b).requires_grad, gfn(a.fmod(b))]);
  });
});

program("rounding_inplace", (out, err) => {
  const x = torch.tensor([5.0, -5.0, 7.5, -7.5], { requires_grad: true });
  const t = torch.tensor([2.0, 2.0, -2.0, -2.0], { requires_grad: true });
  const ys = [x.mul(1), x.mul(1), x.mul(1), x.mul(1), x.mul(1), x.mul(1), x.mul(1)];
  ys[0]!.floor_divide_(2);
  ys[1]!.remainder_(2);
  ys[2]!.remainder_(t);
  ys[3]!.fmod_(2);
  ys[4]!.fmod_(t);
  ys[5]!.div_(2, floor);
  ys[6]!.div_(t, trunc);
  out("values", ys);
  out("names", ys.map(gfn));
  out("nexts", ys.map(nexts));
  out("versions", ys.map((y) => y._version));
  ys[2]!.add(ys[4]!).sum().backward();
  out("grads", [x.grad, t.grad]);
  const z = x.mul(1);
  z.floor_divide_(2);
  const w = x.mul(1);
  w.remainder_(3);
  out("operators", [z, gfn(z), w, gfn(w)]);
  err("leaf_floor_divide_", () => x.floor_divide_(2));
  err("leaf_remainder_", () => x.remainder_(2));
  err("leaf_fmod_", () => x.fmod_(2));
  err("leaf_div_floor_", () => x.div_(2, floor));
  const i = torch.tensor([7, -7], i64);
  const k = i.clone();
  k.floor_divide_(2);
  const m = i.clone();
  m.remainder_(-3);
  out("int_inplace", [i.clone().floor_divide_(2), i.clone().remainder_(3), i.clone().fmod_(3), i.clone().div_(2, floor), k, m]);
  err("int_div_", () => i.clone().div_(2));
  err("int_floor_divide_float", () => i.clone().floor_divide_(2.5));
  err("int_remainder_float", () => i.clone().remainder_(2.5));
  err("int_floor_divide_zero", () => i.clone().floor_divide_(0));
  torch.no_grad(() => { x.remainder_(4); });
  out("no_grad_leaf", [x, x.requires_grad, gfn(x)]);
});
