/** Indexing and slicing with autograd (issue 9 §2a): the twin of indexing_programs.py. Python's `x[k]` is `x.at(k)`. */
import * as torch from "../../src/engine/index.js";
import { program, gfn, nexts } from "./harness.js";

const X34 = () => torch.arange(12.0).reshape(3, 4).requires_grad_();
const idx = (v: number[] | number[][]) => torch.tensor(v);

program("idx_basic_subscripts", (out) => {
  const x = X34();
  const ys = [x.at(0), x.at(":", 1), x.at("1:3"), x.at("1:3", 2), x.at("...", 1), x.at(null), x.at("::2"), x.at(-1), x.at(0, 1), x.at(":"), x.at(":", null, 1), x.at("1:3").at(0), x.at("-10:2"), x.at("3:1")];
  out("values", ys);
  out("names", ys.map(gfn));
  out("next_col", nexts(ys[1]!));
  out("next_mixed", nexts(ys[10]!));
  ys.reduce((acc, y, i) => acc.add(y.sum().mul(i + 1)), torch.tensor(0.0)).backward();
  out("x_grad", x.grad);
});

program("idx_advanced_subscripts", (out) => {
  const x = X34();
  const ys = [x.at(x.gt(5)), x.at(idx([0, 2])), x.at([0, 2]), x.at(idx([0, 2]), idx([1, 3])), x.at(":", [0, 2]), x.at(idx([[0, 1], [2, 2]]))];
  out("values", ys);
  out("names", ys.map(gfn));
  out("next_cols", nexts(ys[4]!));
  ys.reduce((acc, y, i) => acc.add(y.sum().mul(i + 1)), torch.tensor(0.0)).backward();
  out("x_grad", x.grad);
});

program("idx_setitem", (out, err) => {
  const x = X34();
  const y = x.mul(1);
  y.__setitem__(0, 5);
  out("after_row", [y, gfn(y)]);
  y.__setitem__([":", 1], torch.tensor([1.0, 2.0, 3.0]));
  y.__setitem__(y.gt(8), 0);
  out("after_mask", [y, gfn(y), nexts(y)]);
  y.__setitem__(idx([0, 2]), torch.tensor(-1.0));
  y.__setitem__([idx([1, 2]), idx([0, 3])], torch.tensor([7.0, 8.0]));
  out("after_index", [y, gfn(y)]);
  y.mul(x).sum().backward();
  out("x_grad", x.grad);
  err("leaf_row", () => x.__setitem__(0, 1));
  err("leaf_mask", () => x.__setitem__(x.gt(3), 1));
  const z = torch.zeros(3, 4);
  z.__setitem__(["1:", "::2"], 2);
  out("no_grad_target", z);
});

program("idx_gather_scatter_ops", (out) => {
  const x = X34();
  const src = torch.tensor([[10.0, 20.0], [30.0, 40.0], [50.0, 60.0]], { requires_grad: true });
  const ys = [
    x.select(1, 2), torch.select(x, 0, -1), x.narrow(1, 1, 2), torch.narrow(x, 0, 1, 2),
    x.index_select(1, idx([3, 0, 3])), torch.index_select(x, 0, idx([2])),
    x.gather(1, idx([[0, 0], [3, 1], [2, 2]])), torch.gather(x, 0, idx([[2, 1, 0, 0]])),
    x.take(idx([[0, 11], [5, 5]])), x.masked_select(x.gt(6)), x.masked_fill(x.lt(3), -1),
    x.scatter(1, idx([[0, 1], [2, 3], [1, 0]]), src), x.scatter(0, idx([[2, 0, 1, 1]]), 9.5),
    x.scatter_add(1, idx([[0, 0], [3, 3], [1, 2]]), src), x.index_put([idx([0, 2]), idx([1, 1])], torch.tensor(4.0)),
    x.index_put([idx([1, 1])], torch.tensor([1.0, 2.0, 3.0, 4.0]), true),
  ];
  out("values", ys);
  out("names", ys.map(gfn));
  out("next_scatter", nexts(ys[11]!));
  ys.reduce((acc, y, i) => acc.add(y.sum().mul(i + 1)), torch.tensor(0.0)).backward();
  out("x_grad", x.grad);
  out("src_grad", src.grad);
  const w = x.mul(2);
  w.index_put_([idx([0, 1])], torch.tensor([100.0, 200.0, 300.0, 400.0]));
  out("index_put_", [w, gfn(w)]);
});

