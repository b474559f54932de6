import * as torch from "autograd-lens";

// backward() on a vector y needs a seed: y.sum().backward() and y.backward(torch.ones_like(y)) are the same
// vector–Jacobian product with v = ones; y.backward(v) weights each element of y by v.
// Look at the seed gradient of each pass and at x.grad after each one.
const x = torch.arange(4.0, { requires_grad: true });
const y = x.mul(x); // tensor([0., 1., 4., 9.], grad_fn=<MulBackward0>)

y.sum().backward({ retain_graph: true }); // pass 1: x.grad = 2x = [0, 2, 4, 6]
console.log(x.grad);

x.grad.zero_();
y.backward(torch.ones_like(y), { retain_graph: true }); // pass 2: the same [0, 2, 4, 6]
console.log(x.grad);

x.grad.zero_();
const v = torch.tensor([1.0, 0.1, 0.01, 0.001]);
y.backward(v); // pass 3: vᵀJ = v · 2x = [0, 0.2, 0.04, 0.006]
console.log(x.grad);
