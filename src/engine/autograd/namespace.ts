/**
 * `torch.autograd` as one namespace object: grad and backward (autograd/backward.ts), the functional API and
 * gradcheck (autograd/functional.ts). Kept apart so neither module imports the other.
 */
import type { BackwardOptions } from "../tensor.js";
import type { Tensor } from "../tensor.js";
import { backward, grad } from "./backward.js";
import * as functional from "./functional.js";

/** PyTorch's `torch.autograd`: `grad(outputs, inputs, …)` returns gradients without touching `.grad`; `backward(tensors, …)` fills `.grad`. */
export const autograd = {
  /** PyTorch's `torch.autograd.grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False)`: d outputs / d inputs, returned (not accumulated into `.grad`). */
  grad,
  /** PyTorch's `torch.autograd.backward(tensors, grad_tensors=None, …)`: `backward()` of each tensor, accumulating into the leaves' `.grad`. */
  /** PyTorch's `torch.autograd.functional`: `jacobian`, `hessian`, `vjp`, `jvp`, `hvp`, `vhp`. */
  functional: { jacobian: functional.jacobian, hessian: functional.hessian, vjp: functional.vjp, jvp: functional.jvp, hvp: functional.hvp, vhp: functional.vhp },
  /** PyTorch's `torch.autograd.gradcheck(func, inputs, eps=1e-06, atol=1e-05, rtol=0.001)`: backward's Jacobian against finite differences. */
  gradcheck: functional.gradcheck,
  /** PyTorch's `torch.autograd.gradgradcheck(func, inputs, grad_outputs=None)`: the same for the second derivatives. */
  gradgradcheck: functional.gradgradcheck,
  backward(tensors: Tensor | Tensor[], grad_tensors?: Tensor | Tensor[] | null, opts: BackwardOptions = {}): void {
    const ts = Array.isArray(tensors) ? tensors : [tensors];
    const gs = grad_tensors === undefined || grad_tensors === null ? [] : Array.isArray(grad_tensors) ? grad_tensors : [grad_tensors];
    ts.forEach((t, i) => backward(t, gs[i] ?? null, i < ts.length - 1 ? { ...opts, retain_graph: true } : opts));
  },
};
