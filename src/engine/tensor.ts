import type { DType, Storage } from "./dtype.js";
import { TorchError, wrapDim } from "./errors.js";
import type { ObservedTensor } from "./observer.js";
import { state, warn } from "./state.js";
import { numelOf } from "./shape.js";
import type { GradFn, GradHook } from "./autograd/node.js";
import * as ew from "./ops/elementwise.js";
import * as un from "./ops/unary.js";
import * as red from "./ops/reduce.js";
import * as la from "./ops/linalg.js";
import * as sh from "./ops/shape.js";
import * as act from "./ops/activation.js";
import * as cmp from "./ops/compare.js";
import * as inp from "./ops/inplace.js";
import * as join from "./ops/join.js";
import * as bw from "./autograd/backward.js";
import { formatTensor } from "./format.js";

/** Operand accepted where PyTorch takes a tensor or a Python number. */
export type TensorLike = Tensor | number;
/** Trailing options of reductions: `x.sum({dim: 1, keepdim: true})`. */
export interface DimOptions { dim?: number | number[]; keepdim?: boolean }
/** Options of `backward`. */
export interface BackwardOptions { retain_graph?: boolean; create_graph?: boolean; inputs?: Tensor | Tensor[] }

/** PyTorch's text for assigning a read-only tensor attribute (an AttributeError in Python). */
function notWritable(name: string): TorchError {
  return new TorchError(`attribute '${name}' of 'torch._C._TensorBase' objects is not writable`, { kind: "AttributeError" });
}

const NON_LEAF_GRAD_WARNING =
  "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be " +
  "populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, " +
  "use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access " +
  "the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more informations. (Triggered internally " +
  "at  ./build/aten/src/ATen/core/TensorBody.h:480.)";

/**
 * A PyTorch-style tensor: contiguous row-major storage, a shape, a dtype, and autograd metadata. Math lives in
 * ops/*; these methods are the PyTorch spellings that forward to them.
 */
export class Tensor implements ObservedTensor {
  /** @internal the id (the public `id` is read-only). */
  readonly _id: number;
  /** Row-major storage; shared with views (view/reshape/detach/squeeze/unsqueeze), as in PyTorch. */
  storage: Storage;
  /** @internal the shape, frozen (PyTorch's torch.Size is immutable). */
  readonly _shape: readonly number[];
  /** @internal the dtype (the public `dtype` is read-only). */
  readonly _dtype: DType;
  /** @internal the requires_grad flag (the public property validates and reports changes). */
  _rg = false;
  /** @internal the node that made this tensor (the public `grad_fn` is read-only, as in PyTorch). */
  _gradFn: GradFn | null = null;
  /** @internal the `.grad` field. */
  _grad: Tensor | null = null;
  /** @internal set by retain_grad(). */
  _retains = false;
  /** @internal hooks registered with register_hook, run before accumulation / before the grad_fn. */
  _hooks: GradHook[] | null = null;
  /** @internal cached AccumulateGrad node of a leaf. */
  _acc: GradFn | null = null;
  /** @internal a Python number wrapped to take part in an op (not shown as an input). */
  _wrapped = false;
  /** @internal false after transpose/expand: PyTorch would hold a strided view, so `view` must refuse. */
  _contiguous = true;
  /** @internal for a view (PyTorch's sense, even where we copy): the tensor it views, for the in-place rules. */
  _viewOf: Tensor | null = null;
  /** @internal the view was made with grad mode off. */
  _viewNoGrad = false;
  /** @internal holds integer indices (PyTorch's int64 `indices`): printed without decimal points. */
  _int = false;
  /** @internal PyTorch's version counter, shared by views of the same storage (created on first use). */
  _vc: { v: number } | null = null;

  constructor(storage: Storage, shape: readonly number[], dtype: DType) {
    const n = storage.length;
    if (n > state.elementLimit) {
      throw new TorchError(
        `tensor of shape [${shape.join(", ")}] has ${n} elements, more than the limit of ${state.elementLimit}`,
      );
    }
    this._id = state.nextTensorId++;
    this.storage = storage;
    this._shape = Object.freeze(shape);
    this._dtype = dtype;
  }

