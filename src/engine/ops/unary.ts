import { record } from "../autograd/record.js";
import { defineGrad, type OpDef } from "../autograd/node.js";
import { TorchError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { mapKernel } from "./kernels.js";
import { zeroWhere, type Mask } from "./masked.js";
import { floatOf } from "./scalar.js";
import { installMethods, type Method } from "./method.js";

/** A constant mask of the elements of `t` where `pred` holds (for derivative masks such as relu's). */
function mask(t: Tensor, pred: (x: number) => boolean): Mask {
  const s = t.storage;
  const m = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) m[i] = pred(s[i]!) ? 1 : 0;
  return { data: m, shape: t._shape };
}

/**
 * `keepInt`: the op maps integers to integers (abs, sign, relu, clamp with integral bounds), so an int64 input
 * stays int64 as in PyTorch; every other unary op computes in the default float dtype.
 */
function unary<X>(a: Tensor, op: string, def: OpDef<X>, f: (x: number) => number, saves: "self" | "result" | "none", ctx: X, keepInt = false): Tensor {
  // `torch.exp(2)` in a snippet: PyTorch's TypeError, not a JavaScript one about `storage`.
  if (!(a instanceof Tensor)) throw new TorchError(`${op}(): argument 'input' (position 1) must be Tensor, not ${typeof a}`, { kind: "TypeError" });
  const dt = keepInt && a.dtype === "int64" ? "int64" : floatOf(a.dtype);
  const out = new Tensor(mapKernel(a.storage, dt, f), a._shape.slice(), dt);
  const saved = saves === "self" ? () => [a] : saves === "result" ? (o: Tensor) => [o] : null;
  return record(out, op, def, [a], saved, ctx);
}

const EXP = defineGrad<null>({
  name: "ExpBackward0", saves: ["result"], formulas: ["∂out/∂self = exp(self) = result"],
  backward: (n, g) => [g.mul(n.get(0))],
});
const LOG = defineGrad<null>({
  name: "LogBackward0", saves: ["self"], formulas: ["∂out/∂self = 1 / self"],
  backward: (n, g) => [g.div(n.get(0))],
});
const SQRT = defineGrad<null>({
  name: "SqrtBackward0", saves: ["result"], formulas: ["∂out/∂self = 1 / (2 · result)"],
  backward: (n, g) => [g.div(n.get(0).mul(2))],
});
const ABS = defineGrad<null>({
  name: "AbsBackward0", saves: ["self"], formulas: ["∂out/∂self = sign(self)"],
  backward: (n, g) => [g.mul(sign(n.get(0)))],
});
const SIGN = defineGrad<null>({
  name: "SignBackward0", saves: [], formulas: ["∂out/∂self = 0"],
  backward: (_n, g) => [g.mul(0)],
});
const SIN = defineGrad<null>({
  name: "SinBackward0", saves: ["self"], formulas: ["∂out/∂self = cos(self)"],
  backward: (n, g) => [g.mul(n.get(0).cos())],
});
const COS = defineGrad<null>({
  name: "CosBackward0", saves: ["self"], formulas: ["∂out/∂self = -sin(self)"],
  backward: (n, g) => [g.mul(n.get(0).sin().neg())],
});
const TANH = defineGrad<null>({
  name: "TanhBackward0", saves: ["result"], formulas: ["∂out/∂self = 1 − result²"],
  backward: (n, g) => {
    const r = n.get(0);
    return [g.mul(r.mul(r).neg().add(1))];
  },
});
const SIGMOID = defineGrad<null>({
  name: "SigmoidBackward0", saves: ["result"], formulas: ["∂out/∂self = result · (1 − result)"],
  backward: (n, g) => {
    const r = n.get(0);
    return [g.mul(r.mul(r.neg().add(1)))];
  },
});
const RELU = defineGrad<null>({
  name: "ReluBackward0", saves: ["result"], formulas: ["∂out/∂self = 1 if self > 0 else 0"],
  backward: (n, g) => [zeroWhere(g, mask(n.get(0), (x) => !(x > 0)))],
});
interface ClampCtx { min: number | null; max: number | null }
const CLAMP = defineGrad<ClampCtx>({
  name: "ClampBackward1", saves: ["self"], formulas: ["∂out/∂self = 1 if min ≤ self ≤ max else 0"],
  backward: (n, g) => {
    const lo = n.ctx.min ?? -Infinity;
    const hi = n.ctx.max ?? Infinity;
    return [zeroWhere(g, mask(n.get(0), (x) => !(x >= lo && x <= hi)))];
  },
});

