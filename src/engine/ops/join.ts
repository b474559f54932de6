import { allocStorage, promote, type DType } from "../dtype.js";
import { record } from "../autograd/record.js";
import { defineGrad } from "../autograd/node.js";
import { TorchError, wrapDim } from "../errors.js";
import { numelOf, shapeStr } from "../shape.js";
import { Tensor } from "../tensor.js";
import { markView } from "./view_internal.js";
import { installMethods, type Method } from "./method.js";

/** Copies `src` (viewed as outer × size × inner) into `dst` at offset `at` along the middle axis. */
function copyBlock(src: ArrayLike<number>, dst: { [i: number]: number }, outer: number, size: number, inner: number, dstSize: number, at: number): void {
  const row = size * inner;
  for (let o = 0; o < outer; o++) {
    const s = o * row;
    const d = (o * dstSize + at) * inner;
    for (let i = 0; i < row; i++) dst[d + i] = src[s + i]!;
  }
}

interface CatCtx { dim: number; sizes: number[] }
const CAT = defineGrad<CatCtx>({
  name: "CatBackward0", saves: [], formulas: ["∂out/∂tensors[i] = 1 on the i-th slice along dim"],
  backward: (n, g) => {
    let at = 0;
    return n.ctx.sizes.map((s, i) => {
      const piece = n.needs(i) ? narrow(g, n.ctx.dim, at, s) : null;
      at += s;
      return piece;
    });
  },
});

/** PyTorch's `torch.cat(tensors, dim=0)`: the tensors joined along an existing dimension `dim`. */
export function cat(tensors: Tensor[], dim: number | { dim?: number } = 0): Tensor { return catAlong(tensors, dim); }

function catAlong(tensors: Tensor[], dimArg: number | { dim?: number }): Tensor {
  if (tensors.length === 0) throw new TorchError("torch.cat(): expected a non-empty list of Tensors");
  const first = tensors[0]!;
  const nd = first._shape.length;
  const dim = wrapDim(typeof dimArg === "number" ? dimArg : dimArg.dim ?? 0, nd);
  tensors.forEach((t, k) => {
    if (t._shape.length !== nd) throw new TorchError(`Tensors must have same number of dimensions: got ${nd} and ${t._shape.length}`);
    for (let d = 0; d < nd; d++) {
      if (d !== dim && t._shape[d] !== first._shape[d]) {
        throw new TorchError(
          `Sizes of tensors must match except in dimension ${dim}. Expected size ${first._shape[d]} but got size ${t._shape[d]} for tensor number ${k} in the list.`,
        );
      }
    }
  });
  const sizes = tensors.map((t) => t._shape[dim]!);
  const total = sizes.reduce((a, b) => a + b, 0);
  const shape = first._shape.slice();
  shape[dim] = total;
  const dt = tensors.reduce<DType>((d, t) => promote(d, t.dtype), first.dtype === "bool" ? "float32" : first.dtype);
  const out = allocStorage(tensors.every((t) => t.dtype === "bool") ? "bool" : dt, numelOf(shape));
  const outer = numelOf(shape.slice(0, dim));
  const inner = numelOf(shape.slice(dim + 1));
  let at = 0;
  tensors.forEach((t, k) => {
    copyBlock(t.storage, out, outer, sizes[k]!, inner, total, at);
    at += sizes[k]!;
  });
  const dtype = out instanceof Uint8Array ? "bool" : dt;
  return record(new Tensor(out, shape, dtype), "cat", CAT, tensors, null, { dim, sizes });
}

interface StackCtx { dim: number; count: number }
const STACK = defineGrad<StackCtx>({
  name: "StackBackward0", saves: [], formulas: ["∂out/∂tensors[i] = 1 at index i along the new dim"],
  backward: (n, g) => {
    const out: Array<Tensor | null> = [];
    for (let i = 0; i < n.ctx.count; i++) out.push(n.needs(i) ? narrow(g, n.ctx.dim, i, 1).squeeze(n.ctx.dim) : null);
    return out;
  },
});

