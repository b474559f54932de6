/** Products, norms, softmax and shape ops: the twin of linalg_shape_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program, gfn, nexts } from "./harness.js";

const A23 = [[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]];
const B23 = [[2.0, 0.5, -1.0], [3.0, -0.25, 2.0]];

program("op_dot", (out) => {
  const a = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
  const b = torch.tensor([4.0, -5.0, 6.0], { requires_grad: true });
  const y = torch.dot(a, b);
  out("y", y);
  out("name", gfn(y));
  y.backward();
  out("grads", [a.grad, b.grad]);
});

program("op_mm", (out) => {
  const a = torch.tensor(A23, { requires_grad: true });
  const b = torch.tensor([[1.0, 0.0], [2.0, -1.0], [0.5, 3.0]], { requires_grad: true });
  const y = torch.mm(a, b);
  out("y", y);
  out("name", gfn(y));
  out("next", nexts(y));
  y.backward(torch.tensor([[1.0, 2.0], [3.0, 4.0]]));
  out("grads", [a.grad, b.grad]);
});

program("op_matmul_mm", (out) => {
  const a = torch.tensor(A23, { requires_grad: true });
  const b = torch.tensor(B23, { requires_grad: true });
  const y = a.matmul(b.t());
  out("y", y);
  out("name", gfn(y));
  out("next", nexts(y));
  y.sum().backward();
  out("grads", [a.grad, b.grad]);
});

program("op_matmul_mv", (out) => {
  const a = torch.tensor(A23, { requires_grad: true });
  const v = torch.tensor([1.0, -1.0, 2.0], { requires_grad: true });
  const y = torch.matmul(a, v);
  out("y", y);
  out("name", gfn(y));
  y.sum().backward();
  out("grads", [a.grad, v.grad]);
});

program("op_matmul_vv", (out) => {
  const a = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
  const y = a.matmul(a);
  out("y", y);
  out("name", gfn(y));
  y.backward();
  out("a_grad", a.grad);
});

program("op_matmul_vm", (out) => {
  const v = torch.tensor([1.0, -2.0], { requires_grad: true });
  const b = torch.tensor(B23, { requires_grad: true });
  const y = v.matmul(b);
  out("y", y);
  out("names", [gfn(y), nexts(y)]);
  y.sum().backward();
  out("grads", [v.grad, b.grad]);
});

program("op_norm", (out) => {
  const x = torch.tensor(A23, { requires_grad: true });
  const n2 = x.norm();
  const n1 = x.norm(1);
  const nd = x.norm(2, 1);
  const nk = torch.norm(x, 2, 0, true);
  out("values", [n2, n1, nd, nk]);
  out("names", [gfn(n2), gfn(n1), gfn(nd), gfn(nk)]);
  n2.backward();
  out("grad_n2", x.grad);
  x.grad!.zero_();
  n1.backward();
  out("grad_n1", x.grad);
  x.grad!.zero_();
  nd.sum().backward();
  out("grad_nd", x.grad);
});

program("op_softmax", (out) => {
  const x = torch.tensor(A23, { requires_grad: true });
  const s = x.softmax(1);
  out("s", s);
  out("name", gfn(s));
  s.backward(torch.tensor([[1.0, 0.0, 0.0], [0.0, 2.0, -1.0]]));
  out("x_grad", x.grad);
  const s0 = torch.softmax(x, 0);
  out("s0", s0);
});

program("op_log_softmax", (out) => {
  const x = torch.tensor(A23, { requires_grad: true });
  const s = x.log_softmax(-1);
  out("s", s);
  out("name", gfn(s));
  s.backward(torch.tensor([[1.0, 0.0, 0.0], [0.0, 2.0, -1.0]]));
  out("x_grad", x.grad);
});

program("op_softmax_stable", (out) => {
  const x = torch.tensor([1000.0, 1001.0, 999.0], { requires_grad: true });
  const s = x.softmax(0);
  const ls = torch.log_softmax(x, 0);
  out("s", s);
  out("ls", ls);
  ls.sum().backward();
  out("x_grad", x.grad);
});

program("op_reshape_view", (out) => {
  const x = torch.tensor(A23, { requires_grad: true });
  const r = x.reshape(3, 2);
  const v = x.view(6);
  const r2 = x.reshape([-1]);
  const v2 = x.view(-1, 2);
  out("values", [r, v, r2, v2]);
  out("names", [gfn(r), gfn(v), gfn(r2), gfn(v2)]);
  r.sum(0).mul(torch.tensor([1.0, 2.0])).sum().add(v.mul(v).sum()).backward();
  out("x_grad", x.grad);
});

program("op_transpose", (out) => {
  const x = torch.tensor(A23, { requires_grad: true });
  const t = x.t();
  const tr = x.transpose(0, 1);
  const tn = torch.transpose(x, -1, -2);
  out("values", [t, tr, tn]);
  out("names", [gfn(t), gfn(tr)]);
  t.backward(torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]));
  out("x_grad", x.grad);
});

program("op_unsqueeze_squeeze", (out) => {
  const x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
  const u0 = x.unsqueeze(0);
  const u1 = x.unsqueeze(1);
  const s = u0.squeeze();
  const s0 = u0.squeeze(0);
  const sn = u1.squeeze(0);
  out("shapes", [u0.shape, u1.shape, s.shape, s0.shape, sn.shape].map((sh) => [...sh]));
  out("names", [gfn(u0), gfn(s), gfn(s0), gfn(sn)]);
  u1.mul(torch.tensor([[1.0], [2.0], [3.0]])).sum().add(s.sum()).backward();
  out("x_grad", x.grad);
});

program("op_expand", (out) => {
  const x = torch.tensor([[1.0], [2.0]], { requires_grad: true });
  const e = x.expand(2, 3);
  const e2 = x.expand(-1, 4);
  out("values", [e, e2]);
  out("name", gfn(e));
  e.backward(torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]));
  out("x_grad", x.grad);
});

program("op_clone", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const c = x.clone();
  out("c", c);
  out("flags", [gfn(c), c.is_leaf, c.requires_grad]);
  c.mul(c).sum().backward();
  out("x_grad", x.grad);
});

program("op_inplace_ops", (out) => {
  const x = torch.tensor([1.0, 2.0, 3.0]);
  x.add_(1);
  out("add", x.clone());
  x.sub_(torch.tensor([0.5, 0.5, 0.5]));
  out("sub", x.clone());
  x.mul_(2);
  out("mul", x.clone());
  const r = x.zero_();
  out("zero", x);
  out("returns_self", r === x);
});

program("op_inplace_nonleaf_graph", (out) => {
  const x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
  const y = x.add(1);
  y.mul_(2);
  out("y", y);
  out("name", gfn(y));
  y.sum().backward();
  out("x_grad", x.grad);
});
