import { allocStorage, isFloating, scalarTypeName, type DType } from "../dtype.js";
import { record, reportCreated } from "../autograd/record.js";
import { defineGrad } from "../autograd/node.js";
import { TorchError } from "../errors.js";
import { broadcastStrides, numelOf } from "../shape.js";
import { state } from "../state.js";
import { Tensor, type DimOptions } from "../tensor.js";
import { sumKernel } from "./kernels.js";
import { gather } from "../strided.js";
import { zeroWhere, type Mask } from "./masked.js";
import { constant, floatOf } from "./scalar.js";
import { parseDims } from "./dims.js";
import { installMethods, type Method } from "./method.js";

/** `x.max(dim)`: PyTorch's (values, indices) named tuple; destructure it or read `.values` / `.indices`. */
export interface MaxResult extends Iterable<Tensor> {
  readonly values: Tensor;
  readonly indices: Tensor;
}

function keptShape(shape: readonly number[], dims: readonly number[]): number[] {
  return shape.map((s, i) => (dims.includes(i) ? 1 : s));
}

function outShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  if (keepdim) return keptShape(shape, dims);
  return shape.filter((_s, i) => !dims.includes(i));
}

interface RedCtx { shape: readonly number[]; keep: readonly number[]; count: number }

/** Spreads an upstream gradient of a reduction back over the reduced dims. */
function spread(g: Tensor, ctx: { shape: readonly number[]; keep: readonly number[] }): Tensor {
  if (!state.gradEnabled) {
    // A plain backward (no create_graph) records nothing, so the broadcast copy can be made directly: the same
    // values as reshape + expand without their two nodes' bookkeeping (the course's SumBackward0 is on the hot path).
    const n = numelOf(ctx.shape);
    const s = g.storage;
    const out = allocStorage(g.dtype, n);
    if (s.length === 1) out.fill(s[0]!);
    else out.set(gather(s, 0, ctx.shape, broadcastStrides(ctx.keep, ctx.shape), g.dtype));
    return new Tensor(out, ctx.shape, g.dtype);
  }
  const k = g._shape.length === ctx.keep.length ? g : g.reshape(ctx.keep);
  return k.expand(ctx.shape);
}

const SUM0 = defineGrad<RedCtx>({
  name: "SumBackward0", saves: [], formulas: ["∂out/∂self = 1 (every element)"],
  backward: (n, g) => [spread(g, n.ctx)],
});
const SUM1 = defineGrad<RedCtx>({
  name: "SumBackward1", saves: [], formulas: ["∂out/∂self = 1 (along the summed dims)"],
  backward: (n, g) => [spread(g, n.ctx)],
});
const MEAN0 = defineGrad<RedCtx>({
  name: "MeanBackward0", saves: [], formulas: ["∂out/∂self = 1 / numel"],
  backward: (n, g) => [spread(g, n.ctx).div(n.ctx.count)],
});
const MEAN1 = defineGrad<RedCtx>({
  name: "MeanBackward1", saves: [], formulas: ["∂out/∂self = 1 / (size of the reduced dims)"],
  backward: (n, g) => [spread(g, n.ctx).div(n.ctx.count)],
});

