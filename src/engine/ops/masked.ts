import { record } from "../autograd/record.js";
import { defineGrad } from "../autograd/node.js";
import { Tensor } from "../tensor.js";
import { Bin, binaryKernel } from "./kernels.js";

/** A constant 0/1 mask with its shape (derivative masks: relu's, clamp's, where's; never part of the graph). */
export interface Mask { data: Uint8Array; shape: readonly number[] }

interface MaskCtx { mask: Mask }
const ZERO_WHERE = defineGrad<MaskCtx>({
  name: "MaskedFillBackward0",
  saves: [],
  formulas: ["∂out/∂self = 1 where kept, 0 where masked"],
  backward: (n, g) => [zeroWhere(g, n.ctx.mask)],
});

/** `x.masked_fill(mask, 0)` for a constant mask (used by backward formulas that define 0·∞ as 0). */
export function zeroWhere(x: Tensor, mask: Mask): Tensor {
  const inv = new Float64Array(mask.data.length);
  for (let i = 0; i < inv.length; i++) inv[i] = mask.data[i] ? 0 : 1;
  const r = binaryKernel(Bin.MaskGt0, x.storage, x._shape, inv, mask.shape, x.dtype);
  return record(new Tensor(r.data, r.shape, x.dtype), "masked_fill", ZERO_WHERE, [x], null, { mask });
}

/** `x` with `value` where `mask` (already of x's shape) is 1 (MaskedFillBackward0: the gradient is zeroed there). */
export function fillWhere(x: Tensor, mask: Mask, value: number): Tensor {
  const s = x.storage;
  const o = s.slice();
  for (let i = 0; i < o.length; i++) if (mask.data[i]) o[i] = value;
  return record(new Tensor(o, x._shape, x.dtype), "masked_fill", ZERO_WHERE, [x], null, { mask });
}
