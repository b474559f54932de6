import { gradEdge, record, reportChanged } from "../autograd/record.js";
import { defineGrad, GradFn, type GradHook } from "../autograd/node.js";
import { zeroWhere } from "./masked.js";
import { forEachPosition } from "../strided.js";
import { layoutOf } from "./view_internal.js";
import { gatherDef, type GatherCtx } from "./gather_flat.js";
import { isFloating, scalarTypeName, type DType } from "../dtype.js";
import { TorchError } from "../errors.js";
import { sameShape, shapeStr } from "../shape.js";
import { state } from "../state.js";
import { Tensor, type TensorLike } from "../tensor.js";
import { sumTo } from "../autograd/grad_util.js";
import { installMethods, type Method } from "./method.js";
import { Bin } from "./kernels.js";
import { binaryInto } from "./elementwise.js";

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
  if (t._viewOf !== null && t._buf.buffer === t._viewOf._buf.buffer) {
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
    s._outEdge = t._outEdge;
    s._rg = true;
    s._acc = t._acc;
    s._wrapped = true;
    return s;
  } finally {
    state.silent--;
  }
}

/**
 * Where a view's elements sit in its base: `run` (the first index) when they are one contiguous run of the base's
 * row-major elements, else `map`, the base index of each view element in row-major order.
 */
interface CopySlicesCtx { run: number | null; map: Int32Array; viewShape: readonly number[]; baseShape: readonly number[] }
const COPY_SLICES = defineGrad<CopySlicesCtx>({
  name: "CopySlices", saves: [], formulas: ["∂out/∂base = 1 outside the view, 0 inside", "∂out/∂view = 1 inside the view"],
  backward: (n, g) => {
    const { run, map, viewShape, baseShape } = n.ctx;
    const flat = g.reshape(-1);
    const total = flat.numel();
    const length = map.length;
    let outside: Tensor | null = null;
    if (n.needs(0) && length < total) {
      const m = new Uint8Array(total);
      for (let i = 0; i < length; i++) m[map[i]!] = 1;
      outside = zeroWhere(flat, { data: m, shape: [total] }).reshape(baseShape);
    }
    if (!n.needs(1)) return [outside, null];
    const inside = run !== null ? flat.narrow(0, run, length) : flat.index_select(0, indexTensor(map));
    return [outside, inside.reshape(viewShape)];
  },
});

/** A constant int64 index tensor of `map` (for index_select inside a backward formula). */
function indexTensor(map: Int32Array): Tensor {
  state.silent++;
  try {
    return new Tensor(Float64Array.from(map), [map.length], "int64");
  } finally {
    state.silent--;
  }
}

/** The base index of each element of view `t` of base `b`, in `t`'s row-major order (they share one buffer). */
function viewMap(t: Tensor, b: Tensor): Int32Array {
  const shift = (t._buf.byteOffset - b._buf.byteOffset) / t._buf.BYTES_PER_ELEMENT;
  const tl = layoutOf(t);
  const out = new Int32Array(t._numel);
  if (b._strides === null) {
    forEachPosition(tl.offset + shift, t._shape, tl.strides, (p, i) => { out[i] = p; });
    return out;
  }
  const index = new Map<number, number>();
  forEachPosition(b._offset, b._shape, b._strides, (p, i) => { index.set(p, i); });
  forEachPosition(tl.offset + shift, t._shape, tl.strides, (p, i) => { out[i] = index.get(p) ?? 0; });
  return out;
}

/** The first index when `map` is one contiguous run, else null. */
function runOf(map: Int32Array): number | null {
  for (let i = 1; i < map.length; i++) if (map[i] !== map[0]! + i) return null;
  return map.length === 0 ? null : map[0]!;
}

/**
 * After an in-place op recorded a new grad_fn on a view that shares its base's storage, the base's values changed
 * too: like PyTorch, give the base a CopySlices node so gradients reach the in-place op through the base.
 */
