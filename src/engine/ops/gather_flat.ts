import { allocStorage } from "../dtype.js";
import { record } from "../autograd/record.js";
import { defineGrad, type OpDef } from "../autograd/node.js";
import { numelOf, stridesOf } from "../shape.js";
import { forEachPosition } from "../strided.js";
import { Tensor } from "../tensor.js";
import { zeroWhere } from "./masked.js";
import { layoutOf, markView, stridedView } from "./view_internal.js";

// The two linear primitives every indexing op is made of (see index_map.ts): a gather `out[i] = x[map[i]]` and a
// put `out = self; out[map[i]] = src[i]` (or `+=`). Each op records its own PyTorch node name; the backward of a
// gather is a scatter-add into zeros and the reverse, so create_graph works through indexing too.

export interface GatherCtx { map: Int32Array; inShape: readonly number[]; outShape: readonly number[] }

/** Adjoint of a gather: zeros of `inShape` with `g[i]` added at `map[i]` (double-backward node). */
const SCATTER_BACK = defineGrad<GatherCtx>({
  name: "IndexingBackwardBackward0", saves: [], formulas: ["∂out/∂grad = the gathered positions of the incoming gradient"],
  backward: (n, gg) => [gatherFlat(gg, n.ctx.map, n.ctx.outShape, GATHER_BACK, "gather", false)],
});
const GATHER_BACK = defineGrad<GatherCtx>({
  name: "IndexingBackward0", saves: [], formulas: ["∂out/∂self = 1 at each gathered position (summed where repeated)"],
  backward: (n, g) => [scatterAddFlat(g, n.ctx.map, n.ctx.inShape)],
});

/** Declares a gather-like op's node: PyTorch's name, its formula; the backward scatters the gradient back. */
export function gatherDef(name: string, formula: string): OpDef<GatherCtx> {
  return defineGrad<GatherCtx>({ name, saves: [], formulas: [`∂out/∂self = ${formula}`], backward: (n, g) => [scatterAddFlat(g, n.ctx.map, n.ctx.inShape)] });
}

/**
 * `out[i] = x[map[i]]` with shape `outShape`, recorded as `def`. With `view` allowed and the map one contiguous run,
 * the result shares x's storage and version counter (PyTorch's select/slice are views; our strided ones copy).
 */
export function gatherFlat(x: Tensor, map: Int32Array, outShape: readonly number[], def: OpDef<GatherCtx>, op: string, view: boolean): Tensor {
  let out: Tensor;
  const layout = view ? affineLayout(x, map, outShape) : null;
  if (layout !== null) {
    out = stridedView(x, outShape, layout.strides, layout.offset);
  } else {
    const s = x.storage;
    const o = allocStorage(x.dtype, map.length);
    for (let i = 0; i < map.length; i++) o[i] = s[map[i]!]!;
    out = new Tensor(o, outShape, x.dtype);
    if (view) markView(out, x);
  }
  return record(out, op, def, [x], null, { map, inShape: x._shape, outShape });
}


/** Zeros of `inShape` with `g[i]` added at `map[i]` (a gather's backward). */
export function scatterAddFlat(g: Tensor, map: Int32Array, inShape: readonly number[]): Tensor {
  const o = allocStorage(g.dtype, numelOf(inShape));
  const s = g.storage;
  for (let i = 0; i < map.length; i++) o[map[i]!]! += s[i]!;
  return record(new Tensor(o, inShape, g.dtype), "scatter_add", SCATTER_BACK, [g], null, { map, inShape, outShape: g._shape });
}

export interface PutCtx { map: Int32Array; srcMap: Int32Array; regionShape: readonly number[]; srcShape: readonly number[]; accumulate: boolean; written: { data: Uint8Array; shape: readonly number[] } }

/** Declares a put-like op's node (scatter, scatter_add, index_put, setitem's CopySlices). */
export function putDef(name: string, formulas: [string, string]): OpDef<PutCtx> {
  return defineGrad<PutCtx>({
    name, saves: [], formulas,
    backward: (n, g) => {
      const c = n.ctx;
      const gs = n.needs(0) ? (c.accumulate ? g : zeroWhere(g, c.written)) : null;
      let gv: Tensor | null = null;
      if (n.needs(1)) {
        const region = gatherFlat(g, c.map, c.regionShape, GATHER_BACK, "index", false);
        gv = scatterAddFlat(region, c.srcMap, c.srcShape);
      }
      return [gs, gv];
    },
  });
}

/**
 * Out of place: a copy of `self` where each region position `map[i]` gets `src[srcMap[i]]` (a broadcast source has
 * a repeating srcMap) — set, or added with `accumulate`. Recorded as `def` on [self, src].
 */
export function putFlat(self: Tensor, src: Tensor, map: Int32Array, srcMap: Int32Array, regionShape: readonly number[], accumulate: boolean, def: OpDef<PutCtx>, op: string): Tensor {
  const o = self.storage.slice();
  const srcData = src.storage;
  const written = new Uint8Array(o.length);
  for (let i = 0; i < map.length; i++) {
    const p = map[i]!;
    const v = srcData[srcMap[i]!]!;
    o[p] = accumulate ? o[p]! + v : v;
    written[p] = 1;
  }
  return record(new Tensor(o, self._shape, self.dtype), op, def, [self, src], null, {
    map, srcMap, regionShape, srcShape: src._shape, accumulate, written: { data: written, shape: self._shape },
  });
}

/**
 * The strided layout (in `x`'s buffer) of the elements `map` picks, when it is one: select, narrow, slices with
 * steps and split pieces always are, so they become views as in PyTorch; a repeated or reordered pick is not.
 */
function affineLayout(x: Tensor, map: Int32Array, outShape: readonly number[]): { offset: number; strides: number[] } | null {
  if (map.length === 0) return null;
  const L = layoutOf(x);
  // Buffer position of each picked element (x's own row-major index when contiguous).
  let pos: ArrayLike<number> = map;
  if (x._strides !== null) {
    const p = new Int32Array(map.length);
    const xs = stridesOf(x._shape);
    for (let i = 0; i < map.length; i++) {
      let rest = map[i]!;
      let q = L.offset;
      for (let d = 0; d < xs.length; d++) {
        const k = Math.floor(rest / xs[d]!);
        rest -= k * xs[d]!;
        q += k * L.strides[d]!;
      }
      p[i] = q;
    }
    pos = p;
  }
  const offset = pos[0]!;
  const nd = outShape.length;
  const strides = new Array<number>(nd).fill(0);
  const rowMajor = stridesOf(outShape);
  for (let d = 0; d < nd; d++) if (outShape[d]! > 1) strides[d] = pos[rowMajor[d]!]! - offset;
  // A size-1 dim's stride is never used; PyTorch's views give it the extent of the dims after it.
  for (let d = nd - 1; d >= 0; d--) if (outShape[d] === 1) strides[d] = d === nd - 1 ? 1 : strides[d + 1]! * outShape[d + 1]!;
  let ok = true;
  forEachPosition(offset, outShape, strides, (q, i) => { if (pos[i] !== q) ok = false; });
  return ok ? { offset, strides } : null;
}
