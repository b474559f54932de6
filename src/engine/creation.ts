import { allocStorage, isFloating, parseDType, type DType } from "./dtype.js";
import { fresh } from "./autograd/record.js";
import { TorchError } from "./errors.js";
import { numelOf, parseSizeArgs } from "./shape.js";
import { state, warn } from "./state.js";
import { Tensor } from "./tensor.js";
import * as random from "./random.js";

/** Keyword arguments of the creation functions. */
export interface CreateOptions { requires_grad?: boolean; dtype?: DType | string; size?: number[] }

/** Nested arrays of numbers or booleans, as `torch.tensor` accepts. */
export type NestedData = number | boolean | NestedData[];

function checkRequiresGrad(dtype: DType, rg: boolean | undefined): boolean {
  if (rg && !isFloating(dtype)) throw new TorchError("Only Tensors of floating point and complex dtype can require gradients");
  return rg ?? false;
}

function checkLimit(n: number, shape: number[]): void {
  if (n > state.elementLimit) {
    throw new TorchError(`tensor of shape [${shape.join(", ")}] has ${n} elements, more than the limit of ${state.elementLimit}`);
  }
}

function inferShape(data: NestedData): number[] {
  const shape: number[] = [];
  let d: NestedData = data;
  while (Array.isArray(d)) {
    shape.push(d.length);
    if (d.length === 0) break;
    d = d[0]!;
  }
  return shape;
}

function flatten(data: NestedData, shape: number[], dim: number, out: number[], kinds: { bool: boolean; num: boolean }): void {
  if (dim === shape.length) {
    if (Array.isArray(data)) throw new TorchError(`expected sequence of length ${shape[dim - 1]} at dim ${dim - 1} (got ${data.length})`, { kind: "ValueError" });
    if (typeof data === "boolean") { kinds.bool = true; out.push(data ? 1 : 0); return; }
    if (typeof data !== "number") throw new TorchError(`Could not infer dtype of ${typeof data}`, { kind: "TypeError" });
    kinds.num = true;
    out.push(data);
    return;
  }
  if (!Array.isArray(data)) throw new TorchError(`expected sequence of length ${shape[dim]} at dim ${dim} (got ${typeof data})`, { kind: "ValueError" });
  if (data.length !== shape[dim]) throw new TorchError(`expected sequence of length ${shape[dim]} at dim ${dim} (got ${data.length})`, { kind: "ValueError" });
  for (const x of data) flatten(x, shape, dim + 1, out, kinds);
}

/** PyTorch's `torch.tensor(data, dtype=None, requires_grad=False)`: a new leaf tensor holding a copy of `data` (a number, a boolean or nested arrays of them). */
export function tensor(data: NestedData | Tensor | ArrayLike<number>, opts: CreateOptions = {}): Tensor {
  if (data instanceof Tensor) {
    warn(
      "To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or sourceTensor.clone().detach().requires_grad_(True), rather than torch.tensor(sourceTensor).",
      data,
    );
    const dtype = data.dtype;
    data = data.tolist();
    if (opts.dtype === undefined) opts = { ...opts, dtype };
  } else if (ArrayBuffer.isView(data)) {
    data = Array.from(data as ArrayLike<number>);
  }
  const nested = data as NestedData;
  const shape = inferShape(nested);
  const flat: number[] = [];
  const kinds = { bool: false, num: false };
  flatten(nested, shape, 0, flat, kinds);
  const dtype = parseDType(opts.dtype) ?? (kinds.bool && !kinds.num ? "bool" : state.defaultDtype);
  checkLimit(flat.length, shape);
  const s = allocStorage(dtype, flat.length);
  if (dtype === "bool") for (let i = 0; i < flat.length; i++) s[i] = flat[i] ? 1 : 0;
  else if (dtype === "int64") for (let i = 0; i < flat.length; i++) s[i] = Math.trunc(flat[i]!);
  else s.set(flat);
  const t = fresh(s, shape, dtype, "tensor", checkRequiresGrad(dtype, opts.requires_grad));
  if (opts.dtype === undefined && kinds.num && flat.every(Number.isInteger)) t._intData = true;
  return t;
}

