import { allocStorage, type DType, type Storage } from "../dtype.js";
import { record, reportCreated } from "../autograd/record.js";
import type { OpDef } from "../autograd/node.js";
import { TorchError, wrapDim } from "../errors.js";
import { broadcastStrides, numelOf, shapeStr, stridesOf } from "../shape.js";
import { state } from "../state.js";
import { Tensor } from "../tensor.js";
import { gatherStrided } from "./kernels.js";
import { sumTo } from "./reduce.js";

interface ShapeCtx { shape: readonly number[] }
interface DimCtx { shape: readonly number[]; dim: number; dim1: number }

const VIEW: OpDef<ShapeCtx> = {
  name: "ViewBackward0", saves: [], formulas: ["∂out/∂self = 1 (same values, new shape)"],
  backward: (n, g) => [g.reshape(n.ctx.shape)],
};
const RESHAPE_ALIAS: OpDef<ShapeCtx> = { ...VIEW, name: "ReshapeAliasBackward0" };
const UNSAFE_VIEW: OpDef<ShapeCtx> = { ...VIEW, name: "UnsafeViewBackward0" };
const T: OpDef<DimCtx> = {
  name: "TBackward0", saves: [], formulas: ["∂out/∂self = 1 (transposed back)"],
  backward: (_n, g) => [g.t()],
};
const TRANSPOSE: OpDef<DimCtx> = {
  name: "TransposeBackward0", saves: [], formulas: ["∂out/∂self = 1 (transposed back)"],
  backward: (n, g) => [g.transpose(n.ctx.dim, n.ctx.dim1)],
};
const UNSQUEEZE: OpDef<DimCtx> = {
  name: "UnsqueezeBackward0", saves: [], formulas: ["∂out/∂self = 1 (dim removed again)"],
  backward: (n, g) => [g.squeeze(n.ctx.dim)],
};
const SQUEEZE0: OpDef<ShapeCtx> = {
  name: "SqueezeBackward0", saves: [], formulas: ["∂out/∂self = 1 (size-1 dims restored)"],
  backward: (n, g) => [g.reshape(n.ctx.shape)],
};
const EXPAND: OpDef<ShapeCtx> = {
  name: "ExpandBackward0", saves: [], formulas: ["∂out/∂self = 1, summed over the copies"],
  backward: (n, g) => [sumTo(g, n.ctx.shape)],
};
const CLONE: OpDef<null> = {
  name: "CloneBackward0", saves: [], formulas: ["∂out/∂self = 1"],
  backward: (_n, g) => [g],
};
interface ToCtx { dtype: DType }
const TO_COPY: OpDef<ToCtx> = {
  name: "ToCopyBackward0", saves: [], formulas: ["∂out/∂self = 1 (converted back)"],
  backward: (n, g) => [to(g, n.ctx.dtype)],
};
interface SelectCtx { shape: readonly number[]; mask: Tensor }
const SELECT: OpDef<SelectCtx> = {
  name: "SelectBackward0", saves: [], formulas: ["∂out/∂self = 1 at the selected row, else 0"],
  backward: (n, g) => [g.unsqueeze(0).expand(n.ctx.shape).mul(n.ctx.mask)],
};

/** Records that `out` is a view of `a` (for PyTorch's in-place-on-a-view rules). */
export function markView(out: Tensor, a: Tensor): Tensor {
  out._viewOf = a._viewOf ?? a;
  out._viewNoGrad = !state.gradEnabled;
  return out;
}

/** Reads a size given as numbers or one array, resolving a single -1 like PyTorch. */
function resolveShape(args: ReadonlyArray<number | readonly number[]>, numel: number): number[] {
  const raw: number[] = args.length === 1 && Array.isArray(args[0]) ? args[0].slice() : (args as number[]).slice();
  let infer = -1;
  let prod = 1;
  for (let i = 0; i < raw.length; i++) {
    const d = raw[i]!;
    if (d === -1) {
      if (infer >= 0) throw new TorchError("only one dimension can be inferred");
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new TorchError(`invalid shape dimension ${d}`);
    } else prod *= d;
  }
  if (infer >= 0) {
    if (prod === 0 || numel % prod !== 0) throw new TorchError(`shape '${shapeStr(raw)}' is invalid for input of size ${numel}`);
    raw[infer] = numel / prod;
  } else if (prod !== numel) {
    throw new TorchError(`shape '${shapeStr(raw)}' is invalid for input of size ${numel}`);
  }
  return raw;
}