/** PyTorch's `torch.exp(x)`: e^x element-wise. */
export function exp(input: Tensor): Tensor { return unary(input, "exp", EXP, Math.exp, "result", null); }
/** PyTorch's `torch.log(x)`: the natural logarithm element-wise. */
export function log(input: Tensor): Tensor { return unary(input, "log", LOG, Math.log, "self", null); }
/** PyTorch's `torch.sqrt(x)`: the square root element-wise. */
export function sqrt(input: Tensor): Tensor { return unary(input, "sqrt", SQRT, Math.sqrt, "result", null); }
/** PyTorch's `torch.abs(x)`: |x| element-wise. */
export function abs(input: Tensor): Tensor { return unary(input, "abs", ABS, Math.abs, "self", null, true); }
/** PyTorch's `torch.sign(x)`: -1, 0 or 1 element-wise (its gradient is zero). */
export function sign(input: Tensor): Tensor {
  return unary(input, "sign", SIGN, (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN), "none", null, true);
}
/** PyTorch's `torch.sin(x)`: the sine element-wise. */
export function sin(input: Tensor): Tensor { return unary(input, "sin", SIN, Math.sin, "self", null); }
/** PyTorch's `torch.cos(x)`: the cosine element-wise. */
export function cos(input: Tensor): Tensor { return unary(input, "cos", COS, Math.cos, "self", null); }
/** PyTorch's `torch.tanh(x)`: the hyperbolic tangent element-wise. */
export function tanh(input: Tensor): Tensor { return unary(input, "tanh", TANH, Math.tanh, "result", null); }
/** PyTorch's `torch.sigmoid(x)`: 1 / (1 + e^-x) element-wise. */
export function sigmoid(input: Tensor): Tensor {
  return unary(input, "sigmoid", SIGMOID, (x) => 1 / (1 + Math.exp(-x)), "result", null);
}
/** PyTorch's `torch.relu(x)`: max(x, 0) element-wise. */
export function relu(input: Tensor): Tensor {
  return unary(input, "relu", RELU, (x) => (x > 0 ? x : x === x ? 0 : x), "result", null, true);
}

/** PyTorch's `torch.clamp(x, min, max)`: each element limited to [min, max]. */
export function clamp(input: Tensor, min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor {
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
  return unary(input, "clamp", CLAMP, f, "self", { min: lo, max: hi }, (lo === null || Number.isInteger(lo)) && (hi === null || Number.isInteger(hi)));
}

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.exp()`: e^x element-wise. */
    exp: Method<typeof exp>;
    /** PyTorch's `x.log()`: the natural logarithm element-wise. */
    log: Method<typeof log>;
    /** PyTorch's `x.sqrt()`: the square root element-wise. */
    sqrt: Method<typeof sqrt>;
    /** PyTorch's `x.abs()`: |x| element-wise. */
    abs: Method<typeof abs>;
    /** PyTorch's `x.sign()`: -1, 0 or 1 element-wise (its gradient is zero). */
    sign: Method<typeof sign>;
    /** PyTorch's `x.sin()`: the sine element-wise. */
    sin: Method<typeof sin>;
    /** PyTorch's `x.cos()`: the cosine element-wise. */
    cos: Method<typeof cos>;
    /** PyTorch's `x.tanh()`: the hyperbolic tangent element-wise. */
    tanh: Method<typeof tanh>;
    /** PyTorch's `x.sigmoid()`: 1 / (1 + e^-x) element-wise. */
    sigmoid: Method<typeof sigmoid>;
    /** PyTorch's `x.relu()`: max(x, 0) element-wise. */
    relu: Method<typeof relu>;
    /** PyTorch's `x.clamp(min=None, max=None)`: each element limited to [min, max]. */
    clamp: Method<typeof clamp>;
  }
}
installMethods({ exp, log, sqrt, abs, sign, sin, cos, tanh, sigmoid, relu, clamp });
