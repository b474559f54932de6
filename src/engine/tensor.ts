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
  /** @internal row-major storage; shared with views (view/reshape/detach/squeeze/unsqueeze), as in PyTorch. */
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

  /** @internal creation counter, unique within one engine context (the Trace's tensor id; not PyTorch's). */
  get id(): number { return this._id; }
  /** @internal */
  set id(_v: never) { throw notWritable("id"); }
  /** The size of each dim (immutable, like `torch.Size`; `size()` gives a copy you may change). */
  get shape(): readonly number[] { return this._shape; }
  set shape(_v: never) { throw notWritable("shape"); }
  /** PyTorch's `x.dtype`: the element type (`float32`, `float64` or `bool`). */
  get dtype(): DType { return this._dtype; }
  set dtype(_v: never) { throw notWritable("dtype"); }
  /** The node of the backward graph that made this tensor; null for leaves and tensors made without grad. */
  get grad_fn(): GradFn | null { return this._gradFn; }
  set grad_fn(_v: never) { throw notWritable("grad_fn"); }

  // ---- autograd metadata -------------------------------------------------------------------------------------

  /** Whether gradients are recorded for this tensor; assigning it follows `requires_grad_`'s rules. */
  get requires_grad(): boolean { return this._rg; }
  set requires_grad(flag: boolean) { inp.requiresGrad_(this, flag, true); }
  /** PyTorch's `x.is_leaf`: true for tensors made by the user (not by an op that records a grad_fn); only leaves get `.grad`. */
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
  /** @internal for the recorder: set by retain_grad(). */
  get retainsGrad(): boolean { return this._retains; }
  /** @internal for the recorder: `.grad` without the non-leaf warning. */
  get gradRaw(): Tensor | null { return this._grad; }

  /**
   * PyTorch's `.grad`: the gradient that backward() accumulated into this tensor; None (`null`) until a backward
   * reaches it. Reading it on a non-leaf warns as PyTorch does.
   *
   * Typed as Tensor (not `Tensor | null`) so that the course's own `x.grad.zero_()` after a backward type-checks
   * without `!`, as it runs in Python. The value is still null before a backward: `console.log(x.grad)` prints
   * null and `x.grad === null` checks work; a method called on it fails on its line with "x.grad is None: no
   * backward() has reached x yet" (the runner's error mapping, src/runner/nullGrad.ts).
   */
  get grad(): Tensor {
    if (this.grad_fn !== null && !this._retains && this._grad === null) warn(NON_LEAF_GRAD_WARNING, this);
    return this._grad as Tensor;
  }
  set grad(g: Tensor | null) { this._grad = g; }

  /** PyTorch's `.data`: the same storage, detached from the graph. */
  get data(): Tensor { return sh.detach(this, "data"); }

  /** @internal row-major values (bool as 0/1), without copying. */
  dataView(): ArrayLike<number> { return this.storage; }

  /** PyTorch's `x.requires_grad_(flag=True)`: turns gradient recording on (or off) for this leaf, in place; returns `x`. */
  requires_grad_(flag = true): Tensor { return inp.requiresGrad_(this, flag); }
  /** PyTorch's `x.retain_grad()`: keep `.grad` of this non-leaf tensor after backward (only leaves keep it otherwise). */
  retain_grad(): void { inp.retainGrad(this); }
  /** PyTorch's `x.register_hook(fn)`: call `fn(grad)` when the gradient of `x` is computed; a returned tensor replaces the gradient. */
  register_hook(fn: GradHook): { remove(): void } { return inp.registerHook(this, fn); }
  /** PyTorch's `y.backward(gradient=None, retain_graph=None, create_graph=False, inputs=None)`: accumulate dy/dleaf into each leaf's `.grad` (`gradient` is the seed v of the vector–Jacobian product for a non-scalar y). */
  backward(gradient?: Tensor | BackwardOptions | null, options?: BackwardOptions): void {
    if (gradient !== undefined && gradient !== null && !(gradient instanceof Tensor)) bw.backward(this, null, gradient);
    else bw.backward(this, gradient ?? null, options ?? {});
  }
  /** PyTorch's `x.detach()`: the same values as a new tensor cut from the graph (shares storage; no gradient flows through it). */
  detach(): Tensor { return sh.detach(this, "detach"); }
  /** PyTorch's `x.detach_()`: cut `x` itself from the graph, in place. */
  detach_(): Tensor { return inp.detach_(this); }

  // ---- reading values ----------------------------------------------------------------------------------------

  /** PyTorch's `x.ndim`: the number of dimensions. */
  get ndim(): number { return this.shape.length; }
  set ndim(_v: never) { throw notWritable("ndim"); }
  /** PyTorch's `x.dim()`: the number of dimensions. */
  dim(): number { return this.shape.length; }
  /** PyTorch's `x.numel()`: the number of elements. */
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

  /** PyTorch's `x.add(other, alpha=1)`, i.e. Python's `x + alpha * other`, with broadcasting. */
  add(other: TensorLike, opts?: { alpha?: number }): Tensor { return ew.add(this, other, opts?.alpha ?? 1); }
  /** PyTorch's `x.sub(other, alpha=1)`, i.e. Python's `x - alpha * other`, with broadcasting. */
  sub(other: TensorLike, opts?: { alpha?: number }): Tensor { return ew.sub(this, other, opts?.alpha ?? 1); }
  /** PyTorch's `x.mul(other)`, i.e. Python's `x * other`: element-wise product with broadcasting. */
  mul(other: TensorLike): Tensor { return ew.mul(this, other); }
  /** PyTorch's `x.div(other)`, i.e. Python's `x / other`: element-wise true division with broadcasting. */
  div(other: TensorLike): Tensor { return ew.div(this, other); }
  /** PyTorch's `x.pow(exponent)`, i.e. Python's `x ** exponent`. */
  pow(exponent: TensorLike): Tensor { return ew.pow(this, exponent); }
  /** PyTorch's `x.neg()`, i.e. Python's `-x`. */
  neg(): Tensor { return ew.neg(this); }
  /** PyTorch's `x.reciprocal()`: 1 / x element-wise. */
  reciprocal(): Tensor { return ew.reciprocal(this); }
  /** PyTorch's `x.exp()`: e^x element-wise. */
  exp(): Tensor { return un.exp(this); }
  /** PyTorch's `x.log()`: the natural logarithm element-wise. */
  log(): Tensor { return un.log(this); }
  /** PyTorch's `x.sqrt()`: the square root element-wise. */
  sqrt(): Tensor { return un.sqrt(this); }
  /** PyTorch's `x.abs()`: |x| element-wise. */
  abs(): Tensor { return un.abs(this); }
  /** PyTorch's `x.sign()`: -1, 0 or 1 element-wise (its gradient is zero). */
  sign(): Tensor { return un.sign(this); }
  /** PyTorch's `x.sin()`: the sine element-wise. */
  sin(): Tensor { return un.sin(this); }
  /** PyTorch's `x.cos()`: the cosine element-wise. */
  cos(): Tensor { return un.cos(this); }
  /** PyTorch's `x.tanh()`: the hyperbolic tangent element-wise. */
  tanh(): Tensor { return un.tanh(this); }
  /** PyTorch's `x.sigmoid()`: 1 / (1 + e^-x) element-wise. */
  sigmoid(): Tensor { return un.sigmoid(this); }
  /** PyTorch's `x.relu()`: max(x, 0) element-wise. */
  relu(): Tensor { return un.relu(this); }
  /** PyTorch's `x.clamp(min=None, max=None)`: each element limited to [min, max]. */
  clamp(min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor {
    return un.clamp(this, min, max);
  }
  /** PyTorch's `x.sum(dim=None, keepdim=False)`: the sum of all elements, or along `dim`. */
  sum(dim?: number | number[] | DimOptions, keepdim?: boolean | DimOptions): Tensor { return red.sum(this, dim, keepdim); }
  /** PyTorch's `x.mean(dim=None, keepdim=False)`: the mean of all elements, or along `dim`. */
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
  /** PyTorch's `x.norm(p='fro', dim=None, keepdim=False)`: the p-norm (default 2) of all elements, or along `dim`. */
  norm(p?: number | DimOptions & { p?: number } | null, dim?: number | number[] | DimOptions, keepdim?: boolean): Tensor {
    return red.norm(this, p, dim, keepdim);
  }
  /** PyTorch's `x.all()`: a bool tensor, true when every element is non-zero. */
  all(): Tensor { return red.allAny(this, true); }
  /** PyTorch's `x.any()`: a bool tensor, true when some element is non-zero. */
  any(): Tensor { return red.allAny(this, false); }
  /** PyTorch's `x.dot(other)`: the inner product of two 1-D tensors. */
  dot(other: Tensor): Tensor { return la.dot(this, other); }
  /** PyTorch's `x.mm(other)`: the matrix product of two 2-D tensors. */
  mm(other: Tensor): Tensor { return la.mm(this, other); }
  /** PyTorch's `x.mv(vec)`: the product of a matrix and a vector. */
  mv(other: Tensor): Tensor { return la.mv(this, other); }
  /** PyTorch's `x.matmul(other)`, i.e. Python's `x @ other`: dot, matrix–vector, matrix or batched product by the inputs' dims. */
  matmul(other: Tensor): Tensor { return la.matmul(this, other); }
  /** PyTorch's `x.bmm(other)`: batched matrix product of two 3-D tensors. */
  bmm(other: Tensor): Tensor { return la.bmm(this, other); }
  /** PyTorch's `x.softmax(dim)`: e^x normalized to sum to 1 along `dim`. */
  softmax(dim: number | { dim: number }): Tensor { return act.softmax(this, dim, false); }
  /** PyTorch's `x.log_softmax(dim)`: log(softmax(x)) along `dim`, computed stably. */
  log_softmax(dim: number | { dim: number }): Tensor { return act.softmax(this, dim, true); }
  /** PyTorch's `x.view(*shape)`: the same storage seen with a new shape (-1 infers one dimension); fails on non-contiguous tensors. */
  view(...shape: Array<number | readonly number[]>): Tensor { return sh.view(this, shape, true); }
  /** PyTorch's `x.reshape(*shape)`: the values with a new shape (-1 infers one dimension), a view when possible. */
  reshape(...shape: Array<number | readonly number[]>): Tensor { return sh.view(this, shape, false); }
  /** PyTorch's `x.flatten()`: the values as one dimension. */
  flatten(): Tensor { return sh.view(this, [-1], false); }
  /** PyTorch's `x.t()`: the transpose of a tensor of at most 2 dimensions. */
  t(): Tensor { return sh.t(this); }
  /** Python's `x.T`: every dim reversed (PermuteBackward0). */
  get T(): Tensor { return sh.permute(this, [this.shape.map((_s, i) => this.shape.length - 1 - i)]); }
  /** PyTorch's `x.permute(*dims)`: the dimensions reordered. */
  permute(...dims: Array<number | number[]>): Tensor { return sh.permute(this, dims); }
  /** PyTorch's `x.narrow(dim, start, length)`: elements start … start+length-1 along `dim`. */
  narrow(dim: number, start: number, length: number): Tensor { return join.narrow(this, dim, start, length); }
  /** PyTorch's `x.square()`: x² element-wise. */
  square(): Tensor { return ew.pow(this, 2); }
  /** PyTorch's `x.transpose(dim0, dim1)`: two dimensions swapped. */
  transpose(dim0: number, dim1: number): Tensor { return sh.transpose(this, dim0, dim1, "TransposeBackward0"); }
  /** PyTorch's `x.unsqueeze(dim)`: a new dimension of size 1 inserted at `dim`. */
  unsqueeze(dim: number): Tensor { return sh.unsqueeze(this, dim); }
  /** PyTorch's `x.squeeze(dim=None)`: dimensions of size 1 removed (all, or only `dim`). */
  squeeze(dim?: number): Tensor { return sh.squeeze(this, dim); }
  /** PyTorch's `x.expand(*sizes)`: size-1 dimensions repeated to `sizes` (-1 keeps a size), without copying in PyTorch. */
  expand(...shape: Array<number | readonly number[]>): Tensor { return sh.expand(this, shape); }
  /** PyTorch's `x.expand_as(other)`: `x.expand(other.size())`. */
  expand_as(other: Tensor): Tensor { return sh.expand(this, [other.shape]); }
  /** PyTorch's `x.clone()`: a copy with its own storage that stays in the graph (CloneBackward0). */
  clone(): Tensor { return sh.clone(this); }
  /** PyTorch's `x.contiguous()`: `x` itself when its elements are in row-major order, else a contiguous copy. */
  contiguous(): Tensor { return this._contiguous ? this : sh.clone(this); }
  /** PyTorch's `x.eq(other)`, i.e. Python's `x == other`: a bool tensor, element by element. */
  eq(other: TensorLike): Tensor { return cmp.compare(this, other, "eq"); }
  /** PyTorch's `x.ne(other)`, i.e. Python's `x != other`: a bool tensor, element by element. */
  ne(other: TensorLike): Tensor { return cmp.compare(this, other, "ne"); }
  /** PyTorch's `x.gt(other)`, i.e. Python's `x > other`: a bool tensor, element by element. */
  gt(other: TensorLike): Tensor { return cmp.compare(this, other, "gt"); }
  /** PyTorch's `x.lt(other)`, i.e. Python's `x < other`: a bool tensor, element by element. */
  lt(other: TensorLike): Tensor { return cmp.compare(this, other, "lt"); }
  /** PyTorch's `x.ge(other)`, i.e. Python's `x >= other`: a bool tensor, element by element. */
  ge(other: TensorLike): Tensor { return cmp.compare(this, other, "ge"); }
  /** PyTorch's `x.le(other)`, i.e. Python's `x <= other`: a bool tensor, element by element. */
  le(other: TensorLike): Tensor { return cmp.compare(this, other, "le"); }
  /** PyTorch's `x.equal(other)`: true when both have the same shape and the same elements. */
  equal(other: Tensor): boolean { return cmp.equal(this, other); }
  /** PyTorch's `x.allclose(other, rtol=1e-05, atol=1e-08)`: true when |x - other| <= atol + rtol·|other| everywhere. */
  allclose(other: Tensor, opts?: { rtol?: number; atol?: number }): boolean { return cmp.allclose(this, other, opts); }
  /** PyTorch's `x.float()`: the values as float32. */
  float(): Tensor { return sh.to(this, "float32"); }
  /** PyTorch's `x.double()`: the values as float64. */
  double(): Tensor { return sh.to(this, "float64"); }
  /** PyTorch's `x.to(dtype)`: the values converted to `dtype`. */
  to(dtype: DType | { dtype: DType }): Tensor { return sh.to(this, typeof dtype === "string" ? dtype : dtype.dtype); }

  // ---- in place -----------------------------------------------------------------------------------------------

  /** PyTorch's `x.add_(other, alpha=1)`: Python's `x += alpha * other`, in place. */
  add_(other: TensorLike, opts?: { alpha?: number }): Tensor { return inp.inplace(this, "add_", () => ew.add(inp.snapshot(this), other, opts?.alpha ?? 1)); }
  /** PyTorch's `x.sub_(other, alpha=1)`: Python's `x -= alpha * other`, in place. */
  sub_(other: TensorLike, opts?: { alpha?: number }): Tensor { return inp.inplace(this, "sub_", () => ew.sub(inp.snapshot(this), other, opts?.alpha ?? 1)); }
  /** PyTorch's `x.mul_(other)`: Python's `x *= other`, in place. */
  mul_(other: TensorLike): Tensor { return inp.inplace(this, "mul_", () => ew.mul(inp.snapshot(this), other)); }
  /** PyTorch's `x.div_(other)`: Python's `x /= other`, in place. */
  div_(other: TensorLike): Tensor { return inp.inplace(this, "div_", () => ew.div(inp.snapshot(this), other)); }
  /** PyTorch's `x.zero_()`: every element set to 0, in place (the course's `x.grad.zero_()` clears an accumulated gradient). */
  zero_(): Tensor { return inp.fill_(this, 0, "zero_"); }
  /** PyTorch's `x.fill_(value)`: every element set to `value`, in place. */
  fill_(value: number): Tensor { return inp.fill_(this, value, "fill_"); }
  /** PyTorch's `x.copy_(src)`: the elements of `src` (broadcast) copied into `x`, in place. */
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
