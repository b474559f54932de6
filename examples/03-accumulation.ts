import * as torch from "autograd-lens";

// Gradients accumulate across backward() calls until you clear them with x.grad.zero_().
// Look at the accumulations into x.grad in each pass (before → after).
const x = torch.arange(4.0, { requires_grad: true });

let y = torch.dot(x, x).mul(2);
y.backward(); // pass 1: x.grad = 4x = [0, 4, 8, 12]
console.log(x.grad);

x.grad.zero_(); // clear, or the next pass would add to [0, 4, 8, 12]
y = x.sum(); // y#2: a new graph
y.backward(); // pass 2: x.grad = [1, 1, 1, 1]
console.log(x.grad);

y.backward(); // pass 3 through the same graph: SumBackward0 saved nothing, so it may run again
console.log(x.grad); // accumulated: [2, 2, 2, 2]
