/** torch.autograd.functional and gradcheck (issue 9 §2e): the twin of functional_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program } from "./harness.js";

type T = torch.Tensor;
const AF = torch.autograd.functional;
const f = (x: T): T => x.pow(3).add(x.mul(2).sin());
const g = (x: T, y: T): T => x.mul(y).sum().add(x.exp().sum());
const s = (x: T): T => x.pow(3).sum().add(x.at(0).mul(x.at(1)));

program("functional_jacobian_hessian", (out) => {
  const x = torch.tensor([0.5, -1.0, 2.0], { requires_grad: true });
  const y = torch.tensor([1.5, 2.0, -0.5]);
  out("jacobian", AF.jacobian(f, x) as T);
  out("jacobian_pair", AF.jacobian(g, [x, y]) as T[]);
  out("jacobian_matrix", AF.jacobian((m: T) => m.mm(m), torch.tensor([[1.0, 2.0], [3.0, 4.0]])) as T);
  out("hessian", AF.hessian(s, x) as T);
  const [o, hv] = AF.hvp(s, x, torch.tensor([1.0, 0.0, -1.0]));
  out("hvp", [o, hv as T]);
  const [o2, vh] = AF.vhp(s, x, torch.tensor([1.0, 0.0, -1.0]));
  out("vhp", [o2, vh as T]);
  const [o3, vj] = AF.vjp(f, x, torch.tensor([1.0, 2.0, 3.0]));
  out("vjp", [o3 as T, vj as T]);
  const [o4, jv] = AF.jvp(f, x, torch.tensor([1.0, 2.0, 3.0]));
  out("jvp", [o4 as T, jv as T]);
  const [o5, vj2] = AF.vjp(g, [x, y]);
  out("vjp_scalar_pair", [o5 as T, vj2 as T[]]);
  out("unused_input", AF.jacobian((a: T, _b: T) => a.mul(2), [x, y]) as T[]);
  out("x_untouched", [x.grad, x.requires_grad]);
});

program("functional_gradcheck", (out) => {
  const x = torch.tensor([0.5, -1.0, 2.0], { dtype: torch.float64, requires_grad: true });
  const y = torch.tensor([1.5, 2.0, -0.5], { dtype: torch.float64, requires_grad: true });
  out("ok", [torch.autograd.gradcheck(f, x), torch.autograd.gradcheck(g, [x, y]), torch.autograd.gradgradcheck(f, x), torch.autograd.gradgradcheck(g, [x, y])]);
  // A function whose backward lies: detach hides x from the graph of its first term.
  const wrong = (a: T): T => a.detach().mul(a);
  out("wrong", torch.autograd.gradcheck(wrong, x, { raise_exception: false }));
});
