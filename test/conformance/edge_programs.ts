/** Edge cases where an engine can quietly differ from PyTorch: the twin of edge_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program, gfn } from "./harness.js";

program("edge_pow_at_zero", (out) => {
  const x = torch.tensor([0.0, 0.0, 2.0], { requires_grad: true });
  const y = x.pow(0).sum().add(x.pow(2).sum()).add(x.pow(0.5).sum());
  y.backward();
  out("x_grad", x.grad);
  out("neg_base_frac", torch.tensor([-8.0]).pow(1.0 / 3));
  out("zero_pow_zero", torch.tensor([0.0]).pow(0));
});

program("edge_nan_domains", (out) => {
  const x = torch.tensor([-1.0, -4.0], { requires_grad: true });
  const y = x.sqrt().sum().add(x.log().sum());
  out("y", y);
  y.backward();
  out("x_grad", x.grad);
});

program("edge_softmax_neg_inf", (out) => {
  const x = torch.tensor([[0.0, -Infinity, 1.0], [-Infinity, -Infinity, 2.0]], { requires_grad: true });
  const s = x.softmax(1);
  const ls = x.log_softmax(1);
  out("s", s);
  out("ls", ls);
  s.backward(torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]));
  out("x_grad", x.grad);
});

program("edge_max_dim_ties", (out) => {
  const x = torch.tensor([[2.0, 5.0, 5.0], [1.0, 1.0, 0.0]], { requires_grad: true });
  const { values, indices } = x.max(1);
  out("indices", indices.tolist());
  values.sum().backward();
  out("x_grad", x.grad);
  out("min_all_ties", torch.tensor([1.0, 1.0, 3.0]).min());
});

program("edge_float32_overflow", (out) => {
  const x = torch.tensor([88.0, 89.0, -104.0]);
  out("exp", x.exp());
  out("exp_f64", torch.tensor([88.0, 89.0, -104.0], { dtype: torch.float64 }).exp());
  out("square", torch.tensor([2e19]).mul(torch.tensor([2e19])));
  out("sigmoid_far", torch.tensor([-100.0, 100.0]).sigmoid());
  out("tanh_far", torch.tensor([-50.0, 50.0]).tanh());
});

program("edge_clamp_min_above_max", (out) => {
  const x = torch.tensor([-1.0, 0.5, 3.0], { requires_grad: true });
  const y = x.clamp(2.0, 1.0);
  out("y", y);
  y.sum().backward();
  out("x_grad", x.grad);
});

program("edge_multi_dim_reductions", (out) => {
  const x = torch.tensor([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]], { requires_grad: true });
  const s = x.sum([0, 2]);
  const m = x.mean([1, 2], true);
  out("s", s);
  out("m", m);
  out("names", [gfn(s), gfn(m)]);
  s.sum().add(m.sum()).backward();
  out("x_grad", x.grad);
});

program("edge_matmul_batched", (out) => {
  const a = torch.tensor([[[1.0, 2.0], [3.0, 4.0]], [[0.5, -1.0], [2.0, 0.0]]], { requires_grad: true });
  const b = torch.tensor([[1.0, -1.0, 0.0], [2.0, 0.5, 1.0]], { requires_grad: true });
  const y = a.matmul(b);
  out("y", y.detach());
  out("shape", [...y.shape]);
  y.sum().backward();
  out("grads", [a.grad, b.grad]);
});

program("edge_shape_noops", (out) => {
  const v = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
  const t = v.t();
  const s = v.unsqueeze(0).squeeze(1);
  const e = torch.tensor([[1.0], [2.0]]).expand(2, 2, 3);
  out("t", t);
  out("s", s);
  out("e_shape", [...e.shape]);
  out("names", [gfn(t), gfn(s)]);
});

program("edge_hook_remove", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const h = x.register_hook((g) => g.mul(100));
  h.remove();
  x.mul(2).sum().backward();
  out("x_grad", x.grad);
});

program("edge_shared_subgraph_freed", (out, err) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const y = x.mul(x);
  const a = y.sum();
  const b = y.mean();
  a.backward();
  err("second_root", () => b.backward());
  out("x_grad", x.grad);
});

program("edge_requires_grad_created_under_no_grad", (out) => {
  const [w, y] = torch.no_grad(() => {
    const wi = torch.tensor([1.0, 2.0], { requires_grad: true });
    return [wi, wi.mul(2)] as const;
  });
  out("flags", [w.requires_grad, w.is_leaf, y.requires_grad]);
  w.mul(w).sum().backward();
  out("w_grad", w.grad);
});

program("edge_detach_then_requires_grad", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const u = x.mul(3).detach().requires_grad_();
  u.mul(u).sum().backward();
  out("u_grad", u.grad);
  out("x_grad", x.grad);
  out("flags", [u.is_leaf, u.requires_grad]);
});

program("edge_autograd_grad_nonscalar", (_out, err) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const y = x.mul(2);
  err("grad", () => torch.autograd.grad([y], [x]));
});

program("edge_norm_inf_and_p3", (out) => {
  const x = torch.tensor([[1.0, -4.0], [2.0, 3.0]], { requires_grad: true });
  const ni = x.norm(Infinity);
  const n3 = x.norm(3, 1);
  out("values", [ni, n3]);
  ni.add(n3.sum()).backward();
  out("x_grad", x.grad);
});

/** Assigns an attribute the way a snippet could if it ignored the types (`never` setters refuse it at compile time). */
function assign(obj: object, key: string, value: unknown): void {
  (obj as Record<string, unknown>)[key] = value;
}

program("edge_readonly_attributes", (out, err) => {
  const x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], { requires_grad: true });
  const y = x.mul(2);
  err("shape", () => assign(x, "shape", [3, 2]));
  err("dtype", () => assign(x, "dtype", torch.float64));
  err("grad_fn", () => assign(y, "grad_fn", null));
  err("is_leaf", () => assign(x, "is_leaf", false));
  err("ndim", () => assign(x, "ndim", 3));
  err("version", () => assign(x, "_version", 3));
  err("requires_grad", () => assign(x, "requires_grad", true));
  out("same_grad_fn", y.grad_fn === y.grad_fn);
  out("shape", y.size());
  y.sum().backward();
  out("x_grad", x.grad);
});