program("idx_split_join", (out) => {
  const x = X34();
  const [a, b] = x.chunk(2);
  const p = x.split(1);
  const q = x.split([1, 2]);
  const u = x.unbind(1);
  const v = torch.arange(3.0, { requires_grad: true });
  const hs = [torch.hstack([v, v]), torch.hstack([x, x])];
  const vs = [torch.vstack([v, v]), torch.vstack([x.narrow(1, 0, 3), v.narrow(0, 0, 3).reshape(1, 3).expand(1, 4 - 1)])];
  out("chunk", [a!, b!, gfn(a!), gfn(b!), nexts(a!.add(b!.at(":1")))]);
  out("split", [p.length, gfn(p[0]!), gfn(q[0]!), q[1]!]);
  out("unbind", [u.length, u[3]!, gfn(u[0]!), nexts(u[0]!.mul(u[3]!))]);
  out("stacks", [...hs, ...vs, hs.map(gfn), vs.map(gfn), nexts(vs[0]!)]);
  a!.sum().add(b!.sum().mul(2)).add(p[2]!.sum().mul(3)).add(q[1]!.sum().mul(4)).add(u[1]!.sum().mul(5)).add(hs[1]!.sum()).backward();
  out("x_grad", x.grad);
});

program("idx_errors", (_out, err) => {
  const x = X34();
  err("row", () => x.at(5));
  err("col", () => x.at(":", 7));
  err("too_many", () => x.at(0, 0, 0));
  err("index_tensor", () => x.at(idx([0, 5])));
  err("select", () => x.select(0, 5));
  err("narrow", () => x.narrow(1, 2, 5));
  err("chunk", () => x.chunk(0));
  err("split_sizes", () => x.split([1, 1]));
  err("scalar", () => torch.tensor(1.0).at(0));
});

program("float_index_tensors_rejected", (out, err) => {
  const x = torch.arange(6.0).reshape(2, 3);
  // A dtype spelled out, or a float result of an op: a float tensor, as PyTorch's `torch.tensor([0., 1.])` is.
  const f = torch.tensor([0.0, 1.0], { dtype: torch.float32 });
  const d = torch.tensor([0.0, 1.0], { dtype: torch.float64 });
  const g = torch.tensor([[0.0, 1.0], [1.0, 0.0]], { dtype: torch.float32 });
  const computed = torch.tensor([0, 1], { dtype: torch.int64 }).float();
  const b = torch.tensor([[true, false]]);
  err("getitem", () => x.at(f));
  err("getitem_dim1", () => x.at(":", f));
  err("getitem_pair", () => x.at(torch.tensor([0, 1]), f));
  err("getitem_float64", () => x.at(d));
  err("getitem_computed", () => x.at(computed));
  err("index_select", () => x.index_select(0, f));
  err("index_select_fn", () => torch.index_select(x, 1, d));
  err("index_select_bool", () => x.index_select(0, b.at(0)));
  err("gather", () => x.gather(1, g));
  err("gather_bool", () => torch.gather(x, 1, b));
  err("scatter", () => x.scatter(1, g, 1.0));
  err("scatter_src", () => x.scatter(1, g, torch.ones(2, 2)));
  err("scatter_add", () => x.scatter_add(1, g, torch.ones(2, 2)));
  err("take", () => x.take(f));
  err("take_float64", () => x.take(d));
  err("take_bool", () => x.take(b));
  err("index_put_", () => x.clone().index_put_([f], torch.tensor(1.0)));
  err("index_put", () => x.index_put([f], torch.tensor(1.0)));
  err("setitem", () => { const y = x.clone(); y.__setitem__(f, 1.0); });
  err("setitem_dim1", () => { const y = x.clone(); y.__setitem__([":", f], 0.0); });
  // torch.tensor([1, 0]) of whole numbers without a dtype is the TypeScript spelling of PyTorch's int64 literal.
  const i = torch.tensor([1, 0]);
  out("int_indices", [x.at(i), x.index_select(1, i), x.take(i), x.gather(1, torch.tensor([[2], [0]])), x.at([1, 0])]);
  // Views of such a literal too; an op's result (remainder) is float in TypeScript, so it is made int64 first.
  out("views_of_int_indices", [x.gather(1, torch.arange(6, { dtype: torch.int64 }).reshape(2, 3).remainder(3)), x.gather(1, torch.tensor([[0, 1]]).t()), x.at(torch.tensor([[1, 0]]).at(0))]);
});
