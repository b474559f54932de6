import { TorchError, wrapDim } from "../errors.js";
import type { DimOptions } from "../tensor.js";

/** Reduced dims (wrapped, distinct) and keepdim; `dims: null` means a full reduction. */
export interface Dims { dims: number[] | null; keepdim: boolean }

/** Reads PyTorch's `(dim, keepdim)` in any of the accepted spellings; `dims: null` means a full reduction. */
export function parseDims(ndim: number, dim: unknown, keep: unknown): Dims {
  let d: unknown = dim;
  let keepdim = false;
  if (d !== null && typeof d === "object" && !Array.isArray(d)) {
    const o = d as DimOptions;
    d = o.dim;
    keepdim = o.keepdim ?? false;
  }
  if (typeof keep === "boolean") keepdim = keep;
  else if (keep !== null && typeof keep === "object") keepdim = (keep as DimOptions).keepdim ?? keepdim;
  if (d === undefined || d === null) return { dims: null, keepdim };
  const list = Array.isArray(d) ? (d as number[]) : [d as number];
  const dims = list.map((x) => wrapDim(x, ndim));
  for (let i = 0; i < dims.length; i++) {
    if (dims.indexOf(dims[i]!) !== i) throw new TorchError(`dim ${dims[i]} appears multiple times in the list of dims`);
  }
  return { dims: ndim === 0 ? [] : dims, keepdim };
}
