/** More ops the tutorials use (issue 9 §2d): the twin of more_programs.py. */
import * as torch from "../../src/engine/index.js";
import { program, gfn, nexts } from "./harness.js";

const X = () => torch.tensor([[1.0, 2.0, 3.0], [4.0, -5.0, 0.5]], { requires_grad: true });

program("more_reductions", (out) => {
  const x = X();
  const ys = [
    x.prod(), x.prod(1), torch.prod(x, 0, true), x.var(), x.var(1), torch.var(x, 0, false), x.var({ dim: 1, correction: 0, keepdim: true }),
    x.std(), x.std(0, false), torch.std(x, 1, true, true), x.logsumexp(1), torch.logsumexp(x, [0, 1]), x.cumsum(1), torch.cumsum(x, 0),
  ];
  out("values", ys);
  out("names", ys.map(gfn));
  ys.reduce((a, y, i) => a.add(y.sum().mul(i + 1)), torch.tensor(0.0)).backward();
  out("x_grad", x.grad);
  const z = torch.tensor([2.0, 0.0, 3.0], { requires_grad: true });
  z.prod().backward();
  out("prod_with_zero", z.grad);
});

program("more_shapes_and_products", (out) => {
  const x = X();
  const v = torch.tensor([1.0, -2.0], { requires_grad: true });
  const ys = [x.repeat(2, 1), x.repeat(1, 2, 2), torch.outer(v, v), v.outer(torch.tensor([3.0, 4.0, 5.0])), torch.diag(x), x.diag(1), torch.diag(v), torch.diag(v, -1), x.narrow(1, 0, 2).trace()];
  out("values", ys);
  out("names", ys.map(gfn));
  out("outer_next", nexts(ys[2]!));
  ys.reduce((a, y, i) => a.add(y.sum().mul(i + 1)), torch.tensor(0.0)).backward();
  out("x_grad", x.grad);
  out("v_grad", v.grad);
});

program("more_einsum", (out) => {
  const a = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], { requires_grad: true });
  const b = torch.tensor([[0.5, -1.0], [2.0, 0.0], [1.0, 1.5]], { requires_grad: true });
  const v = torch.tensor([1.0, -1.0, 2.0], { requires_grad: true });
  const ys = [
    torch.einsum("ij,jk->ik", a, b), torch.einsum("ij->ji", a), torch.einsum("ij,j->i", a, v), torch.einsum("i,i->", v, v),
    torch.einsum("ij->", a), torch.einsum("ij,kj->ik", a, a), torch.einsum("ii->i", a.narrow(1, 0, 2)), torch.einsum("ij,jk", a, b),
    torch.einsum("i,j->ij", v, v), torch.einsum("bij,bjk->bik", a.unsqueeze(0), b.unsqueeze(0)),
  ];
  out("values", ys.map((y) => y.detach()));
  out("transpose_name", gfn(ys[1]!));
  ys.reduce((acc, y, i) => acc.add(y.sum().mul(i + 1)), torch.tensor(0.0)).backward();
  out("grads", [a.grad, b.grad, v.grad]);
});

program("more_argmax_empty", (out) => {
  const x = torch.tensor([[1.0, 7.0, 3.0], [4.0, -5.0, 9.0]]);
  out("argmax", [x.argmax().tolist(), x.argmax(1).tolist(), torch.argmax(x, 0, true).tolist(), x.argmin().tolist(), x.argmin(1).tolist()]);
  out("argmax_text", [String(x.argmax(1)), String(x.argmin())]);
  const e = torch.empty(2, 3);
  out("empty", [e.size(), e.dtype, e.requires_grad]);
});

program("more_set_default_dtype", (out, err) => {
  out("initial", torch.get_default_dtype());
  torch.set_default_dtype(torch.float64);
  const x = torch.tensor([1.5, 2.0], { requires_grad: true });
  const made = [x, torch.zeros(2), torch.ones(1, 2), torch.arange(3.0), torch.linspace(0, 1, 3), torch.full([2], 0.5), torch.eye(2), torch.tensor([true, false]).div(2)];
  out("dtypes", made.map((t) => t.dtype));
  out("values", made);
  out("kept", [torch.tensor([1.0], { dtype: torch.float32 }).dtype, torch.get_default_dtype()]);
  const l = new torch.nn.Linear(2, 1);
  out("linear", l.weight.dtype);
  x.mul(x).sum().backward();
  out("grad", x.grad);
  err("bool", () => torch.set_default_dtype(torch.bool));
  torch.set_default_dtype(torch.float32);
  out("back", [torch.zeros(1).dtype, torch.get_default_dtype()]);
});