/** `view` (strict: refuses non-contiguous input, as PyTorch does) and `reshape` (copies when it must). */
export function view(a: Tensor, args: ReadonlyArray<number | readonly number[]>, strict: boolean): Tensor {
  const shape = resolveShape(args, a.storage.length);
  if (!a._contiguous) {
    if (strict) {
      throw new TorchError(
        "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
      );
    }
    const c = clone(a);
    return record(c._shareVersion(new Tensor(c.storage, shape, a.dtype)), "reshape", UNSAFE_VIEW, [c], null, { shape: c.shape });
  }
  const out = markView(a._shareVersion(new Tensor(a.storage, shape, a.dtype)), a);
  return record(out, strict ? "view" : "reshape", strict ? VIEW : RESHAPE_ALIAS, [a], null, { shape: a.shape });
}

/** `_unsafe_view`: a reshape recorded as UnsafeViewBackward0 (how PyTorch's matmul folds batch dims back). */
export function unsafeView(a: Tensor, shape: readonly number[]): Tensor {
  const shp = resolveShape([shape], a.storage.length);
  return record(a._shareVersion(new Tensor(a.storage, shp, a.dtype)), "matmul", UNSAFE_VIEW, [a], null, { shape: a.shape });
}

/** Copies `a` permuted so that dims `d0` and `d1` swap. */
function transposeData(a: Tensor, d0: number, d1: number): { data: Storage; shape: readonly number[] } {
  const shape = a.shape.slice();
  shape[d0] = a.shape[d1]!;
  shape[d1] = a.shape[d0]!;
  const inStrides = stridesOf(a.shape);
  const src = inStrides.slice();
  src[d0] = inStrides[d1]!;
  src[d1] = inStrides[d0]!;
  if (shape.length === 2) {
    const out = allocStorage(a.dtype, a.storage.length);
    const s = a.storage;
    const [r, c] = shape as [number, number];
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = s[j * r + i]!;
    return { data: out, shape };
  }
  return { data: gatherStrided(a.storage, a.dtype, shape, src), shape };
}

interface PermCtx { inverse: number[] }
const PERMUTE: OpDef<PermCtx> = {
  name: "PermuteBackward0", saves: [], formulas: ["∂out/∂self = 1 (dims permuted back)"],
  backward: (n, g) => [permute(g, n.ctx.inverse)],
};

