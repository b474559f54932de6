import * as torch from "autograd-lens";

// y = u*v with u = x1*x2 and v = x3*x4. After backward() the saved tensors are freed, unless retain_graph.
// Look at the freed grad functions after each pass, and at the error of the third call.
const x1 = torch.tensor(1.0, { requires_grad: true });
const x2 = torch.tensor(2.0, { requires_grad: true });
const x3 = torch.tensor(3.0, { requires_grad: true });
const x4 = torch.tensor(4.0, { requires_grad: true });

const u = x1.mul(x2);
const v = x3.mul(x4);
const y = u.mul(v);

y.backward({ retain_graph: true }); // pass 1 keeps the graph
console.log(x1.grad, x2.grad, x3.grad, x4.grad); // 24, 12, 8, 6

y.backward(); // pass 2 accumulates (48, 24, 16, 12), then frees the saved tensors
console.log(x1.grad, x2.grad, x3.grad, x4.grad);

try {
  y.backward(); // pass 3: MulBackward0 lost what it saved
} catch (e) {
  console.log((e as Error).message); // Trying to backward through the graph a second time …
}
