/** In-place unary ops (issue 9 §2c): the twin of inplace_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program, gfn, nexts } from "./harness.js";

const leaf = () => torch.tensor([0.5, -1.0, 2.0], { requires_grad: true });

program("inplace_unary_values_and_grads", (out) => {
  const x = leaf();
  const outs = [
    x.mul(1).sin_(), x.mul(1).cos_(), x.mul(1).exp_(), x.abs().add(0.1).log_(), x.abs().sqrt_(), x.mul(1).abs_(),
    x.mul(1).neg_(), x.add(3).reciprocal_(), x.mul(1).tanh_(), x.mul(1).sigmoid_(), x.mul(1).relu_(), x.mul(1).sign_(),
    x.mul(1).square_(), x.mul(1).pow_(3), x.mul(1).clamp_(-0.5, 1.0), x.mul(1).clamp_({ min: 0 }),
  ];
  out("values", outs);
  out("names", outs.map(gfn));
  out("versions", outs.map((t) => t._version));
  outs.reduce((a, t, i) => a.add(t.sum().mul(i + 1)), torch.tensor(0.0)).backward();
  out("x_grad", x.grad);
  const c = x.mul(1);
  c.tanh_().sigmoid_();
  out("chain", [gfn(c), nexts(c), c._version]);
});

program("inplace_unary_version_errors", (out, err) => {
  const x = leaf();
  const y = x.sigmoid();
  y.sin_();
  err("saved_output", () => y.sum().backward());
  const a = x.mul(1);
  const b = a.mul(a);
  a.relu_();
  err("saved_input", () => b.sum().backward());
  const p = x.mul(1);
  const q = p.exp();
  p.add_(1);
  q.sum().backward();
  out("exp_saves_result_only", x.grad);
  err("leaf", () => x.sin_());
  torch.no_grad(() => x.relu_());
  out("leaf_under_no_grad", [x, x._version, x.requires_grad]);
});
