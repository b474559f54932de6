import { TorchError, wrapDim } from "../errors.js";
import { broadcastShapes, broadcastStrides, numelOf, stridesOf } from "../shape.js";
import { state } from "../state.js";
import { Tensor, type TensorLike } from "../tensor.js";
import { gatherDef, gatherFlat, putDef, putFlat } from "./gather_flat.js";
import { alongDimMap, checkIndex, indexArg, indexSelectMap, stridedMap, type Indices } from "./index_map.js";
import { wrap } from "./scalar.js";
import { fillWhere } from "./masked.js";
import { inplace, snapshot } from "./inplace.js";
import { installMethods, installVariadic, type Method } from "./method.js";

const SELECT = gatherDef("SelectBackward0", "1 at the selected index, 0 elsewhere");
const SLICE = gatherDef("SliceBackward0", "1 inside the slice, 0 elsewhere");
const INDEX_SELECT = gatherDef("IndexSelectBackward0", "1 at each selected index (summed where repeated)");
const GATHER = gatherDef("GatherBackward0", "1 at each gathered position (summed where repeated)");
const TAKE = gatherDef("TakeBackward0", "1 at each taken position (summed where repeated)");
const MASKED_SELECT = gatherDef("MaskedSelectBackward0", "1 where mask, 0 elsewhere");
const INDEX = gatherDef("IndexBackward0", "1 at each indexed position (summed where repeated)");
const SPLIT = gatherDef("SplitBackward0", "1 inside this chunk, 0 elsewhere");
const SPLIT_SIZES = gatherDef("SplitWithSizesBackward0", "1 inside this piece, 0 elsewhere");
const UNBIND = gatherDef("UnbindBackward0", "1 at this index, 0 elsewhere");
const UNSQUEEZE_IDX = gatherDef("UnsqueezeBackward0", "1 (dim removed again)");

const SCATTER = putDef("ScatterBackward0", ["∂out/∂self = 1 where not scattered into, 0 where overwritten", "∂out/∂src = 1 at each scattered position"]);
const SCATTER_VALUE = putDef("ScatterBackward1", ["∂out/∂self = 1 where not scattered into, 0 where overwritten", "∂out/∂value = 0 (a number)"]);
const SCATTER_ADD = putDef("ScatterAddBackward0", ["∂out/∂self = 1", "∂out/∂src = 1 at each scattered position"]);
const INDEX_PUT = putDef("IndexPutBackward0", ["∂out/∂self = 1 where not written, 0 where overwritten (1 with accumulate)", "∂out/∂values = 1 at each written position (summed over broadcasting)"]);
const COPY_SLICES = putDef("CopySlices", ["∂out/∂self = 1 outside the assigned slice, 0 inside", "∂out/∂value = 1 inside the slice (summed over broadcasting)"]);

// ---- select / slice ---------------------------------------------------------------------------------------------

/** The strided window of `select(dim, index)` over `shape`. */
function selectWindow(shape: readonly number[], dimArg: number, index: number): { shape: number[]; strides: number[]; offset: number } {
  if (shape.length === 0) throw new TorchError("select() cannot be applied to a 0-dim tensor.", { kind: "IndexError" });
  const dim = wrapDim(dimArg, shape.length);
  const size = shape[dim]!;
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new TorchError(`select(): index ${index} out of range for tensor of size [${shape.join(", ")}] at dimension ${dim}`, { kind: "IndexError" });
  }
  const st = stridesOf(shape);
  const k = index < 0 ? index + size : index;
  return { shape: shape.filter((_s, d) => d !== dim), strides: st.filter((_s, d) => d !== dim), offset: k * st[dim]! };
}

/** PyTorch's `torch.select(x, dim, index)`: the slice at `index` along `dim`, that dim removed (Python's `x[:, i]`). */
export function select(input: Tensor, dim: number, index: number): Tensor {
  const w = selectWindow(input._shape, dim, index);
  return gatherFlat(input, stridedMap(w.shape, w.strides, w.offset), w.shape, SELECT, "select", true);
}

