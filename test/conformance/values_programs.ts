/** Creation, reading values, repr strings, comparisons, broadcasting, NaN/Inf, float64: twin of values_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program, gfn } from "./harness.js";

const F64 = torch.float64;

program("create_arange", (out) => {
  out("a", [torch.arange(5), torch.arange(1, 4), torch.arange(0, 1, 0.25), torch.arange(5, 1, -1.5)]);
  out("repr", torch.arange(0, 1, 0.25).toString());
  out("repr_int_valued", torch.arange(3).toString());
});

program("create_zeros_ones_full", (out) => {
  out("t", [torch.zeros(2, 3), torch.zeros([3]), torch.ones(2, 2), torch.ones([1, 3]), torch.full([2, 2], 7.5)]);
  out("repr", [torch.zeros(2, 3).toString(), torch.full([2], -1.0).toString()]);
});

program("create_like_eye_linspace", (out) => {
  const x = torch.tensor([[1.0, 2.0, 3.0]], { requires_grad: true });
  const z = torch.zeros_like(x);
  const o = torch.ones_like(x);
  out("like", [z, o, z.requires_grad]);
  out("eye", [torch.eye(3), torch.eye(2, 3)]);
  out("linspace", [torch.linspace(0, 1, 5), torch.linspace(-1, 1, 3)]);
});

program("create_tensor_forms", (out) => {
  const s = torch.tensor(3.5);
  const v = torch.tensor([1.0, 2.0]);
  const m = torch.tensor([[1.0], [2.0]], { requires_grad: true });
  out("t", [s, v, m]);
  out("dims", [s.dim(), v.dim(), m.dim()]);
});

program("read_values", (out) => {
  const x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
  out("shape", [...x.shape]);
  out("size", [x.size(), x.size(0), x.size(1), x.size(-1)]);
  out("dim", x.dim());
  out("numel", x.numel());
  out("tolist", x.tolist());
  out("item", x.sum().item());
  out("dtype", x.dtype);
  out("scalar_tolist", torch.tensor(2.5).tolist());
});

program("repr_strings", (out) => {
  out("frac", torch.tensor([1.0 / 3, 2.0 / 3]).toString());
  out("neg", torch.tensor([-1.0, 2.0, -3.5]).toString());
  out("sci", torch.tensor([1e10, 1.0]).toString());
  out("small", torch.tensor([1e-5, 1.0]).toString());
  out("matrix", torch.tensor([[1.0, 2.0], [3.0, 4.0]]).toString());
  out("matrix_frac", torch.tensor([[1.5, -2.25], [3.0, 4.125]]).toString());
  out("scalar", torch.tensor(28.0).toString());
  out("scalar_frac", torch.tensor(0.1).toString());
  out("req", torch.tensor([1.0, 2.0], { requires_grad: true }).toString());
  out("bool", torch.tensor([1.0, 2.0]).gt(1.5).toString());
  out("nan_inf", torch.tensor([NaN, Infinity, -Infinity, 1.0]).toString());
  out("f64", torch.tensor([1.0, 2.5], { dtype: F64 }).toString());
  out("empty", torch.zeros(0).toString());
});

program("compare_ops", (out) => {
  const a = torch.tensor([1.0, 2.0, 3.0, 4.0]);
  const b = torch.tensor([4.0, 2.0, 1.0, 4.0]);
  out("r", [a.eq(b), a.gt(b), a.lt(b), a.ge(b), a.le(b), a.ne(b), a.gt(2)]);
  out("all_any", [a.eq(b).all(), a.eq(b).any(), a.gt(0).all(), a.gt(10).any()]);
  out("dtype", a.eq(b).dtype);
  out("repr", a.eq(b).all().toString());
});

program("bcast_row_col", (out) => {
  const a = torch.tensor([[1.0], [2.0], [3.0]], { requires_grad: true });
  const b = torch.tensor([[10.0, 20.0, 30.0, 40.0]], { requires_grad: true });
  const y = a.mul(b).add(a);
  out("y", y);
  y.sum().backward();
  out("grads", [a.grad, b.grad]);
});

program("bcast_zero_dim", (out) => {
  const s = torch.tensor(2.0, { requires_grad: true });
  const m = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], { requires_grad: true });
  const y = m.div(s);
  y.sum().backward();
  out("y", y);
  out("grads", [s.grad, m.grad]);
});

program("bcast_leading_dims", (out) => {
  const m = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], { requires_grad: true });
  const v = torch.tensor([0.5, -1.0, 2.0], { requires_grad: true });
  const y = m.sub(v).pow(2);
  y.sum().backward();
  out("y", y);
  out("grads", [m.grad, v.grad]);
});

program("bcast_keepdim_normalize", (out) => {
  const x = torch.tensor([[1.0, 3.0], [2.0, 6.0]], { requires_grad: true });
  const p = x.div(x.sum(1, true));
  p.backward(torch.tensor([[1.0, 0.0], [0.0, 1.0]]));
  out("p", p);
  out("x_grad", x.grad);
});

program("bcast_3d", (out) => {
  const a = torch.tensor([[[1.0, 2.0]], [[3.0, 4.0]]], { requires_grad: true });
  const b = torch.tensor([[1.0], [10.0], [100.0]], { requires_grad: true });
  const y = a.mul(b);
  out("shape", [...y.shape]);
  y.sum().backward();
  out("grads", [a.grad, b.grad]);
});

program("nan_propagation", (out) => {
  const x = torch.tensor([1.0, NaN, 3.0], { requires_grad: true });
  const y = x.mul(2).sum();
  y.backward();
  out("y", y);
  out("x_grad", x.grad);
  out("max", torch.tensor([1.0, NaN]).max());
});

program("inf_propagation", (out) => {
  const x = torch.tensor([0.0, 1.0, 4.0], { requires_grad: true });
  const l = x.log();
  const s = x.sqrt();
  out("log", l);
  out("sqrt", s);
  l.sum().add(s.sum()).backward();
  out("x_grad", x.grad);
  out("inf_times_zero", torch.tensor([Infinity]).mul(0));
});

program("div_by_zero", (out) => {
  const a = torch.tensor([1.0, -1.0, 0.0]);
  out("q", a.div(torch.zeros(3)));
  out("exp_big", torch.tensor([100.0, -100.0]).exp());
});

program("relu_abs_at_zero", (out) => {
  const x = torch.tensor([0.0, 0.0], { requires_grad: true });
  x.relu().sum().backward();
  out("relu_grad", x.grad);
  x.grad = null;
  x.abs().sum().backward();
  out("abs_grad", x.grad);
  x.grad = null;
  x.sqrt().sum().backward();
  out("sqrt_grad", x.grad);
});

program("norm_at_zero", (out) => {
  const x = torch.zeros(3, { requires_grad: true });
  const n = x.norm();
  n.backward();
  out("n", n);
  out("x_grad", x.grad);
});

program("f64_basic", (out) => {
  const x = torch.tensor([0.1, 0.2, 0.3], { dtype: F64, requires_grad: true });
  const y = x.mul(x).sum().add(x.sum());
  out("y", y);
  out("y_repr", y.toString());
  out("sum", torch.tensor(0.1, { dtype: F64 }).add(torch.tensor(0.2, { dtype: F64 })).item());
  y.backward();
  out("x_grad", x.grad);
  out("dtype", x.grad!.dtype);
});

program("f64_promotion", (out) => {
  const a = torch.tensor([1.0, 2.0]);
  const b = torch.tensor([0.5, 0.25], { dtype: F64 });
  out("sum", a.add(b));
  out("scalar_keeps", a.mul(2.5).dtype);
  out("ones_f64", torch.ones(2, { dtype: F64 }));
});

program("f64_softmax_second_order", (out) => {
  const x = torch.tensor([1.0, 2.0, 3.0], { dtype: F64, requires_grad: true });
  const s = x.softmax(0);
  out("s", s);
  const y = x.exp().sum().log();
  const [g] = torch.autograd.grad([y], [x], { create_graph: true });
  out("g", g);
  const [h] = torch.autograd.grad([g!.mul(torch.tensor([1.0, 0.0, 0.0], { dtype: F64 })).sum()], [x]);
  out("h_row0", h);
});

program("float32_rounding", (out) => {
  const x = torch.tensor([0.1, 16777217.0, 1e-45]);
  out("x", x);
  out("sum", torch.tensor([0.1, 0.2]).sum().item());
});

program("detach_shares_storage", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const u = x.detach();
  u.zero_();
  out("x", x);
  out("u_flags", [u.requires_grad, u.is_leaf]);
});

program("grad_fn_structure_course", (out) => {
  const x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], { requires_grad: true });
  const y = torch.tensor([[0.5, 0.5], [2.0, -1.0]]);
  const c = torch.sum(x.mul(y).add(torch.ones(2, 2)));
  const add = c.grad_fn!.next_functions[0]![0]!;
  const mul = add.next_functions[0]![0]!;
  out("chain", [gfn(c), add.name(), mul.name(), mul.next_functions.map(([f]) => (f === null ? null : f.name()))]);
  out("add_next", add.next_functions.map(([f, i]) => [f === null ? null : f.name(), i]));
});

program("random_deterministic", (out) => {
  // Our stream need not match PyTorch's: only determinism, ranges, shapes and flags are compared.
  torch.manual_seed(0);
  const a = torch.rand(3, 4);
  const n = torch.randn(2, 3);
  torch.manual_seed(0);
  const b = torch.rand(3, 4);
  out("same_after_seed", a.eq(b).all());
  out("range", [a.ge(0).all(), a.lt(1).all()]);
  out("shapes", [[...a.shape], [...n.shape], a.dtype, n.dtype]);
  const r = torch.randn(2, 2, { requires_grad: true });
  out("flags", [r.requires_grad, r.is_leaf]);
});

program("create_bool", (out) => {
  const t = torch.tensor([true, false, true]);
  const c = torch.tensor([1.0, 0.0], { dtype: torch.bool });
  out("t", t);
  out("c", c);
  out("repr", [t.toString(), c.toString()]);
  out("all_any", [t.all(), t.any()]);
});

program("repr_more", (out) => {
  out("summarized", torch.arange(2000).toString());
  out("widths", torch.tensor([1.0, 10.0, 100.0]).toString());
  out("million", torch.tensor([1000000.0]).toString());
  out("big", torch.tensor([123456789.0]).toString());
  out("cube", torch.tensor([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]).toString());
  out("mixed_req", torch.tensor([[0.001, 1000.0]], { requires_grad: true }).toString());
  out("neg_zero", torch.tensor([-0.0]).toString());
  out("frac_big", torch.tensor([0.1, 100.5]).toString());
  out("tiny_scalar", torch.tensor(1e-10).toString());
  out("f64_grad_fn", torch.tensor([1.0, 2.0], { dtype: F64, requires_grad: true }).mul(2).toString());
});
