/** PyTorch's exact error texts: the twin of errors_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program } from "./harness.js";

program("err_scalar_outputs", (_out, err) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const y = x.mul(2);
  err("backward", () => y.backward());
});

program("err_second_backward", (out, err) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const y = x.mul(x).sum();
  y.backward();
  err("again", () => y.backward());
  out("x_grad", x.grad);
});

program("err_element0_no_grad", (_out, err) => {
  const x = torch.tensor([1.0, 2.0]);
  const y = x.mul(2).sum();
  err("backward", () => y.backward());
});

program("err_no_grad_then_backward", (_out, err) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const y = torch.no_grad(() => x.mul(2).sum());
  err("backward", () => y.backward());
});

program("err_size_mismatch_dim1", (_out, err) => {
  const a = torch.ones(2, 3);
  const b = torch.ones(2, 4);
  err("add", () => a.add(b));
});

program("err_size_mismatch_dim0", (_out, err) => {
  const a = torch.tensor([1.0, 2.0, 3.0]);
  const b = torch.tensor([1.0, 2.0, 3.0, 4.0]);
  err("mul", () => a.mul(b));
});

program("err_mm_shapes", (_out, err) => {
  const a = torch.ones(3, 2);
  const b = torch.ones(3, 4);
  err("mm", () => torch.mm(a, b));
  err("matmul", () => a.matmul(b));
});

program("err_leaf_inplace", (out, err) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  err("add_", () => x.add_(1));
  err("mul_", () => x.mul_(2));
  err("zero_", () => x.zero_());
  out("x", x);
});

program("err_item_many_elements", (out, err) => {
  const x = torch.tensor([1.0, 2.0]);
  err("item", () => x.item());
  out("item_one", torch.tensor([2.5]).item());
});

program("err_view_invalid", (_out, err) => {
  const x = torch.ones(2, 3);
  err("view", () => x.view(4, 2));
  err("reshape", () => x.reshape(5));
});

program("err_grad_shape_mismatch", (_out, err) => {
  const x = torch.tensor([1.0, 2.0, 3.0, 4.0], { requires_grad: true });
  const y = x.mul(2);
  err("backward", () => y.backward(torch.ones(3)));
});

program("err_unused_input", (_out, err) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const w = torch.tensor([3.0], { requires_grad: true });
  const y = x.mul(2).sum();
  err("grad", () => torch.autograd.grad([y], [x, w]));
});

program("err_requires_grad_nonleaf", (_out, err) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  const y = x.mul(2);
  err("requires_grad_false", () => y.requires_grad_(false));
});

program("err_uncaught_stops_program", (out) => {
  const x = torch.tensor([1.0, 2.0], { requires_grad: true });
  out("before", x);
  x.mul(x).backward();
  out("never", x);
});