/** `permute(dims)` (and `x.T`, which reverses every dim): a copy in the new dim order (PermuteBackward0). */
export function permute(a: Tensor, dimsArg: ReadonlyArray<number | number[]>): Tensor {
  const raw: number[] = dimsArg.length === 1 && Array.isArray(dimsArg[0]) ? dimsArg[0].slice() : (dimsArg as number[]).slice();
  const nd = a.shape.length;
  if (raw.length !== nd) {
    throw new TorchError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${nd} is not equal to len(dims) = ${raw.length}`,
    );
  }
  const perm = raw.map((d) => wrapDim(d, nd));
  if (new Set(perm).size !== perm.length) throw new TorchError("permute(): duplicate dims are not allowed.");
  const shape = perm.map((p) => a.shape[p]!);
  const inStrides = stridesOf(a.shape);
  const src = perm.map((p) => inStrides[p]!);
  const out = gatherStrided(a.storage, a.dtype, shape, src);
  const inverse = new Array<number>(nd);
  perm.forEach((p2, i) => { inverse[p2] = i; });
  const res = new Tensor(out, shape, a.dtype);
  const moved = perm.filter((p2, i) => p2 !== i && a.shape[p2]! > 1).length;
  res._contiguous = a._contiguous && moved === 0;
  markView(res, a);
  return record(res, "permute", PERMUTE, [a], null, { inverse });
}

/** Marks a result non-contiguous when PyTorch's would be a strided view (so `view` on it must fail). */
function isPermutedLayout(shape: readonly number[], d0: number, d1: number): boolean {
  if (d0 === d1) return false;
  let big = 0;
  for (const [i, s] of shape.entries()) if (s > 1 && (i === d0 || i === d1)) big++;
  return big === 2;
}

/** 2-D transpose (0-D and 1-D returned as is, as PyTorch's `t()`). */
export function t(a: Tensor): Tensor {
  if (a.shape.length > 2) throw new TorchError(`t() expects a tensor with <= 2 dimensions, but self is ${a.shape.length}D`);
  if (a.shape.length < 2) return record(markView(a._shareVersion(new Tensor(a.storage, a.shape.slice(), a.dtype)), a), "t", T, [a], null, { shape: a.shape, dim: 0, dim1: 0 });
  const r = transposeData(a, 0, 1);
  const out = new Tensor(r.data, r.shape, a.dtype);
  out._contiguous = !isPermutedLayout(a.shape, 0, 1) && a._contiguous;
  markView(out, a);
  return record(out, "t", T, [a], null, { shape: a.shape, dim: 0, dim1: 1 });
}

/** Swaps two dims. */
export function transpose(a: Tensor, dim0: number, dim1: number, _name: string): Tensor {
  const nd = a.shape.length;
  const d0 = wrapDim(dim0, nd);
  const d1 = wrapDim(dim1, nd);
  // Swapping a dim with itself is the identity (still a new node, as in PyTorch).
  const r = nd < 2 || d0 === d1 ? { data: a.storage, shape: a.shape.slice() } : transposeData(a, d0, d1);
  const out = new Tensor(r.data, r.shape, a.dtype);
  if (r.data === a.storage) a._shareVersion(out);
  out._contiguous = !isPermutedLayout(a.shape, d0, d1) && a._contiguous;
  markView(out, a);
  return record(out, "transpose", TRANSPOSE, [a], null, { shape: a.shape, dim: d0, dim1: d1 });
}

/** Inserts a size-1 dim at `dim` (shares storage). */
export function unsqueeze(a: Tensor, dim: number): Tensor {
  const d = wrapDim(dim, a.shape.length + 1);
  const shape = a.shape.slice();
  shape.splice(d, 0, 1);
  const out = a._shareVersion(new Tensor(a.storage, shape, a.dtype));
  out._contiguous = a._contiguous;
  markView(out, a);
  return record(out, "unsqueeze", UNSQUEEZE, [a], null, { shape: a.shape, dim: d, dim1: d });
}

/** `squeeze()` drops every size-1 dim (SqueezeBackward0); `squeeze(dim)` only that one (SqueezeBackward1). */
export function squeeze(a: Tensor, dim?: number): Tensor {
  if (dim === undefined || dim === null) {
    const out = a._shareVersion(new Tensor(a.storage, a.shape.filter((s) => s !== 1), a.dtype));
    out._contiguous = a._contiguous;
    markView(out, a);
    return record(out, "squeeze", SQUEEZE0, [a], null, { shape: a.shape });
  }
  return squeezeNamed(a, dim, "SqueezeBackward1", "squeeze");
}

const squeezeDefs = new Map<string, OpDef<ShapeCtx>>();
/** `squeeze(dim)` recorded under a given grad_fn name (matmul's 1-D case shows SqueezeBackward3 in PyTorch). */
export function squeezeNamed(a: Tensor, dim: number, name: string, op: string): Tensor {
  const d = wrapDim(dim, a.shape.length);
  const shape = a.shape.slice();
  if (shape[d] === 1) shape.splice(d, 1);
  let def = squeezeDefs.get(name);
  if (def === undefined) {
    def = { ...SQUEEZE0, name };
    squeezeDefs.set(name, def);
  }
  const out = a._shareVersion(new Tensor(a.storage, shape, a.dtype));
  out._contiguous = a._contiguous;
  markView(out, a);
  return record(out, op, def, [a], null, { shape: a.shape });
}

/** Broadcasts to a larger shape (-1 keeps a dim), copying the data. */
export function expand(a: Tensor, args: ReadonlyArray<number | readonly number[]>): Tensor {
  const sizes: number[] = args.length === 1 && Array.isArray(args[0]) ? args[0].slice() : (args as number[]).slice();
  const nd = a.shape.length;
  if (sizes.length < nd) {
    const tn = a.dtype === "float64" ? "DoubleTensor" : a.dtype === "bool" ? "BoolTensor" : "FloatTensor";
    throw new TorchError(
      `expand(torch.${tn}{${shapeStr(a.shape)}}, size=${shapeStr(sizes)}): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${nd})`,
    );
  }
  const off = sizes.length - nd;
  const target = sizes.slice();
  for (let i = 0; i < sizes.length; i++) {
    const src = i >= off ? a.shape[i - off]! : 1;
    if (sizes[i] === -1) {
      if (i < off) throw new TorchError(`The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
      target[i] = src;
    } else if (src !== 1 && src !== sizes[i]) {
      throw new TorchError(
        `The expanded size of the tensor (${sizes[i]}) must match the existing size (${src}) at non-singleton dimension ${i}.  Target sizes: ${shapeStr(sizes)}.  Tensor sizes: ${shapeStr(a.shape)}`,
      );
    }
  }
  const n = numelOf(target);
  const s = a.storage;
  let out: Storage;
  if (s.length === n || s.length === 1) {
    out = allocStorage(a.dtype, n);
    if (s.length === n) out.set(s);
    else out.fill(s[0]!);
  } else {
    out = gatherStrided(s, a.dtype, target, broadcastStrides(a.shape, target));
  }
  const res = new Tensor(out, target, a.dtype);
  res._contiguous = s.length === n && a._contiguous;
  markView(res, a);
  return record(res, "expand", EXPAND, [a], null, { shape: a.shape });
}

