/**
 * `torch.nn.functional`: the losses and activations the PyTorch tutorials use, with PyTorch's signatures, values
 * and grad_fn names (MseLossBackward0, NllLossBackward0 after LogSoftmaxBackward0 for cross_entropy,
 * BinaryCrossEntropyWithLogitsBackward0, AddmmBackward0 for linear).
 */
import { allocStorage } from "../dtype.js";
import { record } from "../autograd/record.js";
import { defineGrad } from "../autograd/node.js";
import { unbroadcast } from "../autograd/grad_util.js";
import { TorchError } from "../errors.js";
import { broadcastShapes, broadcastStrides, sameShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { floatOf } from "../ops/scalar.js";
import { scatterAddFlat } from "../ops/gather_flat.js";
import { stridedMap, indexArg, type Indices } from "../ops/index_map.js";
import { log_softmax as logSoftmax } from "../ops/activation.js";
import { addmm } from "../ops/linalg.js";

export { relu, sigmoid, tanh } from "../ops/unary.js";
export { softmax, log_softmax } from "../ops/activation.js";

/** How a loss reduces over the batch, as PyTorch's `reduction=`. */
export type Reduction = "mean" | "sum" | "none";
/** The trailing options of a loss: `{ reduction: "sum" }`. */
export interface LossOptions { reduction?: Reduction }

function reductionOf(opts: LossOptions | undefined): Reduction {
  const r = opts?.reduction ?? "mean";
  if (r !== "mean" && r !== "sum" && r !== "none") throw new TorchError(`${String(r)} is not a valid value for reduction`, { kind: "ValueError" });
  return r;
}

/** Reduces per-element losses `v` (of `shape`) as `reduction` says, into a new tensor of `dtype`. */
function reduced(v: Float64Array, shape: readonly number[], reduction: Reduction, like: Tensor): Tensor {
  const dt = floatOf(like.dtype);
  if (reduction === "none") {
    const o = allocStorage(dt, v.length);
    o.set(v);
    return new Tensor(o, shape, dt);
  }
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  const o = allocStorage(dt, 1);
  o[0] = reduction === "mean" ? s / v.length : s;
  return new Tensor(o, [], dt);
}

/** The upstream gradient per element: g itself for "none", g / N (or g) spread over `shape` otherwise. */
function perElement(g: Tensor, shape: readonly number[], reduction: Reduction, n: number): Tensor {
  if (reduction === "none") return g;
  return (reduction === "mean" ? g.div(n) : g).expand(shape.slice());
}

interface LossCtx { reduction: Reduction; shape: readonly number[]; n: number; inShape: readonly number[]; tShape: readonly number[] }

const MSE = defineGrad<LossCtx>({
  name: "MseLossBackward0", saves: ["self", "target"],
  formulas: ["∂out/∂self = 2 · (self − target) / N", "∂out/∂target = −2 · (self − target) / N"],
  backward: (n, g) => {
    const d = n.get(0).sub(n.get(1)).mul(perElement(g, n.ctx.shape, n.ctx.reduction, n.ctx.n)).mul(2);
    return [n.needs(0) ? unbroadcast(d, n.ctx.inShape) : null, n.needs(1) ? unbroadcast(d.neg(), n.ctx.tShape) : null];
  },
});

/** Both operands read over their broadcast shape (PyTorch warns when the shapes differ; the value is the same). */
function pairs(input: Tensor, target: Tensor): { shape: number[]; a: Int32Array; b: Int32Array } {
  const shape = broadcastShapes(input._shape, target._shape);
  return { shape, a: stridedMap(shape, broadcastStrides(input._shape, shape), 0), b: stridedMap(shape, broadcastStrides(target._shape, shape), 0) };
}

/** PyTorch's `F.mse_loss(input, target, reduction='mean')`: the mean of (input − target)². */
export function mse_loss(input: Tensor, target: Tensor, opts?: LossOptions): Tensor {
  const reduction = reductionOf(opts);
  const p = pairs(input, target);
  const v = new Float64Array(p.a.length);
  const xs = input.storage;
  const ts = target.storage;
  for (let i = 0; i < v.length; i++) {
    const d = xs[p.a[i]!]! - ts[p.b[i]!]!;
    v[i] = d * d;
  }
  const out = reduced(v, p.shape, reduction, input);
  return record(out, "mse_loss", MSE, [input, target], () => [input, target], { reduction, shape: p.shape, n: v.length, inShape: input._shape, tShape: target._shape });
}

interface NllCtx { reduction: Reduction; pos: Int32Array; inShape: readonly number[]; count: number }
const NLL = defineGrad<NllCtx>({
  name: "NllLossBackward0", saves: ["self", "target"], formulas: ["∂out/∂self = −1 / N at each sample's target class, 0 elsewhere"],
  backward: (n, g) => {
    const { reduction, pos, inShape, count } = n.ctx;
    const per = reduction === "none" ? g.neg() : (reduction === "mean" ? g.div(-count) : g.neg()).expand(pos.length);
    return [scatterAddFlat(per, pos, inShape)];
  },
});

/** PyTorch's `F.nll_loss(input, target, reduction='mean')`: −input[i, target[i]] averaged; input holds log-probabilities. */
export function nll_loss(input: Tensor, target: Indices, opts?: LossOptions): Tensor {
  const reduction = reductionOf(opts);
  const t = indexArg(target, "nll_loss");
  const nd = input._shape.length;
  if (nd !== 1 && nd !== 2) throw new TorchError(`Expected 1 or 2 dimensions for input (got ${nd})`, { kind: "ValueError" });
  const batch = nd === 2 ? input._shape[0]! : 1;
  const classes = input._shape[nd - 1]!;
  if (t.values.length !== batch || (nd === 2 && t.shape.length !== 1) || (nd === 1 && t.shape.length !== 0)) {
    throw new TorchError(`Expected input batch_size (${batch}) to match target batch_size (${t.values.length}).`, { kind: "ValueError" });
  }
  const pos = new Int32Array(batch);
  const v = new Float64Array(batch);
  const xs = input.storage;
  for (let i = 0; i < batch; i++) {
    const c = t.values[i]!;
    if (c < 0 || c >= classes) throw new TorchError(`Target ${c} is out of bounds.`, { kind: "IndexError" });
    pos[i] = i * classes + c;
    v[i] = -xs[pos[i]!]!;
  }
  const out = reduced(v, nd === 2 ? [batch] : [], reduction, input);
  return record(out, "nll_loss", NLL, [input], null, { reduction, pos, inShape: input._shape, count: batch });
}

/** PyTorch's `F.cross_entropy(input, target, reduction='mean')`: nll_loss(log_softmax(input, 1), target) for class indices. */
export function cross_entropy(input: Tensor, target: Indices, opts?: LossOptions): Tensor {
  if (target instanceof Tensor && target.dtype !== "bool" && sameShape(target._shape, input._shape) && input._shape.length > 1) {
    throw new TorchError("cross_entropy with class probabilities as the target is not supported by Autograd Lens yet: pass class indices", { kind: "NotImplementedError" });
  }
  return nll_loss(logSoftmax(input, input._shape.length === 1 ? 0 : 1), target, opts);
}

const BCE_LOGITS = defineGrad<LossCtx>({
  name: "BinaryCrossEntropyWithLogitsBackward0", saves: ["self", "target"],
  formulas: ["∂out/∂self = (sigmoid(self) − target) / N", "∂out/∂target = −self / N"],
  backward: (n, g) => {
    const per = perElement(g, n.ctx.shape, n.ctx.reduction, n.ctx.n);
    const x = n.get(0);
    return [
      n.needs(0) ? unbroadcast(x.sigmoid().sub(n.get(1)).mul(per), n.ctx.inShape) : null,
      n.needs(1) ? unbroadcast(x.neg().mul(per), n.ctx.tShape) : null,
    ];
  },
});

/** PyTorch's `F.binary_cross_entropy_with_logits(input, target, reduction='mean')`: BCE of sigmoid(input), computed stably. */
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, opts?: LossOptions): Tensor {
  const reduction = reductionOf(opts);
  if (!sameShape(input._shape, target._shape)) {
    throw new TorchError(`Target size (torch.Size([${target._shape.join(", ")}])) must be the same as input size (torch.Size([${input._shape.join(", ")}]))`, { kind: "ValueError" });
  }
  const v = new Float64Array(input._numel);
  const xs = input.storage;
  const ts = target.storage;
  for (let i = 0; i < v.length; i++) {
    const x = xs[i]!;
    const t = ts[i]!;
    v[i] = Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
  }
  const out = reduced(v, input._shape, reduction, input);
  return record(out, "binary_cross_entropy_with_logits", BCE_LOGITS, [input, target], () => [input, target], { reduction, shape: input._shape, n: v.length, inShape: input._shape, tShape: target._shape });
}

/** PyTorch's `F.linear(input, weight, bias=None)`: input @ weightᵀ + bias (AddmmBackward0 for a batch with a bias). */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const wt = weight.t();
  if (input._shape.length === 2 && bias !== undefined && bias !== null) return addmm(bias, input, wt);
  const y = input.matmul(wt);
  return bias === undefined || bias === null ? y : y.add(bias);
}
