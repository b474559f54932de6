import { allocStorage } from "../dtype.js";
import { record } from "../autograd/record.js";
import type { OpDef } from "../autograd/node.js";
import { wrapDim } from "../errors.js";
import { numelOf } from "../shape.js";
import { Tensor } from "../tensor.js";

interface SoftCtx { dim: number }
const SOFTMAX: OpDef<SoftCtx> = {
  name: "SoftmaxBackward0", saves: ["result"], formulas: ["∂out/∂self = result · (grad − Σ grad · result)"],
  backward: (n, g) => {
    const r = n.get(0);
    const gr = g.mul(r);
    return [gr.sub(r.mul(gr.sum(n.ctx.dim, true)))];
  },
};
const LOG_SOFTMAX: OpDef<SoftCtx> = {
  name: "LogSoftmaxBackward0", saves: ["result"], formulas: ["∂out/∂self = grad − exp(result) · Σ grad"],
  backward: (n, g) => [g.sub(n.get(0).exp().mul(g.sum(n.ctx.dim, true)))],
};

/** Numerically stable softmax / log_softmax along `dim` (max subtracted first, as PyTorch does). */
export function softmax(a: Tensor, dimArg: number | { dim: number }, log: boolean): Tensor {
  const nd = a.shape.length;
  const dim = wrapDim(typeof dimArg === "number" ? dimArg : dimArg.dim, nd);
  const size = nd === 0 ? 1 : a.shape[dim]!;
  const inner = nd === 0 ? 1 : numelOf(a.shape.slice(dim + 1));
  const outer = size * inner === 0 ? 0 : a.storage.length / (size * inner);
  const dt = a.dtype === "bool" ? "float32" : a.dtype;
  const s = a.storage;
  const out = allocStorage(dt, s.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let m = -Infinity;
      for (let k = 0; k < size; k++) {
        const v = s[base + k * inner]!;
        if (v > m || v !== v) m = v;
      }
      if (m === -Infinity) m = 0;
      let z = 0;
      for (let k = 0; k < size; k++) z += Math.exp(s[base + k * inner]! - m);
      if (log) {
        const lz = Math.log(z);
        for (let k = 0; k < size; k++) out[base + k * inner] = s[base + k * inner]! - m - lz;
      } else {
        for (let k = 0; k < size; k++) out[base + k * inner] = Math.exp(s[base + k * inner]! - m) / z;
      }
    }
  }
  return record(new Tensor(out, a.shape.slice(), dt), log ? "log_softmax" : "softmax", log ? LOG_SOFTMAX : SOFTMAX, [a], (o) => [o], { dim });
}
