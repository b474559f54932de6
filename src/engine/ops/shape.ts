import { allocStorage, isFloating, legacyTypeName, type DType } from "../dtype.js";
import { record, reportCreated } from "../autograd/record.js";
import { defineGrad } from "../autograd/node.js";
import { TorchError, wrapDim } from "../errors.js";
import { numelOf, shapeStr } from "../shape.js";
import { computeStride } from "../strided.js";
import { state } from "../state.js";
import { Tensor } from "../tensor.js";
import { sumTo } from "../autograd/grad_util.js";
import { layoutOf, markView, stridedView, RESHAPE_ALIAS, resolveShape, SQUEEZE0, squeezeNamed, UNSAFE_VIEW, VIEW, type ShapeCtx } from "./view_internal.js";
import { installGetter, installMethods, installVariadic, type Method } from "./method.js";

interface DimCtx { shape: readonly number[]; dim: number; dim1: number }

const T = defineGrad<DimCtx>({
  name: "TBackward0", saves: [], formulas: ["∂out/∂self = 1 (transposed back)"],
  backward: (_n, g) => [g.t()],
});
const TRANSPOSE = defineGrad<DimCtx>({
  name: "TransposeBackward0", saves: [], formulas: ["∂out/∂self = 1 (transposed back)"],
  backward: (n, g) => [g.transpose(n.ctx.dim, n.ctx.dim1)],
});
const UNSQUEEZE = defineGrad<DimCtx>({
  name: "UnsqueezeBackward0", saves: [], formulas: ["∂out/∂self = 1 (dim removed again)"],
  backward: (n, g) => [g.squeeze(n.ctx.dim)],
});
const EXPAND = defineGrad<ShapeCtx>({
  name: "ExpandBackward0", saves: [], formulas: ["∂out/∂self = 1, summed over the copies"],
  backward: (n, g) => [sumTo(g, n.ctx.shape)],
});
const CLONE = defineGrad<null>({
  name: "CloneBackward0", saves: [], formulas: ["∂out/∂self = 1"],
  backward: (_n, g) => [g],
});
interface ToCtx { dtype: DType }
const TO_COPY = defineGrad<ToCtx>({
  name: "ToCopyBackward0", saves: [], formulas: ["∂out/∂self = 1 (converted back)"],
  backward: (n, g) => [toDtype(g, n.ctx.dtype)],
});

/** A size as PyTorch takes it: `f(2, 3)` or `f([2, 3])` (a tensor's `shape` included). */
type Sizes = Array<number | readonly number[]>;

/** `x.view(2, 3)`: the same storage in a new shape; refuses non-contiguous input, as PyTorch does (ViewBackward0). */
function view(input: Tensor, ...shape: Sizes): Tensor { return viewOrReshape(input, shape, true); }
/** PyTorch's `torch.reshape(x, shape)`: the values with a new shape (-1 infers one dimension), a view when possible. */
export function reshape(input: Tensor, ...shape: Sizes): Tensor { return viewOrReshape(input, shape, false); }

/** `flatten(start_dim=0, end_dim=-1)`: dims start_dim…end_dim merged into one (a reshape). */
export function flatten(input: Tensor, start_dim = 0, end_dim = -1): Tensor {
  const nd = input._shape.length;
  if (nd === 0) return viewOrReshape(input, [[1]], false);
  const s = wrapDim(start_dim, nd);
  const e = wrapDim(end_dim, nd);
  if (s > e) throw new TorchError("flatten() has invalid args: start_dim cannot come after end_dim");
  const shape = [...input._shape.slice(0, s), numelOf(input._shape.slice(s, e + 1)), ...input._shape.slice(e + 1)];
  return viewOrReshape(input, [shape], false);
}

function viewOrReshape(a: Tensor, args: ReadonlyArray<number | readonly number[]>, strict: boolean): Tensor {
  const shape = resolveShape(args, a._numel);
  if (!a._contiguous) {
    // PyTorch's stride rule: a view when whole new dims cover each contiguous chunk of the old layout.
    const L = layoutOf(a);
    const strides = computeStride(a._shape, L.strides, shape);
    if (strides !== null) {
      return record(stridedView(a, shape, strides, L.offset), strict ? "view" : "reshape", strict ? VIEW : RESHAPE_ALIAS, [a], null, { shape: a._shape });
    }
    if (strict) {
      throw new TorchError(
        "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
      );
    }
    const c = clone(a);
    return record(c._shareVersion(new Tensor(c.storage, shape, a.dtype)), "reshape", UNSAFE_VIEW, [c], null, { shape: c._shape });
  }
  const out = markView(a._shareVersion(new Tensor(a.storage, shape, a.dtype)), a);
  return record(out, strict ? "view" : "reshape", strict ? VIEW : RESHAPE_ALIAS, [a], null, { shape: a._shape });
}

