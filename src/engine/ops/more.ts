/**
 * More reductions and shape ops the tutorials reach for (issue 9 §2d): prod, var, std, logsumexp, cumsum, repeat,
 * argmax/argmin, outer, diag, trace, einsum. Each with PyTorch's signature, grad_fn name and formula.
 */
import { allocStorage, type DType } from "../dtype.js";
import { record } from "../autograd/record.js";
import { defineGrad } from "../autograd/node.js";
import { TorchError, wrapDim } from "../errors.js";
import { numelOf, stridesOf } from "../shape.js";
import { state } from "../state.js";
import { Tensor, type DimOptions } from "../tensor.js";
import { reportCreated } from "../autograd/report.js";
import { parseDims } from "./dims.js";
import { constant, floatOf } from "./scalar.js";
import { gatherDef, gatherFlat, scatterAddFlat } from "./gather_flat.js";
import { stridedMap } from "./index_map.js";
import { installMethods, installVariadic, type Method } from "./method.js";

interface RedCtx { shape: readonly number[]; keep: number[]; n: number; dims: number[]; correction: number }

function keptShape(shape: readonly number[], dims: readonly number[]): number[] {
  return shape.map((s, i) => (dims.includes(i) ? 1 : s));
}

/** A reduction's gradient spread back over the input's shape. */
function spread(g: Tensor, c: { shape: readonly number[]; keep: number[] }): Tensor {
  return (g.shape.length === c.keep.length ? g : g.reshape(c.keep)).expand(c.shape.slice());
}

/** Dims of a reduction and its output shape (`dims` null: all). */
function plan(a: Tensor, dim: unknown, keep: unknown): { dims: number[]; all: boolean; keepdim: boolean; out: number[]; keepShape: number[]; n: number } {
  const p = parseDims(a._shape.length, dim, keep);
  const all = p.dims === null;
  const dims = all ? a._shape.map((_s, i) => i) : p.dims!;
  const keepShape = keptShape(a._shape, dims);
  const out = p.keepdim ? keepShape : all ? [] : a._shape.filter((_s, i) => !dims.includes(i));
  let n = 1;
  for (const d of dims) n *= a._shape[d]!;
  return { dims, all, keepdim: p.keepdim, out, keepShape, n };
}

/** Per output position, the flat input positions it reduces (in order along the reduced dims). */
function groups(shape: readonly number[], dims: readonly number[]): Int32Array[] {
  const st = stridesOf(shape);
  const outer = stridedMap(shape.map((s, i) => (dims.includes(i) ? 1 : s)), st, 0);
  const inner = stridedMap(shape.map((s, i) => (dims.includes(i) ? s : 1)), st, 0);
  return Array.from(outer, (o) => inner.map((i) => o + i));
}

// ---- prod -------------------------------------------------------------------------------------------------------

const PROD0 = defineGrad<RedCtx>({
  name: "ProdBackward0", saves: ["self", "result"], formulas: ["∂out/∂self = product of the other elements (result / self where self ≠ 0)"],
  backward: (n, g) => [prodGrad(n.get(0), n.get(1), g, n.ctx)],
});
const PROD1 = defineGrad<RedCtx>({ ...PROD0, name: "ProdBackward1", formulas: ["∂out/∂self = product of the other elements along dim"] });

function prodGrad(x: Tensor, result: Tensor, g: Tensor, c: RedCtx): Tensor {
  const s = x.storage;
  let zeros = false;
  for (let i = 0; i < s.length; i++) if (s[i] === 0) { zeros = true; break; }
  if (!zeros) return spread(g, c).mul(spread(result, c)).div(x);
  // With zeros, result / self is 0/0: the product of the others, element by element (a constant in the graph).
  const others = allocStorage(floatOf(x.dtype), s.length);
  for (const grp of groups(x._shape, c.dims)) {
    for (let k = 0; k < grp.length; k++) {
      let p = 1;
      for (let j = 0; j < grp.length; j++) if (j !== k) p *= s[grp[j]!]!;
      others[grp[k]!] = p;
    }
  }
  return spread(g, c).mul(constant(others, x._shape, floatOf(x.dtype)));
}

