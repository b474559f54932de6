import { isFloating, type DType, type Storage } from "./dtype.js";
import { TorchError, wrapDim } from "./errors.js";
import type { ObservedTensor } from "./observer.js";
import { state, warn } from "./state.js";
import type { GradFn, GradHook } from "./autograd/node.js";
import { reportChanged } from "./autograd/report.js";
import { formatTensor } from "./format.js";
import { numelOf, stridesOf } from "./shape.js";
import { gather, overlaps, scatter } from "./strided.js";

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
 * A PyTorch-style tensor: contiguous row-major storage, a shape, a dtype, and autograd metadata. This module holds
 * only what every op needs and imports no op: each op module declares its methods (`declare module` augmenting this
 * interface) and installs them on the prototype next to the op's definition (ops/method.ts), as tfjs's
 * `public/chained_ops` does. So an op is defined in one place, and the engine has no import cycle.
 */
export class Tensor implements ObservedTensor {
  /** @internal the id (the public `id` is read-only). */
  readonly _id: number;
  /**
   * @internal the buffer the elements live in, shared with every view of it (PyTorch's storage). For a contiguous
   * tensor it is the tensor's own row-major data (`_st`, possibly a window of a larger buffer).
   */
  _buf: Storage;
  /** @internal a strided view's position of element 0 in `_buf` (0 for a contiguous tensor: `_buf` starts there). */
  _offset = 0;
  /** @internal a strided view's element strides in `_buf`; null for a contiguous tensor. */
  _strides: readonly number[] | null = null;
  /** @internal the row-major data of a contiguous tensor (null for a strided view, read through `storage`). */
  _st: Storage | null;
  /** @internal the number of elements. */
  readonly _numel: number;
  /**
   * @internal the shape. The engine reads this field and never changes the array after construction; the public
   * `shape` freezes it on first access (PyTorch's torch.Size is immutable), so only what a snippet can reach pays
   * for the freeze.
   */
  readonly _shape: readonly number[];
  /** @internal the dtype (the public `dtype` is read-only). */
  readonly _dtype: DType;
  /** @internal the requires_grad flag (the public property validates and reports changes). */
  _rg = false;
  /** @internal the node that made this tensor (the public `grad_fn` is read-only, as in PyTorch). */
  _gradFn: GradFn | null = null;
  /**
   * @internal `[node, k]` when this tensor is output k of a node with several outputs (a custom Function's tuple);
   * stale (ignored) once an in-place op gives the tensor another grad_fn (record.ts `edgeOf`).
   */
  _outEdge: readonly [GradFn, number] | null = null;
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
  /**
   * @internal made by `torch.tensor`/`torch.arange` from whole numbers without a dtype: the TypeScript spelling of
   * PyTorch's int64 literal (JavaScript cannot tell 2 from 2.0), so it may index although it is float (index_map.ts).
   */
  _intData = false;
  /** @internal for a view (PyTorch's sense, even where we copy): the tensor it views, for the in-place rules. */
  _viewOf: Tensor | null = null;
  /** @internal the view was made with grad mode off. */
  _viewNoGrad = false;
  /** @internal the grad_fn the tensor's hooks live on (the one it had at its first register_hook). */
  _hookNode: GradFn | null = null;
  /** @internal PyTorch's version counter, shared by views of the same storage (created on first use). */
  _vc: { v: number } | null = null;

  /**
   * A tensor over `storage`: its own row-major data, or with `strides` a strided view of a buffer shared with its
   * base (element 0 at `offset`; see strided.ts and ops/view_internal.ts `stridedView`).
   */
  constructor(storage: Storage, shape: readonly number[], dtype: DType, strides: readonly number[] | null = null, offset = 0) {
    const n = strides === null ? storage.length : numelOf(shape);
    if (n > state.elementLimit) {
      throw new TorchError(
        `tensor of shape [${shape.join(", ")}] has ${n} elements, more than the limit of ${state.elementLimit}`,
      );
    }
    this._id = state.nextTensorId++;
    this._buf = storage;
    this._st = strides === null ? storage : null;
    this._strides = strides;
    this._offset = offset;
    this._numel = n;
    this._shape = shape;
    this._dtype = dtype;
  }

  /**
   * @internal the elements in row-major order: the data itself for a contiguous tensor (writes go to the tensor),
   * a fresh copy for a strided view (read-only use: in-place ops write through `_assign`). Hoist it out of loops.
   */
  get storage(): Storage {
    const s = this._st;
    return s !== null ? s : gather(this._buf, this._offset, this._shape, this._strides!, this._dtype);
  }

  /** @internal true when the elements are row-major in the buffer (no copy needed to read them). */
  get _contiguous(): boolean { return this._st !== null; }

  /**
   * @internal writes row-major `values` into the tensor's elements (through the strides of a view, so its base
   * sees them); PyTorch's error when several elements share one memory location (an expanded view).
   */
  _assign(values: ArrayLike<number>): void {
    const s = this._st;
    if (s !== null) {
      if (s !== values) s.set(values);
      return;
    }
    if (overlaps(this._shape, this._strides!)) {
      throw new TorchError(
        "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.",
        { tensorId: this._id },
      );
    }
    scatter(this._buf, this._offset, this._shape, this._strides!, values);
  }

  // ---- read-only identity (PyTorch raises AttributeError on assignment; `never` makes TypeScript refuse it too) --

