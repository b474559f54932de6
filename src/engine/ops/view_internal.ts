import { record } from "../autograd/record.js";
import { defineGrad } from "../autograd/node.js";
import { TorchError, wrapDim } from "../errors.js";
import type { Storage } from "../dtype.js";
import { numelOf, shapeStr, stridesOf } from "../shape.js";
import { isRowMajor } from "../strided.js";
import { state } from "../state.js";
import { Tensor } from "../tensor.js";

// Views that several op modules build (matmul folds batch dims with _unsafe_view and squeezes with
// SqueezeBackward3): kept apart from ops/shape.ts, whose exports are all public torch.* functions.

export interface ShapeCtx { shape: readonly number[] }

export const VIEW = defineGrad<ShapeCtx>({
  name: "ViewBackward0", saves: [], formulas: ["∂out/∂self = 1 (same values, new shape)"],
  backward: (n, g) => [g.reshape(n.ctx.shape)],
});
export const RESHAPE_ALIAS = defineGrad<ShapeCtx>({ ...VIEW, name: "ReshapeAliasBackward0" });
export const UNSAFE_VIEW = defineGrad<ShapeCtx>({ ...VIEW, name: "UnsafeViewBackward0" });
export const SQUEEZE0 = defineGrad<ShapeCtx>({
  name: "SqueezeBackward0", saves: [], formulas: ["∂out/∂self = 1 (size-1 dims restored)"],
  backward: (n, g) => [g.reshape(n.ctx.shape)],
});
const SQUEEZE1 = defineGrad<ShapeCtx>({ ...SQUEEZE0, name: "SqueezeBackward1" });
const SQUEEZE3 = defineGrad<ShapeCtx>({ ...SQUEEZE0, name: "SqueezeBackward3" });

/** Where the elements of `a` live: its buffer, element 0's position and the strides (row-major when contiguous). */
export function layoutOf(a: Tensor): { buf: Storage; offset: number; strides: readonly number[] } {
  return a._strides === null ? { buf: a._buf, offset: 0, strides: stridesOf(a._shape) } : { buf: a._buf, offset: a._offset, strides: a._strides };
}

/**
 * A view of `a` with `shape` over `a`'s buffer (`strides` and `offset` in that buffer's elements): shares the
 * storage and the version counter, and is marked as a view of `a`'s base. A row-major layout becomes a plain
 * contiguous window (a subarray); any other is a strided view, read through `Tensor.storage`.
 */
export function stridedView(a: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  const buf = a._buf;
  const out = isRowMajor(shape, strides)
    ? new Tensor(offset === 0 && numelOf(shape) === buf.length ? buf : buf.subarray(offset, offset + numelOf(shape)), shape, a.dtype)
    : new Tensor(buf, shape, a.dtype, strides, offset);
  a._shareVersion(out);
  return markView(out, a);
}

/** Records that `out` is a view of `a` (for PyTorch's in-place-on-a-view rules). */
export function markView(out: Tensor, a: Tensor): Tensor {
  out._viewOf = a._viewOf ?? a;
  out._viewNoGrad = !state.gradEnabled;
  // A view of `torch.tensor([0, 2])` still stands for PyTorch's int64 literal (it may index).
  out._intData = a._intData;
  return out;
}

/** Reads a size given as numbers or one array, resolving a single -1 like PyTorch. */
export function resolveShape(args: ReadonlyArray<number | readonly number[]>, numel: number): number[] {
  const raw: number[] = args.length === 1 && Array.isArray(args[0]) ? args[0].slice() : (args as number[]).slice();
  let infer = -1;
  let prod = 1;
  for (let i = 0; i < raw.length; i++) {
    const d = raw[i]!;
    if (d === -1) {
      if (infer >= 0) throw new TorchError("only one dimension can be inferred");
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new TorchError(`invalid shape dimension ${d}`);
    } else prod *= d;
  }
  if (infer >= 0) {
    if (prod === 0 || numel % prod !== 0) throw new TorchError(`shape '${shapeStr(raw)}' is invalid for input of size ${numel}`);
    raw[infer] = numel / prod;
  } else if (prod !== numel) {
    throw new TorchError(`shape '${shapeStr(raw)}' is invalid for input of size ${numel}`);
  }
  return raw;
}

/** `_unsafe_view`: a reshape recorded as UnsafeViewBackward0 (how PyTorch's matmul folds batch dims back). */
export function unsafeView(a: Tensor, shape: readonly number[]): Tensor {
  const shp = resolveShape([shape], a._numel);
  return record(a._shareVersion(new Tensor(a.storage, shp, a.dtype)), "matmul", UNSAFE_VIEW, [a], null, { shape: a._shape });
}

/** `squeeze(dim)` recorded under a given grad_fn name (matmul's 1-D case shows SqueezeBackward3 in PyTorch). */
export function squeezeNamed(a: Tensor, dim: number, name: "SqueezeBackward1" | "SqueezeBackward3", op: string): Tensor {
  const d = wrapDim(dim, a._shape.length);
  const shape = a._shape.slice();
  const L = layoutOf(a);
  const strides = L.strides.slice();
  if (shape[d] === 1) { shape.splice(d, 1); strides.splice(d, 1); }
  const out = stridedView(a, shape, strides, L.offset);
  return record(out, op, name === "SqueezeBackward1" ? SQUEEZE1 : SQUEEZE3, [a], null, { shape: a._shape });
}
