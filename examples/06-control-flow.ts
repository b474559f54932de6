import * as torch from "autograd-lens";

// The graph is built as the code runs: the while loop adds one MulBackward0 per iteration, and only the
// branch of the if that ran is recorded. Look at b, b#2, b#3 … (one version per loop iteration).
// A one-element tensor compares like its value (`b.norm() < 1000` runs too); Number(…) keeps TypeScript's checker happy.
function f(a: torch.Tensor) {
  let b = a.mul(2);
  while (Number(b.norm()) < 1000) {
    b = b.mul(2);
  }
  let c;
  if (Number(b.sum()) > 0) {
    c = b;
  } else {
    c = b.mul(100);
  }
  return c;
}

// The course drew a from randn; its value is fixed here so the run is reproducible.
const a = torch.tensor(-1.1571, { requires_grad: true });
const d = f(a);
d.backward();

// d = k·a for a constant k, so a.grad = k = d / a.
console.log(a.grad);
console.log(a.grad.eq(d.div(a))); // tensor(True)
