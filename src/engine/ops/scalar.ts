import type { DType, Storage } from "../dtype.js";
import { state } from "../state.js";
import { Tensor, type TensorLike } from "../tensor.js";

/** Float dtype a floating-point result takes: bool and int64 promote to the default dtype, as PyTorch's `sin` or `/` do. */
export function floatOf(d: DType): DType {
  return d === "bool" || d === "int64" ? state.defaultDtype : d;
}

/**
 * Result dtype of arithmetic between a tensor of dtype `d` and a Python number `x` (a wrapped number never
 * promotes within its category): an int64 tensor stays int64 with an integral number and becomes the default
 * float dtype with a fractional one. JavaScript cannot tell `2` from `2.0`, so `x.mul(2.0)` stays int64 (README).
 */
export function scalarResult(d: DType, x: number): DType {
  if (d === "int64") return Number.isInteger(x) ? "int64" : state.defaultDtype;
  return floatOf(d);
}

/** Wraps a JS number as a 0-d tensor of the dtype `scalarResult` gives with `like` (PyTorch's "wrapped number"). */
export function wrap(x: TensorLike, like: Tensor): Tensor {
  if (x instanceof Tensor) return x;
  state.silent++;
  try {
    const dt = scalarResult(like.dtype, x);
    const t = new Tensor(dt === "float32" ? new Float32Array([x]) : new Float64Array([x]), [], dt);
    t._wrapped = true;
    return t;
  } finally {
    state.silent--;
  }
}

/** A constant tensor (never requires grad, never reported): derivative weights and masks inside backward formulas. */
export function constant(data: Storage, shape: readonly number[], dtype: DType): Tensor {
  state.silent++;
  try {
    const t = new Tensor(data, shape, dtype);
    t._wrapped = true;
    return t;
  } finally {
    state.silent--;
  }
}
