import { allocStorage, type DType, type Storage } from "../dtype.js";
import { broadcastShapes, broadcastStrides, numelOf, sameShape } from "../shape.js";

/** Binary op codes: a switch outside the loop keeps each inner loop monomorphic and fast. */
export const enum Bin { Add, Sub, Mul, Div, Pow, Eq, Ne, Gt, Lt, Ge, Le, MaskGt0 }

function apply(code: Bin, x: number, y: number): number {
  switch (code) {
    case Bin.Add: return x + y;
    case Bin.Sub: return x - y;
    case Bin.Mul: return x * y;
    case Bin.Div: return x / y;
    case Bin.Pow: return Math.pow(x, y);
    case Bin.Eq: return x === y ? 1 : 0;
    case Bin.Ne: return x !== y ? 1 : 0;
    case Bin.Gt: return x > y ? 1 : 0;
    case Bin.Lt: return x < y ? 1 : 0;
    case Bin.Ge: return x >= y ? 1 : 0;
    case Bin.Le: return x <= y ? 1 : 0;
    case Bin.MaskGt0: return y > 0 ? x : 0;
  }
}

/**
 * out = a (op) b with broadcasting. `alpha` scales b for Add/Sub (PyTorch's `alpha=`). Same-shape and scalar cases
 * get straight loops; the general case walks an index counter (no per-element division).
 */
export function binaryKernel(
  code: Bin, a: Storage, aShape: readonly number[], b: Storage, bShape: readonly number[], outDtype: DType, alpha = 1,
): { data: Storage; shape: readonly number[] } {
  if (sameShape(aShape, bShape)) {
    const n = a.length;
    const out = allocStorage(outDtype, n);
    if (alpha === 1) {
      switch (code) {
        case Bin.Add: for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!; break;
        case Bin.Sub: for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!; break;
        case Bin.Mul: for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!; break;
        case Bin.Div: for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!; break;
        default: for (let i = 0; i < n; i++) out[i] = apply(code, a[i]!, b[i]!);
      }
    } else {
      for (let i = 0; i < n; i++) out[i] = apply(code, a[i]!, alpha * b[i]!);
    }
    return { data: out, shape: aShape.slice() };
  }
  const shape = broadcastShapes(aShape, bShape);
  const n = numelOf(shape);
  const out = allocStorage(outDtype, n);
  if (b.length === 1 && n === a.length) {
    const y = alpha * b[0]!;
    for (let i = 0; i < n; i++) out[i] = apply(code, a[i]!, y);
    return { data: out, shape };
  }
  if (a.length === 1 && n === b.length) {
    const x = a[0]!;
    for (let i = 0; i < n; i++) out[i] = apply(code, x, alpha * b[i]!);
    return { data: out, shape };
  }
  const nd = shape.length;
  const sa = broadcastStrides(aShape, shape);
  const sb = broadcastStrides(bShape, shape);
  const idx = new Array<number>(nd).fill(0);
  let ia = 0;
  let ib = 0;
  // Innermost dim as a tight loop, outer dims via a carry counter.
  const inner = nd === 0 ? 1 : shape[nd - 1]!;
  const ias = nd === 0 ? 0 : sa[nd - 1]!;
  const ibs = nd === 0 ? 0 : sb[nd - 1]!;
  for (let o = 0; o < n; o += inner) {
    let pa = ia;
    let pb = ib;
    for (let j = 0; j < inner; j++) {
      out[o + j] = apply(code, a[pa]!, alpha * b[pb]!);
      pa += ias;
      pb += ibs;
    }
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
  return { data: out, shape };
}

/** Elementwise map into a new storage of `dtype`. */
export function mapKernel(a: Storage, dtype: DType, f: (x: number) => number): Storage {
  const n = a.length;
  const out = allocStorage(dtype, n);
  for (let i = 0; i < n; i++) out[i] = f(a[i]!);
  return out;
}

/**
 * Sums `a` (of `shape`) over the dims flagged in `reduce`, returning data in the keepdim layout (reduced dims of
 * size 1). Accumulates in float64 and rounds once, close to PyTorch's pairwise float32 sums.
 */
export function sumKernel(a: Storage, shape: readonly number[], reduce: readonly boolean[], dtype: DType): Storage {
  const outShape = shape.map((d, i) => (reduce[i] ? 1 : d));
  const n = numelOf(outShape);
  if (n === 1) {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i]!;
    const out = allocStorage(dtype, 1);
    out[0] = s;
    return out;
  }
  const acc = new Float64Array(n);
  const nd = shape.length;
  const os = broadcastStrides(outShape, shape);
  const idx = new Array<number>(nd).fill(0);
  let io = 0;
  const total = a.length;
  for (let i = 0; i < total; i++) {
    acc[io]! += a[i]!;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      io += os[d]!;
      if (idx[d]! < shape[d]!) break;
      io -= os[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  const out = allocStorage(dtype, n);
  for (let i = 0; i < n; i++) out[i] = acc[i]!;
  return out;
}

/**
 * out = f(a, b) with broadcasting, for the ops whose element rule is a function of its own (the rounding divisions,
 * remainder, fmod): one call per element, so the hot arithmetic of `binaryKernel` keeps its switch-free loops.
 */
export function zipKernel(
  a: Storage, aShape: readonly number[], b: Storage, bShape: readonly number[], outDtype: DType, f: (x: number, y: number) => number,
): { data: Storage; shape: readonly number[] } {
  const shape = sameShape(aShape, bShape) ? aShape.slice() : broadcastShapes(aShape, bShape);
  const n = numelOf(shape);
  const out = allocStorage(outDtype, n);
  const nd = shape.length;
  const sa = broadcastStrides(aShape, shape);
  const sb = broadcastStrides(bShape, shape);
  const idx = new Array<number>(nd).fill(0);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < n; i++) {
    out[i] = f(a[ia]!, b[ib]!);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      ia += sa[d]!;
      ib += sb[d]!;
      if (idx[d]! < shape[d]!) break;
      ia -= sa[d]! * shape[d]!;
      ib -= sb[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return { data: out, shape };
}
