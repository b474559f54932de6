/** Real views (issue 9 §2f): shared storage, _base, strides, writes both ways, in-place on views: the twin of views_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program, gfn } from "./harness.js";

program("views_shared_storage", (out) => {
  const base = torch.arange(12.0);
  const a = base.view(3, 4);
  const vs = [a.t(), a.transpose(0, 1), a.permute(1, 0), a.narrow(1, 1, 2), a.at(0).expand(2, 4), a.at(":", 1), a.at("::2", "1::2"), a.select(1, 3), a.unsqueeze(1), a.t().squeeze(), a.T];
  out("is_view", vs.map((v) => v._base === base));
  out("contiguous", vs.map((v) => v.is_contiguous()));
  out("strides", vs.map((v) => v.stride()));
  out("offsets", vs.map((v) => v.storage_offset()));
  out("values", vs);
  // A write through any view is seen by the base and by every other view, and the reverse.
  a.t().__setitem__([1, 2], 100.0);
  a.narrow(1, 2, 1).mul_(-1);
  // Python's `a[::2, 1::2] += 0.5`: the view changed in place, then assigned back (two version bumps).
  const s = a.at("::2", "1::2");
  s.add_(0.5);
  a.__setitem__(["::2", "1::2"], s);
  out("base_after_view_writes", base);
  base.__setitem__(5, -7.0);
  out("views_after_base_write", [vs[0], vs[3], vs[6]]);
  out("versions", [base._version, vs[0]!._version]);
});

program("views_contiguity", (out, err) => {
  const a = torch.arange(6.0).reshape(2, 3);
  const t = a.t();
  out("flags", [t.is_contiguous(), t.t().is_contiguous(), t.contiguous().is_contiguous(), a.expand(2, 2, 3).is_contiguous(), a.narrow(0, 1, 1).is_contiguous(), a.narrow(1, 1, 1).is_contiguous()]);
  err("view_of_transpose", () => t.view(-1));
  out("reshape_of_transpose", [t.reshape(-1), t.reshape(-1)._base === a, t.contiguous()._base]);
  out("flatten_of_permute", a.permute(1, 0).flatten());
  err("inplace_on_expand", () => a.expand(2, 2, 3).add_(1));
  out("expand_values_follow", a.expand(2, 2, 3).at(1));
  const d = t.detach();
  d.__setitem__([0, 0], 9.0);
  out("detach_shares", [a, d._base, d.is_contiguous()]);
});

program("views_detach_inplace", (out, err) => {
  const a = torch.arange(6.0).reshape(2, 3);
  err("t", () => a.t().detach_());
  err("narrow", () => a.narrow(0, 0, 1).detach_());
  err("expand", () => a.expand(2, 2, 3).detach_());
  err("permute", () => a.permute(1, 0).detach_());
  const x = torch.ones(2, { requires_grad: true }).mul(2);
  x.detach_();
  out("detach_non_view", [x.requires_grad, gfn(x)]);
});

program("views_follow_base_requires_grad", (out, err) => {
  const x = torch.zeros(2, 3);
  const vs = [x.t(), x.narrow(1, 0, 2), x.permute(1, 0), x.at(0).expand(4, 3), x.at(":", 1), x.view(6)];
  out("before", vs.map((v) => v.requires_grad));
  x.requires_grad_();
  out("after", vs.map((v) => v.requires_grad));
  out("leaf_and_fn", vs.map((v) => [v.is_leaf, gfn(v)]));
  out("repr", String(vs[0]));
  const y = vs[0]!.mul(3);
  out("op_on_view", [gfn(y), y.grad_fn!.next_functions.map(([f, i]) => [f === null ? null : f.name(), i])]);
  vs[0]!.sum().mul(2).add(vs[1]!.sum()).backward();
  out("no_grad_reaches_base", [x.grad, vs[0]!.grad]);
  err("inplace_on_view", () => vs[0]!.mul_(2));
  x.requires_grad_(false);
  out("off_again", vs.map((v) => v.requires_grad));
  const z = torch.zeros(3, { requires_grad: true });
  const w = torch.no_grad(() => z.t());
  out("no_grad_view", [w.requires_grad, gfn(w)]);
});

program("views_inplace_autograd", (out) => {
  const w = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], { requires_grad: true });
  const y = w.mul(1);
  const yt = y.t();
  yt.mul_(torch.tensor([[2.0], [3.0]]));
  out("names", [gfn(y), gfn(yt)]);
  out("values", [y, yt]);
  yt.mul(yt).sum().backward();
  out("grad", w.grad);
  const v = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], { requires_grad: true });
  const z = v.mul(1);
  const zs = z.at(":", "::2");
  zs.__setitem__(0, 0.0);
  out("setitem_names", [gfn(z), gfn(zs)]);
  z.sum().add(zs.mul(10).sum()).backward();
  out("setitem_grad", v.grad);
  const u = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
  const e = u.expand(2, 3);
  e.mul(torch.tensor([[1.0], [2.0]])).sum().backward();
  out("expand_grad", [gfn(e), u.grad]);
});