interface PermCtx { inverse: number[] }
const PERMUTE = defineGrad<PermCtx>({
  name: "PermuteBackward0", saves: [], formulas: ["∂out/∂self = 1 (dims permuted back)"],
  backward: (n, g) => [permuteDims(g, n.ctx.inverse)],
});

/** PyTorch's `torch.permute(x, dims)`: the dimensions reordered. */
export function permute(input: Tensor, ...dims: Array<number | readonly number[]>): Tensor { return permuteDims(input, dims); }

function permuteDims(a: Tensor, dimsArg: ReadonlyArray<number | readonly number[]>): Tensor {
  const raw: number[] = dimsArg.length === 1 && Array.isArray(dimsArg[0]) ? dimsArg[0].slice() : (dimsArg as number[]).slice();
  const nd = a._shape.length;
  if (raw.length !== nd) {
    throw new TorchError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${nd} is not equal to len(dims) = ${raw.length}`,
    );
  }
  const perm = raw.map((d) => wrapDim(d, nd));
  if (new Set(perm).size !== perm.length) throw new TorchError("permute(): duplicate dims are not allowed.");
  const L = layoutOf(a);
  const res = stridedView(a, perm.map((p) => a._shape[p]!), perm.map((p) => L.strides[p]!), L.offset);
  const inverse = new Array<number>(nd);
  perm.forEach((p2, i) => { inverse[p2] = i; });
  return record(res, "permute", PERMUTE, [a], null, { inverse });
}

/** `a` with dims `d0` and `d1` swapped, as a strided view of its storage. */
function swapped(a: Tensor, d0: number, d1: number): Tensor {
  const L = layoutOf(a);
  const shape = a._shape.slice();
  const strides = L.strides.slice();
  shape[d0] = a._shape[d1]!;
  shape[d1] = a._shape[d0]!;
  strides[d0] = L.strides[d1]!;
  strides[d1] = L.strides[d0]!;
  return stridedView(a, shape, strides, L.offset);
}

/** PyTorch's `torch.t(x)`: the transpose of a tensor of at most 2 dimensions. */
export function t(input: Tensor): Tensor {
  const a = input;
  if (a._shape.length > 2) throw new TorchError(`t() expects a tensor with <= 2 dimensions, but self is ${a._shape.length}D`);
  if (a._shape.length < 2) return record(swapped(a, 0, 0), "t", T, [a], null, { shape: a._shape, dim: 0, dim1: 0 });
  return record(swapped(a, 0, 1), "t", T, [a], null, { shape: a._shape, dim: 0, dim1: 1 });
}

/** PyTorch's `torch.transpose(x, d0, d1)`: two dimensions swapped. */
export function transpose(input: Tensor, dim0: number, dim1: number): Tensor {
  const a = input;
  const nd = a._shape.length;
  const d0 = wrapDim(dim0, nd);
  const d1 = wrapDim(dim1, nd);
  // Swapping a dim with itself is the identity (still a new view and node, as in PyTorch).
  const out = nd < 2 ? swapped(a, 0, 0) : swapped(a, d0, d1);
  return record(out, "transpose", TRANSPOSE, [a], null, { shape: a._shape, dim: d0, dim1: d1 });
}

/** PyTorch's `torch.unsqueeze(x, dim)`: a new dimension of size 1 inserted at `dim`. */
export function unsqueeze(input: Tensor, dim: number): Tensor {
  const a = input;
  const d = wrapDim(dim, a._shape.length + 1);
  const shape = a._shape.slice();
  shape.splice(d, 0, 1);
  const L = layoutOf(a);
  const strides = L.strides.slice();
  // PyTorch's stride for the new size-1 dim: the size × stride of the dim after it (1 at the end).
  strides.splice(d, 0, d < a._shape.length ? a._shape[d]! * L.strides[d]! : 1);
  const out = stridedView(a, shape, strides, L.offset);
  return record(out, "unsqueeze", UNSQUEEZE, [a], null, { shape: a._shape, dim: d, dim1: d });
}

/** PyTorch's `torch.squeeze(x, dim?)`: dimensions of size 1 removed (all, or only `dim`). */
export function squeeze(input: Tensor, dim?: number): Tensor {
  const a = input;
  if (dim === undefined || dim === null) {
    const L = layoutOf(a);
    const keep = a._shape.map((s) => s !== 1);
    const out = stridedView(a, a._shape.filter((_s, i) => keep[i]), L.strides.filter((_s, i) => keep[i]), L.offset);
    return record(out, "squeeze", SQUEEZE0, [a], null, { shape: a._shape });
  }
  return squeezeNamed(a, dim, "SqueezeBackward1", "squeeze");
}

/** `x.expand(2, 3)`: broadcasts to a larger shape (-1 keeps a dim), a view with stride 0 on the new dims (ExpandBackward0). */
function expand(input: Tensor, ...sizes: Sizes): Tensor { return expandTo(input, sizes); }
/** `x.expand_as(other)`: `x.expand(other.size())`. */
function expand_as(input: Tensor, other: Tensor): Tensor { return expandTo(input, [other._shape]); }

function expandTo(a: Tensor, args: ReadonlyArray<number | readonly number[]>): Tensor {
  const sizes: number[] = args.length === 1 && Array.isArray(args[0]) ? args[0].slice() : (args as number[]).slice();
  const nd = a._shape.length;
  if (sizes.length < nd) {
    throw new TorchError(
      `expand(${legacyTypeName(a.dtype)}{${shapeStr(a._shape)}}, size=${shapeStr(sizes)}): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${nd})`,
    );
  }
  const off = sizes.length - nd;
  const target = sizes.slice();
  for (let i = 0; i < sizes.length; i++) {
    const src = i >= off ? a._shape[i - off]! : 1;
    if (sizes[i] === -1) {
      if (i < off) throw new TorchError(`The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
      target[i] = src;
    } else if (src !== 1 && src !== sizes[i]) {
      throw new TorchError(
        `The expanded size of the tensor (${sizes[i]}) must match the existing size (${src}) at non-singleton dimension ${i}.  Target sizes: ${shapeStr(sizes)}.  Tensor sizes: ${shapeStr(a._shape)}`,
      );
    }
  }
  const L = layoutOf(a);
  const strides = target.map((t, i) => (i < off || (a._shape[i - off] === 1 && t !== 1) ? 0 : L.strides[i - off]!));
  const res = stridedView(a, target, strides, L.offset);
  return record(res, "expand", EXPAND, [a], null, { shape: a._shape });
}

