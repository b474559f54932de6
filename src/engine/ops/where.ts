import { resultType, scalarTypeName } from "../dtype.js";
import { record } from "../autograd/record.js";
import { defineGrad } from "../autograd/node.js";
import { TorchError } from "../errors.js";
import { broadcastShapes } from "../shape.js";
import { Tensor, type TensorLike } from "../tensor.js";
import { Bin, binaryKernel } from "./kernels.js";
import { zeroWhere, type Mask } from "./masked.js";
import { wrap } from "./scalar.js";
import { sumTo } from "../autograd/grad_util.js";

interface WhereCtx { keepX: Mask; keepY: Mask; xShape: readonly number[]; yShape: readonly number[] }
const WHERE = defineGrad<WhereCtx>({
  name: "WhereBackward0", saves: ["condition"], formulas: ["∂out/∂self = 1 where condition", "∂out/∂other = 1 where not condition"],
  backward: (n, g) => [
    n.needs(0) ? sumTo(zeroWhere(g, n.ctx.keepY), n.ctx.xShape) : null,
    n.needs(1) ? sumTo(zeroWhere(g, n.ctx.keepX), n.ctx.yShape) : null,
  ],
});

/** Broadcasts a 0/1 storage to `shape`. */
function spread(data: ArrayLike<number>, from: readonly number[], shape: readonly number[]): Uint8Array {
  const r = binaryKernel(Bin.Add, data as Uint8Array, from, new Uint8Array(shape.reduce((a, b) => a * b, 1)), shape, "bool");
  return r.data as Uint8Array;
}

/** PyTorch's `torch.where(condition, x, y)`: elements of `x` where `condition` is true, else of `y`. */
export function where(condition: Tensor, input: TensorLike, other: TensorLike): Tensor {
  const cond = condition;
  const xArg = input;
  const yArg = other;
  if (cond.dtype !== "bool") throw new TorchError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${scalarTypeName(cond.dtype)}`);
  const like = xArg instanceof Tensor ? xArg : yArg instanceof Tensor ? yArg : null;
  if (like === null) throw new TorchError("where(): expected at least one tensor among self and other", { kind: "TypeError" });
  const x = wrap(xArg, like);
  const y = wrap(yArg, like);
  const shape = broadcastShapes(broadcastShapes(cond._shape, x._shape), y._shape);
  const c = spread(cond.storage, cond._shape, shape);
  const xs = binaryKernel(Bin.Add, x.storage, x._shape, new Float64Array(c.length), shape, "float64").data;
  const ys = binaryKernel(Bin.Add, y.storage, y._shape, new Float64Array(c.length), shape, "float64").data;
  const dt = x._wrapped ? y.dtype : y._wrapped ? x.dtype : resultType(x.dtype, x._shape.length, y.dtype, y._shape.length);
  const out = dt === "float64" ? new Float64Array(c.length) : new Float32Array(c.length);
  const notC = new Uint8Array(c.length);
  for (let i = 0; i < c.length; i++) {
    out[i] = c[i] ? xs[i]! : ys[i]!;
    notC[i] = c[i] ? 0 : 1;
  }
  // zeroWhere zeroes where its mask is 1: x's gradient drops where the condition fails, y's where it holds.
  const ctx: WhereCtx = { keepX: { data: c, shape }, keepY: { data: notC, shape }, xShape: x._shape, yShape: y._shape };
  return record(new Tensor(out, shape, dt), "where", WHERE, [x, y], () => [cond], ctx);
}