function rebaseBase(t: Tensor): void {
  const b = t._viewOf;
  if (b === null || t.grad_fn === null || !state.gradEnabled) return;
  if (t._buf.buffer !== b._buf.buffer) return;
  const map = viewMap(t, b);
  const oldEdge = gradEdge(b);
  const node = new GradFn<CopySlicesCtx>(COPY_SLICES, [[oldEdge, 0], [t.grad_fn, 0]], [], {
    run: runOf(map), map, viewShape: t._shape.slice(), baseShape: b._shape.slice(),
  }, null);
  b._gradFn = node as GradFn;
  b._rg = true;
  // The view now reads its values out of the changed base, as PyTorch 1.13 records it (view replay off).
  t._gradFn = new GradFn<GatherCtx>(AS_STRIDED, [node._edge], [], { map, inShape: b._shape, outShape: t._shape }, null) as GradFn;
  reportChanged(b, "CopySlices");
}

const AS_STRIDED = gatherDef("AsStridedBackward0", "1 at the base's elements the view covers (the view's gradient put back in place)");

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
  t._assign(r.storage);
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
  const v = t.dtype === "bool" ? (value !== 0 ? 1 : 0) : t.dtype === "int64" ? Math.trunc(value) : value;
  if (t._st !== null) t._st.fill(v);
  else t._assign(new Float64Array(t._numel).fill(v));
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
    const values = src.expand(t._shape).storage;
    t._assign(t.dtype === "int64" && isFloating(src.dtype) ? values.map(Math.trunc) : values);
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

/**
 * The arithmetic in-place ops when nothing is recorded write straight into `x` (`binaryInto`: same numbers, no
 * result tensor copied back); otherwise, and for every case that raises, they run `inplace` as before.
 */
function direct(t: Tensor, op: string, code: Bin.Add | Bin.Sub | Bin.Mul | Bin.Div, other: TensorLike, alpha: number): boolean {
  checkLeaf(t);
  if (!binaryInto(code, t, other, alpha)) return false;
  t._bumpVersion();
  reportChanged(t, op);
  return true;
}

/** `x.add_(other, {alpha})`: `x += alpha · other` in place. */
function add_(input: Tensor, other: TensorLike, opts?: { alpha?: number }): Tensor {
  if (direct(input, "add_", Bin.Add, other, opts?.alpha ?? 1)) return input;
  return inplace(input, "add_", () => snapshot(input).add(other, opts));
}
/** `x.sub_(other, {alpha})`: `x -= alpha · other` in place. */
function sub_(input: Tensor, other: TensorLike, opts?: { alpha?: number }): Tensor {
  if (direct(input, "sub_", Bin.Sub, other, opts?.alpha ?? 1)) return input;
  return inplace(input, "sub_", () => snapshot(input).sub(other, opts));
}
/** `x.mul_(other)`: `x *= other` in place. */
function mul_(input: Tensor, other: TensorLike): Tensor {
  if (direct(input, "mul_", Bin.Mul, other, 1)) return input;
  return inplace(input, "mul_", () => snapshot(input).mul(other));
}
/** `x.div_(other, {rounding_mode})`: `x /= other` in place (`"floor"`: Python's `x //= other`). */
function div_(input: Tensor, other: TensorLike, opts?: { rounding_mode?: "floor" | "trunc" | null }): Tensor {
  if (opts === undefined && direct(input, "div_", Bin.Div, other, 1)) return input;
  return inplace(input, "div_", () => snapshot(input).div(other, opts));
}

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.add_(other, alpha=1)`: Python's `x += alpha * other`, in place. */
    add_: Method<typeof add_>;
    /** PyTorch's `x.sub_(other, alpha=1)`: Python's `x -= alpha * other`, in place. */
    sub_: Method<typeof sub_>;
    /** PyTorch's `x.mul_(other)`: Python's `x *= other`, in place. */
    mul_: Method<typeof mul_>;
    /** PyTorch's `x.div_(other, rounding_mode=None)`: Python's `x /= other`, in place (rounded with a rounding_mode). */
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
