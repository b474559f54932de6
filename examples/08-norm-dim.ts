import * as torch from "autograd-lens";

// A vector-to-vector step inside a scalar's graph: y = 2x + 1 is a vector, z = ‖y‖₂ along dim 1.
// (The course text writes torch.norm(z, 2, dim=1); it means y.)
const x = torch.ones(1, 4, { requires_grad: true });
const y = x.mul(2).add(1); // tensor([[3., 3., 3., 3.]], grad_fn=<AddBackward0>)
const z = torch.norm(y, 2, 1); // tensor([6.], grad_fn=<NormBackward1>)
console.log(z);

z.backward(torch.ones_like(z)); // z has one element but is not 0-d; a seed of ones works either way
console.log(x.grad); // ∂z/∂x = 2·y/‖y‖ = [[1., 1., 1., 1.]]
