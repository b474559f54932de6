import { gradEdge, record, reportChanged } from "../autograd/record.js";
import { defineGrad, GradFn, type GradHook } from "../autograd/node.js";
import { zeroWhere } from "./masked.js";
import { isFloating, scalarTypeName, type DType } from "../dtype.js";
import { TorchError } from "../errors.js";
import { sameShape, shapeStr } from "../shape.js";
import { state } from "../state.js";
import { Tensor, type TensorLike } from "../tensor.js";
import { sumTo } from "../autograd/grad_util.js";
import { installMethods, type Method } from "./method.js";

/** PyTorch's `can_cast` for an in-place result: never from a float to an integer or bool, nor from int64 to bool. */
function canCast(from: DType, to: DType): boolean {
  if (isFloating(from)) return isFloating(to);
  if (from === "int64") return to !== "bool";
  return true;
}

const LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation.";

const NO_GRAD_VIEW =
  "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use case is " +
  "ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either " +
  "both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace " +
  "to be tracked).";

/** PyTorch's rules for in-place changes while grad mode is on: not on leaves that require grad, nor their views. */
function checkLeaf(t: Tensor): void {
  if (!state.gradEnabled) return;
  const base = t._viewOf;
  if (base !== null && base.requires_grad) {
    if (t._viewNoGrad) throw new TorchError(NO_GRAD_VIEW, { tensorId: t.id });
    if (base.grad_fn === null) throw new TorchError("a view of a leaf Variable that requires grad is being used in an in-place operation.", { tensorId: t.id });
  }
  if (t.requires_grad && t.grad_fn === null) throw new TorchError(LEAF_INPLACE, { tensorId: t.id });
}

/** `retain_grad()`: a non-leaf keeps its `.grad` after backward. */
function retain_grad(input: Tensor): void {
  const t = input;
  if (!t.requires_grad) throw new TorchError("can't retain_grad on Tensor that has requires_grad=False", { tensorId: t.id });
  if (t.grad_fn === null || t._retains) return;
  t._retains = true;
  (t.grad_fn.preHooks ??= []).push({ tensor: t, fn: null });
  reportChanged(t, "retain_grad");
}

/** `register_hook(fn)`: fn sees the gradient of `t` and may return a replacement. */
function register_hook(input: Tensor, hook: GradHook): { remove(): void } {
  const t = input;
  const fn = hook;
  if (!t.requires_grad) throw new TorchError("cannot register a hook on a tensor that doesn't require gradient", { tensorId: t.id });
  if (t.grad_fn === null) {
    const list = (t._hooks ??= []);
    list.push(fn);
    return { remove: () => { const i = list.indexOf(fn); if (i >= 0) list.splice(i, 1); } };
  }
  // PyTorch 1.13 keeps a tensor's hooks on the grad_fn it had at its first register_hook, even after an in-place
  // op gave it a new one: later hooks still see the gradient of the value before that op.
  const node = (t._hookNode ??= t.grad_fn);
  const list = (node.preHooks ??= []);
  const entry = { tensor: t, fn };
  list.push(entry);
  return { remove: () => { const i = list.indexOf(entry); if (i >= 0) list.splice(i, 1); } };
}

/** `detach_()`: cut `t` from the graph in place. */
function detach_(input: Tensor): Tensor {
  const t = input;
  if (t._viewOf !== null && t.storage.buffer === t._viewOf.storage.buffer) {
    throw new TorchError("Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.", { tensorId: t.id });
  }
  t._gradFn = null;
  t._rg = false;
  reportChanged(t, "detach_");
  return t;
}

/**
 * The value of `t` before an in-place op, for the op's own graph node: a silent copy that shares `t`'s grad_fn,
 * so the saved "self" keeps the old values. When no grad is recorded, `t` itself is enough.
 */
export function snapshot(t: Tensor): Tensor {
  if (!(state.gradEnabled && t.requires_grad)) return t;
  state.silent++;
  try {
    const s = new Tensor(t.storage.slice(), t._shape.slice(), t.dtype);
    s._gradFn = t.grad_fn;
    s._rg = true;
    s._acc = t._acc;
    s._wrapped = true;
    return s;
  } finally {
    state.silent--;
  }
}