function filled(op: string, args: ReadonlyArray<unknown>, value: (i: number) => number): Tensor {
  const { shape, opts } = parseSizeArgs<CreateOptions>(args);
  const dtype = parseDType(opts.dtype) ?? state.defaultDtype;
  const n = numelOf(shape);
  checkLimit(n, shape);
  const s = allocStorage(dtype, n);
  if (dtype === "int64") for (let i = 0; i < n; i++) s[i] = Math.trunc(value(i));
  else for (let i = 0; i < n; i++) s[i] = value(i);
  return fresh(s, shape, dtype, op, checkRequiresGrad(dtype, opts.requires_grad));
}

/** PyTorch's `torch.zeros(*size)`: a tensor of zeros, e.g. `zeros(2, 3)` or `zeros([2, 3], { requires_grad: true })`. */
export function zeros(...args: Array<number | number[] | CreateOptions>): Tensor { return filled("zeros", args, () => 0); }
/** PyTorch's `torch.ones(*size)`: a tensor of ones, e.g. `ones(2, 3)` or `ones([2, 3], { requires_grad: true })`. */
export function ones(...args: Array<number | number[] | CreateOptions>): Tensor { return filled("ones", args, () => 1); }
/** PyTorch's `torch.empty(*size)`: a tensor whose values are not set (zeros here; PyTorch's hold whatever memory held). */
export function empty(...args: Array<number | number[] | CreateOptions>): Tensor { return filled("empty", args, () => 0); }
/** PyTorch's `torch.rand(*size)`: uniform random values in [0, 1) (reproducible after `manual_seed`, not PyTorch's stream). */
export function rand(...args: Array<number | number[] | CreateOptions>): Tensor { return filled("rand", args, random.uniform); }
/** PyTorch's `torch.randn(*size)`: standard normal random values; `randn([], { requires_grad: true })` gives a 0-d tensor. */
export function randn(...args: Array<number | number[] | CreateOptions>): Tensor { return filled("randn", args, random.normal); }

/** PyTorch's `torch.full(size, fill_value)`: a tensor of `size` with every element `fill_value`. */
export function full(size: number[], value: number | boolean, opts: CreateOptions = {}): Tensor {
  const dt = opts.dtype ?? (typeof value === "boolean" ? "bool" : undefined);
  const o: CreateOptions = { ...opts };
  if (dt !== undefined) o.dtype = dt;
  return filled("full", [size, o], () => Number(value));
}

/** PyTorch's `torch.zeros_like(t)`: zeros with the shape and dtype of `t`. */
export function zeros_like(t: Tensor, opts: CreateOptions = {}): Tensor {
  return filled("zeros_like", [t._shape.slice(), { dtype: t.dtype, ...opts }], () => 0);
}
/** PyTorch's `torch.ones_like(t)`: ones with the shape and dtype of `t` (the usual seed of `y.backward(torch.ones_like(y))`). */
export function ones_like(t: Tensor, opts: CreateOptions = {}): Tensor {
  return filled("ones_like", [t._shape.slice(), { dtype: t.dtype, ...opts }], () => 1);
}
/** PyTorch's `torch.randn_like(t)`: standard normal values with the shape of `t`. */
export function randn_like(t: Tensor, opts: CreateOptions = {}): Tensor {
  return filled("randn_like", [t._shape.slice(), { dtype: t.dtype, ...opts }], random.normal);
}
/** PyTorch's `torch.rand_like(t)`: uniform [0, 1) values with the shape of `t`. */
export function rand_like(t: Tensor, opts: CreateOptions = {}): Tensor {
  return filled("rand_like", [t._shape.slice(), { dtype: t.dtype, ...opts }], random.uniform);
}

