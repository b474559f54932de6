import { allocStorage } from "../dtype.js";
import { record } from "../autograd/record.js";
import { defineGrad } from "../autograd/node.js";
import { wrapDim } from "../errors.js";
import { numelOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { floatOf } from "./scalar.js";
import { installMethods, type Method } from "./method.js";

interface SoftCtx { dim: number }
const SOFTMAX = defineGrad<SoftCtx>({
  name: "SoftmaxBackward0", saves: ["result"], formulas: ["∂out/∂self = result · (grad − Σ grad · result)"],
  backward: (n, g) => {
    const r = n.get(0);
    const gr = g.mul(r);
    return [gr.sub(r.mul(gr.sum(n.ctx.dim, true)))];
  },
});
const LOG_SOFTMAX = defineGrad<SoftCtx>({
  name: "LogSoftmaxBackward0", saves: ["result"], formulas: ["∂out/∂self = grad − exp(result) · Σ grad"],
  backward: (n, g) => [g.sub(n.get(0).exp().mul(g.sum(n.ctx.dim, true)))],
});

/** PyTorch's `torch.softmax(x, dim)`: e^x normalized to sum to 1 along `dim`. */
export function softmax(input: Tensor, dim: number | { dim: number }): Tensor { return softmaxOf(input, dim, false); }
/** PyTorch's `torch.log_softmax(x, dim)`: log(softmax(x)) along `dim`, computed stably. */
export function log_softmax(input: Tensor, dim: number | { dim: number }): Tensor { return softmaxOf(input, dim, true); }

/** Numerically stable softmax / log_softmax along `dim` (max subtracted first, as PyTorch does). */
function softmaxOf(a: Tensor, dimArg: number | { dim: number }, log: boolean): Tensor {
  const nd = a._shape.length;
  const dim = wrapDim(typeof dimArg === "number" ? dimArg : dimArg.dim, nd);
  const size = nd === 0 ? 1 : a._shape[dim]!;
  const inner = nd === 0 ? 1 : numelOf(a._shape.slice(dim + 1));
  const outer = size * inner === 0 ? 0 : a._numel / (size * inner);
  const dt = floatOf(a.dtype);
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
  return record(new Tensor(out, a._shape.slice(), dt), log ? "log_softmax" : "softmax", log ? LOG_SOFTMAX : SOFTMAX, [a], (o) => [o], { dim });
}

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.softmax(dim)`: e^x normalized to sum to 1 along `dim`. */
    softmax: Method<typeof softmax>;
    /** PyTorch's `x.log_softmax(dim)`: log(softmax(x)) along `dim`, computed stably. */
    log_softmax: Method<typeof log_softmax>;
  }
}
installMethods({ softmax, log_softmax });
