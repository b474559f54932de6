import { allocStorage, type DType, type Storage } from "./dtype.js";
import { numelOf, stridesOf } from "./shape.js";

// The strided layout of a view: its elements live in a buffer shared with its base, at `offset + Σ index[d] ·
// strides[d]`. Ops read a view through one contiguous accessor (Tensor.storage, which gathers with `gather`) and
// in-place ops write through it with `scatter`, so only views and in-place ops know about strides.

/** True when `strides` are the row-major strides of `shape` (size-1 dims may have any stride, as in PyTorch). */
export function isRowMajor(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const s = shape[d]!;
    if (s !== 1 && strides[d] !== expected) return false;
    expected *= s;
  }
  return true;
}

/** Calls `f(bufferPosition, i)` for each element `i` of a strided layout, in row-major order. */
export function forEachPosition(offset: number, shape: readonly number[], strides: readonly number[], f: (p: number, i: number) => void): void {
  const n = numelOf(shape);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let p = offset;
  for (let o = 0; o < n; o++) {
    f(p, o);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      p += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      p -= strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/** The elements of a strided layout copied out in row-major order. */
export function gather(buf: Storage, offset: number, shape: readonly number[], strides: readonly number[], dtype: DType): Storage {
  const out = allocStorage(dtype, numelOf(shape));
  forEachRow(shape, strides, strides, (o, inner, p, is) => {
    for (let j = 0, q = offset + p; j < inner; j++, q += is) out[o + j] = buf[q]!;
  });
  return out;
}

/**
 * Walks `shape` row by row over two strided layouts a and b (e.g. the operands of a broadcast, or a view and
 * nothing): `visit(o, inner, ia, ias, ib, ibs)` for each innermost row, o its start in row-major order, ia/ib its
 * start in a/b (from 0) and ias/ibs their strides along it. The outer dims advance by a carry counter, so the
 * per-element work stays in the caller's tight loop.
 */
export function forEachRow(
  shape: readonly number[], sa: readonly number[], sb: readonly number[],
  visit: (o: number, inner: number, ia: number, ias: number, ib: number, ibs: number) => void,
): void {
  const nd = shape.length;
  const n = numelOf(shape);
  const inner = nd === 0 ? 1 : shape[nd - 1]!;
  if (inner === 0) return;
  const ias = nd === 0 ? 0 : sa[nd - 1]!;
  const ibs = nd === 0 ? 0 : sb[nd - 1]!;
  const idx = new Array<number>(nd).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < n; o += inner) {
    visit(o, inner, ia, ias, ib, ibs);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]!++;
      ia += sa[d]!;
      ib += sb[d]!;
      if (idx[d]! < shape[d]!) break;
      ia -= sa[d]! * shape[d]!;
      ib -= sb[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/** Writes row-major `values` into a strided layout of `buf` (the inverse of `gather`). */
export function scatter(buf: Storage, offset: number, shape: readonly number[], strides: readonly number[], values: ArrayLike<number>): void {
  forEachPosition(offset, shape, strides, (p, i) => { buf[p] = values[i]!; });
}

/** True when two elements of the layout share a buffer position (a stride of 0 on a dim of size > 1: `expand`). */
export function overlaps(shape: readonly number[], strides: readonly number[]): boolean {
  for (let d = 0; d < shape.length; d++) if (shape[d]! > 1 && strides[d] === 0) return true;
  return false;
}

export { stridesOf };

/**
 * PyTorch's `computeStride` (aten/src/ATen/TensorUtils.cpp): the strides that show a tensor of `oldShape` /
 * `oldStrides` with `newShape` without moving an element, or null when there are none. `view` (and `reshape`
 * without a copy) work when each run of old dims that are contiguous among themselves (a "chunk") is split or
 * merged into whole new dims; a new dim that spans two chunks has no stride ("at least one dimension spans across
 * two contiguous subspaces").
 */
export function computeStride(oldShape: readonly number[], oldStrides: readonly number[], newShape: readonly number[]): number[] | null {
  if (oldShape.length === 0) return newShape.map(() => 1);
  const numel = numelOf(oldShape);
  if (numel === 0 && oldShape.length === newShape.length && oldShape.every((d, i) => d === newShape[i])) return oldStrides.slice();
  const newStrides = new Array<number>(newShape.length).fill(0);
  if (numel === 0) {
    for (let d = newShape.length - 1; d >= 0; d--) {
      newStrides[d] = d === newShape.length - 1 ? 1 : Math.max(newShape[d + 1]!, 1) * newStrides[d + 1]!;
    }
    return newStrides;
  }
  let viewD = newShape.length - 1;
  let chunkBaseStride = oldStrides[oldStrides.length - 1]!;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
    tensorNumel *= oldShape[tensorD]!;
    // The end of a chunk: check that whole new dims cover it.
    if (tensorD === 0 || (oldShape[tensorD - 1] !== 1 && oldStrides[tensorD - 1] !== tensorNumel * chunkBaseStride)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBaseStride;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (tensorD > 0) {
        chunkBaseStride = oldStrides[tensorD - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? newStrides : null;
}
