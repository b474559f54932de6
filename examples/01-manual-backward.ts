import * as torch from "autograd-lens";

// The course's manual backward pass of c = sum(x*y + z), on fixed 3×3 values so the numbers are reproducible.
// Look at the backward flow: grad_c = 1, grad_b = ones (SumBackward0), grad_a = grad_z = grad_b (AddBackward0),
// grad_x = grad_a · y and grad_y = grad_a · x (MulBackward0). Only x asks for a gradient.
const x = torch.tensor(
  [
    [0.5, -1.0, 2.0],
    [1.5, 0.25, -0.75],
    [-2.0, 3.0, 1.0],
  ],
  { requires_grad: true },
);
const y = torch.tensor([
  [1.0, 2.0, -1.0],
  [0.5, -0.5, 4.0],
  [3.0, -2.0, 0.1],
]);
const z = torch.tensor([
  [0.1, 0.2, 0.3],
  [0.4, 0.5, 0.6],
  [0.7, 0.8, 0.9],
]);

const a = x.mul(y); // element-wise: MulBackward0 saves x and y
const b = a.add(z); // AddBackward0: passes the gradient through unchanged
const c = torch.sum(b); // a scalar, so c.backward() needs no seed gradient
c.backward();

console.log(x.grad); // equals y: ∂c/∂x = grad_a · y with grad_a all ones
console.log(y.mul(torch.ones(3, 3))); // the hand-derived grad_x, for comparison
console.log(y.grad); // null: y does not require grad