  // ---- read-only identity (PyTorch raises AttributeError on assignment; `never` makes TypeScript refuse it too) --

  /** Creation counter, unique within one engine context. */
  get id(): number { return this._id; }
  set id(_v: never) { throw notWritable("id"); }
  /** The size of each dim (immutable, like `torch.Size`; `size()` gives a copy you may change). */
  get shape(): readonly number[] { return this._shape; }
  set shape(_v: never) { throw notWritable("shape"); }
  get dtype(): DType { return this._dtype; }
  set dtype(_v: never) { throw notWritable("dtype"); }
  /** The node of the backward graph that made this tensor; null for leaves and tensors made without grad. */
  get grad_fn(): GradFn | null { return this._gradFn; }
  set grad_fn(_v: never) { throw notWritable("grad_fn"); }

  // ---- autograd metadata -------------------------------------------------------------------------------------

  /** Whether gradients are recorded for this tensor; assigning it follows `requires_grad_`'s rules. */
  get requires_grad(): boolean { return this._rg; }
  set requires_grad(flag: boolean) { inp.requiresGrad_(this, flag, true); }
  get is_leaf(): boolean { return this._gradFn === null; }
  set is_leaf(_v: never) { throw notWritable("is_leaf"); }
  /** PyTorch's `_version`: how many in-place changes the storage has seen. */
  get _version(): number { return this._vc === null ? 0 : this._vc.v; }
  set _version(_v: never) { throw notWritable("_version"); }
  /** @internal counts one in-place change of the (shared) storage. */
  _bumpVersion(): void { (this._vc ??= { v: 0 }).v++; }
  /** @internal makes `view` share this tensor's version counter (it shares the storage). */
  _shareVersion(view: Tensor): Tensor {
    view._vc = this._vc ??= { v: 0 };
    return view;
  }
  get retainsGrad(): boolean { return this._retains; }
  get gradRaw(): Tensor | null { return this._grad; }

  /** `.grad`: null until a backward fills it; reading it on a non-leaf warns like PyTorch. */
  get grad(): Tensor | null {
    if (this.grad_fn !== null && !this._retains && this._grad === null) warn(NON_LEAF_GRAD_WARNING, this);
    return this._grad;
  }
  set grad(g: Tensor | null) { this._grad = g; }

  /** PyTorch's `.data`: the same storage, detached from the graph. */
  get data(): Tensor { return sh.detach(this, "data"); }

  /** Row-major values (bool as 0/1), without copying. */
  dataView(): ArrayLike<number> { return this.storage; }

  requires_grad_(flag = true): Tensor { return inp.requiresGrad_(this, flag); }
  retain_grad(): void { inp.retainGrad(this); }
  register_hook(fn: GradHook): { remove(): void } { return inp.registerHook(this, fn); }
  backward(gradient?: Tensor | BackwardOptions | null, options?: BackwardOptions): void {
    if (gradient !== undefined && gradient !== null && !(gradient instanceof Tensor)) bw.backward(this, null, gradient);
    else bw.backward(this, gradient ?? null, options ?? {});
  }
  detach(): Tensor { return sh.detach(this, "detach"); }
  detach_(): Tensor { return inp.detach_(this); }

  // ---- reading values ----------------------------------------------------------------------------------------