  /** @internal creation counter, unique within one engine context (the Trace's tensor id; not PyTorch's). */
  get id(): number { return this._id; }
  /** @internal */
  set id(_v: never) { throw notWritable("id"); }
  /** The size of each dim (immutable, like `torch.Size`; `size()` gives a copy you may change). */
  get shape(): readonly number[] {
    const s = this._shape;
    return Object.isFrozen(s) ? s : Object.freeze(s);
  }
  set shape(_v: never) { throw notWritable("shape"); }
  /** PyTorch's `x.dtype`: the element type (`float32`, `float64`, `int64` or `bool`). */
  get dtype(): DType { return this._dtype; }
  set dtype(_v: never) { throw notWritable("dtype"); }
  /** The node of the backward graph that made this tensor; null for leaves and tensors made without grad. */
  get grad_fn(): GradFn | null { return this._gradFn; }
  set grad_fn(_v: never) { throw notWritable("grad_fn"); }

  // ---- autograd metadata -------------------------------------------------------------------------------------

  /** Whether gradients are recorded for this tensor; assigning it follows `requires_grad_`'s rules. */
  get requires_grad(): boolean {
    // PyTorch: a view also requires grad when its base does (even when the base changed after the view was made).
    return this._rg || (this._viewOf !== null && this._viewOf._rg);
  }
  set requires_grad(flag: boolean) { setRequiresGrad(this, flag, true); }
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
  /** PyTorch's `x.output_nr`: which output of `grad_fn` this tensor is (0 but for a custom Function's tuple). */
  get output_nr(): number {
    const oe = this._outEdge;
    // Stale once an in-place op gave the tensor another grad_fn (as record.ts edgeOf reads it).
    return oe !== null && oe[0] === this._gradFn ? oe[1] : 0;
  }
  /** PyTorch's `x.retains_grad`: true for a non-leaf after `retain_grad()` (false for leaves, which always keep `.grad`). */
  get retains_grad(): boolean { return this._retains; }
  /** PyTorch's `x._base`: the tensor this one is a view of (the root of a chain of views), or null. */
  get _base(): Tensor | null { return this._viewOf; }
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

  /** @internal row-major values (bool as 0/1), without copying. */
  dataView(): ArrayLike<number> { return this.storage; }

  /** PyTorch's `x.requires_grad_(flag=True)`: turns gradient recording on (or off) for this leaf, in place; returns `x`. */
  requires_grad_(flag = true): Tensor { return setRequiresGrad(this, flag, false); }

  // ---- reading values ----------------------------------------------------------------------------------------

  /** PyTorch's `x.ndim`: the number of dimensions. */
  get ndim(): number { return this._shape.length; }
  set ndim(_v: never) { throw notWritable("ndim"); }
  /** PyTorch's `x.dim()`: the number of dimensions. */
  dim(): number { return this._shape.length; }
  /** PyTorch's `x.numel()`: the number of elements. */
  numel(): number { return this._numel; }
  /** PyTorch's `x.is_contiguous()`: whether the elements are in row-major order in memory (false after `t()`, `expand`, …). */
  is_contiguous(): boolean { return this._st !== null; }
  /** PyTorch's `x.stride()` / `x.stride(dim)`: how many elements apart in memory consecutive indices of each dim are. */
  stride(): number[];
  /** PyTorch's `x.stride(dim)`: the memory step of one dim. */
  stride(dim: number): number;
  stride(dim?: number): number | number[] {
    const s = this._strides ?? stridesOf(this._shape);
    if (dim === undefined) return s.slice();
    return s[wrapDim(dim, this._shape.length)]!;
  }
  /** PyTorch's `x.storage_offset()`: where element 0 sits in the memory shared with the tensor's base. */
  storage_offset(): number {
    return this._offset + (this._viewOf === null ? 0 : (this._buf.byteOffset - this._viewOf._buf.byteOffset) / this._buf.BYTES_PER_ELEMENT);
  }
  /** `size()` is the shape; `size(dim)` one dimension (negative dims count from the end). */
  size(): number[];
  /** `size()` is the shape; `size(dim)` one dimension (negative dims count from the end). */
  size(dim: number): number;
  /** `size()` is the shape; `size(dim)` one dimension (negative dims count from the end). */
  size(dim?: number): number | number[] {
    if (dim === undefined) return this._shape.slice();
    return this._shape[wrapDim(dim, this._shape.length)]!;
  }
  /**
   * The single value as a JS number. For a bool tensor it is a JS boolean at run time (Python's `True`), typed as
   * a number so `loss.item() * 2` type-checks in snippets; booleans behave as 0/1 in arithmetic anyway.
   */
  item(): number {
    if (this._numel !== 1) {
      throw new TorchError("only one element tensors can be converted to Python scalars", { kind: "ValueError", tensorId: this.id });
    }
    const v = this._buf[this._offset]!;
    return (this.dtype === "bool" ? v !== 0 : v) as number;
  }
  toString(): string { return formatTensor(this); }
  /** Lets `t < 1000` and `if (t)` work on one-element tensors like Python's `__bool__`/`__float__`. */
  valueOf(): number | boolean {
    if (this._numel !== 1) {
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
}

/** True when `x` is an engine tensor. */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

const NO_RETAIN_GRAD =
  "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().";

/** `requires_grad_` and the `requires_grad` setter (PyTorch's two paths word the dtype error differently). */
function setRequiresGrad(t: Tensor, flag: boolean, viaSetter: boolean): Tensor {
  if (t.grad_fn !== null) {
    if (!flag) throw new TorchError(NO_RETAIN_GRAD, { tensorId: t.id });
    return t;
  }
  if (flag && !isFloating(t._dtype)) {
    const what = viaSetter ? "floating point and complex dtype" : "floating point dtype";
    throw new TorchError(`only Tensors of ${what} can require gradients`, { tensorId: t.id });
  }
  t._rg = flag;
  reportChanged(t, "requires_grad_");
  return t;
}