/** PyTorch's `torch.prod(x, dim?, keepdim=False)`: the product of all elements, or along `dim`. */
export function prod(input: Tensor, dim?: number | DimOptions, keepdim?: boolean | DimOptions): Tensor {
  const xs = input.storage; // once: a strided view's storage is a fresh copy
  const p = plan(input, dim, keepdim);
  const dt = intSum(input.dtype);
  const gs = groups(input._shape, p.dims);
  const o = allocStorage(dt, gs.length);
  gs.forEach((grp, i) => { let v = 1; for (const j of grp) v *= xs[j]!; o[i] = v; });
  const ctx: RedCtx = { shape: input._shape, keep: p.keepShape, n: p.n, dims: p.dims, correction: 0 };
  return record(new Tensor(o, p.out, dt), "prod", p.all ? PROD0 : PROD1, [input], (r) => [input, r], ctx);
}

// ---- var / std --------------------------------------------------------------------------------------------------

/** Options of var/std: PyTorch's `dim`, `unbiased` (or `correction`) and `keepdim`. */
export interface VarOptions { dim?: number | number[]; unbiased?: boolean; correction?: number; keepdim?: boolean }

const VAR = defineGrad<RedCtx>({
  name: "VarBackward0", saves: ["self"], formulas: ["∂out/∂self = 2 · (self − mean) / (N − correction)"],
  backward: (n, g) => {
    const x = n.get(0);
    return [spread(g, n.ctx).mul(x.sub(x.mean(n.ctx.dims, true))).mul(2 / (n.ctx.n - n.ctx.correction))];
  },
});
const STD = defineGrad<RedCtx>({
  name: "StdBackward0", saves: ["self", "result"], formulas: ["∂out/∂self = (self − mean) / ((N − correction) · result)"],
  backward: (n, g) => {
    const x = n.get(0);
    return [spread(g, n.ctx).mul(x.sub(x.mean(n.ctx.dims, true))).div(spread(n.get(1), n.ctx).mul(n.ctx.n - n.ctx.correction))];
  },
});

function varStd(input: Tensor, dim: number | number[] | VarOptions | undefined, unbiased: boolean | VarOptions | undefined, keepdim: boolean | undefined, isStd: boolean): Tensor {
  const xs = input.storage; // once: a strided view's storage is a fresh copy
  let o: VarOptions = {};
  if (dim !== null && typeof dim === "object" && !Array.isArray(dim)) o = dim;
  else o = { ...(typeof unbiased === "object" ? unbiased : {}), dim: dim as number | number[] | undefined };
  if (typeof unbiased === "boolean") o.unbiased = unbiased;
  if (typeof keepdim === "boolean") o.keepdim = keepdim;
  const correction = o.correction ?? ((o.unbiased ?? true) ? 1 : 0);
  const p = plan(input, o.dim, o.keepdim ?? false);
  const dt = floatOf(input.dtype);
  const gs = groups(input._shape, p.dims);
  const out = allocStorage(dt, gs.length);
  gs.forEach((grp, i) => {
    let m = 0;
    for (const j of grp) m += xs[j]!;
    m /= grp.length;
    let v = 0;
    for (const j of grp) { const d = xs[j]! - m; v += d * d; }
    v /= Math.max(0, grp.length - correction);
    out[i] = isStd ? Math.sqrt(v) : v;
  });
  const ctx: RedCtx = { shape: input._shape, keep: p.keepShape, n: p.n, dims: p.dims, correction };
  return record(new Tensor(out, p.out, dt), isStd ? "std" : "var", isStd ? STD : VAR, [input], isStd ? (r) => [input, r] : () => [input], ctx);
}

/** PyTorch's `torch.var(x, dim=None, unbiased=True, keepdim=False)`: the variance (N − 1 in the denominator by default). */
function var_(input: Tensor, dim?: number | number[] | VarOptions, unbiased?: boolean | VarOptions, keepdim?: boolean): Tensor {
  return varStd(input, dim, unbiased, keepdim, false);
}
export { var_ as var };

