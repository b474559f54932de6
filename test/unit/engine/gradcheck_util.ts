/** Finite-difference gradient checking in float64, shared by the gradcheck and property tests. */
import * as torch from "../../../src/engine/index.js";
import type { Tensor } from "../../../src/engine/index.js";

/** f maps float64 leaves to a tensor; the scalar checked is sum(f(xs) · w) for a fixed pseudo-random w. */
export type Fn = (...xs: Tensor[]) => Tensor;

function weights(n: number): number[] {
  const w: number[] = [];
  for (let i = 0; i < n; i++) w.push(Math.sin(i * 1.7 + 0.3));
  return w;
}

function scalar(f: Fn, xs: Tensor[]): Tensor {
  const out = f(...xs);
  const w = torch.tensor(weights(out.numel()), { dtype: torch.float64 }).reshape(out.shape.slice());
  return out.mul(w).sum();
}

/** Largest |analytic − numeric| / max(1, |numeric|) over all inputs' elements. */
export function gradError(f: Fn, inputs: Array<{ data: number[]; shape: number[] }>, eps = 1e-6, evalWithGrad = false): number {
  const xs = inputs.map((i) => torch.tensor(i.data, { dtype: torch.float64 }).reshape(i.shape).detach().requires_grad_());
  scalar(f, xs).backward();
  let worst = 0;
  xs.forEach((x, k) => {
    const analytic = x.grad === null ? new Float64Array(x.numel()) : x.grad.storage;
    for (let j = 0; j < x.numel(); j++) {
      // Second-order checks evaluate a function that itself calls autograd.grad, so it needs grad mode.
      const at = (delta: number): number => {
        const run = (): number => {
          const ys = inputs.map((i, m) => {
            const d = i.data.slice();
            if (m === k) d[j] = d[j]! + delta;
            return torch.tensor(d, { dtype: torch.float64, requires_grad: evalWithGrad }).reshape(i.shape);
          });
          return scalar(f, ys).item() as number;
        };
        return evalWithGrad ? run() : torch.no_grad(run);
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      worst = Math.max(worst, Math.abs(analytic[j]! - numeric) / Math.max(1, Math.abs(numeric)));
    }
  });
  return worst;
}

/**
 * Second order: checks the gradient of h(xs) = sum(∂s/∂x₀ · v) (built with create_graph) against finite
 * differences of the first-order gradient, so backward formulas must themselves be differentiable.
 */
export function gradGradError(f: Fn, inputs: Array<{ data: number[]; shape: number[] }>, eps = 1e-6): number {
  const v = (n: number): Tensor => torch.tensor(weights(n + 3).slice(3), { dtype: torch.float64 });
  const h: Fn = (...xs) => {
    const x0 = xs[0]!;
    const [g] = torch.autograd.grad(scalar(f, xs), x0, { create_graph: true });
    // A linear op's gradient is constant (no graph): its second derivative is zero; keep h connected to x₀.
    return g!.reshape(-1).mul(v(g!.numel())).sum().add(x0.mul(0).sum());
  };
  return gradError(h, inputs, eps, true);
}