/** PyTorch's `torch.eye(n, m=n)`: the n×m identity matrix. */
export function eye(n: number, m?: number | CreateOptions, opts?: CreateOptions): Tensor {
  const cols = typeof m === "number" ? m : n;
  if (n < 0) throw new TorchError(`n must be greater or equal to 0, got ${n}`);
  if (cols < 0) throw new TorchError(`m must be greater or equal to 0, got ${cols}`);
  const o = (typeof m === "object" ? m : opts) ?? {};
  return filled("eye", [[n, cols], o], (i) => (Math.floor(i / cols) === i % cols ? 1 : 0));
}

/** PyTorch's `torch.arange(start=0, end, step=1)`: the values start, start+step, … below `end`, e.g. `arange(4)` is [0, 1, 2, 3]. */
export function arange(...args: Array<number | CreateOptions>): Tensor {
  let opts: CreateOptions = {};
  const last = args[args.length - 1];
  if (typeof last === "object") { opts = last; args = args.slice(0, -1); }
  const nums = args as number[];
  const [start, end, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  if (step === 0) throw new TorchError("step must be nonzero");
  if ((step > 0 && end < start) || (step < 0 && end > start)) throw new TorchError("upper bound and larger bound inconsistent with step sign");
  const n = Math.max(0, Math.ceil((end - start) / step));
  const t = filled("arange", [[n], opts], (i) => start + i * step);
  if (opts.dtype === undefined && n > 0 && Number.isInteger(start) && Number.isInteger(step)) t._intData = true;
  return t;
}

/**
 * PyTorch's `torch.linspace(start, end, steps)`: `steps` evenly spaced values from start to end inclusive.
 *
 * Reproduces PyTorch 1.13's CPU kernel bit for bit in float32: values are computed
 * in the output dtype (a fused multiply-add each), from the start for the first half and from the end for the
 * second; the AVX2 path fills blocks of 8 from each block's first index (two blocks per loop turn), the tail is
 * scalar. float64 uses the same walk with doubles.
 */
export function linspace(start: number, end: number, steps: number, opts: CreateOptions = {}): Tensor {
  if (steps < 0) throw new TorchError("number of steps must be non-negative");
  const r = (parseDType(opts.dtype) ?? state.defaultDtype) === "float64" ? (v: number) => v : Math.fround;
  const s0 = r(start);
  const e0 = r(end);
  const step = steps > 1 ? r(r(e0 - s0) / (steps - 1)) : 0;
  const half = Math.floor(steps / 2);
  const f64 = r !== Math.fround;
  // float32: the product is exact in a double, so one rounding to float32 is the fused result. float64 needs fma.
  const fused = (a: number, b: number, c: number): number => (f64 ? fma(a, b, c) : r(a * b + c));
  const at = (i: number): number => (i < half ? fused(step, i, s0) : fused(-step, steps - i - 1, e0));
  const values = new Float64Array(steps);
  const V = f64 ? 4 : 8;
  const vecEnd = Math.floor(steps / (2 * V)) * 2 * V;
  for (let c = 0; c < vecEnd; c += V) {
    const base = at(c);
    for (let j = 0; j < V; j++) values[c + j] = r(base + r(j * step));
  }
  for (let i = vecEnd; i < steps; i++) values[i] = at(i);
  if (steps === 1) values[0] = s0;
  return filled("linspace", [[steps], opts], (i) => values[i]!);
}

/** Splits a double into high and low halves (Veltkamp), for exact products. */
function split(a: number): [number, number] {
  const c = 134217729 * a;
  const hi = c - (c - a);
  return [hi, a - hi];
}

/** a·b + c with a single rounding (Dekker's exact product plus an error-compensated sum), as C's fma. */
function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p)) return p + c;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = p + c;
  const bb = s - p;
  const err = p - (s - bb) + (c - bb);
  return s + (err + e);
}

/** PyTorch's `torch.manual_seed(seed)`: makes `rand`/`randn` repeat the same values from here on. */
export function manual_seed(s: number): void {
  random.seed(s);
}

export { allocStorage };
