/** Autograd rules: the twin of autograd_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program, gfn, nexts } from "./harness.js";

program("warn_nonleaf_grad", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const y = x.mul(2);
  y.sum().backward();
  out("y_grad", y.grad);
  out("x_grad", x.grad);
});

program("retain_grad_nonleaf", (out) => {
  const x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
  const y = x.mul(x);
  y.retain_grad();
  const z = y.mul(torch.tensor([1.0, -1.0, 0.5])).sum();
  z.backward();
  out("y_grad", y.grad);
  out("x_grad", x.grad);
  out("flags", [y.is_leaf, y.requires_grad]);
});

program("hook_observe", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const y = x.mul(3);
  const seen: torch.Tensor[] = [];
  y.register_hook((g) => {
    seen.push(g.clone());
  });
  y.sum().backward();
  out("seen", seen);
  out("x_grad", x.grad);
});

program("hook_replace_intermediate", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const y = x.mul(x);
  y.register_hook((g) => g.mul(10));
  y.sum().backward();
  out("x_grad", x.grad);
});

program("hook_on_leaf", (out) => {
  const x = torch.tensor([1.0, -1.0], { requires_grad: true });
  x.register_hook((g) => g.add(1));
  x.mul(2).sum().backward();
  out("x_grad", x.grad);
});

program("autograd_grad_basic", (out) => {
  const x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
  const y = x.mul(x).sum();
  const gs = torch.autograd.grad([y], [x]);
  out("grads", gs);
  out("x_grad", x.grad);
});

program("autograd_grad_second_order", (out) => {
  const x = torch.tensor([1.0, 2.0, -1.0], { requires_grad: true });
  const y = x.pow(3).sum();
  const [g] = torch.autograd.grad([y], [x], { create_graph: true });
  out("g", g);
  out("g_flags", [g!.requires_grad, gfn(g!)]);
  const [g2] = torch.autograd.grad([g!.sum()], [x]);
  out("g2", g2);
});

program("autograd_grad_then_backward", (out) => {
  const x = torch.tensor([0.5, 2.0], { requires_grad: true });
  const y = x.sin().mul(x).sum();
  const [g] = torch.autograd.grad([y], [x], { create_graph: true });
  out("g", g);
  g!.sum().backward();
  out("x_grad", x.grad);
});

program("backward_create_graph", (out) => {
  const x = torch.tensor([2.0, 3.0], { requires_grad: true });
  const y = x.mul(x).mul(x).sum();
  y.backward(undefined, { create_graph: true });
  // x.grad's grad_fn is PyTorch's internal CopyBackwards: an artifact, so only values and the flag are compared.
  out("x_grad", x.grad!.detach());
  out("grad_requires_grad", x.grad!.requires_grad);
  const gx = x.grad!.clone();
  x.grad = null;
  gx.sum().backward();
  out("x_grad_2", x.grad);
});

program("autograd_grad_allow_unused", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const w = torch.tensor([3.0, 4.0], { requires_grad: true });
  const y = x.mul(2).sum();
  const gs = torch.autograd.grad([y], [x, w], { allow_unused: true });
  out("grads", gs);
});

program("autograd_grad_outputs", (out) => {
  const x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
  const y = x.mul(x);
  const gs = torch.autograd.grad([y], [x], { grad_outputs: [torch.tensor([1.0, 0.5, -1.0])] });
  out("grads", gs);
});

program("autograd_grad_retain_graph", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const y = x.exp().mul(x).sum();
  const [g1] = torch.autograd.grad([y], [x], { retain_graph: true });
  y.backward();
  out("g1", g1);
  out("x_grad", x.grad);
});

program("autograd_grad_multiple_inputs", (out) => {
  const a = torch.tensor(2.0, { requires_grad: true });
  const b = torch.tensor(-3.0, { requires_grad: true });
  const y = a.mul(a).mul(b).add(b);
  const [ga, gb] = torch.autograd.grad([y], [a, b]);
  out("grads", [ga, gb]);
});

program("backward_inputs_subset", (out) => {
  const a = torch.tensor([1.0, 2.0], { requires_grad: true });
  const b = torch.tensor([3.0, 4.0], { requires_grad: true });
  const y = a.mul(b).sum();
  y.backward(undefined, { inputs: [a] });
  out("a_grad", a.grad);
  out("b_grad", b.grad);
});

program("backward_scalar_gradient_arg", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const y = x.mul(x).sum();
  y.backward(torch.tensor(2.5));
  out("x_grad", x.grad);
});

program("no_grad_basic", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const flags: boolean[] = [];
  const y = torch.no_grad(() => {
    flags.push(torch.is_grad_enabled());
    return x.mul(2);
  });
  out("y", y);
  out("flags", [flags[0], torch.is_grad_enabled(), y.requires_grad, gfn(y), y.is_leaf]);
});

program("enable_grad_inside_no_grad", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const [y, z] = torch.no_grad(() => {
    const inner = torch.enable_grad(() => x.mul(2));
    return [inner, x.mul(3)] as const;
  });
  out("flags", [y.requires_grad, gfn(y), z.requires_grad]);
  y.sum().backward();
  out("x_grad", x.grad);
});

program("no_grad_inplace_leaf", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  x.mul(x).sum().backward();
  torch.no_grad(() => {
    x.sub_(x.grad!.mul(0.1));
  });
  out("x", x);
  out("flags", [x.requires_grad, x.is_leaf, gfn(x)]);
  x.grad!.zero_();
  x.mul(x).sum().backward();
  out("x_grad", x.grad);
});

program("sgd_linear_regression", (out) => {
  const xs = torch.tensor([[1.0], [2.0], [3.0], [4.0]]);
  const ys = torch.tensor([[3.0], [5.0], [7.0], [9.0]]);
  const w = torch.tensor([[0.5]], { requires_grad: true });
  const b = torch.tensor([0.0], { requires_grad: true });
  const losses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const pred = xs.mm(w).add(b);
    const loss = pred.sub(ys).pow(2).mean();
    losses.push(Number(loss.item()));
    loss.backward();
    torch.no_grad(() => {
      w.sub_(w.grad!.mul(0.05));
      b.sub_(b.grad!.mul(0.05));
    });
    w.grad!.zero_();
    b.grad!.zero_();
  }
  out("losses", losses);
  out("w", w);
  out("b", b);
});

program("requires_grad_flag_propagation", (out) => {
  const a = torch.tensor([1.0, 2.0]);
  const b = torch.tensor([3.0, 4.0], { requires_grad: true });
  const c = a.mul(2);
  const d = a.mul(b);
  out("flags", [c.requires_grad, gfn(c), c.is_leaf, d.requires_grad, d.is_leaf, b.is_leaf]);
  a.requires_grad_();
  out("a_flags", [a.requires_grad, a.is_leaf]);
  b.requires_grad_(false);
  out("b_flags", [b.requires_grad, b.is_leaf]);
});

program("fanout_accumulates", (out) => {
  const x = torch.tensor([1.0, -2.0, 0.5], { requires_grad: true });
  const y = x.mul(x).add(x.mul(3)).add(x);
  y.sum().backward();
  out("x_grad", x.grad);
  out("next", nexts(y));
});

program("deep_chain_no_overflow", (out) => {
  const x = torch.tensor(1.0, { requires_grad: true });
  let y = x;
  for (let i = 0; i < 3000; i++) y = y.mul(1.0001);
  y.backward();
  out("y", y);
  out("x_grad", x.grad);
});

program("tiny_mlp_step", (out) => {
  const xb = torch.tensor([[1.0, 2.0, -1.0], [0.5, -0.5, 2.0]]);
  const target = torch.tensor([[1.0, 0.0], [0.0, 1.0]]);
  const w1 = torch.tensor([[0.1, -0.2, 0.3, 0.0], [0.5, 0.4, -0.3, 0.2], [-0.1, 0.2, 0.1, -0.4]], { requires_grad: true });
  const b1 = torch.tensor([0.01, -0.02, 0.03, 0.0], { requires_grad: true });
  const w2 = torch.tensor([[0.2, -0.1], [0.3, 0.1], [-0.2, 0.4], [0.1, 0.1]], { requires_grad: true });
  const h = xb.matmul(w1).add(b1).relu();
  const logits = h.matmul(w2);
  const loss = logits.log_softmax(1).mul(target).sum().neg().div(2);
  out("h", h);
  out("loss", loss);
  loss.backward();
  out("grads", [w1.grad, b1.grad, w2.grad]);
});
