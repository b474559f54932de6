import { reportCreated } from "../autograd/record.js";
import { TorchError } from "../errors.js";
import { sameShape } from "../shape.js";
import { state } from "../state.js";
import { Tensor, type TensorLike } from "../tensor.js";
import { Bin, binaryKernel } from "./kernels.js";

const CODES = { eq: Bin.Eq, ne: Bin.Ne, gt: Bin.Gt, lt: Bin.Lt, ge: Bin.Ge, le: Bin.Le } as const;

/** Elementwise comparison with broadcasting, giving a bool tensor (no grad_fn, as in PyTorch). */
export function compare(a: TensorLike, b: TensorLike, op: keyof typeof CODES): Tensor {
  const at = a instanceof Tensor ? a : null;
  const bt = b instanceof Tensor ? b : null;
  if (at === null && bt === null) throw new TorchError(`${op}() expects at least one tensor argument`, { kind: "TypeError" });
  const as = at !== null ? at.storage : new Float64Array([a as number]);
  const ash = at !== null ? at.shape : [];
  const bs = bt !== null ? bt.storage : new Float64Array([b as number]);
  const bsh = bt !== null ? bt.shape : [];
  const r = binaryKernel(CODES[op], as, ash, bs, bsh, "bool");
  const out = new Tensor(r.data, r.shape, "bool");
  if (state.observer !== null) {
    const inputs: Tensor[] = [];
    if (at !== null) inputs.push(at);
    if (bt !== null) inputs.push(bt);
    reportCreated(out, op, inputs, null);
  }
  return out;
}

/** `torch.equal`: same shape and same values. */
export function equal(a: Tensor, b: Tensor): boolean {
  if (!sameShape(a.shape, b.shape)) return false;
  for (let i = 0; i < a.storage.length; i++) if (a.storage[i] !== b.storage[i]) return false;
  return true;
}

/** `torch.allclose(a, b, rtol=1e-5, atol=1e-8)` with broadcasting. */
export function allclose(a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): boolean {
  const rtol = opts?.rtol ?? 1e-5;
  const atol = opts?.atol ?? 1e-8;
  const diff = binaryKernel(Bin.Sub, a.storage, a.shape, b.storage, b.shape, "float64");
  const bb = binaryKernel(Bin.Add, new Float64Array(diff.data.length), diff.shape, b.storage, b.shape, "float64").data;
  for (let i = 0; i < diff.data.length; i++) {
    const d = diff.data[i]!;
    const y = bb[i]!;
    if (d !== d) {
      if (opts?.equal_nan && y !== y) continue;
      if (y === Infinity || y === -Infinity) { if (d !== d && (a.storage.length > 0)) return false; }
      return false;
    }
    if (Math.abs(d) > atol + rtol * Math.abs(y)) return false;
  }
  return true;
}