/** PyTorch's `torch.std(x, dim=None, unbiased=True, keepdim=False)`: the standard deviation. */
export function std(input: Tensor, dim?: number | number[] | VarOptions, unbiased?: boolean | VarOptions, keepdim?: boolean): Tensor {
  return varStd(input, dim, unbiased, keepdim, true);
}

// ---- logsumexp / cumsum -----------------------------------------------------------------------------------------

const LOGSUMEXP = defineGrad<RedCtx>({
  name: "LogsumexpBackward0", saves: ["self", "result"], formulas: ["∂out/∂self = exp(self − result) (softmax along dim)"],
  backward: (n, g) => [spread(g, n.ctx).mul(n.get(0).sub(spread(n.get(1), n.ctx)).exp())],
});

/** PyTorch's `torch.logsumexp(x, dim, keepdim=False)`: log Σ exp(x) along `dim`, computed stably. */
export function logsumexp(input: Tensor, dim: number | number[] | DimOptions, keepdim?: boolean): Tensor {
  const xs = input.storage; // once: a strided view's storage is a fresh copy
  const p = plan(input, dim, keepdim ?? false);
  const dt = floatOf(input.dtype);
  const gs = groups(input._shape, p.dims);
  const out = allocStorage(dt, gs.length);
  gs.forEach((grp, i) => {
    let m = -Infinity;
    for (const j of grp) m = Math.max(m, xs[j]!);
    if (!Number.isFinite(m)) { out[i] = m; return; }
    let z = 0;
    for (const j of grp) z += Math.exp(xs[j]! - m);
    out[i] = m + Math.log(z);
  });
  const ctx: RedCtx = { shape: input._shape, keep: p.keepShape, n: p.n, dims: p.dims, correction: 0 };
  return record(new Tensor(out, p.out, dt), "logsumexp", LOGSUMEXP, [input], (r) => [input, r], ctx);
}

/** PyTorch accumulates integers (bool included) as int64 in sums and products. */
function intSum(d: DType): DType {
  return d === "bool" || d === "int64" ? "int64" : d;
}

interface CumCtx { dim: number }
/** Running sums along `dim` (reverse: from the end), of `a`'s storage. */
function cumulate(a: Tensor, dim: number, reverse: boolean): Tensor {
  const xs = a.storage; // once: a strided view's storage is a fresh copy
  const dt = intSum(a.dtype);
  const o = allocStorage(dt, a._numel);
  for (const grp of groups(a._shape, [dim])) {
    let acc = 0;
    for (let k = 0; k < grp.length; k++) {
      const j = grp[reverse ? grp.length - 1 - k : k]!;
      acc += xs[j]!;
      o[j] = acc;
    }
  }
  return new Tensor(o, a._shape, dt);
}
const CUMSUM = defineGrad<CumCtx>({
  name: "CumsumBackward0", saves: [], formulas: ["∂out/∂self = the running sum of grad from the end"],
  backward: (n, g) => [record(cumulate(g, n.ctx.dim, true), "cumsum", REV_CUMSUM, [g], null, n.ctx)],
});
const REV_CUMSUM = defineGrad<CumCtx>({
  name: "CumsumBackwardBackward0", saves: [], formulas: ["∂out/∂grad = the running sum along dim"],
  backward: (n, g) => [cumsum(g, n.ctx.dim)],
});

/** PyTorch's `torch.cumsum(x, dim)`: running sums along `dim`. */
export function cumsum(input: Tensor, dim: number): Tensor {
  const d = wrapDim(dim, Math.max(1, input._shape.length));
  return record(cumulate(input, input._shape.length === 0 ? 0 : d, false), "cumsum", CUMSUM, [input], null, { dim: d });
}

// ---- argmax / argmin --------------------------------------------------------------------------------------------