/** A copy that stays in the graph (CloneBackward0). */
export function clone(a: Tensor): Tensor {
  return record(new Tensor(a.storage.slice(), a.shape.slice(), a.dtype), "clone", CLONE, [a], null, null);
}

/** Same storage, cut from the graph (PyTorch's `detach()` and `.data`). */
export function detach(a: Tensor, op: string): Tensor {
  const out = a._shareVersion(new Tensor(a.storage, a.shape.slice(), a.dtype));
  out._contiguous = a._contiguous;
  if (state.observer !== null) reportCreated(out, op, [a], a);
  return out;
}

/** Converts to another dtype (a copy; ToCopyBackward0). */
export function to(a: Tensor, dtype: DType): Tensor {
  if (dtype === a.dtype) return a;
  const out = allocStorage(dtype, a.storage.length);
  const s = a.storage;
  if (dtype === "bool") for (let i = 0; i < s.length; i++) out[i] = s[i] !== 0 ? 1 : 0;
  else out.set(s);
  const res = new Tensor(out, a.shape.slice(), dtype);
  if (dtype === "bool") {
    if (state.observer !== null) reportCreated(res, "to", [a], null);
    return res;
  }
  return record(res, "to", TO_COPY, [a], null, { dtype: a.dtype === "bool" ? "float32" : a.dtype });
}

/** `t[i]` along dim 0 (SelectBackward0). */
export function select(a: Tensor, i: number): Tensor {
  if (a.shape.length === 0) throw new TorchError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number", { kind: "IndexError" });
  const n0 = a.shape[0]!;
  if (i < -n0 || i >= n0) throw new TorchError(`index ${i} is out of bounds for dimension 0 with size ${n0}`, { kind: "IndexError" });
  const k = i < 0 ? i + n0 : i;
  const inner = numelOf(a.shape.slice(1));
  const out = a._shareVersion(new Tensor(a.storage.subarray(k * inner, (k + 1) * inner), a.shape.slice(1), a.dtype));
  let ctx: SelectCtx | null = null;
  if (a.requires_grad && state.gradEnabled) {
    state.silent++;
    try {
      const m = a.dtype === "float64" ? new Float64Array(a.storage.length) : new Float32Array(a.storage.length);
      m.fill(1, k * inner, (k + 1) * inner);
      const mask = new Tensor(m, a.shape.slice(), a.dtype === "float64" ? "float64" : "float32");
      mask._wrapped = true;
      ctx = { shape: a.shape, mask };
    } finally {
      state.silent--;
    }
  }
  markView(out, a);
  return record(out, "select", SELECT, [a], null, ctx as SelectCtx);
}

/** What `tolist()` returns: a value or nested arrays of values. */
export type NestedList = number | boolean | NestedList[];

/** Nested JS arrays of the values (booleans for bool tensors); a number for a 0-d tensor. */
export function tolist(a: Tensor): NestedList {
  const s = a.storage;
  const b = a.dtype === "bool";
  const val = (i: number): number | boolean => (b ? s[i] !== 0 : s[i]!);
  if (a.shape.length === 0) return val(0);
  const build = (dim: number, off: number): NestedList[] => {
    const n = a.shape[dim]!;
    const inner = numelOf(a.shape.slice(dim + 1));
    const out: NestedList[] = [];
    for (let i = 0; i < n; i++) out.push(dim === a.shape.length - 1 ? val(off + i) : build(dim + 1, off + i * inner));
    return out;
  };
  return build(0, 0);
}
