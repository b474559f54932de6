/** The int64 dtype (issue 9 §2d): the twin of int64_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program, gfn } from "./harness.js";

const i64 = { dtype: torch.int64 };

program("int64_creation_and_repr", (out) => {
  const a = torch.tensor([0, 2], i64);
  const b = torch.arange(4, i64);
  const c = torch.arange(0, 10, 3, { dtype: torch.long });
  const d = torch.tensor([[1, -20], [300, 4]], i64);
  const e = torch.zeros(2, 3, i64);
  const f = torch.full([2], 7, i64);
  const g = torch.tensor([2 ** 40, 3], i64);
  const h = torch.tensor([1.7, -2.7], i64);
  const ts = [a, b, c, d, e, f, g, h, torch.tensor([], i64), torch.tensor(5, i64)];
  out("values", ts);
  out("reprs", ts.map(String));
  out("dtype", [a.dtype, b.dtype, `torch.${a.dtype}`]);
  out("tolist_item", [b.tolist(), torch.tensor(5, i64).item()]);
  out("ones_like", torch.ones_like(a));
});

program("int64_requires_grad_errors", (out, err) => {
  err("factory", () => torch.tensor([1, 2], { dtype: torch.int64, requires_grad: true }));
  err("arange_factory", () => torch.arange(3, { dtype: torch.int64, requires_grad: true }));
  err("zeros_factory", () => torch.zeros(2, { dtype: torch.int64, requires_grad: true }));
  err("method", () => torch.arange(3, i64).requires_grad_());
  err("setter", () => {
    const x = torch.arange(3, i64);
    x.requires_grad = true;
  });
  const x = torch.arange(3, i64);
  x.requires_grad_(false);
  out("off_is_fine", x.requires_grad);
});

program("int64_type_promotion", (out, err) => {
  const x = torch.arange(5, i64);
  const f = torch.tensor([0.5, 1.5, 2.5, 3.5, 4.5]);
  const d = torch.tensor([0.5, 1.5, 2.5, 3.5, 4.5], { dtype: torch.float64 });
  const ys = [
    x.add(f), f.add(x), x.mul(d), x.add(2), x.mul(3), x.sub(1), torch.sub(10, x), x.mul(2.5), x.add(0.5), x.div(2), torch.div(1, x.add(1)), x.pow(2), torch.pow(2, x), x.pow(0.5),
    x.neg(), x.abs(), torch.tensor(3, i64).add(torch.tensor([1.5])), torch.tensor(3.5).add(x),
    torch.tensor(2.5, { dtype: torch.float64 }).add(x), x.mul(torch.tensor(2.5)), x.sin(), x.exp(), x.sqrt(), x.sigmoid(), x.clamp(1, 3),
    x.clamp(0.5, 3), x.relu(), x.eq(2), x.gt(f), x.add(x), torch.tensor([true, false, true, false, true]).add(x),
  ];
  out("values", ys);
  out("dtypes", ys.map((y) => y.dtype));
  err("negative_power", () => x.pow(-1));
});

program("int64_reductions", (out, err) => {
  const x = torch.tensor([[3, -1, 4], [1, 5, -9]], i64);
  const m = torch.tensor([true, false, true]);
  const ys = [x.sum(), x.sum(1), x.sum(0, true), m.sum(), x.prod(), x.prod(1), x.cumsum(1), x.max(), x.min(), x.trace(), x.abs().sum()];
  out("values", ys);
  out("reprs", ys.map(String));
  err("mean", () => x.mean());
  err("mean_bool", () => m.mean());
  out("float_mean", x.float().mean());
});

program("int64_argmax_and_max_dim", (out) => {
  const m = torch.tensor([[1.0, 5.0, 3.0], [7.0, 2.0, 9.0]], { requires_grad: true });
  out("argmax", [m.argmax(), m.argmax(1), torch.argmax(m, 0, true), m.argmin(), m.argmin(1)]);
  const mx = m.max(1);
  const mn = torch.min(m, { dim: 0 });
  out("max_dim", [mx.values, mx.indices, mn.values, mn.indices]);
  out("max_dim_text", [String(mx), String(mn.indices)]);
  // An index tensor from argmax indexes like any int64 tensor.
  const idx = m.argmax(1);
  const picked = m.at(torch.arange(2, i64), idx);
  out("picked", picked);
  picked.sum().backward();
  out("grad", m.grad);
  out("indices_grad", [mx.indices.requires_grad, gfn(mx.indices)]);
});

program("int64_indexing", (out) => {
  const x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], { requires_grad: true });
  const i = torch.tensor([2, 0], i64);
  const ys = [x.at(i), x.at(":", i), x.at(i, i), x.index_select(1, i), torch.gather(x, 1, torch.tensor([[0], [2], [1]], i64)), x.take(torch.tensor([0, 8], i64))];
  out("values", ys);
  out("names", ys.map(gfn));
  ys.reduce((acc, y) => acc.add(y.sum()), torch.tensor(0.0)).backward();
  out("grad", x.grad);
  const v = torch.zeros(4, i64);
  v.__setitem__(torch.tensor([1, 3], i64), 5);
  out("setitem", v);
  out("int_index_of_int", torch.arange(10, 15, i64).at(i));
});

program("int64_conversions_and_inplace", (out, err) => {
  const f = torch.tensor([-1.7, 2.7, 0.5, -0.5]);
  const ys = [f.long(), f.to(torch.int64), torch.arange(3, i64).float(), torch.arange(3, i64).double(), torch.arange(3, i64).to(torch.float32)];
  out("values", ys);
  const x = torch.arange(4, i64);
  x.add_(2);
  x.mul_(3);
  out("inplace_int", x);
  err("add_float", () => x.add_(0.5));
  err("div_", () => x.div_(2));
  x.fill_(2.9);
  out("fill_truncates", x);
  x.copy_(torch.tensor([1.5, -2.5, 3.9, 4.0]));
  out("copy_truncates", x);
  const y = torch.tensor([1.0, 2.0]);
  y.add_(torch.tensor([1, 2], i64));
  out("float_add_int_inplace", y);
});