function argExtreme(input: Tensor, dim: number | undefined | null, keepdim: boolean | undefined, isMax: boolean): Tensor {
  const xs = input.storage; // once: a strided view's storage is a fresh copy
  const op = isMax ? "argmax" : "argmin";
  if (input._numel === 0) throw new TorchError(`${op}(): Expected reduction dim to be specified for input.numel() == 0.`);
  const all = dim === undefined || dim === null;
  const dims = all ? input._shape.map((_s, i) => i) : [wrapDim(dim, Math.max(1, input._shape.length))];
  const gs = all ? [Int32Array.from({ length: input._numel }, (_v, i) => i)] : groups(input._shape, dims);
  const o = allocStorage("int64", gs.length);
  const better = isMax ? (x: number, y: number) => x > y || (x !== x && y === y) : (x: number, y: number) => x < y || (x !== x && y === y);
  gs.forEach((grp, i) => {
    let bi = 0;
    for (let k = 1; k < grp.length; k++) if (better(xs[grp[k]!]!, xs[grp[bi]!]!)) bi = k;
    o[i] = bi;
  });
  const shape = all ? (keepdim ? input._shape.map(() => 1) : []) : keepdim ? keptShape(input._shape, dims) : input._shape.filter((_s, i) => i !== dims[0]);
  const t = new Tensor(o, shape, "int64");
  if (state.observer !== null) reportCreated(t, op, [input], null);
  return t;
}

/** PyTorch's `torch.argmax(x, dim=None, keepdim=False)`: the index of the largest element (over all, or along `dim`). */
export function argmax(input: Tensor, dim?: number | null, keepdim?: boolean): Tensor { return argExtreme(input, dim, keepdim, true); }
/** PyTorch's `torch.argmin(x, dim=None, keepdim=False)`: the index of the smallest element. */
export function argmin(input: Tensor, dim?: number | null, keepdim?: boolean): Tensor { return argExtreme(input, dim, keepdim, false); }

// ---- repeat / outer / diag / trace ------------------------------------------------------------------------------

const REPEAT = gatherDef("RepeatBackward0", "1, summed over the repeats");
/** PyTorch's `x.repeat(2, 3)`: the tensor tiled `sizes` times along each dim (RepeatBackward0). */
function repeat(input: Tensor, ...sizes: Array<number | readonly number[]>): Tensor {
  const reps: number[] = sizes.length === 1 && Array.isArray(sizes[0]) ? [...sizes[0]] : (sizes as number[]);
  if (reps.length < input._shape.length) throw new TorchError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
  const lead = reps.length - input._shape.length;
  const src = [...new Array<number>(lead).fill(1), ...input._shape];
  const out = src.map((s, i) => s * reps[i]!);
  const st = stridesOf(src);
  const n = numelOf(out);
  const map = new Int32Array(n);
  const ost = stridesOf(out);
  for (let i = 0; i < n; i++) {
    let rem = i;
    let pos = 0;
    for (let d = 0; d < out.length; d++) {
      const k = Math.floor(rem / ost[d]!);
      rem -= k * ost[d]!;
      pos += (k % src[d]!) * st[d]!;
    }
    map[i] = pos;
  }
  return gatherFlat(input, map, out, REPEAT, "repeat", false);
}

/** PyTorch's `torch.outer(a, b)`: aᵢ·bⱼ (recorded as PyTorch does: a reshaped to a column, times b). */
export function outer(input: Tensor, vec2: Tensor): Tensor {
  if (input._shape.length !== 1 || vec2._shape.length !== 1) throw new TorchError(`outer: Expected 1-D argument self, but got ${input._shape.length}-D`);
  return input.reshape(-1, 1).mul(vec2);
}

const DIAG = gatherDef("DiagBackward0", "1 on the diagonal, 0 elsewhere");
const DIAG_EMBED = defineGrad<{ map: Int32Array; n: number }>({
  name: "DiagBackward0", saves: [], formulas: ["∂out/∂self = the diagonal of grad"],
  backward: (n, g) => [gatherFlat(g, n.ctx.map, [n.ctx.n], DIAG, "diag", false)],
});

