import * as torch from "autograd-lens";

// u = y.detach() has y's values but no history: z = u*x treats u as a constant.
// Look at the dashed "detach" edge from y to u: no gradient ever flows along it.
const x = torch.arange(4.0, { requires_grad: true });
const y = x.mul(x);
const u = y.detach(); // tensor([0., 1., 4., 9.]), not in the graph of x
const z = u.mul(x);

z.sum().backward(); // pass 1: ∂z/∂x = u, not 3x²
console.log(x.grad.eq(u)); // tensor([True, True, True, True])

x.grad.zero_();
y.sum().backward(); // pass 2: y itself is still a function of x, so this gives 2x
console.log(x.grad.eq(x.mul(2))); // tensor([True, True, True, True])