interface CopySlicesCtx { offset: number; length: number; viewShape: readonly number[]; baseShape: readonly number[] }
const COPY_SLICES = defineGrad<CopySlicesCtx>({
  name: "CopySlices", saves: [], formulas: ["∂out/∂base = 1 outside the view, 0 inside", "∂out/∂view = 1 inside the view"],
  backward: (n, g) => {
    const { offset, length, viewShape, baseShape } = n.ctx;
    const flat = g.reshape(-1);
    const total = flat.numel();
    let outside: Tensor | null = null;
    if (n.needs(0) && length < total) {
      const m = new Uint8Array(total);
      m.fill(1, offset, offset + length);
      outside = zeroWhere(flat, { data: m, shape: [total] }).reshape(baseShape);
    }
    return [outside, n.needs(1) ? flat.narrow(0, offset, length).reshape(viewShape) : null];
  },
});

/**
 * After an in-place op recorded a new grad_fn on a view that shares its base's storage, the base's values changed
 * too: like PyTorch, give the base a CopySlices node so gradients reach the in-place op through the base.
 */
function rebaseBase(t: Tensor): void {
  const b = t._viewOf;
  if (b === null || t.grad_fn === null || !state.gradEnabled) return;
  if (t.storage.buffer !== b.storage.buffer) return;
  const offset = (t.storage.byteOffset - b.storage.byteOffset) / t.storage.BYTES_PER_ELEMENT;
  const oldEdge = gradEdge(b);
  const node = new GradFn<CopySlicesCtx>(COPY_SLICES, [[oldEdge, 0], [t.grad_fn, 0]], [], {
    offset, length: t.storage.length, viewShape: t._shape.slice(), baseShape: b._shape.slice(),
  }, null);
  b._gradFn = node as GradFn;
  b._rg = true;
  reportChanged(b, "CopySlices");
}

/** Runs an out-of-place `compute`, then writes its result into `t` and rebases `t` onto the new grad_fn. */
export function inplace(t: Tensor, op: string, compute: () => Tensor): Tensor {
  checkLeaf(t);
  state.silent++;
  let r: Tensor;
  try {
    r = compute();
  } finally {
    state.silent--;
  }
  if (!sameShape(r._shape, t._shape)) {
    throw new TorchError(`output with shape ${shapeStr(t._shape)} doesn't match the broadcast shape ${shapeStr(r._shape)}`, { tensorId: t.id });
  }
  if (!canCast(r.dtype, t.dtype)) {
    throw new TorchError(`result type ${scalarTypeName(r.dtype)} can't be cast to the desired output type ${scalarTypeName(t.dtype)}`, { tensorId: t.id });
  }
  t.storage.set(r.storage);
  t._bumpVersion();
  if (r.grad_fn !== null) {
    t._gradFn = r.grad_fn;
    t._rg = true;
    rebaseBase(t);
  }
  reportChanged(t, op);
  return t;
}

const ZERO = defineGrad<null>({ name: "ZeroBackward0", saves: [], formulas: ["∂out/∂self = 0"], backward: (_n, g) => [g.mul(0)] });
const FILL = defineGrad<null>({ ...ZERO, name: "FillBackward0" });

/** `x.zero_()`: fills with zeros in place (ZeroBackward0). */
function zero_(input: Tensor): Tensor { return fillWith(input, 0, "zero_"); }
/** `x.fill_(value)`: fills in place (FillBackward0). */
function fill_(input: Tensor, value: number): Tensor { return fillWith(input, value, "fill_"); }

function fillWith(t: Tensor, value: number, op: string): Tensor {
  checkLeaf(t);
  t.storage.fill(t.dtype === "bool" ? (value !== 0 ? 1 : 0) : t.dtype === "int64" ? Math.trunc(value) : value);
  t._bumpVersion();
  if (state.gradEnabled && t.requires_grad && t.grad_fn !== null) {
    state.silent++;
    try {
      const r = record(new Tensor(t.storage, t._shape, t.dtype), op, op === "zero_" ? ZERO : FILL, [snapshot(t)], null, null);
      t._gradFn = r.grad_fn;
      rebaseBase(t);
    } finally {
      state.silent--;
    }
  }
  reportChanged(t, op);
  return t;
}