/** PyTorch's `torch.diag(x, diagonal=0)`: a 1-D tensor's diagonal matrix, or a 2-D tensor's diagonal (DiagBackward0). */
export function diag(input: Tensor, diagonal = 0): Tensor {
  const xs = input.storage; // once: a strided view's storage is a fresh copy
  const k = diagonal;
  if (input._shape.length === 1) {
    const n = input._shape[0]!;
    const m = n + Math.abs(k);
    const map = Int32Array.from({ length: n }, (_v, i) => (k >= 0 ? i * m + i + k : (i - k) * m + i));
    const o = allocStorage(input.dtype, m * m);
    for (let i = 0; i < n; i++) o[map[i]!] = xs[i]!;
    return record(new Tensor(o, [m, m], input.dtype), "diag", DIAG_EMBED, [input], null, { map, n });
  }
  if (input._shape.length !== 2) throw new TorchError("diag(): Supports 1D or 2D tensors. Got " + input._shape.length + "D");
  const [r, c] = input._shape as [number, number];
  const len = Math.max(0, k >= 0 ? Math.min(r, c - k) : Math.min(r + k, c));
  const map = Int32Array.from({ length: len }, (_v, i) => (k >= 0 ? i * c + i + k : (i - k) * c + i));
  return gatherFlat(input, map, [len], DIAG, "diag", false);
}

interface TraceCtx { map: Int32Array; shape: readonly number[] }
const TRACE = defineGrad<TraceCtx>({
  name: "TraceBackward0", saves: [], formulas: ["∂out/∂self = 1 on the diagonal, 0 elsewhere"],
  backward: (n, g) => [scatterAddFlat(g.expand(n.ctx.map.length), n.ctx.map, n.ctx.shape)],
});

/** PyTorch's `torch.trace(x)`: the sum of a matrix's diagonal (TraceBackward0). */
export function trace(input: Tensor): Tensor {
  const xs = input.storage; // once: a strided view's storage is a fresh copy
  if (input._shape.length !== 2) throw new TorchError("trace: expected a matrix, but got tensor with dim " + input._shape.length);
  const [r, c] = input._shape as [number, number];
  const map = Int32Array.from({ length: Math.min(r, c) }, (_v, i) => i * c + i);
  let s = 0;
  for (const j of map) s += xs[j]!;
  const dt = intSum(input.dtype);
  const o = allocStorage(dt, 1);
  o[0] = s;
  return record(new Tensor(o, [], dt), "trace", TRACE, [input], null, { map, shape: input._shape });
}

// ---- einsum -----------------------------------------------------------------------------------------------------

/**
 * PyTorch's `torch.einsum(equation, ...operands)` for the usual cases ("ij,jk->ik", "ij->ji", "i,i->", "bij,bjk->bik",
 * implicit output): each operand permuted and unsqueezed onto every letter, multiplied, summed over the letters the
 * output lacks. The values are PyTorch's; the graph's nodes are ours (PyTorch routes through bmm).
 */
