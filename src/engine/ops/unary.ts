import type { DType } from "../dtype.js";
import { record } from "../autograd/record.js";
import type { OpDef } from "../autograd/node.js";
import { TorchError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { mapKernel } from "./kernels.js";
import { zeroWhere } from "./elementwise.js";

function floatOf(d: DType): DType {
  return d === "bool" ? "float32" : d;
}

/** A constant mask of the elements of `t` where `pred` holds (for derivative masks such as relu's). */
function mask(t: Tensor, pred: (x: number) => boolean): { data: Uint8Array; shape: readonly number[] } {
  const s = t.storage;
  const m = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) m[i] = pred(s[i]!) ? 1 : 0;
  return { data: m, shape: t.shape };
}

function unary<X>(a: Tensor, op: string, def: OpDef<X>, f: (x: number) => number, saves: "self" | "result" | "none", ctx: X): Tensor {
  const dt = floatOf(a.dtype);
  const out = new Tensor(mapKernel(a.storage, dt, f), a.shape.slice(), dt);
  const saved = saves === "self" ? () => [a] : saves === "result" ? (o: Tensor) => [o] : null;
  return record(out, op, def, [a], saved, ctx);
}

const EXP: OpDef<null> = {
  name: "ExpBackward0", saves: ["result"], formulas: ["∂out/∂self = exp(self) = result"],
  backward: (n, g) => [g.mul(n.get(0))],
};
const LOG: OpDef<null> = {
  name: "LogBackward0", saves: ["self"], formulas: ["∂out/∂self = 1 / self"],
  backward: (n, g) => [g.div(n.get(0))],
};
const SQRT: OpDef<null> = {
  name: "SqrtBackward0", saves: ["result"], formulas: ["∂out/∂self = 1 / (2 · result)"],
  backward: (n, g) => [g.div(n.get(0).mul(2))],
};
const ABS: OpDef<null> = {
  name: "AbsBackward0", saves: ["self"], formulas: ["∂out/∂self = sign(self)"],
  backward: (n, g) => [g.mul(sign(n.get(0)))],
};
const SIGN: OpDef<null> = {
  name: "SignBackward0", saves: [], formulas: ["∂out/∂self = 0"],
  backward: (_n, g) => [g.mul(0)],
};
const SIN: OpDef<null> = {
  name: "SinBackward0", saves: ["self"], formulas: ["∂out/∂self = cos(self)"],
  backward: (n, g) => [g.mul(n.get(0).cos())],
};
const COS: OpDef<null> = {
  name: "CosBackward0", saves: ["self"], formulas: ["∂out/∂self = -sin(self)"],
  backward: (n, g) => [g.mul(n.get(0).sin().neg())],
};
const TANH: OpDef<null> = {
  name: "TanhBackward0", saves: ["result"], formulas: ["∂out/∂self = 1 − result²"],
  backward: (n, g) => {
    const r = n.get(0);
    return [g.mul(r.mul(r).neg().add(1))];
  },
};
const SIGMOID: OpDef<null> = {
  name: "SigmoidBackward0", saves: ["result"], formulas: ["∂out/∂self = result · (1 − result)"],
  backward: (n, g) => {
    const r = n.get(0);
    return [g.mul(r.mul(r.neg().add(1)))];
  },
};
const RELU: OpDef<null> = {
  name: "ReluBackward0", saves: ["result"], formulas: ["∂out/∂self = 1 if self > 0 else 0"],
  backward: (n, g) => [zeroWhere(g, mask(n.get(0), (x) => !(x > 0)))],
};
interface ClampCtx { min: number | null; max: number | null }
const CLAMP: OpDef<ClampCtx> = {
  name: "ClampBackward1", saves: ["self"], formulas: ["∂out/∂self = 1 if min ≤ self ≤ max else 0"],
  backward: (n, g) => {
    const lo = n.ctx.min ?? -Infinity;
    const hi = n.ctx.max ?? Infinity;
    return [zeroWhere(g, mask(n.get(0), (x) => !(x >= lo && x <= hi)))];
  },
};

/** e^x. */
export function exp(a: Tensor): Tensor { return unary(a, "exp", EXP, Math.exp, "result", null); }
/** Natural logarithm. */
export function log(a: Tensor): Tensor { return unary(a, "log", LOG, Math.log, "self", null); }
/** Square root. */
export function sqrt(a: Tensor): Tensor { return unary(a, "sqrt", SQRT, Math.sqrt, "result", null); }
/** |x|. */
export function abs(a: Tensor): Tensor { return unary(a, "abs", ABS, Math.abs, "self", null); }
/** sign(x) (0 at 0, NaN stays NaN). */
export function sign(a: Tensor): Tensor {
  return unary(a, "sign", SIGN, (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN), "none", null);
}
/** sin(x). */
export function sin(a: Tensor): Tensor { return unary(a, "sin", SIN, Math.sin, "self", null); }
/** cos(x). */
export function cos(a: Tensor): Tensor { return unary(a, "cos", COS, Math.cos, "self", null); }
/** tanh(x). */
export function tanh(a: Tensor): Tensor { return unary(a, "tanh", TANH, Math.tanh, "result", null); }
/** Logistic sigmoid 1 / (1 + e^-x). */
export function sigmoid(a: Tensor): Tensor {
  return unary(a, "sigmoid", SIGMOID, (x) => 1 / (1 + Math.exp(-x)), "result", null);
}
/** max(x, 0); NaN stays NaN as in PyTorch. */
export function relu(a: Tensor): Tensor {
  return unary(a, "relu", RELU, (x) => (x > 0 ? x : x === x ? 0 : x), "result", null);
}

/** `clamp(min?, max?)`, also `clamp({min, max})`. NaN passes through, as in PyTorch. */
export function clamp(a: Tensor, min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor {
  let lo: number | null = null;
  let hi: number | null = null;
  if (min !== null && typeof min === "object") {
    lo = min.min ?? null;
    hi = min.max ?? null;
  } else {
    lo = min ?? null;
    hi = max ?? null;
  }
  if (lo === null && hi === null) throw new TorchError("torch.clamp: At least one of 'min' or 'max' must not be None");
  const l = lo ?? -Infinity;
  const h = hi ?? Infinity;
  // PyTorch: min(max(x, lo), hi), so hi wins when lo > hi.
  const f = (x: number): number => (x !== x ? x : Math.min(Math.max(x, l), h));
  return unary(a, "clamp", CLAMP, f, "self", { min: lo, max: hi });
}
