/** Hooks and errors exactly as PyTorch 1.13 behaves (issue 9 §2f): the twin of hooks_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program } from "./harness.js";

type T = torch.Tensor;
const leaf = () => torch.tensor([1.0, 2.0], { requires_grad: true });

program("hooks_order_and_targets", (out) => {
  let x = leaf();
  let y = x.mul(2);
  y.register_hook((g) => g.mul(10));
  y.retain_grad();
  y.sum().backward();
  out("hook_then_retain", [y.grad, x.grad]);
  x = leaf();
  y = x.mul(2);
  y.retain_grad();
  y.register_hook((g) => g.mul(10));
  y.sum().backward();
  out("retain_then_hook", [y.grad, x.grad]);
  const log: Array<[string, unknown]> = [];
  x = leaf();
  y = x.mul(2);
  x.register_hook((g) => { log.push(["x", g.tolist()]); });
  y.register_hook((g) => { log.push(["y", g.tolist()]); });
  const [gx] = torch.autograd.grad(y.mul(y).sum(), [x]);
  out("grad_inputs_hooks", [log.slice(), gx!]);
  log.length = 0;
  x = leaf();
  y = x.mul(2);
  y.register_hook((g) => { log.push(["y", g.tolist()]); return g.mul(3); });
  const [gy] = torch.autograd.grad(y.mul(y).sum(), [y]);
  out("grad_wrt_hooked_nonleaf", [log.slice(), gy!]);
  log.length = 0;
  x = leaf();
  y = x.mul(2);
  y.register_hook((g) => { log.push(["before", g.tolist()]); });
  y.mul_(3);
  y.register_hook((g) => { log.push(["after", g.tolist()]); });
  y.sum().backward();
  out("inplace_hooks", [log.slice(), x.grad]);
});

program("hooks_on_grad_fn", (out) => {
  const x = leaf();
  const y = x.mul(2);
  const z = y.sum();
  const log: unknown[] = [];
  z.grad_fn!.register_hook((gi: Array<T | null>, go: T[]) => { log.push(["hook", gi.map((t) => (t === null ? null : t.tolist())), go.map((t) => t.tolist())]); });
  z.grad_fn!.register_prehook((go: T[]) => { log.push(["pre", go.map((t) => t.tolist())]); });
  const h = y.grad_fn!.register_hook((gi: Array<T | null>) => [gi[0]!.mul(5), gi[1] ?? null]);
  z.backward();
  out("log", log);
  out("x_grad", x.grad);
  h.remove();
  const x2 = leaf();
  x2.mul(2).sum().backward();
  out("removed", x2.grad);
});

program("hooks_errors_validation", (out, err) => {
  const a = torch.tensor([1.0], { requires_grad: true });
  const b = torch.tensor([2.0]);
  err("backward_validate", () => torch.autograd.backward([a.mul(2), b]));
  out("untouched", a.grad);
  err("grad_inputs", () => torch.autograd.grad([a.mul(2)], [a, b]));
  err("grad_outputs", () => torch.autograd.grad([b], [a]));
  const x = leaf();
  const y = x.mul(2);
  out("retains", [x.retains_grad, y.retains_grad]);
  y.retain_grad();
  out("retains_after", y.retains_grad);
  const w = x.mul(1);
  const v = w.at("0:1");
  err("detach_view", () => v.detach_());
  out("bases", [v._base === w, x.narrow(0, 0, 1)._base === x, x._base === null]);
});
