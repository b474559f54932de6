import type { DType, Storage } from "../dtype.js";
import { state } from "../state.js";
import { Tensor } from "../tensor.js";
import { GradFn, NULL_EDGE, type OpDef } from "./node.js";
import { reportCreated } from "./report.js";

export { reportChanged, reportCreated } from "./report.js";

/** The grad function a gradient for `t` flows into: its grad_fn, or its (cached) AccumulateGrad for a leaf. */
export function gradEdge(t: Tensor): GradFn | null {
  if (t._gradFn !== null) return t._gradFn;
  // A view that requires grad only through its base (made before the base's requires_grad_()) has no
  // accumulator of its own: PyTorch records `(None, 0)` for it, and no gradient reaches the base that way.
  if (!t._rg) return null;
  let acc = t._acc;
  if (acc === null) {
    acc = new GradFn(null, [], [], undefined, t);
    t._acc = acc;
  }
  return acc;
}

/** The edge a gradient for `t` flows along: `[grad_fn or AccumulateGrad, output index]`, or `[null, 0]`. */
export function edgeOf(t: Tensor): readonly [GradFn | null, number] {
  const oe = t._outEdge;
  if (oe !== null && oe[0] === t._gradFn) return oe;
  const e = gradEdge(t);
  return e === null ? NULL_EDGE : e._edge;
}

/**
 * Finishes an op: attaches a grad function when grad mode is on and an input requires grad, then reports the new
 * tensor. `saved` is only evaluated when a node is built, so ops that do not need grad pay nothing for it.
 */
export function record<X>(
  out: Tensor,
  op: string,
  def: OpDef<X>,
  inputs: Tensor[],
  saved: ((out: Tensor) => Array<Tensor | null>) | null,
  ctx: X,
): Tensor {
  if (state.gradEnabled) {
    let need = false;
    for (let i = 0; i < inputs.length; i++) if (inputs[i]!.requires_grad) { need = true; break; }
    if (need) {
      const next = new Array<readonly [GradFn | null, number]>(inputs.length);
      for (let i = 0; i < inputs.length; i++) next[i] = edgeOf(inputs[i]!);
      const node = new GradFn<X>(def, next, saved === null ? [] : saved(out), ctx, null);
      if (node.saved.length !== 0) node.outputSaved = node.saved.indexOf(out);
      out._gradFn = node as GradFn;
      out._rg = true;
    }
  }
  const o = state.observer;
  if (o !== null && state.silent === 0) reportCreated(out, op, inputs, null);
  return out;
}

/** A new tensor from raw storage, reported as created by `op` (creation functions; no inputs). */
export function fresh(storage: Storage, shape: number[], dtype: DType, op: string, requiresGrad = false): Tensor {
  const t = new Tensor(storage, shape, dtype);
  t._rg = requiresGrad;
  if (state.observer !== null) reportCreated(t, op, [], null);
  return t;
}


/**
 * Finishes an op PyTorch 1.13 has no derivative for (`floor_divide`, `remainder` of a number by a tensor): its
 * grad_fn is a `NotImplemented` node whose edges lead only to the inputs that require grad, as PyTorch's do, and
 * whose backward raises `derivative for aten::<op> is not implemented`. The observer still sees every input.
 */
export function recordNotImplemented<X>(out: Tensor, op: string, def: OpDef<X>, inputs: Tensor[], ctx: X): Tensor {
  if (state.gradEnabled && inputs.some((t) => t.requires_grad)) {
    const next: Array<readonly [GradFn | null, number]> = [];
    for (const t of inputs) {
      if (!t.requires_grad) continue;
      next.push(edgeOf(t));
    }
    out._gradFn = new GradFn<X>(def, next, [], ctx, null) as GradFn;
    out._rg = true;
  }
  if (state.observer !== null && state.silent === 0) reportCreated(out, op, inputs, null);
  return out;
}