/** PyTorch's `torch.clone(x)`: a copy with its own storage that stays in the graph (CloneBackward0). */
export function clone(input: Tensor): Tensor {
  const a = input;
  return record(new Tensor(a.storage.slice(), a._shape.slice(), a.dtype), "clone", CLONE, [a], null, null);
}

/** PyTorch's `torch.detach(x)`: the same values as a new tensor cut from the graph (shares storage; no gradient flows through it). */
export function detach(input: Tensor): Tensor { return detachAs(input, "detach"); }

/** `x.contiguous()`: `x` itself when already contiguous, else a copy (CloneBackward0). */
function contiguous(input: Tensor): Tensor { return input._contiguous ? input : clone(input); }

/** Same storage, cut from the graph (PyTorch's `detach()` and `.data`). */
function detachAs(a: Tensor, op: string): Tensor {
  // Same elements, same layout; not a view in PyTorch's sense (`_base` is None), so not marked as one.
  const out = a._shareVersion(a._strides === null ? new Tensor(a._buf, a._shape.slice(), a.dtype) : new Tensor(a._buf, a._shape.slice(), a.dtype, a._strides, a._offset));
  if (state.observer !== null) reportCreated(out, op, [a], a);
  return out;
}

/** `x.to(dtype)` / `x.to({dtype})`: a copy in another dtype (ToCopyBackward0); `x` itself when it already has it. */
function to(input: Tensor, dtype: DType | { dtype: DType }): Tensor { return toDtype(input, typeof dtype === "string" ? dtype : dtype.dtype); }
/** `x.float()`: `x.to(torch.float32)`. */
function float(input: Tensor): Tensor { return toDtype(input, "float32"); }
/** `x.double()`: `x.to(torch.float64)`. */
function double(input: Tensor): Tensor { return toDtype(input, "float64"); }
/** `x.long()`: `x.to(torch.int64)`, rounding toward zero. */
function long(input: Tensor): Tensor { return toDtype(input, "int64"); }