function reduceSum(a: Tensor, dim: unknown, keep: unknown, mean: boolean): Tensor {
  const { dims, keepdim } = parseDims(a._shape.length, dim, keep);
  const all = dims === null;
  const rd = all ? a._shape.map((_s, i) => i) : dims;
  const flags = a._shape.map((_s, i) => rd.includes(i));
  if (mean && !isFloating(a.dtype)) {
    throw new TorchError(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(a.dtype)}`);
  }
  // PyTorch sums integers (bool included) as int64.
  const dt = a.dtype === "bool" || a.dtype === "int64" ? "int64" : a.dtype;
  const data = sumKernel(a.storage, a._shape, flags, dt);
  let count = 1;
  for (const d of rd) count *= a._shape[d]!;
  if (mean) for (let i = 0; i < data.length; i++) data[i] = data[i]! / count;
  const shape = all && !keepdim ? [] : outShape(a._shape, rd, keepdim);
  const def = mean ? (all ? MEAN0 : MEAN1) : all ? SUM0 : SUM1;
  const ctx = { shape: a._shape, keep: keptShape(a._shape, rd), count };
  return record(new Tensor(data, shape, dt), mean ? "mean" : "sum", def, [a], null, ctx);
}

/** Dims of a reduction: one, several, or in the trailing options object. */
type DimArg = number | number[] | DimOptions;

/** PyTorch's `torch.sum(x, dim?, keepdim?)`: the sum of all elements, or along `dim`. */
export function sum(input: Tensor, dim?: DimArg, keepdim?: boolean | DimOptions): Tensor { return reduceSum(input, dim, keepdim, false); }
/** PyTorch's `torch.mean(x, dim?, keepdim?)`: the mean of all elements, or along `dim`. */
export function mean(input: Tensor, dim?: DimArg, keepdim?: boolean | DimOptions): Tensor { return reduceSum(input, dim, keepdim, true); }

interface MaxCtx { shape: readonly number[]; keep: readonly number[]; weights: Tensor }
const MAX1 = defineGrad<MaxCtx>({
  name: "MaxBackward1", saves: ["self", "result"], formulas: ["∂out/∂self = 1 / (number of maxima) at the maxima, else 0"],
  backward: (n, g) => [spread(g, n.ctx).mul(n.ctx.weights)],
});
const MIN1 = defineGrad<MaxCtx>({ ...MAX1, name: "MinBackward1", formulas: ["∂out/∂self = 1 / (number of minima) at the minima, else 0"] });
const MAX0 = defineGrad<MaxCtx>({
  name: "MaxBackward0", saves: ["indices"], formulas: ["∂out/∂self = 1 at the argmax along dim, else 0"],
  backward: (n, g) => [spread(g, n.ctx).mul(n.ctx.weights)],
});
const MIN0 = defineGrad<MaxCtx>({ ...MAX0, name: "MinBackward0", formulas: ["∂out/∂self = 1 at the argmin along dim, else 0"] });

/** PyTorch's `torch.max(x)` / `torch.max(x, dim)`: the largest element (a 0-d tensor), or along `dim` the named tuple `(values, indices)`. */
export function max(input: Tensor): Tensor;
/** Along `dim`: PyTorch's `(values, indices)` (MaxBackward0). */
export function max(input: Tensor, dim: number | DimOptions, keepdim?: boolean | DimOptions): MaxResult;
export function max(input: Tensor, dim?: number | DimOptions, keepdim?: boolean | DimOptions): Tensor | MaxResult {
  return extreme(input, dim, keepdim, true);
}

/** PyTorch's `torch.min(x)` / `torch.min(x, dim)`: the smallest element (a 0-d tensor), or along `dim` the named tuple `(values, indices)`. */
export function min(input: Tensor): Tensor;
/** Along `dim`: PyTorch's `(values, indices)` (MinBackward0). */
export function min(input: Tensor, dim: number | DimOptions, keepdim?: boolean | DimOptions): MaxResult;
export function min(input: Tensor, dim?: number | DimOptions, keepdim?: boolean | DimOptions): Tensor | MaxResult {
  return extreme(input, dim, keepdim, false);
}

function extreme(a: Tensor, dim: unknown, keep: unknown, isMax: boolean): Tensor | MaxResult {
  const name = isMax ? "max" : "min";
  const better = isMax ? (x: number, y: number) => x > y || (x !== x && y === y) : (x: number, y: number) => x < y || (x !== x && y === y);
  const { dims, keepdim } = parseDims(a._shape.length, dim, keep);
  const dt = a.dtype;
  const s = a.storage;
  if (dims === null) {
    if (s.length === 0) {
      throw new TorchError(`${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
    }
    let best = s[0]!;
    for (let i = 1; i < s.length; i++) if (better(s[i]!, best)) best = s[i]!;
    const isNaN = best !== best;
    let count = 0;
    for (let i = 0; i < s.length; i++) if (s[i] === best || (isNaN && s[i] !== s[i])) count++;
    const out = allocStorage(dt, 1);
    out[0] = best;
    const res = new Tensor(out, [], dt);
    const ctx = () => {
      const w = a.dtype === "float64" ? new Float64Array(s.length) : new Float32Array(s.length);
      for (let i = 0; i < s.length; i++) if (s[i] === best || (isNaN && s[i] !== s[i])) w[i] = 1 / count;
      return { shape: a._shape, keep: a._shape.map(() => 1), weights: constant(w, a._shape.slice(), floatOf(a.dtype)) };
    };
    return record(res, name, isMax ? MAX1 : MIN1, [a], (o) => [a, o], a.requires_grad && state.gradEnabled ? ctx() : ({} as MaxCtx));
  }
  const d = dims.length === 0 ? -1 : dims[0]!;
  const size = d < 0 ? 1 : a._shape[d]!;
  const inner = d < 0 ? 1 : numelOf(a._shape.slice(d + 1));
  const outer = Math.floor(s.length / Math.max(1, size * inner));
  const vals = allocStorage(dt, outer * inner);
  const idx = allocStorage("int64", outer * inner);
  if (size === 0) throw new TorchError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let best = s[base]!;
      let bi = 0;
      for (let k = 1; k < size; k++) {
        const v = s[base + k * inner]!;
        if (better(v, best)) { best = v; bi = k; }
      }
      vals[o * inner + i] = best;
      idx[o * inner + i] = bi;
    }
  }
  const rd = d < 0 ? [] : [d];
  const shape = outShape(a._shape, rd, keepdim);
  const values = new Tensor(vals, shape, dt);
  const weights = (): MaxCtx => {
    const w = a.dtype === "float64" ? new Float64Array(s.length) : new Float32Array(s.length);
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) w[o * size * inner + i + idx[o * inner + i]! * inner] = 1;
    return { shape: a._shape, keep: keptShape(a._shape, rd), weights: constant(w, a._shape.slice(), floatOf(a.dtype)) };
  };
  const indices = new Tensor(idx, shape.slice(), "int64");
  record(values, name, isMax ? MAX0 : MIN0, [a], () => [indices], a.requires_grad && state.gradEnabled ? weights() : ({} as MaxCtx));
  if (state.observer !== null) reportCreated(indices, name + ".indices", [a], null);
  const text = (): string => `torch.return_types.${name}(\nvalues=${values.toString()},\nindices=${indices.toString()})`;
  const result = {
    values, indices, 0: values, 1: indices,
    *[Symbol.iterator]() { yield values; yield indices; },
    toString: text,
    [Symbol.for("nodejs.util.inspect.custom")]: text,
  };
  return result;
}

