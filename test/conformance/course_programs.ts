/** Every walkthrough of the course notes, with fixed numbers: the twin of course_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program, gfn, nexts, type Out } from "./harness.js";

const X33 = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [3.0, -2.5, 1.0]];
const Y33 = [[1.0, 2.0, -0.5], [0.1, -3.0, 4.0], [2.5, 0.0, -1.5]];
const Z33 = [[0.0, 1.0, 2.0], [-1.0, -2.0, 0.5], [0.3, 0.7, -0.9]];

program("course_manual_backward", (out) => {
  const x = torch.tensor(X33, { requires_grad: true });
  const y = torch.tensor(Y33);
  const z = torch.tensor(Z33);
  const a = x.mul(y);
  const b = a.add(z);
  const c = torch.sum(b);
  out("c", c);
  out("c_repr", c.toString());
  out("names", [gfn(a), gfn(b), gfn(c)]);
  out("c_next", nexts(c));
  out("b_next", nexts(b));
  out("a_next", nexts(a));
  c.backward();
  out("x_grad", x.grad);
  out("y_grad", y.grad);
  out("z_grad", z.grad);
  // The notes' manual pass: grad_b = ones, grad_a = grad_b, grad_x = grad_a * y.
  const grad_b = torch.mul(1.0, torch.ones(3, 3));
  const grad_x = grad_b.mul(y);
  out("manual_equal", x.grad!.eq(grad_x));
  out("y_times_ones", y.mul(torch.ones(3, 3)));
});

program("course_manual_backward_all_leaves", (out) => {
  const x = torch.tensor(X33, { requires_grad: true });
  const y = torch.tensor(Y33, { requires_grad: true });
  const z = torch.tensor(Z33, { requires_grad: true });
  const c = torch.sum(x.mul(y).add(z));
  c.backward();
  out("x_grad", x.grad);
  out("y_grad", y.grad);
  out("z_grad", z.grad);
  out("leafs", [x.is_leaf, y.is_leaf, z.is_leaf, c.is_leaf]);
});

program("course_dot_4x", (out) => {
  const x = torch.arange(4.0);
  out("x", x);
  out("x_repr", x.toString());
  x.requires_grad_(true);
  out("x_grad_none", x.grad);
  const y = torch.mul(2, torch.dot(x, x));
  out("y", y);
  out("y_repr", y.toString());
  out("y_next", nexts(y));
  y.backward();
  out("x_grad", x.grad);
  out("x_grad_repr", x.grad!.toString());
  const eq = x.grad!.eq(torch.mul(4, x));
  out("check", eq);
  out("check_repr", eq.toString());
});

program("course_accumulation", (out) => {
  const x = torch.arange(4.0);
  x.requires_grad_(true);
  let y = torch.mul(2, torch.dot(x, x));
  y.backward();
  x.grad!.zero_();
  out("zeroed", x.grad);
  y = x.sum();
  out("y_repr", y.toString());
  y.backward();
  out("grad1", x.grad);
  y.backward();
  out("grad2", x.grad);
  out("grad2_repr", x.grad!.toString());
});

program("course_accumulation_without_zero", (out) => {
  const x = torch.arange(4.0, { requires_grad: true });
  let y = torch.mul(2, torch.dot(x, x));
  y.backward();
  y = x.sum();
  y.backward();
  out("grad", x.grad);
  out("grad_repr", x.grad!.toString());
});

program("course_nonscalar_sum", (out) => {
  const x = torch.arange(4.0, { requires_grad: true });
  const y = x.mul(x);
  out("y_repr", y.toString());
  out("x_repr", x.toString());
  y.sum().backward();
  out("x_grad", x.grad);
});

program("course_nonscalar_implicit_error", (out, err) => {
  const x = torch.arange(4.0, { requires_grad: true });
  const y = x.mul(x);
  err("backward_vector", () => y.backward());
  out("x_grad", x.grad);
});

program("course_nonscalar_ones_like", (out) => {
  const x = torch.arange(4.0, { requires_grad: true });
  const y = x.mul(x);
  y.backward(torch.ones_like(y));
  out("x_grad", x.grad);
});

program("course_nonscalar_ones_len", (out) => {
  const x = torch.arange(4.0, { requires_grad: true });
  const y = x.mul(x);
  y.backward(torch.ones(4));
  out("x_grad", x.grad);
});

program("course_nonscalar_weighted_v", (out) => {
  const x = torch.arange(4.0, { requires_grad: true });
  const y = x.mul(x);
  const v = torch.tensor([0.1, 1.0, 0.0001, 10.0]);
  y.backward(v);
  out("x_grad", x.grad);
  out("x_grad_repr", x.grad!.toString());
});

program("course_nonscalar_mean_v", (out) => {
  const x = torch.arange(4.0, { requires_grad: true });
  const y = x.mul(x);
  y.backward(torch.full([4], 0.25), { retain_graph: true });
  out("x_grad", x.grad);
  x.grad!.zero_();
  y.mean().backward();
  out("mean_grad", x.grad);
});

program("course_detach", (out) => {
  const x = torch.arange(4.0, { requires_grad: true });
  const y = x.mul(x);
  const u = y.detach();
  const z = u.mul(x);
  out("u", u);
  out("u_repr", u.toString());
  out("z_repr", z.toString());
  out("u_flags", [u.requires_grad, u.is_leaf, gfn(u)]);
  z.sum().backward();
  const eq = x.grad!.eq(u);
  out("x_grad", x.grad);
  out("check_u", eq);
  out("check_u_repr", eq.toString());
  x.grad!.zero_();
  y.sum().backward();
  out("x_grad_2", x.grad);
  out("check_2x", x.grad!.eq(torch.mul(2, x)));
});

/** The notes' function f(a) with a data-dependent while loop and if. */
function f(a: torch.Tensor, out: Out): torch.Tensor {
  let b = a.mul(2);
  let steps = 0;
  while (Number(b.norm().item()) < 1000) {
    b = b.mul(2);
    steps += 1;
  }
  const c = Number(b.sum().item()) > 0 ? b : torch.mul(100, b);
  out("loop_steps", steps);
  return c;
}

