import * as torch from "autograd-lens";

// y = 2·xᵀx, a scalar function of a vector. Its gradient is 4x.
// Look at the graph: x (a leaf, blue) → DotBackward0 → MulBackward0 → y (the root).
const x = torch.arange(4.0); // tensor([0., 1., 2., 3.])
x.requires_grad_(true); // from now on every op on x is recorded
console.log(x.grad); // null: no backward pass yet

const y = torch.dot(x, x).mul(2);
console.log(y); // tensor(28., grad_fn=<MulBackward0>)

y.backward();
console.log(x.grad); // tensor([ 0.,  4.,  8., 12.])
console.log(x.grad.eq(x.mul(4))); // tensor([True, True, True, True])
