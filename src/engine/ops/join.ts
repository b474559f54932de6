import { allocStorage, promote, type DType } from "../dtype.js";
import { record } from "../autograd/record.js";
import { defineGrad } from "../autograd/node.js";
import { TorchError, wrapDim } from "../errors.js";
import { numelOf, shapeStr } from "../shape.js";
import { Tensor } from "../tensor.js";

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
      const piece = n.needs(i) ? g.narrow(n.ctx.dim, at, s) : null;
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
    for (let i = 0; i < n.ctx.count; i++) out.push(n.needs(i) ? g.narrow(n.ctx.dim, i, 1).squeeze(n.ctx.dim) : null);
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

/** PyTorch's `torch.hstack(tensors)`: joined along dim 1 (dim 0 for 1-D tensors), as NumPy's hstack. */
export function hstack(tensors: Tensor[]): Tensor {
  if (tensors.length === 0) throw new TorchError("hstack expects a non-empty TensorList");
  return catAlong(tensors, tensors[0]!._shape.length === 1 ? 0 : 1);
}

/** PyTorch's `torch.vstack(tensors)`: joined along dim 0, 1-D tensors first made rows (`unsqueeze(0)`). */
export function vstack(tensors: Tensor[]): Tensor {
  if (tensors.length === 0) throw new TorchError("vstack expects a non-empty TensorList");
  return catAlong(tensors.map((t) => (t._shape.length === 0 ? t.reshape(1, 1) : t._shape.length === 1 ? t.unsqueeze(0) : t)), 0);
}
