import { TorchError, wrapDim } from "../errors.js";
import { scalarTypeName } from "../dtype.js";
import { numelOf, stridesOf } from "../shape.js";
import { forEachPosition } from "../strided.js";
import { Tensor } from "../tensor.js";

// Index arithmetic shared by the indexing ops (ops/indexing.ts): every gather-like op (select, slice, index_select,
// gather, take, masked_select, advanced indexing) is "out[i] = input[map[i]]" for a flat map, and its adjoint is
// "grad_input[map[i]] += grad[i]". Computing the map is the only per-op work; recording and autograd are shared.

/** Flat positions of a strided window over a contiguous tensor: `offset + Σ idx_d · strides_d` for each out index. */
export function stridedMap(shape: readonly number[], strides: readonly number[], offset: number): Int32Array {
  const map = new Int32Array(numelOf(shape));
  forEachPosition(offset, shape, strides, (p, i) => { map[i] = p; });
  return map;
}


/** PyTorch's bounds check for an integer index into a dim. */
export function checkIndex(i: number, size: number, dim: number): number {
  if (!Number.isInteger(i)) throw new TorchError("tensors used as indices must be long, byte or bool tensors", { kind: "IndexError" });
  if (i < -size || i >= size) throw new TorchError(`index ${i} is out of bounds for dimension ${dim} with size ${size}`, { kind: "IndexError" });
  return i < 0 ? i + size : i;
}

/** An index argument as integers with a shape: a tensor (its values must be whole numbers) or nested number arrays. */
export interface IndexArg { values: Float64Array; shape: readonly number[] }

/** Nested arrays of indices, or an int64 tensor of them (or one `torch.tensor([0, 2])` made of whole numbers, see README). */
export type Indices = Tensor | number | IndexList;
/** `[0, 2]` or `[[0, 1], [1, 0]]`. */
export type IndexList = Array<number | IndexList>;

/**
 * PyTorch's error for a float tensor used as indices, per op. A tensor `torch.tensor([0, 2])` / `torch.arange(3)`
 * made of whole numbers without a dtype passes: it is the TypeScript spelling of PyTorch's int64 literal (README).
 */
function checkIndexDtype(ix: Tensor, what: string): void {
  if (ix.dtype === "int64" || ix._intData || (ix.dtype === "bool" && what === "index")) return;
  const type = scalarTypeName(ix.dtype);
  switch (what) {
    case "index_select()": throw new TorchError("index_select(): Expected dtype int32 or int64 for index");
    case "gather()": throw new TorchError("gather(): Expected dtype int64 for index");
    case "scatter()": throw new TorchError("scatter(): Expected dtype int64 for index");
    case "take()": throw new TorchError(`take(): Expected a long tensor for index, but got ${type}`);
    default: throw new TorchError("tensors used as indices must be long, byte or bool tensors", { kind: "IndexError" });
  }
}

export function indexArg(ix: Indices, what: string): IndexArg {
  if (ix instanceof Tensor) {
    checkIndexDtype(ix, what);
    if (ix.dtype === "bool") throw new TorchError(`${what}: a bool tensor is a mask here, not indices`, { kind: "IndexError" });
    const s = ix.storage;
    const v = new Float64Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const x = s[i]!;
      if (!Number.isInteger(x)) throw new TorchError("tensors used as indices must be long, byte or bool tensors", { kind: "IndexError" });
      v[i] = x;
    }
    return { values: v, shape: ix._shape };
  }
  if (typeof ix === "number") return { values: new Float64Array([ix]), shape: [] };
  const shape: number[] = [];
  let d: unknown = ix;
  while (Array.isArray(d)) {
    shape.push(d.length);
    d = d[0];
  }
  const flat = (ix as unknown[]).flat(Infinity) as number[];
  if (flat.length !== numelOf(shape)) throw new TorchError(`${what}: ragged nested index list`, { kind: "ValueError" });
  for (const x of flat) {
    if (typeof x !== "number" || !Number.isInteger(x)) throw new TorchError("tensors used as indices must be long, byte or bool tensors", { kind: "IndexError" });
  }
  return { values: Float64Array.from(flat), shape };
}

/**
 * `gather`/`scatter`'s map: for each position p of `index` (shape `index.shape`), the flat position in a tensor of
 * `shape` at `[p_0, …, index[p], …, p_n]` (index[p] replacing p_dim).
 */
export function alongDimMap(shape: readonly number[], dim: number, index: IndexArg, what: string): Int32Array {
  const nd = shape.length;
  const ishape = index.shape;
  if (ishape.length !== nd && !(nd === 0 && ishape.length <= 1)) {
    throw new TorchError(`Index tensor must have the same number of dimensions as ${what} tensor`);
  }
  for (let d = 0; d < ishape.length; d++) {
    if (d !== dim && ishape[d]! > (shape[d] ?? 1)) {
      throw new TorchError(`Size does not match at dimension ${d} expected index [${ishape.join(", ")}] to be smaller than self [${shape.join(", ")}] apart from dimension ${dim}`);
    }
  }
  const st = stridesOf(shape);
  const n = index.values.length;
  const map = new Int32Array(n);
  const istr = stridesOf(ishape);
  const size = shape[dim] ?? 1;
  for (let i = 0; i < n; i++) {
    let rem = i;
    let pos = 0;
    for (let d = 0; d < ishape.length; d++) {
      const p = Math.floor(rem / istr[d]!);
      rem -= p * istr[d]!;
      if (d === dim) {
        const k = index.values[i]!;
        if (k < -size || k >= size) throw new TorchError(`index ${k} is out of bounds for dimension ${dim} with size ${size}`);
        pos += (k < 0 ? k + size : k) * (st[d] ?? 0);
      } else pos += p * st[d]!;
    }
    map[i] = pos;
  }
  return map;
}

/** Positions in a tensor of `shape` read by `index` along `dim` (index_select): out shape has `index` in place of dim. */
export function indexSelectMap(shape: readonly number[], dimArg: number, index: IndexArg): { map: Int32Array; shape: number[] } {
  if (index.shape.length > 1) throw new TorchError("index_select(): Index is supposed to be a vector");
  const dim = wrapDim(dimArg, shape.length);
  const size = shape.length === 0 ? 1 : shape[dim]!;
  const ks = Array.from(index.values, (k) => {
    if (k < -size || k >= size) throw new TorchError(`index out of range in self`, { kind: "IndexError" });
    return k < 0 ? k + size : k;
  });
  const outShape = shape.slice();
  if (shape.length > 0) outShape[dim] = ks.length;
  const st = stridesOf(shape);
  const base = stridedMap(outShape, st.map((s, d) => (d === dim ? 0 : s)), 0);
  const inner = numelOf(outShape.slice(dim + 1));
  const map = new Int32Array(base.length);
  for (let i = 0; i < base.length; i++) map[i] = base[i]! + ks[Math.floor(i / inner) % ks.length]! * (st[dim] ?? 0);
  return { map, shape: outShape };
}