interface NormCtx { p: number; shape: readonly number[]; keep: readonly number[] }
const NORM = defineGrad<NormCtx>({
  name: "NormBackward1", saves: ["self", "result"], formulas: ["∂out/∂self = self · |self|^(p−2) / result^(p−1)  (p=2: self / result)"],
  backward: (n, g) => {
    const self = n.get(0);
    const res = spread(n.get(1), n.ctx);
    const gs = spread(g, n.ctx);
    const p = n.ctx.p;
    if (p === 0) return [null];
    if (p === 1) return [gs.mul(self.sign())];
    if (p === 2) return [zeroWhere(gs.mul(self).div(res), zeroMask(res))];
    if (p === Infinity || p === -Infinity) {
      const m = self.abs().eq(res);
      const w = m.float();
      return [gs.mul(self.sign()).mul(w).div(sum(w, dimsWhere(n.ctx), true).expand(self._shape))];
    }
    const num = self.mul(self.abs().pow(p - 2));
    return [zeroWhere(gs.mul(num).div(res.pow(p - 1)), zeroMask(res))];
  },
});

function dimsWhere(ctx: NormCtx): number[] {
  const out: number[] = [];
  for (let i = 0; i < ctx.shape.length; i++) if (ctx.keep[i] === 1 && ctx.shape[i] !== 1) out.push(i);
  return out.length === 0 ? ctx.shape.map((_s, i) => i) : out;
}

function zeroMask(t: Tensor): Mask {
  const ts = t.storage; // once: a strided view's storage is a fresh copy
  const m = new Uint8Array(t._numel);
  for (let i = 0; i < m.length; i++) m[i] = ts[i] === 0 ? 1 : 0;
  return { data: m, shape: t._shape };
}