/** Python's slice bounds clamped to a dim of `size`, as `x[start:stop:step]` does (never an error). */
function sliceBounds(size: number, start: number | null | undefined, stop: number | null | undefined, step: number): { start: number; length: number } {
  if (!Number.isInteger(step) || step <= 0) throw new TorchError("slice step must be positive", { kind: "ValueError" });
  const clamp = (v: number | null | undefined, dflt: number): number => {
    if (v === null || v === undefined) return dflt;
    const x = v < 0 ? v + size : v;
    return Math.min(Math.max(x, 0), size);
  };
  const a = clamp(start, 0);
  const b = clamp(stop, size);
  return { start: a, length: b > a ? Math.ceil((b - a) / step) : 0 };
}

/** `x[start:stop:step]` along `dim` (SliceBackward0); a view when it is one contiguous run. */
function sliceDim(x: Tensor, dim: number, start: number | null | undefined, stop: number | null | undefined, step: number): Tensor {
  const d = wrapDim(dim, x._shape.length);
  const b = sliceBounds(x._shape[d]!, start, stop, step);
  const st = stridesOf(x._shape);
  const shape = x._shape.slice();
  shape[d] = b.length;
  const strides = st.slice();
  strides[d] = st[d]! * step;
  return gatherFlat(x, stridedMap(shape, strides, b.start * st[d]!), shape, SLICE, "slice", true);
}

/** PyTorch's `torch.narrow(x, dim, start, length)`: elements start … start+length-1 along `dim`. */
export function narrow(input: Tensor, dim: number, start: number, length: number): Tensor {
  const d = wrapDim(dim, input._shape.length);
  const size = input._shape[d]!;
  const s = start < 0 ? start + size : start;
  if (s < 0 || s > size) throw new TorchError(`start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`, { kind: "IndexError" });
  if (length < 0) throw new TorchError("narrow(): length must be non-negative.");
  if (s + length > size) throw new TorchError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  return sliceDim(input, d, s, s + length, 1);
}

// ---- gather-like ops --------------------------------------------------------------------------------------------

/** PyTorch's `torch.index_select(x, dim, index)`: the entries at `index` (a 1-D list of positions) along `dim`. */
export function index_select(input: Tensor, dim: number, index: Indices): Tensor {
  const r = indexSelectMap(input._shape, dim, indexArg(index, "index_select()"));
  return gatherFlat(input, r.map, r.shape, INDEX_SELECT, "index_select", false);
}

/** PyTorch's `torch.gather(x, dim, index)`: `out[i][j] = x[index[i][j]][j]` for dim 0 (and so on): picks along `dim`. */
export function gather(input: Tensor, dim: number, index: Indices): Tensor {
  const ix = indexArg(index, "gather()");
  const d = wrapDim(dim, Math.max(input._shape.length, 1));
  return gatherFlat(input, alongDimMap(input._shape, d, ix, "input"), ix.shape, GATHER, "gather", false);
}

/** PyTorch's `torch.take(x, index)`: elements of `x` read as if flattened, at `index` (result has index's shape). */
export function take(input: Tensor, index: Indices): Tensor {
  const ix = indexArg(index, "take()");
  const n = input._numel;
  const map = new Int32Array(ix.values.length);
  for (let i = 0; i < map.length; i++) {
    const k = ix.values[i]!;
    if (k < -n || k >= n) throw new TorchError(`out of range: tried to access index ${k} on a tensor of ${n} elements.`, { kind: "IndexError" });
    map[i] = k < 0 ? k + n : k;
  }
  return gatherFlat(input, map, ix.shape, TAKE, "take", false);
}

/** Positions where a (broadcast) bool mask holds. */
function maskPositions(shape: readonly number[], mask: Tensor, what: string): { map: Int32Array; shape: number[] } {
  if (mask.dtype !== "bool") throw new TorchError(`${what}: expected BoolTensor for mask`);
  const full = broadcastShapes(shape, mask._shape);
  if (full.length !== shape.length || full.some((s, i) => s !== shape[i])) {
    throw new TorchError(`The size of tensor a (${mask._shape[mask._shape.length - 1]}) must match the size of tensor b (${shape[shape.length - 1]}) at non-singleton dimension ${shape.length - 1}`);
  }
  const mm = stridedMap(shape, broadcastStrides(mask._shape, shape), 0);
  const out: number[] = [];
  const ms = mask.storage;
  for (let i = 0; i < mm.length; i++) if (ms[mm[i]!]) out.push(i);
  return { map: Int32Array.from(out), shape: [out.length] };
}

