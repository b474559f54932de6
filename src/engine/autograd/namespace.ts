/**
 * `torch.autograd` (a namespace: values and types, so `ctx: torch.autograd.FunctionCtx` type-checks): grad and
 * backward (autograd/backward.ts), the functional API and gradcheck (autograd/functional.ts), custom Functions
 * (autograd/function.ts). Kept apart so none of those modules imports another's users.
 */
import type { BackwardOptions, Tensor } from "../tensor.js";
import { backward as backwardOne } from "./backward.js";
import { TorchError } from "../errors.js";

export { grad, type GradOptions } from "./backward.js";
export { gradcheck, gradgradcheck, type GradcheckOptions } from "./functional.js";
export { Function, FunctionCtx } from "./function.js";
/** PyTorch's `torch.autograd.functional`: `jacobian`, `hessian`, `vjp`, `jvp`, `hvp`, `vhp`. */
export * as functional from "./functional_api.js";

/** PyTorch's `torch.autograd.backward(tensors, grad_tensors=None, …)`: `backward()` of each tensor, accumulating into the leaves' `.grad`. */
export function backward(tensors: Tensor | Tensor[], grad_tensors?: Tensor | Tensor[] | null, opts: BackwardOptions = {}): void {
  const ts = Array.isArray(tensors) ? tensors : [tensors];
  // Every root is checked before anything runs, as PyTorch does: an error leaves every .grad untouched.
  ts.forEach((t, i) => {
    if (!t.requires_grad) throw new TorchError(`element ${i} of tensors does not require grad and does not have a grad_fn`, { tensorId: t.id });
  });
  const gs = grad_tensors === undefined || grad_tensors === null ? [] : Array.isArray(grad_tensors) ? grad_tensors : [grad_tensors];
  ts.forEach((t, i) => backwardOne(t, gs[i] ?? null, i < ts.length - 1 ? { ...opts, retain_graph: true } : opts));
}
