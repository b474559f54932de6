/** Elementwise ops and reductions of the snippet API: the twin of ops_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program, gfn, nexts, type Out } from "./harness.js";

type T = torch.Tensor;
const A23 = [[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]];
const B23 = [[2.0, 0.5, -1.0], [3.0, -0.25, 2.0]];

function unary(out: Out, fn: (x: T) => T, data: number[] | number[][]): void {
  const x = torch.tensor(data, { requires_grad: true });
  const y = fn(x);
  out("y", y);
  out("name", gfn(y));
  out("next", nexts(y));
  y.sum().backward();
  out("x_grad", x.grad);
}

function binary(out: Out, fn: (a: T, b: T) => T): void {
  const a = torch.tensor(A23, { requires_grad: true });
  const b = torch.tensor(B23, { requires_grad: true });
  const y = fn(a, b);
  out("y", y);
  out("name", gfn(y));
  out("next", nexts(y));
  y.backward(torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.25]]));
  out("a_grad", a.grad);
  out("b_grad", b.grad);
}

program("op_add", (out) => binary(out, (a, b) => a.add(b)));
program("op_sub", (out) => binary(out, (a, b) => a.sub(b)));
program("op_mul", (out) => binary(out, (a, b) => torch.mul(a, b)));
program("op_div", (out) => binary(out, (a, b) => a.div(b)));

program("op_pow_tensor", (out) => {
  const a = torch.tensor([1.5, 2.0, 0.5], { requires_grad: true });
  const b = torch.tensor([2.0, -1.0, 3.0], { requires_grad: true });
  const y = a.pow(b);
  out("y", y);
  out("name", gfn(y));
  y.sum().backward();
  out("a_grad", a.grad);
  out("b_grad", b.grad);
});

program("op_scalar_right", (out) => {
  const x = torch.tensor([1.0, -2.0, 4.0], { requires_grad: true });
  const ys = [x.add(2), x.sub(0.5), x.mul(3), x.div(4), x.pow(2), x.pow(0.5), x.pow(3)] as [T, T, T, T, T, T, T];
  out("values", ys);
  out("names", ys.map(gfn));
  out("mul_next", nexts(ys[2]));
  out("pow_next", nexts(ys[4]));
  const total = ys[0].sum().add(ys[1].sum()).add(ys[2].sum()).add(ys[3].sum()).add(ys[4].sum()).add(ys[6].sum());
  total.backward();
  out("x_grad", x.grad);
});

program("op_scalar_left", (out) => {
  const x = torch.tensor([1.0, -2.0, 4.0], { requires_grad: true });
  const ys = [torch.add(2, x), torch.sub(1, x), torch.mul(2, x), torch.div(2, x), torch.pow(2, x)] as [T, T, T, T, T];
  out("values", ys);
  out("names", ys.map(gfn));
  out("nexts", ys.map(nexts));
  const total = ys[0].sum().add(ys[1].sum()).add(ys[2].sum()).add(ys[3].sum()).add(ys[4].sum());
  total.backward();
  out("x_grad", x.grad);
});

program("op_neg", (out) => unary(out, (x) => x.neg(), [1.0, -2.0, 0.0]));
program("op_exp", (out) => unary(out, (x) => x.exp(), [0.0, 1.0, -2.0, 3.5]));
program("op_log", (out) => unary(out, (x) => torch.log(x), [1.0, 2.718281828, 0.25, 10.0]));
program("op_sqrt", (out) => unary(out, (x) => x.sqrt(), [4.0, 2.0, 0.25, 9.0]));
program("op_abs", (out) => unary(out, (x) => x.abs(), [-1.5, 2.0, -0.25, 3.0]));
program("op_sin", (out) => unary(out, (x) => x.sin(), [0.0, 1.0, -2.0, 3.14159]));
program("op_cos", (out) => unary(out, (x) => torch.cos(x), [0.0, 1.0, -2.0, 3.14159]));
program("op_tanh", (out) => unary(out, (x) => x.tanh(), [0.0, 0.5, -2.0, 10.0]));
program("op_sigmoid", (out) => unary(out, (x) => torch.sigmoid(x), [0.0, 0.5, -2.0, 20.0]));
program("op_relu", (out) => unary(out, (x) => x.relu(), [-1.0, 0.5, -0.0, 3.0]));
program("op_clamp", (out) => unary(out, (x) => x.clamp(-1.0, 2.0), [-3.0, -1.0, 0.5, 2.0, 5.0]));
program("op_clamp_min_only", (out) => unary(out, (x) => x.clamp(0.0), [-3.0, 0.0, 0.5, 5.0]));
program("op_clamp_max_only", (out) => unary(out, (x) => torch.clamp(x, null, 1.0), [-3.0, 1.0, 0.5, 5.0]));
program("op_sum_all", (out) => unary(out, (x) => x.sum(), A23));

program("op_sum_dim", (out) => {
  const x = torch.tensor(A23, { requires_grad: true });
  const s0 = x.sum(0);
  const s1 = torch.sum(x, 1);
  const sk = x.sum(1, true);
  const sn = x.sum(-1);
  out("values", [s0, s1, sk, sn]);
  out("names", [gfn(s0), gfn(s1), gfn(sk), gfn(sn)]);
  s0.backward(torch.tensor([1.0, 2.0, 3.0]));
  out("x_grad", x.grad);
  sk.backward(torch.tensor([[10.0], [20.0]]));
  out("x_grad_2", x.grad);
});

program("op_mean", (out) => {
  const x = torch.tensor(A23, { requires_grad: true });
  const m = x.mean();
  const m1 = x.mean(1);
  const mk = torch.mean(x, 0, true);
  out("values", [m, m1, mk]);
  out("names", [gfn(m), gfn(m1), gfn(mk)]);
  m.backward();
  out("x_grad", x.grad);
  mk.sum().backward();
  out("x_grad_2", x.grad);
});

program("op_max_min_all", (out) => {
  const x = torch.tensor(A23, { requires_grad: true });
  const mx = x.max();
  const mn = torch.min(x);
  out("values", [mx, mn]);
  out("names", [gfn(mx), gfn(mn)]);
  mx.backward();
  out("x_grad_max", x.grad);
  mn.backward();
  out("x_grad_min", x.grad);
});

program("op_max_ties", (out) => {
  // Full-reduction max spreads the gradient evenly over tied maxima.
  const x = torch.tensor([3.0, 1.0, 3.0, 3.0], { requires_grad: true });
  const m = x.max();
  m.backward();
  out("m", m);
  out("x_grad", x.grad);
});

program("op_max_dim", (out) => {
  const x = torch.tensor([[1.0, 5.0, 2.0], [7.0, -1.0, 0.0]], { requires_grad: true });
  const { values, indices } = x.max(1);
  out("values", values);
  out("indices", indices.tolist());
  out("name", gfn(values));
  values.sum().backward();
  out("x_grad", x.grad);
});

program("op_min_dim_keepdim", (out) => {
  const x = torch.tensor([[1.0, 5.0, 2.0], [7.0, -1.0, 0.0]], { requires_grad: true });
  const { values, indices } = x.min(0, true);
  out("values", values);
  out("indices", indices.tolist());
  out("name", gfn(values));
  values.backward(torch.tensor([[1.0, 2.0, 3.0]]));
  out("x_grad", x.grad);
});

program("op_to_dtype", (out) => {
  const x = torch.tensor([1.5, -2.0, 0.25], { requires_grad: true });
  const y = x.double();
  const z = y.mul(y).float();
  const w = x.to(torch.float64);
  out("values", [y, z, w]);
  out("names", [gfn(y), gfn(z), gfn(w)]);
  out("same", x.to(torch.float32) === x);
  z.sum().add(w.sum()).backward();
  out("x_grad", x.grad);
});