function toDtype(a: Tensor, dtype: DType): Tensor {
  if (dtype === a.dtype) return a;
  const out = allocStorage(dtype, a._numel);
  const s = a.storage;
  if (dtype === "bool") for (let i = 0; i < s.length; i++) out[i] = s[i] !== 0 ? 1 : 0;
  else if (dtype === "int64") for (let i = 0; i < s.length; i++) out[i] = Math.trunc(s[i]!);
  else out.set(s);
  const res = new Tensor(out, a._shape.slice(), dtype);
  // No gradient flows into a bool or int64 result (PyTorch: only floating point tensors require grad).
  if (!isFloating(dtype)) {
    if (state.observer !== null) reportCreated(res, "to", [a], null);
    return res;
  }
  return record(res, "to", TO_COPY, [a], null, { dtype: isFloating(a.dtype) ? a.dtype : "float32" });
}

/** What `tolist()` returns: a value or nested arrays of values. */
export type NestedList = number | boolean | NestedList[];

/** Nested JS arrays of the values (booleans for bool tensors); a number for a 0-d tensor. */
function tolist(input: Tensor): NestedList {
  const a = input;
  const s = a.storage;
  const b = a.dtype === "bool";
  const val = (i: number): number | boolean => (b ? s[i] !== 0 : s[i]!);
  if (a._shape.length === 0) return val(0);
  const build = (dim: number, off: number): NestedList[] => {
    const n = a._shape[dim]!;
    const inner = numelOf(a._shape.slice(dim + 1));
    const out: NestedList[] = [];
    for (let i = 0; i < n; i++) out.push(dim === a._shape.length - 1 ? val(off + i) : build(dim + 1, off + i * inner));
    return out;
  };
  return build(0, 0);
}

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.view(*shape)`: the same storage seen with a new shape (-1 infers one dimension); fails on non-contiguous tensors. */
    view: Method<typeof view>;
    /** PyTorch's `x.reshape(*shape)`: the values with a new shape (-1 infers one dimension), a view when possible. */
    reshape: Method<typeof reshape>;
    /** PyTorch's `x.flatten()`: the values as one dimension. */
    flatten: Method<typeof flatten>;
    /** PyTorch's `x.t()`: the transpose of a tensor of at most 2 dimensions. */
    t: Method<typeof t>;
    /** PyTorch's `x.transpose(dim0, dim1)`: two dimensions swapped. */
    transpose: Method<typeof transpose>;
    /** PyTorch's `x.permute(*dims)`: the dimensions reordered. */
    permute: Method<typeof permute>;
    /** PyTorch's `x.unsqueeze(dim)`: a new dimension of size 1 inserted at `dim`. */
    unsqueeze: Method<typeof unsqueeze>;
    /** PyTorch's `x.squeeze(dim=None)`: dimensions of size 1 removed (all, or only `dim`). */
    squeeze: Method<typeof squeeze>;
    /** PyTorch's `x.expand(*sizes)`: size-1 dimensions repeated to `sizes` (-1 keeps a size), without copying in PyTorch. */
    expand: Method<typeof expand>;
    /** PyTorch's `x.expand_as(other)`: `x.expand(other.size())`. */
    expand_as: Method<typeof expand_as>;
    /** PyTorch's `x.clone()`: a copy with its own storage that stays in the graph (CloneBackward0). */
    clone: Method<typeof clone>;
    /** PyTorch's `x.contiguous()`: `x` itself when its elements are in row-major order, else a contiguous copy. */
    contiguous: Method<typeof contiguous>;
    /** PyTorch's `x.detach()`: the same values as a new tensor cut from the graph (shares storage; no gradient flows through it). */
    detach: Method<typeof detach>;
    /** PyTorch's `x.to(dtype)`: the values converted to `dtype`. */
    to: Method<typeof to>;
    /** PyTorch's `x.float()`: the values as float32. */
    float: Method<typeof float>;
    /** PyTorch's `x.double()`: the values as float64. */
    double: Method<typeof double>;
    /** PyTorch's `x.long()`: the values as int64 (rounded toward zero). */
    long: Method<typeof long>;
    /** Nested JS arrays of the values (a single value for a 0-d tensor), booleans for bool tensors. */
    tolist: Method<typeof tolist>;
    /** Python's `x.T`: every dim reversed (PermuteBackward0). */
    readonly T: Tensor;
    /** PyTorch's `.data`: the same storage, detached from the graph. */
    readonly data: Tensor;
  }
}
installMethods({ flatten, t, transpose, unsqueeze, squeeze, expand_as, clone, contiguous, detach, to, float, double, long, tolist });
installVariadic({ view, reshape, permute, expand });
installGetter("T", (x) => permuteDims(x, [x._shape.map((_s, i) => x._shape.length - 1 - i)]));
installGetter("data", (x) => detachAs(x, "data"));
