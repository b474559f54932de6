import type { DType, Storage } from "../dtype.js";
import { state } from "../state.js";
import { Tensor, type TensorLike } from "../tensor.js";

/** Float dtype arithmetic results take (bool promotes to float32, as PyTorch does for true division). */
export function floatOf(d: DType): DType {
  return d === "bool" ? state.defaultDtype : d;
}

/** Wraps a JS number as a 0-d tensor of `like`'s dtype (PyTorch's "wrapped number": it never promotes). */
export function wrap(x: TensorLike, like: Tensor): Tensor {
  if (x instanceof Tensor) return x;
  state.silent++;
  try {
    const dt = floatOf(like.dtype);
    const t = new Tensor(dt === "float64" ? new Float64Array([x]) : new Float32Array([x]), [], dt);
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