function controlFlow(value: number, out: Out): void {
  const a = torch.tensor(value, { requires_grad: true });
  const d = f(a, out);
  out("d", d);
  out("d_name", gfn(d));
  d.backward();
  out("a_grad", a.grad);
  out("check", a.grad!.eq(d.div(a)));
}

program("course_control_flow_positive", (out) => controlFlow(0.5, out));
program("course_control_flow_negative", (out) => controlFlow(-1.1571, out));
program("course_control_flow_tiny", (out) => controlFlow(0.001, out));
program("course_control_flow_no_loop", (out) => controlFlow(2000.0, out));
program("course_control_flow_negative_no_loop", (out) => controlFlow(-700.0, out));

program("course_control_flow_vector", (out) => {
  const a = torch.tensor([0.5, -1.0, 2.0], { requires_grad: true });
  const d = f(a, out);
  out("d", d);
  d.sum().backward();
  out("a_grad", a.grad);
});

function uvGraph(): { xs: torch.Tensor[]; u: torch.Tensor; v: torch.Tensor; y: torch.Tensor } {
  const xs = [2.0, 3.0, -1.0, 0.5].map((n) => torch.tensor(n, { requires_grad: true }));
  const [x1, x2, x3, x4] = xs as [torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor];
  const u = x1.mul(x2);
  const v = x3.mul(x4);
  return { xs, u, v, y: u.mul(v) };
}

program("course_graph_uv_freed", (out, err) => {
  const { xs, y } = uvGraph();
  out("y", y);
  out("y_next", nexts(y));
  y.backward();
  out("grads", xs.map((x) => x.grad));
  err("second_backward", () => y.backward());
  out("grads_after", xs.map((x) => x.grad));
});

program("course_graph_uv_retain", (out, err) => {
  const { xs, y } = uvGraph();
  y.backward(undefined, { retain_graph: true });
  out("first", xs.map((x) => x.grad));
  y.backward();
  out("second", xs.map((x) => x.grad));
  err("third", () => y.backward());
});

program("course_graph_no_saved_tensors", (out) => {
  // Sum and add save nothing, so a second backward works even without retain_graph.
  const x = torch.arange(4.0, { requires_grad: true });
  const y = x.add(1).sum();
  y.backward();
  y.backward();
  out("x_grad", x.grad);
});

program("course_norm_dim", (out) => {
  const x = torch.ones(1, 4, { requires_grad: true });
  const y = torch.mul(2, x).add(1);
  const z = torch.norm(y, 2, 1);
  out("y", y);
  out("z", z);
  out("z_repr", z.toString());
  out("names", [gfn(y), gfn(z)]);
  z.backward();
  out("x_grad", x.grad);
});

program("course_norm_dim_rows", (out) => {
  const x = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.0, 0.5]], { requires_grad: true });
  const z = torch.norm(torch.mul(2, x).add(1), 2, 1);
  out("z", z);
  z.backward(torch.ones_like(z));
  out("x_grad", x.grad);
});
