/** More of PyTorch's exact error texts: the twin of errors_shape_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program } from "./harness.js";

program("err_dim_out_of_range", (_out, err) => {
  const x = torch.ones(2, 3);
  err("unsqueeze", () => x.unsqueeze(3));
  err("sum", () => x.sum(2));
  err("softmax", () => x.softmax(2));
  err("transpose", () => x.transpose(0, 2));
});

program("err_view_noncontiguous", (out, err) => {
  const x = torch.ones(2, 3);
  err("view", () => x.t().view(6));
  out("reshape_ok", x.t().reshape(6));
});

program("err_expand_and_shapes", (_out, err) => {
  err("expand", () => torch.ones(2, 1).expand(4, 3));
  err("dot", () => torch.dot(torch.ones(3), torch.ones(4)));
  err("mm_vector", () => torch.mm(torch.ones(3), torch.ones(3, 3)));
  err("matmul_mv", () => torch.ones(2, 3).matmul(torch.ones(4)));
});

program("err_inplace_broadcast", (out, err) => {
  err("add_mismatch", () => torch.ones(2, 3).add_(torch.ones(3, 3)));
  err("add_grows", () => torch.ones(1, 3).add_(torch.ones(2, 3)));
  const t = torch.ones(2, 3);
  t.add_(torch.tensor([1.0, 2.0, 3.0]));
  out("broadcast_ok", t);
});

program("err_hooks_need_grad", (_out, err) => {
  const x = torch.ones(2, 3);
  err("register_hook", () => x.register_hook((g) => g));
  err("retain_grad", () => x.retain_grad());
});

program("err_autograd_grad_no_grad_output", (_out, err) => {
  const a = torch.tensor([1.0, 2.0], { requires_grad: true });
  err("grad", () => torch.autograd.grad([torch.ones(2).sum()], [a]));
  err("backward_plain", () => torch.tensor([1.0, 2.0]).sum().backward());
});

program("err_modified_by_inplace", (_out, err) => {
  const a = torch.tensor([1.0, 2.0], { requires_grad: true });
  const b = a.mul(2);
  const c = b.mul(b);
  b.add_(1);
  err("backward", () => c.sum().backward());
});