  get ndim(): number { return this.shape.length; }
  set ndim(_v: never) { throw notWritable("ndim"); }
  dim(): number { return this.shape.length; }
  numel(): number { return this.storage.length; }
  /** `size()` is the shape; `size(dim)` one dimension (negative dims count from the end). */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number | number[] {
    if (dim === undefined) return this.shape.slice();
    return this.shape[wrapDim(dim, this.shape.length)]!;
  }
  /**
   * The single value as a JS number. For a bool tensor it is a JS boolean at run time (Python's `True`), typed as
   * a number so `loss.item() * 2` type-checks in snippets; booleans behave as 0/1 in arithmetic anyway.
   */
  item(): number {
    if (this.storage.length !== 1) {
      throw new TorchError("only one element tensors can be converted to Python scalars", { kind: "ValueError", tensorId: this.id });
    }
    return (this.dtype === "bool" ? this.storage[0] !== 0 : this.storage[0]!) as number;
  }
  /** Nested JS arrays of the values (a single value for a 0-d tensor), booleans for bool tensors. */
  tolist(): sh.NestedList { return sh.tolist(this); }
  toString(): string { return formatTensor(this); }
  /** Lets `t < 1000` and `if (t)` work on one-element tensors like Python's `__bool__`/`__float__`. */
  valueOf(): number | boolean {
    if (this.storage.length !== 1) {
      throw new TorchError("Boolean value of Tensor with more than one value is ambiguous", { tensorId: this.id });
    }
    return this.item();
  }
  /** `console.log(t)` in Node prints the PyTorch repr, like Python's `print(t)`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
  [Symbol.toPrimitive](hint: string): number | string | boolean {
    if (hint === "string") return this.toString();
    return this.valueOf();
  }

  // ---- math (forwarders) ------------------------------------------------------------------------------------

  add(other: TensorLike, opts?: { alpha?: number }): Tensor { return ew.add(this, other, opts?.alpha ?? 1); }
  sub(other: TensorLike, opts?: { alpha?: number }): Tensor { return ew.sub(this, other, opts?.alpha ?? 1); }
  mul(other: TensorLike): Tensor { return ew.mul(this, other); }
  div(other: TensorLike): Tensor { return ew.div(this, other); }
  pow(exponent: TensorLike): Tensor { return ew.pow(this, exponent); }
  neg(): Tensor { return ew.neg(this); }
  reciprocal(): Tensor { return ew.reciprocal(this); }
  exp(): Tensor { return un.exp(this); }
  log(): Tensor { return un.log(this); }
  sqrt(): Tensor { return un.sqrt(this); }
  abs(): Tensor { return un.abs(this); }
  sign(): Tensor { return un.sign(this); }
  sin(): Tensor { return un.sin(this); }
  cos(): Tensor { return un.cos(this); }
  tanh(): Tensor { return un.tanh(this); }
  sigmoid(): Tensor { return un.sigmoid(this); }
  relu(): Tensor { return un.relu(this); }
  clamp(min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor {
    return un.clamp(this, min, max);
  }
  sum(dim?: number | number[] | DimOptions, keepdim?: boolean | DimOptions): Tensor { return red.sum(this, dim, keepdim); }
  mean(dim?: number | number[] | DimOptions, keepdim?: boolean | DimOptions): Tensor { return red.mean(this, dim, keepdim); }
  /** Full reduction: a 0-d tensor (MaxBackward1). */
  max(): Tensor;
  /** Along `dim`: PyTorch's `(values, indices)` (MaxBackward0). */
  max(dim: number | DimOptions, keepdim?: boolean | DimOptions): red.MaxResult;
  max(dim?: number | DimOptions, keepdim?: boolean | DimOptions): Tensor | red.MaxResult { return red.max(this, dim, keepdim, true); }
  /** Full reduction: a 0-d tensor (MinBackward1). */
  min(): Tensor;
  /** Along `dim`: PyTorch's `(values, indices)` (MinBackward0). */
  min(dim: number | DimOptions, keepdim?: boolean | DimOptions): red.MaxResult;
  min(dim?: number | DimOptions, keepdim?: boolean | DimOptions): Tensor | red.MaxResult { return red.max(this, dim, keepdim, false); }
  norm(p?: number | DimOptions & { p?: number } | null, dim?: number | number[] | DimOptions, keepdim?: boolean): Tensor {
    return red.norm(this, p, dim, keepdim);
  }
  all(): Tensor { return red.allAny(this, true); }
  any(): Tensor { return red.allAny(this, false); }
  dot(other: Tensor): Tensor { return la.dot(this, other); }
  mm(other: Tensor): Tensor { return la.mm(this, other); }
  mv(other: Tensor): Tensor { return la.mv(this, other); }
  matmul(other: Tensor): Tensor { return la.matmul(this, other); }
  bmm(other: Tensor): Tensor { return la.bmm(this, other); }
  softmax(dim: number | { dim: number }): Tensor { return act.softmax(this, dim, false); }
  log_softmax(dim: number | { dim: number }): Tensor { return act.softmax(this, dim, true); }
  view(...shape: Array<number | readonly number[]>): Tensor { return sh.view(this, shape, true); }
  reshape(...shape: Array<number | readonly number[]>): Tensor { return sh.view(this, shape, false); }
  flatten(): Tensor { return sh.view(this, [-1], false); }
  t(): Tensor { return sh.t(this); }
  /** Python's `x.T`: every dim reversed (PermuteBackward0). */
  get T(): Tensor { return sh.permute(this, [this.shape.map((_s, i) => this.shape.length - 1 - i)]); }
  permute(...dims: Array<number | number[]>): Tensor { return sh.permute(this, dims); }
  narrow(dim: number, start: number, length: number): Tensor { return join.narrow(this, dim, start, length); }
  square(): Tensor { return ew.pow(this, 2); }
  transpose(dim0: number, dim1: number): Tensor { return sh.transpose(this, dim0, dim1, "TransposeBackward0"); }
  unsqueeze(dim: number): Tensor { return sh.unsqueeze(this, dim); }
  squeeze(dim?: number): Tensor { return sh.squeeze(this, dim); }
  expand(...shape: Array<number | readonly number[]>): Tensor { return sh.expand(this, shape); }
  expand_as(other: Tensor): Tensor { return sh.expand(this, [other.shape]); }
  clone(): Tensor { return sh.clone(this); }
  contiguous(): Tensor { return this._contiguous ? this : sh.clone(this); }
  eq(other: TensorLike): Tensor { return cmp.compare(this, other, "eq"); }
  ne(other: TensorLike): Tensor { return cmp.compare(this, other, "ne"); }
  gt(other: TensorLike): Tensor { return cmp.compare(this, other, "gt"); }
  lt(other: TensorLike): Tensor { return cmp.compare(this, other, "lt"); }
  ge(other: TensorLike): Tensor { return cmp.compare(this, other, "ge"); }
  le(other: TensorLike): Tensor { return cmp.compare(this, other, "le"); }
  equal(other: Tensor): boolean { return cmp.equal(this, other); }
  allclose(other: Tensor, opts?: { rtol?: number; atol?: number }): boolean { return cmp.allclose(this, other, opts); }
  float(): Tensor { return sh.to(this, "float32"); }
  double(): Tensor { return sh.to(this, "float64"); }
  to(dtype: DType | { dtype: DType }): Tensor { return sh.to(this, typeof dtype === "string" ? dtype : dtype.dtype); }

  // ---- in place -----------------------------------------------------------------------------------------------

  add_(other: TensorLike, opts?: { alpha?: number }): Tensor { return inp.inplace(this, "add_", () => ew.add(inp.snapshot(this), other, opts?.alpha ?? 1)); }
  sub_(other: TensorLike, opts?: { alpha?: number }): Tensor { return inp.inplace(this, "sub_", () => ew.sub(inp.snapshot(this), other, opts?.alpha ?? 1)); }
  mul_(other: TensorLike): Tensor { return inp.inplace(this, "mul_", () => ew.mul(inp.snapshot(this), other)); }
  div_(other: TensorLike): Tensor { return inp.inplace(this, "div_", () => ew.div(inp.snapshot(this), other)); }
  zero_(): Tensor { return inp.fill_(this, 0, "zero_"); }
  fill_(value: number): Tensor { return inp.fill_(this, value, "fill_"); }
  copy_(src: Tensor): Tensor { return inp.copy_(this, src); }

  /** Elements along dim 0, like Python's `t[i]` (no autograd: a learner's read access). */
  at(i: number): Tensor { return sh.select(this, i); }
}

/** True when `x` is an engine tensor. */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

/** Number of elements helper re-exported for ops. */
export { numelOf };