/** PyTorch's `torch.stack(tensors, dim=0)`: the tensors joined along a new dimension `dim`. */
export function stack(tensors: Tensor[], dim: number | { dim?: number } = 0): Tensor { return stackAlong(tensors, dim); }

function stackAlong(tensors: Tensor[], dimArg: number | { dim?: number }): Tensor {
  if (tensors.length === 0) throw new TorchError("stack expects a non-empty TensorList");
  const first = tensors[0]!;
  const dim = wrapDim(typeof dimArg === "number" ? dimArg : dimArg.dim ?? 0, first._shape.length + 1);
  tensors.forEach((t, k) => {
    if (shapeStr(t._shape) !== shapeStr(first._shape)) {
      throw new TorchError(`stack expects each tensor to be equal size, but got ${shapeStr(first._shape)} at entry 0 and ${shapeStr(t._shape)} at entry ${k}`);
    }
  });
  const shape = first._shape.slice();
  shape.splice(dim, 0, tensors.length);
  const dt = tensors.reduce<DType>((d, t) => promote(d, t.dtype), first.dtype === "bool" ? "float32" : first.dtype);
  const allBool = tensors.every((t) => t.dtype === "bool");
  const out = allocStorage(allBool ? "bool" : dt, numelOf(shape));
  const outer = numelOf(shape.slice(0, dim));
  const inner = numelOf(shape.slice(dim + 1));
  tensors.forEach((t, k) => copyBlock(t.storage, out, outer, 1, inner, tensors.length, k));
  return record(new Tensor(out, shape, allBool ? "bool" : dt), "stack", STACK, tensors, null, { dim, count: tensors.length });
}

interface SliceCtx { shape: readonly number[]; dim: number; start: number; length: number }
const SLICE = defineGrad<SliceCtx>({
  name: "SliceBackward0", saves: [], formulas: ["∂out/∂self = 1 inside the slice, 0 elsewhere"],
  backward: (n, g) => {
    const { shape, dim, start, length } = n.ctx;
    const parts: Tensor[] = [];
    const zeros = (len: number): Tensor => {
      const s = shape.slice();
      s[dim] = len;
      const z = new Tensor(allocStorage(g.dtype, numelOf(s)), s, g.dtype);
      z._wrapped = true;
      return z;
    };
    if (start > 0) parts.push(zeros(start));
    parts.push(g);
    const after = shape[dim]! - start - length;
    if (after > 0) parts.push(zeros(after));
    return [parts.length === 1 ? g : cat(parts, dim)];
  },
});

/** PyTorch's `torch.narrow(x, dim, start, length)`: elements start … start+length-1 along `dim`. */
export function narrow(input: Tensor, dim: number, start: number, length: number): Tensor { return narrowAlong(input, dim, start, length); }

function narrowAlong(a: Tensor, dimArg: number, startArg: number, length: number): Tensor {
  const dim = wrapDim(dimArg, a._shape.length);
  const size = a._shape[dim]!;
  const start = startArg < 0 ? startArg + size : startArg;
  if (start < 0 || start > size) throw new TorchError(`start out of range (expected to be in range of [${-size}, ${size}], but got ${startArg})`, { kind: "IndexError" });
  if (length < 0) throw new TorchError("narrow(): length must be non-negative.");
  if (start + length > size) throw new TorchError(`start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  const shape = a._shape.slice();
  shape[dim] = length;
  const outer = numelOf(a._shape.slice(0, dim));
  const inner = numelOf(a._shape.slice(dim + 1));
  const out = allocStorage(a.dtype, numelOf(shape));
  for (let o = 0; o < outer; o++) {
    const s = (o * size + start) * inner;
    out.set(a.storage.subarray(s, s + length * inner), o * length * inner);
  }
  const res = new Tensor(out, shape, a.dtype);
  res._contiguous = a._contiguous && (outer === 1 || length === size);
  markView(res, a);
  return record(res, "narrow", SLICE, [a], null, { shape: a._shape, dim, start, length });
}

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.narrow(dim, start, length)`: elements start … start+length-1 along `dim`. */
    narrow: Method<typeof narrow>;
  }
}
installMethods({ narrow });
