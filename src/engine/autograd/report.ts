import { state } from "../state.js";
import type { Tensor } from "../tensor.js";

// The observer reports, apart from record.ts so that tensor.ts (which reports requires_grad changes) needs no
// module that imports Tensor back.

/** Reports a tensor creation to the observer (callers have already checked that one is attached). */
export function reportCreated(t: Tensor, op: string, inputs: Tensor[], detachedFrom: Tensor | null): void {
  const o = state.observer;
  if (o === null || o.tensorCreated === undefined || state.silent !== 0) return;
  const shown: Tensor[] = [];
  for (const i of inputs) if (!i._wrapped) shown.push(i);
  o.tensorCreated({ tensor: t, op, inputs: shown, gradEnabled: state.gradEnabled, detachedFrom });
}

/** Reports an in-place change (data, requires_grad, grad_fn) of an existing tensor. */
export function reportChanged(t: Tensor, op: string): void {
  const o = state.observer;
  if (o !== null && o.tensorChanged !== undefined && state.silent === 0) o.tensorChanged({ tensor: t, op });
}