export function einsum(equation: string, ...operands: Array<Tensor | Tensor[]>): Tensor {
  const ops: Tensor[] = operands.length === 1 && Array.isArray(operands[0]) ? operands[0] : (operands as Tensor[]);
  const eq = equation.replace(/\s+/g, "");
  if (eq.includes(".")) throw new TorchError("einsum(): ellipsis ('...') is not supported by Autograd Lens yet", { kind: "NotImplementedError" });
  const [lhs, rhsGiven] = eq.split("->") as [string, string | undefined];
  const terms = lhs.split(",");
  if (terms.length !== ops.length) throw new TorchError(`einsum(): more operands were provided than specified in the equation`);
  const counts = new Map<string, number>();
  for (const t of terms) for (const ch of t) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const rhs = rhsGiven ?? [...counts.keys()].filter((ch) => counts.get(ch) === 1).sort().join("");
  const letters = [...rhs, ...[...counts.keys()].filter((ch) => !rhs.includes(ch))];
  const sizes = new Map<string, number>();
  let product: Tensor | null = null;
  terms.forEach((term, k) => {
    let x = ops[k]!;
    if (term.length !== x._shape.length) throw new TorchError(`einsum(): the number of subscripts in the equation (${term.length}) does not match the number of dimensions (${x._shape.length}) for operand ${k}`);
    // A repeated letter in one term ("ii") takes the diagonal.
    for (let i = 0; i < term.length; i++) {
      const ch = term[i]!;
      const s = x._shape[i]!;
      if (sizes.has(ch) && sizes.get(ch) !== s && sizes.get(ch) !== 1 && s !== 1) throw new TorchError(`einsum(): operands do not broadcast with remapped shapes (original->remapped)`);
      if (!sizes.has(ch) || sizes.get(ch) === 1) sizes.set(ch, s);
    }
    let labels = term;
    while (new Set(labels).size !== labels.length) {
      const i = [...labels].findIndex((ch, j) => labels.indexOf(ch) !== j);
      const first = labels.indexOf(labels[i]!);
      x = diagonalOf(x, first, i);
      labels = labels.slice(0, i) + labels.slice(i + 1);
    }
    const order = letters.filter((ch) => labels.includes(ch)).map((ch) => labels.indexOf(ch));
    if (order.some((o, i) => o !== i)) x = x.permute(order);
    const present = letters.filter((ch) => labels.includes(ch));
    const shape = letters.map((ch) => (present.includes(ch) ? x._shape[present.indexOf(ch)]! : 1));
    if (shape.length !== x._shape.length) x = x.reshape(shape);
    product = product === null ? x : product.mul(x);
  });
  let r = product!;
  const summed = letters.map((_ch, i) => i).slice(rhs.length);
  if (summed.length > 0) r = r.sum(summed);
  return r;
}

/** The diagonal over dims `d0` < `d1` (placed at d0), for einsum's repeated letters. */
function diagonalOf(x: Tensor, d0: number, d1: number): Tensor {
  const shape = x._shape.filter((_s, i) => i !== d1);
  const st = stridesOf(x._shape);
  const strides = st.filter((_s, i) => i !== d1);
  strides[d0] = st[d0]! + st[d1]!;
  shape[d0] = Math.min(x._shape[d0]!, x._shape[d1]!);
  return gatherFlat(x, stridedMap(shape, strides, 0), shape, DIAG, "diagonal", false);
}


declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.prod(dim=None, keepdim=False)`: the product of all elements, or along `dim`. */
    prod: Method<typeof prod>;
    /** PyTorch's `x.var(dim=None, unbiased=True, keepdim=False)`: the variance. */
    var: Method<typeof var_>;
    /** PyTorch's `x.std(dim=None, unbiased=True, keepdim=False)`: the standard deviation. */
    std: Method<typeof std>;
    /** PyTorch's `x.logsumexp(dim, keepdim=False)`: log Σ exp(x) along `dim`. */
    logsumexp: Method<typeof logsumexp>;
    /** PyTorch's `x.cumsum(dim)`: running sums along `dim`. */
    cumsum: Method<typeof cumsum>;
    /** PyTorch's `x.argmax(dim=None, keepdim=False)`: the index of the largest element. */
    argmax: Method<typeof argmax>;
    /** PyTorch's `x.argmin(dim=None, keepdim=False)`: the index of the smallest element. */
    argmin: Method<typeof argmin>;
    /** PyTorch's `x.repeat(*sizes)`: the tensor tiled along each dim. */
    repeat: Method<typeof repeat>;
    /** PyTorch's `x.outer(vec2)`: the outer product of two vectors. */
    outer: Method<typeof outer>;
    /** PyTorch's `x.diag(diagonal=0)`: diagonal matrix of a vector, or diagonal of a matrix. */
    diag: Method<typeof diag>;
    /** PyTorch's `x.trace()`: the sum of the diagonal. */
    trace: Method<typeof trace>;
  }
}
installMethods({ prod, var: var_, std, logsumexp, cumsum, argmax, argmin, outer, diag, trace });
installVariadic({ repeat });
