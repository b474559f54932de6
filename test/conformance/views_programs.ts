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

program("view_of_strided_layouts", (out) => {
  const x = torch.arange(24.0).reshape(2, 3, 4);
  const m = torch.arange(6.0).reshape(2, 3);
  const e = torch.tensor([1.0, 2.0]);
  const cases: Array<[string, () => torch.Tensor]> = [
    ["t_same", () => m.t().view(3, 2)], ["t_unsqueeze", () => m.t().view(3, 1, 2)], ["t_flat", () => m.t().view(6)],
    ["t_infer", () => m.t().view(-1, 2)], ["permute_merge", () => x.permute(1, 2, 0).view(12, 2)],
    ["permute_merge_bad", () => x.permute(1, 2, 0).view(3, 8)], ["permute_split", () => x.permute(2, 0, 1).view(2, 2, 2, 3)],
    ["transpose_split", () => x.transpose(0, 2).view(2, 2, 3, 2)], ["cols", () => x.at(":", ":", "1:3").view(6, 2)],
    ["cols_bad", () => x.at(":", ":", "1:3").view(12)], ["rows", () => x.at(":", "1:", ":").view(2, 8)], ["rows_bad", () => x.at(":", "1:", ":").view(16)],
    ["step", () => x.at(":", ":", "::2").view(6, 2)], ["step_flat", () => x.at(":", ":", "::2").view(12)], ["expand", () => e.expand(3, 2).view(3, 1, 2)],
    ["expand_bad", () => e.expand(3, 2).view(6)], ["expand_lead", () => e.expand(2, 3, 2).view(6, 2)],
    ["select_bad", () => x.at(":", 1).view(8)], ["select_last", () => x.at(":", ":", 1).view(6)], ["narrow", () => x.narrow(1, 1, 2).view(2, 8)],
    ["scalar_expand", () => torch.tensor(5.0).expand(2, 3).view(6)], ["empty", () => torch.zeros(0, 3).t().view(0)],
    ["t_reshape", () => m.t().reshape(3, 1, 2)], ["t_reshape_copy", () => m.t().reshape(6)], ["t_flatten", () => m.t().flatten()],
  ];
  for (const [name, f] of cases) {
    let y: torch.Tensor;
    try {
      y = f();
    } catch (ex) {
      out(name, (ex as Error).message);
      continue;
    }
    out(name, [y, y.shape, y.stride(), y.storage_offset(), y.is_contiguous(), y._base !== null]);
  }
  // A view of a strided view shares the storage: writes reach the base and the other way round.
  const w = torch.arange(6.0).reshape(2, 3);
  const v = w.t().view(3, 1, 2);
  v.__setitem__([0, 0, 1], 100.0);
  w.__setitem__([1, 2], -1.0);
  out("shared", [w, v, v._base === w._base, v.is_contiguous()]);
  const a = torch.arange(6.0, { requires_grad: true });
  const b = a.reshape(2, 3).t();
  const ys = [b.view(3, 1, 2), b.reshape(3, 1, 2), b.reshape(6), b.flatten(), b.view(3, 2)];
  out("grad_fns", ys.map((y) => [gfn(y), y.grad_fn!.next_functions.map(([f, i]) => [f === null ? null : f.name(), i])]));
  out("bases", ys.map((y) => [y._base === a, y._base === b]));
  ys[0]!.mul(torch.tensor([[[1.0, 2.0]], [[3.0, 4.0]], [[5.0, 6.0]]])).sum().backward();
  out("grad", a.grad);
  const c = torch.zeros(2, 3);
  c.t().view(3, 1, 2).add_(1.0);
  out("inplace_through_view", c);
});