/** PyTorch's `torch.norm(x, p?, dim?, keepdim?)`: the p-norm (default 2) of all elements, or along `dim`. */
export function norm(input: Tensor, p?: number | "fro" | (DimOptions & { p?: number }) | null, dim?: DimArg, keepdim?: boolean): Tensor {
  const a = input;
  let pv = 2;
  let d: unknown = dim;
  const k = keepdim;
  if (p !== null && typeof p === "object") {
    const o = p as DimOptions & { p?: number };
    pv = o.p ?? 2;
    d = o;
  } else if (typeof p === "number") pv = p;
  else if (typeof p === "string") pv = p === "fro" ? 2 : Number(p);
  const { dims, keepdim: keep } = parseDims(a._shape.length, d, k);
  const rd = dims === null ? a._shape.map((_s, i) => i) : dims;
  const flags = a._shape.map((_s, i) => rd.includes(i));
  const dt = floatOf(a.dtype);
  const s = a.storage;
  let data;
  if (pv === Infinity || pv === -Infinity) {
    // Reduce |x| with max/min over the dims: reuse the sum walk on a per-output basis.
    const abs = new Float64Array(s.length);
    for (let i = 0; i < s.length; i++) abs[i] = Math.abs(s[i]!);
    data = extremeOver(abs, a._shape, flags, dt, pv > 0);
  } else {
    const pw = new Float64Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const x = Math.abs(s[i]!);
      pw[i] = pv === 2 ? x * x : pv === 1 ? x : pv === 0 ? (x !== 0 ? 1 : 0) : Math.pow(x, pv);
    }
    const summed = sumKernel(pw, a._shape, flags, "float64");
    data = allocStorage(dt, summed.length);
    for (let i = 0; i < summed.length; i++) {
      const v = summed[i]!;
      data[i] = pv === 2 ? Math.sqrt(v) : pv === 1 || pv === 0 ? v : Math.pow(v, 1 / pv);
    }
  }
  const shape = dims === null && !keep ? [] : outShape(a._shape, rd, keep);
  const ctx = { p: pv, shape: a._shape, keep: keptShape(a._shape, rd) };
  return record(new Tensor(data, shape, dt), "norm", NORM, [a], (o) => [a, o], ctx);
}

function extremeOver(v: Float64Array, shape: readonly number[], flags: boolean[], dt: DType, isMax: boolean): Float32Array | Float64Array | Uint8Array {
  const kept = shape.map((s, i) => (flags[i] ? 1 : s));
  const n = numelOf(kept);
  const out = allocStorage(dt, n);
  out.fill(isMax ? -Infinity : Infinity);
  const nd = shape.length;
  const ks: number[] = [];
  let acc = 1;
  for (let i = nd - 1; i >= 0; i--) { ks[i] = flags[i] ? 0 : acc; acc *= kept[i]!; }
  const idx = new Array<number>(nd).fill(0);
  let io = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    const cur = out[io]!;
    if (x !== x || (isMax ? x > cur : x < cur)) out[io] = x;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      io += ks[d]!;
      if (idx[d]! < shape[d]!) break;
      io -= ks[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  if (v.length === 0) out.fill(0);
  return out;
}

/** PyTorch's `torch.all(x)`: a bool tensor, true when every element is non-zero. */
export function all(input: Tensor): Tensor { return allAny(input, true); }
/** PyTorch's `torch.any(x)`: a bool tensor, true when some element is non-zero. */
export function any(input: Tensor): Tensor { return allAny(input, false); }

function allAny(a: Tensor, isAll: boolean): Tensor {
  const s = a.storage;
  let r = isAll;
  for (let i = 0; i < s.length; i++) {
    const nz = s[i] !== 0;
    if (isAll && !nz) { r = false; break; }
    if (!isAll && nz) { r = true; break; }
  }
  const t = new Tensor(new Uint8Array([r ? 1 : 0]), [], "bool");
  if (state.observer !== null) reportCreated(t, isAll ? "all" : "any", [a], null);
  return t;
}

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.sum(dim=None, keepdim=False)`: the sum of all elements, or along `dim`. */
    sum: Method<typeof sum>;
    /** PyTorch's `x.mean(dim=None, keepdim=False)`: the mean of all elements, or along `dim`. */
    mean: Method<typeof mean>;
    /** Full reduction: a 0-d tensor (MaxBackward1). */
    max(): Tensor;
    /** Along `dim`: PyTorch's `(values, indices)` (MaxBackward0). */
    max(dim: number | DimOptions, keepdim?: boolean | DimOptions): MaxResult;
    /** Full reduction: a 0-d tensor (MinBackward1). */
    min(): Tensor;
    /** Along `dim`: PyTorch's `(values, indices)` (MinBackward0). */
    min(dim: number | DimOptions, keepdim?: boolean | DimOptions): MaxResult;
    /** PyTorch's `x.norm(p='fro', dim=None, keepdim=False)`: the p-norm (default 2) of all elements, or along `dim`. */
    norm: Method<typeof norm>;
    /** PyTorch's `x.all()`: a bool tensor, true when every element is non-zero. */
    all: Method<typeof all>;
    /** PyTorch's `x.any()`: a bool tensor, true when some element is non-zero. */
    any: Method<typeof any>;
  }
}
installMethods({ sum, mean, max, min, norm, all, any });
