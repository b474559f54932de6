import { allocStorage, type DType, type Storage } from "../dtype.js";
import { broadcastShapes, broadcastStrides, numelOf, sameShape } from "../shape.js";
import { forEachRow } from "../strided.js";

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
 * get straight loops; the general case walks an index counter (no per-element division). With `into` (a storage of
 * `outDtype` and of the result's shape, which may be `a` itself: every loop reads an element of `a` before it
 * writes the same position of `out`, and nothing after it) the result is written there instead of a new storage.
 */
export function binaryKernel(
  code: Bin, a: Storage, aShape: readonly number[], b: Storage, bShape: readonly number[], outDtype: DType, alpha = 1,
  into: Storage | null = null,
): { data: Storage; shape: readonly number[] } {
  if (sameShape(aShape, bShape)) {
    const n = a.length;
    const out = into ?? allocStorage(outDtype, n);
    if (alpha === 1) {
      switch (code) {
        case Bin.Add: for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!; break;
        case Bin.Sub: for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!; break;
        case Bin.Mul: for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!; break;
        case Bin.Div: for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!; break;
        default: for (let i = 0; i < n; i++) out[i] = apply(code, a[i]!, b[i]!);
      }
    } else if (code === Bin.Add) {
      for (let i = 0; i < n; i++) out[i] = a[i]! + alpha * b[i]!;
    } else if (code === Bin.Sub) {
      for (let i = 0; i < n; i++) out[i] = a[i]! - alpha * b[i]!;
    } else {
      for (let i = 0; i < n; i++) out[i] = apply(code, a[i]!, alpha * b[i]!);
    }
    return { data: out, shape: aShape.slice() };
  }
  const shape = broadcastShapes(aShape, bShape);
  const n = numelOf(shape);
  const out = into ?? allocStorage(outDtype, n);
  if (b.length === 1 && n === a.length) {
    scalarRight(code, out, a, alpha * b[0]!, n);
    return { data: out, shape };
  }
  if (a.length === 1 && n === b.length) {
    scalarLeft(code, out, a[0]!, b, alpha, n);
    return { data: out, shape };
  }
  forEachRow(shape, broadcastStrides(aShape, shape), broadcastStrides(bShape, shape), (o, inner, ia, ias, ib, ibs) => row(code, out, o, inner, a, ia, ias, b, ib, ibs, alpha));
  return { data: out, shape };
}

/*
 * The loops below spell out Add/Sub/Mul/Div instead of calling `apply` per element (V8 kept the call and its switch
 * in the loop: the SGD update's `grad.mul(lr)` spent most of its time there). Each computes exactly what `apply`
 * does, the same double expression stored into `out` (rounded once, to float32 for a float32 result), so the
 * numbers are bit for bit those of the generic loop; `alpha * y` with alpha = 1 is y itself, NaN and -0 included.
 */

/** out[i] = a[i] (op) y: a tensor with a scalar (a wrapped number or any one-element operand) on the right. */
function scalarRight(code: Bin, out: Storage, a: Storage, y: number, n: number): void {
  switch (code) {
    case Bin.Add: for (let i = 0; i < n; i++) out[i] = a[i]! + y; return;
    case Bin.Sub: for (let i = 0; i < n; i++) out[i] = a[i]! - y; return;
    case Bin.Mul: for (let i = 0; i < n; i++) out[i] = a[i]! * y; return;
    case Bin.Div: for (let i = 0; i < n; i++) out[i] = a[i]! / y; return;
    default: for (let i = 0; i < n; i++) out[i] = apply(code, a[i]!, y);
  }
}

/** out[i] = x (op) alpha·b[i]: a scalar on the left (`1 - t`, rsub). */
function scalarLeft(code: Bin, out: Storage, x: number, b: Storage, alpha: number, n: number): void {
  if (alpha === 1) {
    switch (code) {
      case Bin.Add: for (let i = 0; i < n; i++) out[i] = x + b[i]!; return;
      case Bin.Sub: for (let i = 0; i < n; i++) out[i] = x - b[i]!; return;
      case Bin.Mul: for (let i = 0; i < n; i++) out[i] = x * b[i]!; return;
      case Bin.Div: for (let i = 0; i < n; i++) out[i] = x / b[i]!; return;
    }
  }
  for (let i = 0; i < n; i++) out[i] = apply(code, x, alpha * b[i]!);
}

/**
 * One innermost row of a broadcast: out[o + j] = a[pa + j·sa] (op) alpha·b[pb + j·sb] for j < len (the bias add
 * `x.mm(w).add(b)` runs this with both strides 1, or b's 0).
 */
function row(
  code: Bin, out: Storage, o: number, len: number, a: Storage, pa: number, sa: number, b: Storage, pb: number, sb: number, alpha: number,
): void {
  if (alpha === 1) {
    switch (code) {
      case Bin.Add: for (let j = 0; j < len; j++, pa += sa, pb += sb) out[o + j] = a[pa]! + b[pb]!; return;
      case Bin.Sub: for (let j = 0; j < len; j++, pa += sa, pb += sb) out[o + j] = a[pa]! - b[pb]!; return;
      case Bin.Mul: for (let j = 0; j < len; j++, pa += sa, pb += sb) out[o + j] = a[pa]! * b[pb]!; return;
      case Bin.Div: for (let j = 0; j < len; j++, pa += sa, pb += sb) out[o + j] = a[pa]! / b[pb]!; return;
    }
  }
  for (let j = 0; j < len; j++, pa += sa, pb += sb) out[o + j] = apply(code, a[pa]!, alpha * b[pb]!);
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
  forEachRow(shape, broadcastStrides(aShape, shape), broadcastStrides(bShape, shape), (o, inner, ia, ias, ib, ibs) => {
    for (let j = 0; j < inner; j++, ia += ias, ib += ibs) out[o + j] = f(a[ia]!, b[ib]!);
  });
  return { data: out, shape };
}