/** PyTorch's `torch.masked_select(x, mask)`: the elements where the (broadcast) bool `mask` is true, as a 1-D tensor. */
export function masked_select(input: Tensor, mask: Tensor): Tensor {
  const r = maskPositions(input._shape, mask, "masked_select");
  return gatherFlat(input, r.map, r.shape, MASKED_SELECT, "masked_select", false);
}

/** PyTorch's `torch.masked_fill(x, mask, value)`: a copy of `x` with `value` where the (broadcast) bool `mask` is true. */
export function masked_fill(input: Tensor, mask: Tensor, value: number | Tensor): Tensor {
  if (mask.dtype !== "bool") throw new TorchError(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype === "float64" ? "double" : "float"}`);
  const v = value instanceof Tensor ? value.item() : value;
  broadcastShapes(input._shape, mask._shape);
  const mm = stridedMap(input._shape, broadcastStrides(mask._shape, input._shape), 0);
  const m = new Uint8Array(mm.length);
  const ms = mask.storage;
  for (let i = 0; i < mm.length; i++) m[i] = ms[mm[i]!]!;
  return fillWhere(input, { data: m, shape: input._shape }, v);
}

// ---- put-like ops -----------------------------------------------------------------------------------------------

/** `index`'s region in a tensor of `shape` along `dim`, and where `src` is read for each of its positions. */
function scatterMaps(shape: readonly number[], dim: number, index: Indices, src: Tensor): { map: Int32Array; srcMap: Int32Array; region: readonly number[] } {
  const ix = indexArg(index, "scatter()");
  const d = wrapDim(dim, Math.max(shape.length, 1));
  const map = alongDimMap(shape, d, ix, "self");
  // src is read at the index's own positions (src may be larger than index); a number is broadcast.
  const srcMap = src._shape.length === 0 ? new Int32Array(map.length) : stridedMap(ix.shape, stridesOf(src._shape), 0);
  return { map, srcMap, region: ix.shape };
}

/** PyTorch's `torch.scatter(x, dim, index, src)`: a copy of `x` with `src` written at `index` along `dim` (src may be a number). */
export function scatter(input: Tensor, dim: number, index: Indices, src: TensorLike): Tensor {
  const s = wrap(src, input);
  const m = scatterMaps(input._shape, dim, index, s);
  return putFlat(input, s, m.map, m.srcMap, m.region, false, s._wrapped ? SCATTER_VALUE : SCATTER, "scatter");
}

/** PyTorch's `torch.scatter_add(x, dim, index, src)`: a copy of `x` with `src` added at `index` along `dim`. */
export function scatter_add(input: Tensor, dim: number, index: Indices, src: Tensor): Tensor {
  const m = scatterMaps(input._shape, dim, index, src);
  return putFlat(input, src, m.map, m.srcMap, m.region, true, SCATTER_ADD, "scatter_add");
}

/** Where `src` (broadcast to `region`) is read for each region position. */
function broadcastMap(src: Tensor, region: readonly number[]): Int32Array {
  broadcastShapes(src._shape, region);
  return stridedMap(region, broadcastStrides(src._shape, region), 0);
}

// ---- Python indexing: x[key], x[key] = v ------------------------------------------------------------------------

/** A Python slice `start:stop:step` as an object (`{ start: 1, stop: 3 }`); a string `"1:3"` means the same. */
export interface Slice { start?: number | null; stop?: number | null; step?: number | null }
/**
 * One item of a Python subscript: an integer (`x[0]`), a slice (`"1:3"`, `":"`, `"::2"` or `{ start, stop, step }`),
 * `"..."` (Ellipsis), `null` (None: a new dim), a bool tensor (a mask) or indices (a tensor or a list of numbers).
 */
export type IndexItem = number | string | Slice | null | Tensor | number[];

function parseSlice(s: string): Slice {
  const parts = s.split(":");
  if (parts.length < 2 || parts.length > 3) throw new TorchError(`invalid slice "${s}": write "start:stop" or "start:stop:step"`, { kind: "TypeError" });
  const num = (p: string | undefined): number | null => {
    if (p === undefined || p.trim() === "") return null;
    const v = Number(p);
    if (!Number.isInteger(v)) throw new TorchError(`invalid slice "${s}": bounds must be integers`, { kind: "TypeError" });
    return v;
  };
  return { start: num(parts[0]), stop: num(parts[1]), step: num(parts[2]) };
}

type Basic = { kind: "int"; v: number } | { kind: "slice"; s: Slice } | { kind: "none" } | { kind: "ellipsis" };
type Item = Basic | { kind: "mask"; t: Tensor } | { kind: "index"; ix: Indices };

function classify(k: IndexItem): Item {
  if (typeof k === "number") return { kind: "int", v: k };
  if (k === null) return { kind: "none" };
  if (typeof k === "string") return k === "..." ? { kind: "ellipsis" } : { kind: "slice", s: parseSlice(k) };
  if (k instanceof Tensor) {
    if (k.dtype === "bool") return { kind: "mask", t: k };
    if (k._shape.length === 0 && Number.isInteger(k.storage[0])) return { kind: "int", v: k.storage[0]! };
    return { kind: "index", ix: k };
  }
  if (Array.isArray(k)) return { kind: "index", ix: k };
  if (typeof k === "object") return { kind: "slice", s: k };
  throw new TorchError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got " + typeof k + ")", { kind: "IndexError" });
}

/** Dims each item consumes of the input: ints, slices and index tensors one, a mask its ndim, None and `...` none. */
function consumed(it: Item): number {
  return it.kind === "int" || it.kind === "slice" || it.kind === "index" ? 1 : it.kind === "mask" ? it.t._shape.length : 0;
}

/** Applies a subscript the way PyTorch does: basic items first (one node each), then one IndexBackward0 for the rest. */
function getitem(x: Tensor, key: readonly IndexItem[]): Tensor {
  const items = key.map(classify);
  const used = items.reduce((a, it) => a + consumed(it), 0);
  if (x._shape.length === 0 && items.some((it) => it.kind === "int")) {
    throw new TorchError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number", { kind: "IndexError" });
  }
  if (used > x._shape.length) throw new TorchError(`too many indices for tensor of dimension ${x._shape.length}`, { kind: "IndexError" });
  if (items.filter((it) => it.kind === "ellipsis").length > 1) throw new TorchError("an index can only have a single ellipsis ('...')", { kind: "IndexError" });
  // Expand `...` (or the implicit trailing one) into full slices.
  const fill = x._shape.length - used;
  const full: Item[] = [];
  for (const it of items) {
    if (it.kind === "ellipsis") for (let j = 0; j < fill; j++) full.push({ kind: "slice", s: {} });
    else full.push(it);
  }
  let out = x;
  let dim = 0;
  const advanced: Array<{ dim: number; item: Item }> = [];
  for (const it of full) {
    if (it.kind === "int") {
      const size = out._shape[dim]!;
      checkIndex(it.v, size, dim);
      out = select(out, dim, it.v);
    } else if (it.kind === "slice") {
      out = sliceDim(out, dim, it.s.start, it.s.stop, it.s.step ?? 1);
      dim++;
    } else if (it.kind === "none") {
      const shape = out._shape.slice();
      shape.splice(dim, 0, 1);
      out = gatherFlat(out, stridedMap(shape, stridesOf(shape), 0), shape, UNSQUEEZE_IDX, "unsqueeze", true);
      dim++;
    } else if (it.kind === "mask" || it.kind === "index") {
      advanced.push({ dim, item: it });
      dim += consumed(it);
    }
  }
  if (advanced.length === 0) return out;
  const r = advancedMap(out._shape, advanced);
  return gatherFlat(out, r.map, r.shape, INDEX, "index", false);
}

/**
 * Advanced indexing (index tensors and masks on consecutive dims, NumPy's rules): the index arrays broadcast
 * together, their shape replaces the indexed dims. Returns the flat positions read and the result shape.
 */
function advancedMap(shape: readonly number[], adv: Array<{ dim: number; item: Item }>): { map: Int32Array; shape: number[] } {
  // A mask over k dims is the k index arrays of its true positions.
  const arrays: Array<{ dim: number; values: Float64Array; shape: readonly number[] }> = [];
  for (const a of adv) {
    if (a.item.kind === "mask") {
      const m = a.item.t;
      const ms = m._shape;
      for (let j = 0; j < ms.length; j++) {
        if (ms[j] !== shape[a.dim + j]) throw new TorchError(`The shape of the mask [${ms.join(", ")}] at index ${j} does not match the shape of the indexed tensor [${shape.join(", ")}] at index ${a.dim + j}`, { kind: "IndexError" });
      }
      const pos: number[][] = ms.map(() => []);
      const mst = stridesOf(ms);
      const md = m.storage;
      for (let i = 0; i < m._numel; i++) {
        if (!md[i]) continue;
        let rem = i;
        for (let j = 0; j < ms.length; j++) { const p = Math.floor(rem / mst[j]!); rem -= p * mst[j]!; pos[j]!.push(p); }
      }
      pos.forEach((p, j) => arrays.push({ dim: a.dim + j, values: Float64Array.from(p), shape: [p.length] }));
    } else if (a.item.kind === "index") {
      const ix = indexArg(a.item.ix, "index");
      arrays.push({ dim: a.dim, values: ix.values, shape: ix.shape });
    }
  }
  const dims = arrays.map((a) => a.dim);
  for (let i = 1; i < dims.length; i++) {
    if (dims[i] !== dims[i - 1]! + 1) throw new TorchError("Autograd Lens indexes with index tensors on consecutive dims only (x[idx0, idx1] or x[:, idx]); split the subscript", { kind: "IndexError" });
  }
  const bshape = arrays.reduce<number[]>((s, a) => broadcastShapes(s, a.shape), []);
  const first = dims[0]!;
  const last = dims[dims.length - 1]!;
  const before = shape.slice(0, first);
  const after = shape.slice(last + 1);
  const outShape = [...before, ...bshape, ...after];
  const st = stridesOf(shape);
  const bn = numelOf(bshape);
  // Per broadcast position, the flat offset of the indexed dims.
  const offs = new Int32Array(bn);
  for (const a of arrays) {
    const am = stridedMap(bshape, broadcastStrides(a.shape, bshape), 0);
    const size = shape[a.dim]!;
    for (let i = 0; i < bn; i++) offs[i]! += checkIndex(a.values[am[i]!]!, size, a.dim) * st[a.dim]!;
  }
  const outer = stridedMap(before, st.slice(0, first), 0);
  const inner = stridedMap(after, st.slice(last + 1), 0);
  const map = new Int32Array(outer.length * bn * inner.length);
  let k = 0;
  for (let o = 0; o < outer.length; o++) for (let b = 0; b < bn; b++) for (let i = 0; i < inner.length; i++) map[k++] = outer[o]! + offs[b]! + inner[i]!;
  return { map, shape: outShape };
}

/** The flat positions of `x` that `x[key]` reads, and the region's shape (for assignment). */
function regionOf(x: Tensor, key: readonly IndexItem[]): { map: Int32Array; shape: readonly number[]; basic: boolean } {
  // Index an "iota" tensor holding each element's own flat position, silently: what it reads are the positions.
  state.silent++;
  const prev = state.gradEnabled;
  state.gradEnabled = false;
  try {
    const n = x._numel;
    const iota = new Float64Array(n);
    for (let i = 0; i < n; i++) iota[i] = i;
    const r = getitem(new Tensor(iota, x._shape, "float64"), key);
    const basic = key.every((k) => { const c = classify(k); return c.kind !== "mask" && c.kind !== "index"; });
    return { map: Int32Array.from(r.storage), shape: r._shape, basic };
  } finally {
    state.gradEnabled = prev;
    state.silent--;
  }
}

const VIEW_OF_LEAF = "a view of a leaf Variable that requires grad is being used in an in-place operation.";

/** Python's `x[key] = value` in place: CopySlices for basic indexing, IndexPutBackward0 for masks and index tensors. */
function setitem(x: Tensor, key: readonly IndexItem[], value: TensorLike): Tensor {
  const r = regionOf(x, key);
  // PyTorch assigns through a view of x even for masks and index tensors, so a leaf gets the view's message.
  if (state.gradEnabled && x.requires_grad && x.is_leaf) throw new TorchError(VIEW_OF_LEAF, { tensorId: x.id });
  const v = value instanceof Tensor ? value : wrap(value, x);
  const srcMap = broadcastMap(v, r.shape);
  return inplace(x, r.basic ? "__setitem__" : "index_put_", () => putFlat(snapshot(x), v, r.map, srcMap, r.shape, false, r.basic ? COPY_SLICES : INDEX_PUT, r.basic ? "copy_" : "index_put_"));
}

/**
 * The subscript of `__getitem__`/`__setitem__`: one item, or an array of items (always a Python tuple: `x[0, 2]` is
 * `[0, 2]`); a list of indices, Python's `x[[0, 2]]`, is a tensor or nested: `[[0, 2]]`.
 */
function keyItems(key: IndexItem | readonly IndexItem[]): readonly IndexItem[] {
  return Array.isArray(key) ? (key as readonly IndexItem[]) : [key as IndexItem];
}

/** Python's `x[i, …]`: `x.at(0)`, `x.at(":", 1)`, `x.at("1:3")`, `x.at(mask)`, `x.at(torch.tensor([0, 2]))`. */
function at(input: Tensor, ...key: IndexItem[]): Tensor { return getitem(input, key); }
/** Python's `x.__getitem__(key)`: `key` is one item or an array of items (a tuple); a list of indices goes in a tensor or nested (`[[0, 2]]`). */
function __getitem__(input: Tensor, key: IndexItem | readonly IndexItem[]): Tensor { return getitem(input, keyItems(key)); }
/** Python's `x[key] = value` (in place; returns nothing in Python, `x` here). */
function __setitem__(input: Tensor, key: IndexItem | readonly IndexItem[], value: TensorLike): Tensor { return setitem(input, keyItems(key), value); }

/** An entry of index_put's `indices`: a tensor (indices or a mask) or a list of indices. */
function asItem(i: Indices): IndexItem {
  return i instanceof Tensor ? i : typeof i === "number" ? [i] : (i as number[]);
}

/** PyTorch's `x.index_put_(indices, values, accumulate=False)`: `x[indices] = values` (or `+=`), in place (IndexPutBackward0). */
function index_put_(input: Tensor, indices: Indices[], values: TensorLike, accumulate = false): Tensor {
  const r = regionOf(input, indices.map(asItem));
  const v = values instanceof Tensor ? values : wrap(values, input);
  const srcMap = broadcastMap(v, r.shape);
  return inplace(input, "index_put_", () => putFlat(snapshot(input), v, r.map, srcMap, r.shape, accumulate, INDEX_PUT, "index_put_"));
}

/** PyTorch's `torch.index_put(x, indices, values, accumulate=False)`: a copy of `x` with `x[indices] = values` (or `+=`). */
export function index_put(input: Tensor, indices: Indices[], values: TensorLike, accumulate = false): Tensor {
  const r = regionOf(input, indices.map(asItem));
  const v = values instanceof Tensor ? values : wrap(values, input);
  return putFlat(input, v, r.map, broadcastMap(v, r.shape), r.shape, accumulate, INDEX_PUT, "index_put");
}

// ---- splitting --------------------------------------------------------------------------------------------------

/** Pieces of `sizes` along `dim`, each its own node named `def` (PyTorch has one node with several outputs). */
function pieces(x: Tensor, dim: number, sizes: number[], def: typeof SPLIT, op: string): Tensor[] {
  const d = wrapDim(dim, x._shape.length);
  const st = stridesOf(x._shape);
  let at0 = 0;
  return sizes.map((len) => {
    const shape = x._shape.slice();
    shape[d] = len;
    const t = gatherFlat(x, stridedMap(shape, st, at0 * st[d]!), shape, def, op, true);
    at0 += len;
    return t;
  });
}

/**
 * PyTorch makes one node with several outputs; here each piece has its own node, and the edge a consumer holds to it
 * carries the output's index, so `next_functions` reads as PyTorch's (`[SplitBackward0, 1]`).
 */
function numbered(ts: Tensor[]): Tensor[] {
  ts.forEach((t, i) => {
    const g = t.grad_fn;
    if (g !== null) (g as unknown as { _edge: readonly [unknown, number] })._edge = [g, i];
  });
  return ts;
}

/** PyTorch's `torch.chunk(x, chunks, dim=0)`: `chunks` pieces of equal size (the last may be smaller) along `dim`. */
export function chunk(input: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new TorchError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const size = input._shape[wrapDim(dim, input._shape.length)]!;
  const each = Math.ceil(size / chunks);
  const sizes: number[] = [];
  for (let left = size; left > 0; left -= each) sizes.push(Math.min(each, left));
  if (sizes.length === 0) sizes.push(0);
  return numbered(pieces(input, dim, sizes, SPLIT, "chunk"));
}

/** PyTorch's `torch.split(x, split_size_or_sections, dim=0)`: pieces of that size, or of the listed sizes. */
export function split(input: Tensor, split_size_or_sections: number | number[], dim = 0): Tensor[] {
  const size = input._shape[wrapDim(dim, input._shape.length)]!;
  if (Array.isArray(split_size_or_sections)) {
    const total = split_size_or_sections.reduce((a, b) => a + b, 0);
    if (total !== size) throw new TorchError(`split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${dim}), but got split_sizes=[${split_size_or_sections.join(", ")}]`);
    return numbered(pieces(input, dim, split_size_or_sections, SPLIT_SIZES, "split"));
  }
  const each = split_size_or_sections;
  if (!Number.isInteger(each) || each <= 0) throw new TorchError(`split expects split_size be non-negative, but got split_size=${each}`);
  const sizes: number[] = [];
  for (let left = size; left > 0; left -= each) sizes.push(Math.min(each, left));
  if (sizes.length === 0) sizes.push(0);
  return numbered(pieces(input, dim, sizes, SPLIT, "split"));
}

/** PyTorch's `torch.unbind(x, dim=0)`: the slices along `dim`, that dim removed, as a list. */
export function unbind(input: Tensor, dim = 0): Tensor[] {
  const d = wrapDim(dim, input._shape.length);
  const out: Tensor[] = [];
  for (let i = 0; i < input._shape[d]!; i++) {
    const w = selectWindow(input._shape, d, i);
    out.push(gatherFlat(input, stridedMap(w.shape, w.strides, w.offset), w.shape, UNBIND, "unbind", true));
  }
  return numbered(out);
}

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.select(dim, index)`: the slice at `index` along `dim`, that dim removed (Python's `x[:, i]`). */
    select: Method<typeof select>;
    /** PyTorch's `x.narrow(dim, start, length)`: elements start … start+length-1 along `dim`. */
    narrow: Method<typeof narrow>;
    /** PyTorch's `x.index_select(dim, index)`: the entries at `index` along `dim`. */
    index_select: Method<typeof index_select>;
    /** PyTorch's `x.gather(dim, index)`: picks along `dim` (`out[i][j] = x[i][index[i][j]]` for dim 1). */
    gather: Method<typeof gather>;
    /** PyTorch's `x.take(index)`: elements of `x` read as if flattened. */
    take: Method<typeof take>;
    /** PyTorch's `x.masked_select(mask)`: the elements where `mask` is true, as a 1-D tensor. */
    masked_select: Method<typeof masked_select>;
    /** PyTorch's `x.masked_fill(mask, value)`: a copy with `value` where `mask` is true. */
    masked_fill: Method<typeof masked_fill>;
    /** PyTorch's `x.scatter(dim, index, src)`: a copy with `src` written at `index` along `dim`. */
    scatter: Method<typeof scatter>;
    /** PyTorch's `x.scatter_add(dim, index, src)`: a copy with `src` added at `index` along `dim`. */
    scatter_add: Method<typeof scatter_add>;
    /** PyTorch's `x.index_put_(indices, values, accumulate=False)`: `x[indices] = values`, in place. */
    index_put_: Method<typeof index_put_>;
    /** PyTorch's `x.index_put(indices, values, accumulate=False)`: a copy with `x[indices] = values`. */
    index_put: Method<typeof index_put>;
    /** Python's `x[i, …]`: `x.at(0)`, `x.at(":", 1)`, `x.at("1:3")`, `x.at(mask)`, `x.at(torch.tensor([0, 2]))`; `null` is None, `"..."` Ellipsis. */
    at: Method<typeof at>;
    /** Python's `x[key]` with the key as one value: an item or an array of items (a tuple). */
    __getitem__: Method<typeof __getitem__>;
    /** Python's `x[key] = value`, in place: `x.__setitem__([":", 1], 0)` is `x[:, 1] = 0`. */
    __setitem__: Method<typeof __setitem__>;
    /** PyTorch's `x.chunk(chunks, dim=0)`: `chunks` pieces along `dim`. */
    chunk: Method<typeof chunk>;
    /** PyTorch's `x.split(split_size_or_sections, dim=0)`: pieces of that size, or of the listed sizes. */
    split: Method<typeof split>;
    /** PyTorch's `x.unbind(dim=0)`: the slices along `dim`, as a list. */
    unbind: Method<typeof unbind>;
  }
}
installMethods({ select, narrow, index_select, gather, take, masked_select, masked_fill, scatter, scatter_add, index_put_, index_put, __getitem__, __setitem__, chunk, split, unbind });
installVariadic({ at });
