/** torch.autograd.functional and gradcheck (issue 9 §2e): the twin of functional_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program, gfn, nexts } from "./harness.js";

type T = torch.Tensor;
const AF = torch.autograd.functional;
const f = (x: T): T => x.pow(3).add(x.mul(2).sin());
const g = (x: T, y: T): T => x.mul(y).sum().add(x.exp().sum());
const s = (x: T): T => x.pow(3).sum().add(x.at(0).mul(x.at(1)));

program("functional_jacobian_hessian", (out) => {
  const x = torch.tensor([0.5, -1.0, 2.0], { requires_grad: true });
  const y = torch.tensor([1.5, 2.0, -0.5]);
  out("jacobian", AF.jacobian(f, x) as T);
  out("jacobian_pair", AF.jacobian(g, [x, y]) as T[]);
  out("jacobian_matrix", AF.jacobian((m: T) => m.mm(m), torch.tensor([[1.0, 2.0], [3.0, 4.0]])) as T);
  out("hessian", AF.hessian(s, x) as T);
  const [o, hv] = AF.hvp(s, x, torch.tensor([1.0, 0.0, -1.0]));
  out("hvp", [o, hv as T]);
  const [o2, vh] = AF.vhp(s, x, torch.tensor([1.0, 0.0, -1.0]));
  out("vhp", [o2, vh as T]);
  const [o3, vj] = AF.vjp(f, x, torch.tensor([1.0, 2.0, 3.0]));
  out("vjp", [o3 as T, vj as T]);
  const [o4, jv] = AF.jvp(f, x, torch.tensor([1.0, 2.0, 3.0]));
  out("jvp", [o4 as T, jv as T]);
  const [o5, vj2] = AF.vjp(g, [x, y]);
  out("vjp_scalar_pair", [o5 as T, vj2 as T[]]);
  out("unused_input", AF.jacobian((a: T, _b: T) => a.mul(2), [x, y]) as T[]);
  out("x_untouched", [x.grad, x.requires_grad]);
});

program("functional_gradcheck", (out) => {
  const x = torch.tensor([0.5, -1.0, 2.0], { dtype: torch.float64, requires_grad: true });
  const y = torch.tensor([1.5, 2.0, -0.5], { dtype: torch.float64, requires_grad: true });
  out("ok", [torch.autograd.gradcheck(f, x), torch.autograd.gradcheck(g, [x, y]), torch.autograd.gradgradcheck(f, x), torch.autograd.gradgradcheck(g, [x, y])]);
  // A function whose backward lies: detach hides x from the graph of its first term.
  const wrong = (a: T): T => a.detach().mul(a);
  out("wrong", torch.autograd.gradcheck(wrong, x, { raise_exception: false }));
});

class Exp extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, x: T): T {
    const r = x.exp();
    ctx.save_for_backward(r);
    return r;
  }
  static override backward(ctx: torch.autograd.FunctionCtx, g: T): T {
    const [r] = ctx.saved_tensors;
    return g.mul(r!);
  }
}

class ScaledRelu extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, x: T, k: number): T {
    ctx.save_for_backward(x);
    ctx.k = k;
    return x.clamp({ min: 0 }).mul(k);
  }
  static override backward(ctx: torch.autograd.FunctionCtx, g: T): Array<T | null> {
    const [x] = ctx.saved_tensors;
    return [g.mul(x!.gt(0).float()).mul(ctx.k as number), null];
  }
}

class MaxWithIndex extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, x: T): [T, T] {
    const { values, indices } = x.max(0);
    ctx.mark_non_differentiable(indices);
    ctx.save_for_backward(indices, torch.tensor(x.size(0)));
    return [values, indices];
  }
  static override backward(ctx: torch.autograd.FunctionCtx, g: T): T {
    const [idx, n] = ctx.saved_tensors;
    return torch.zeros(n!.item(), g.size(0)).scatter(0, idx!.unsqueeze(0), g.unsqueeze(0));
  }
}

class TwoInputs extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, a: T, b: T): T {
    ctx.save_for_backward(a, b);
    out_needs.push([...ctx.needs_input_grad]);
    return a.mul(b);
  }
  static override backward(ctx: torch.autograd.FunctionCtx, g: T): Array<T | null> {
    const [a, b] = ctx.saved_tensors;
    return [ctx.needs_input_grad[0] ? g.mul(b!) : null, ctx.needs_input_grad[1] ? g.mul(a!) : null];
  }
}
const out_needs: boolean[][] = [];

program("function_custom", (out, err) => {
  out_needs.length = 0;
  const x = torch.tensor([0.5, -1.0, 2.0], { requires_grad: true });
  const y = Exp.apply(x);
  out("exp", [y, y.grad_fn?.name() ?? null, y.grad_fn!.next_functions.map(([f, i]) => [f?.name() ?? null, i])]);
  y.sum().backward();
  out("exp_grad", x.grad);
  err("second_backward", () => y.sum().backward());
  const z = ScaledRelu.apply(x, 3);
  z.sum().backward();
  out("scaled_relu", [z, z.grad_fn?.name() ?? null, x.grad]);
  const m = torch.tensor([[1.0, 5.0], [4.0, 2.0], [3.0, 6.0]], { requires_grad: true });
  const [vals, idx] = MaxWithIndex.apply(m);
  out("max", [vals, idx.requires_grad, vals.grad_fn?.name() ?? null]);
  vals.mul(torch.tensor([1.0, 10.0])).sum().backward();
  out("max_grad", m.grad);
  const a = torch.tensor([1.0, 2.0], { requires_grad: true });
  const b = torch.tensor([3.0, 4.0]);
  const c = TwoInputs.apply(a, b);
  c.sum().backward();
  out("two", [c, a.grad, out_needs]);
  const w = x.mul(1);
  const e = Exp.apply(w.mul(1));
  const saved = e;
  saved.add_(1);
  err("modified_saved", () => e.sum().backward());
  const noGrad = Exp.apply(torch.tensor([1.0]));
  out("no_grad_input", [noGrad.requires_grad, noGrad.grad_fn === null]);
});

const received: unknown[] = [];

class SinCos extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, x: T): [T, T] {
    ctx.save_for_backward(x);
    return [x.sin(), x.cos()];
  }
  static override backward(ctx: torch.autograd.FunctionCtx, gs: T, gc: T): T {
    const [x] = ctx.saved_tensors;
    received.push([gs, gc]);
    return gs.mul(x!.cos()).sub(gc.mul(x!.sin()));
  }
}

class ArgMax extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, x: T): [T, T] {
    const { values, indices } = x.max(0);
    ctx.mark_non_differentiable(indices);
    ctx.save_for_backward(indices);
    ctx.n = x.shape[0];
    return [values, indices];
  }
  static override backward(ctx: torch.autograd.FunctionCtx, gv: T, gi: T): T {
    const [i] = ctx.saved_tensors;
    received.push([gv, gi]);
    return torch.zeros(ctx.n as number).index_put([i!.unsqueeze(0)], gv);
  }
}

class Lazy extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, x: T, y: T): [T, T, number] {
    ctx.set_materialize_grads(false);
    return [x.mul(2), x.mul(y), 7];
  }
  static override backward(_ctx: torch.autograd.FunctionCtx, a: T | null, b: T | null, c: T | null): Array<T | null> {
    received.push([a, b, c]);
    return [a === null ? null : a.mul(2), null];
  }
}

class WrongCount extends torch.autograd.Function {
  static override forward(_ctx: torch.autograd.FunctionCtx, x: T): [T, T] {
    return [x.mul(2), x.mul(3)];
  }
  static override backward(_ctx: torch.autograd.FunctionCtx, a: T, b: T): T[] {
    return [a, b];
  }
}

const edges = nexts;

program("function_several_outputs", (out, err) => {
  received.length = 0;
  const x = torch.tensor([0.5, 1.0, -2.0], { requires_grad: true });
  let [s, c] = SinCos.apply(x);
  out("outputs", [s, c, s.grad_fn === c.grad_fn, gfn(s), edges(s)]);
  const y = s.mul(2).add(c);
  out("edges_to_outputs", [edges(s.mul(2)), edges(c.mul(1)), edges(torch.stack([c, s]))]);
  y.sum().backward();
  out("both_used", [x.grad, received[received.length - 1]]);
  x.grad = null;
  [s, c] = SinCos.apply(x);
  s.sum().backward();
  out("one_used_gets_zeros", [x.grad, received[received.length - 1]]);
  x.grad = null;
  [s, c] = SinCos.apply(x);
  s.retain_grad();
  const hooked: T[] = [];
  c.register_hook((g) => { hooked.push(g); });
  s.mul(3).add(c.mul(5)).sum().backward({ retain_graph: true });
  out("hooks_per_output", [s.grad, hooked, received[received.length - 1], x.grad]);
  out("grad_per_output", torch.autograd.grad(s.mul(2).add(c.mul(c)).sum(), [c, s, x]));
  err("second_backward", () => { s.add(c).sum().backward(); s.add(c).sum().backward(); });
  const m = torch.tensor([1.0, 5.0, 3.0], { requires_grad: true });
  const [v, i] = ArgMax.apply(m);
  out("non_differentiable", [v, i, v.requires_grad, i.requires_grad, gfn(v), gfn(i)]);
  v.mul(4).backward();
  out("non_differentiable_grad", [m.grad, received[received.length - 1]]);
  const p = torch.tensor([1.0, 2.0], { requires_grad: true });
  const q = torch.tensor([3.0, 4.0], { requires_grad: true });
  const [a, b, k] = Lazy.apply(p, q);
  out("lazy_outputs", [a, b, k, gfn(b)]);
  a.sum().backward();
  out("lazy_none", [p.grad, q.grad, received[received.length - 1]]);
  const [w1, w2] = WrongCount.apply(x);
  err("wrong_count", () => w1.add(w2).sum().backward());
});