interface CopyCtx { shape: readonly number[] }
const COPY = defineGrad<CopyCtx>({
  name: "CopyBackwards", saves: [], formulas: ["∂out/∂self = 0", "∂out/∂src = 1"],
  backward: (n, g) => [n.needs(0) ? g.mul(0) : null, n.needs(1) ? sumTo(g, n.ctx.shape) : null],
});

/** `x.copy_(src)`: writes `src` (broadcast) into `x` (CopyBackwards). */
function copy_(input: Tensor, src: Tensor): Tensor {
  const t = input;
  checkLeaf(t);
  state.silent++;
  try {
    const e = src.expand(t._shape);
    t.storage.set(e.storage);
    if (t.dtype === "int64" && isFloating(src.dtype)) for (let i = 0; i < t.storage.length; i++) t.storage[i] = Math.trunc(t.storage[i]!);
    t._bumpVersion();
    if (state.gradEnabled && (t.requires_grad || src.requires_grad)) {
      const r = record(new Tensor(t.storage, t._shape, t.dtype), "copy_", COPY, [snapshot(t), src], null, { shape: src._shape });
      t._gradFn = r.grad_fn;
      t._rg = true;
      rebaseBase(t);
    }
  } finally {
    state.silent--;
  }
  reportChanged(t, "copy_");
  return t;
}

/** `x.add_(other, {alpha})`: `x += alpha · other` in place. */
function add_(input: Tensor, other: TensorLike, opts?: { alpha?: number }): Tensor { return inplace(input, "add_", () => snapshot(input).add(other, opts)); }
/** `x.sub_(other, {alpha})`: `x -= alpha · other` in place. */
function sub_(input: Tensor, other: TensorLike, opts?: { alpha?: number }): Tensor { return inplace(input, "sub_", () => snapshot(input).sub(other, opts)); }
/** `x.mul_(other)`: `x *= other` in place. */
function mul_(input: Tensor, other: TensorLike): Tensor { return inplace(input, "mul_", () => snapshot(input).mul(other)); }
/** `x.div_(other)`: `x /= other` in place. */
function div_(input: Tensor, other: TensorLike): Tensor { return inplace(input, "div_", () => snapshot(input).div(other)); }

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.add_(other, alpha=1)`: Python's `x += alpha * other`, in place. */
    add_: Method<typeof add_>;
    /** PyTorch's `x.sub_(other, alpha=1)`: Python's `x -= alpha * other`, in place. */
    sub_: Method<typeof sub_>;
    /** PyTorch's `x.mul_(other)`: Python's `x *= other`, in place. */
    mul_: Method<typeof mul_>;
    /** PyTorch's `x.div_(other)`: Python's `x /= other`, in place. */
    div_: Method<typeof div_>;
    /** PyTorch's `x.zero_()`: every element set to 0, in place (the course's `x.grad.zero_()` clears an accumulated gradient). */
    zero_: Method<typeof zero_>;
    /** PyTorch's `x.fill_(value)`: every element set to `value`, in place. */
    fill_: Method<typeof fill_>;
    /** PyTorch's `x.copy_(src)`: the elements of `src` (broadcast) copied into `x`, in place. */
    copy_: Method<typeof copy_>;
    /** PyTorch's `x.retain_grad()`: keep `.grad` of this non-leaf tensor after backward (only leaves keep it otherwise). */
    retain_grad: Method<typeof retain_grad>;
    /** PyTorch's `x.register_hook(fn)`: call `fn(grad)` when the gradient of `x` is computed; a returned tensor replaces the gradient. */
    register_hook: Method<typeof register_hook>;
    /** PyTorch's `x.detach_()`: cut `x` itself from the graph, in place. */
    detach_: Method<typeof detach_>;
  }
}
installMethods({ add_, sub_, mul_, div_, zero_, fill_, copy_, retain_grad, register_hook, detach_ });
