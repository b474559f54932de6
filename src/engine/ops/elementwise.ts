import { resultType, type DType } from "../dtype.js";
import { record } from "../autograd/record.js";
import { defineGrad, type OpDef } from "../autograd/node.js";
import { Tensor, type TensorLike } from "../tensor.js";
import { Bin, binaryKernel, mapKernel } from "./kernels.js";
import { unbroadcast as un } from "../autograd/grad_util.js";
import { zeroWhere, type Mask } from "./masked.js";
import { floatOf, scalarResult, wrap } from "./scalar.js";
import { TorchError } from "../errors.js";
import { state } from "../state.js";
import { sameShape } from "../shape.js";
import { installMethods, type Method } from "./method.js";
import { roundingDtype, roundingKernel, type RoundingMode } from "./rounding_kernels.js";

/** Shapes of the two inputs, kept so broadcasting can be undone in backward. */
interface BinCtx { aShape: readonly number[]; bShape: readonly number[]; alpha: number }

function binary<X extends BinCtx>(
  code: Bin, a: Tensor, b: Tensor, op: string, def: OpDef<X>, saved: ((out: Tensor) => Array<Tensor | null>) | null, alpha = 1,
): Tensor {
  const dt = binaryDtype(a, b, code);
  const r = binaryKernel(code, a.storage, a._shape, b.storage, b._shape, dt, alpha);
  const out = new Tensor(r.data, r.shape, dt);
  return record(out, op, def, [a, b], saved, { aShape: a._shape, bShape: b._shape, alpha } as X);
}

/**
 * The dtype of `a (op) b`: PyTorch's type promotion (a wrapped number carries the dtype `wrap` gave it, so it
 * takes part as a 0-d tensor); true division and powers of a float result never stay integral.
 */
function binaryDtype(a: Tensor, b: Tensor, code: Bin): DType {
  const dt = a._wrapped && !b._wrapped ? wrappedWith(a, b) : b._wrapped && !a._wrapped ? wrappedWith(b, a)
    : resultType(a.dtype, a._shape.length, b.dtype, b._shape.length);
  return code === Bin.Div ? floatOf(dt) : dt;
}

/** A wrapped number `w` with tensor `t`: the number's own dtype only when it is of a higher category. */
function wrappedWith(w: Tensor, t: Tensor): DType {
  if (t.dtype === "bool") return floatOf(w.dtype);
  if (t.dtype === "int64") return w.dtype;
  return t.dtype;
}

const ADD = defineGrad<BinCtx>({
  name: "AddBackward0",
  saves: [],
  formulas: ["∂out/∂self = 1", "∂out/∂other = alpha"],
  backward: (n, g) => [
    n.needs(0) ? un(g, n.ctx.aShape) : null,
    n.needs(1) ? un(n.ctx.alpha === 1 ? g : g.mul(n.ctx.alpha), n.ctx.bShape) : null,
  ],
});
const SUB = defineGrad<BinCtx>({
  name: "SubBackward0",
  saves: [],
  formulas: ["∂out/∂self = 1", "∂out/∂other = -alpha"],
  backward: (n, g) => [
    n.needs(0) ? un(g, n.ctx.aShape) : null,
    n.needs(1) ? un(n.ctx.alpha === 1 ? g.neg() : g.mul(-n.ctx.alpha), n.ctx.bShape) : null,
  ],
});
const RSUB = defineGrad<BinCtx>({
  name: "RsubBackward1",
  saves: [],
  formulas: ["∂out/∂self = -alpha"],
  backward: (n, g) => [n.needs(0) ? un(n.ctx.alpha === 1 ? g.neg() : g.mul(-n.ctx.alpha), n.ctx.aShape) : null],
});
const MUL = defineGrad<BinCtx>({
  name: "MulBackward0",
  saves: ["self", "other"],
  formulas: ["∂out/∂self = other", "∂out/∂other = self"],
  backward: (n, g) => [
    n.needs(0) ? un(g.mul(n.get(1)), n.ctx.aShape) : null,
    n.needs(1) ? un(g.mul(n.get(0)), n.ctx.bShape) : null,
  ],
});
const DIV = defineGrad<BinCtx>({
  name: "DivBackward0",
  saves: ["self", "other"],
  formulas: ["∂out/∂self = 1 / other", "∂out/∂other = -self / other²"],
  backward: (n, g) => {
    const other = n.get(1);
    return [
      n.needs(0) ? un(g.div(other), n.ctx.aShape) : null,
      n.needs(1) ? un(g.neg().mul(n.get(0)).div(other.mul(other)), n.ctx.bShape) : null,
    ];
  },
});
interface Div2Ctx extends BinCtx { mode: RoundingMode | null }
const DIV2 = defineGrad<Div2Ctx>({
  name: "DivBackward2",
  saves: ["self", "other"],
  formulas: ["∂out/∂self = 0 with a rounding_mode (piecewise constant), else 1 / other", "∂out/∂other = 0 with a rounding_mode, else -self / other²"],
  backward: (n, g) => {
    // PyTorch reads both saved tensors whatever the mode (so their version checks apply), then: grad * 0.
    const self = n.get(0);
    const other = n.get(1);
    if (n.ctx.mode !== null) return [n.needs(0) ? un(g.mul(0), n.ctx.aShape) : null, n.needs(1) ? un(g.mul(0), n.ctx.bShape) : null];
    return [
      n.needs(0) ? un(g.div(other), n.ctx.aShape) : null,
      n.needs(1) ? un(g.neg().mul(self).div(other.mul(other)), n.ctx.bShape) : null,
    ];
  },
});
interface PowCtx { exponent: number }
const POW0 = defineGrad<PowCtx>({
  name: "PowBackward0",
  saves: ["self"],
  formulas: ["∂out/∂self = exponent · self^(exponent − 1)"],
  backward: (n, g) => {
    const e = n.ctx.exponent;
    if (e === 0) return [g.mul(0)];
    return [g.mul(n.get(0).pow(e - 1).mul(e))];
  },
});
const POW1 = defineGrad<BinCtx>({
  name: "PowBackward1",
  saves: ["self", "exponent", "result"],
  formulas: ["∂out/∂self = exponent · self^(exponent − 1)", "∂out/∂exponent = result · ln(self)"],
  backward: (n, g) => {
    const self = n.get(0);
    const ex = n.get(1);
    const res = n.get(2);
    let gs: Tensor | null = null;
    let ge: Tensor | null = null;
    if (n.needs(0)) {
      // PyTorch masks the exponent==0 case so 0^0 gives gradient 0, not NaN.
      gs = un(zeroWhere(g.mul(ex).mul(self.pow(ex.sub(1))), maskOf(ex, ex, (_s, e) => e === 0)), n.ctx.aShape);
    }
    if (n.needs(1)) {
      // Where self == 0 and exponent >= 0 PyTorch defines the gradient as 0 instead of NaN/-inf.
      ge = un(zeroWhere(g.mul(res).mul(self.log()), maskOf(self, ex, (s, e) => s === 0 && e >= 0)), n.ctx.bShape);
    }
    return [gs, ge];
  },
});
const NEG = defineGrad<null>({
  name: "NegBackward0",
  saves: [],
  formulas: ["∂out/∂self = -1"],
  backward: (_n, g) => [g.neg()],
});
const RECIPROCAL = defineGrad<null>({
  name: "ReciprocalBackward0",
  saves: ["result"],
  formulas: ["∂out/∂self = -result²"],
  backward: (n, g) => {
    const r = n.get(0);
    return [g.neg().mul(r.mul(r))];
  },
});

/**
 * `t (op)= other` written straight into `t`'s own storage, for the in-place ops (inplace.ts) when nothing is
 * recorded (grad mode off, or neither operand requires grad) and the result is `t`'s shape and dtype: the same
 * numbers `binary` would compute, without the result tensor and its copy back into `t` (the SGD update's
 * `p.sub_(...)` on a 784×128 weight). False, touching nothing, when that does not apply: then the caller runs the
 * op out of place as before (its checks and errors included). `other` must not share `t`'s buffer (a shifted view
 * of it would be read after it was written).
 */
export function binaryInto(code: Bin.Add | Bin.Sub | Bin.Mul | Bin.Div, t: Tensor, other: TensorLike, alpha: number): boolean {
  const st = t._st;
  if (st === null || t._wrapped) return false;
  const dt = t.dtype;
  if (other instanceof Tensor) {
    if (state.gradEnabled && (t.requires_grad || other.requires_grad)) return false;
    if (other._buf.buffer === st.buffer || binaryDtype(t, other, code) !== dt) return false;
    if (!fitsInto(other._shape, other._numel, t._shape)) return false;
    binaryKernel(code, st, t._shape, other.storage, other._shape, dt, alpha, st);
  } else {
    // A number keeps a float tensor's dtype (wrappedWith); checked before `wrap`, which takes a tensor id.
    if ((state.gradEnabled && t.requires_grad) || (dt !== "float32" && dt !== "float64")) return false;
    const w = wrap(other, t);
    binaryKernel(code, st, t._shape, w.storage, w._shape, dt, alpha, st);
  }
  // The id the out-of-place result would have taken: later tensors keep the ids they had (the trace shows them).
  state.nextTensorId++;
  return true;
}

/** True when an operand of `shape` broadcasts to exactly `to`: the same shape, or one element of no more dims. */
function fitsInto(shape: readonly number[], numel: number, to: readonly number[]): boolean {
  return sameShape(shape, to) || (numel === 1 && shape.length <= to.length);
}

/** PyTorch's `torch.add(a, b, alpha=1)`: a + alpha·b element-wise with broadcasting (Python's `a + b`). */
export function add(input: TensorLike, other: TensorLike, opts?: { alpha?: number }): Tensor {
  const a = input;
  const b = other;
  const alpha = opts?.alpha ?? 1;
  if (!(a instanceof Tensor)) return alpha === 1 ? add(b, a) : add(mul(b, alpha), a);
  return binary(Bin.Add, a, wrap(b, a), "add", ADD, null, alpha);
}

/** PyTorch's `torch.sub(a, b, alpha=1)`: a - alpha·b element-wise with broadcasting (Python's `a - b`). */
export function sub(input: TensorLike, other: TensorLike, opts?: { alpha?: number }): Tensor {
  const a = input;
  const b = other;
  const alpha = opts?.alpha ?? 1;
  if (!(a instanceof Tensor)) {
    const t = b as Tensor;
    const dt = scalarResult(t.dtype, a);
    const r = binaryKernel(Bin.Sub, new Float64Array([a]), [], t.storage, t._shape, dt, alpha);
    const out = new Tensor(r.data, r.shape, dt);
    return record(out, "rsub", RSUB, [t], null, { aShape: t._shape, bShape: [], alpha });
  }
  return binary(Bin.Sub, a, wrap(b, a), "sub", SUB, null, alpha);
}

/** PyTorch's `torch.mul(a, b)`: element-wise product with broadcasting (Python's `a * b`); either may be a number. */
export function mul(input: TensorLike, other: TensorLike): Tensor {
  const a = input;
  const b = other;
  if (!(a instanceof Tensor)) return mul(b, a);
  const bt = wrap(b, a);
  return binary(Bin.Mul, a, bt, "mul", MUL, () => [bt.requires_grad ? a : null, a.requires_grad ? bt : null]);
}

/**
 * PyTorch's `torch.div(a, b, rounding_mode=None)`: element-wise true division with broadcasting (Python's `a / b`);
 * `{ rounding_mode: "trunc" }` rounds toward zero, `"floor"` toward -∞ (Python's `//`), and an int tensor then stays
 * int (DivBackward2, whose gradients are zero: the result is piecewise constant).
 */
export function div(input: TensorLike, other: TensorLike, opts?: { rounding_mode?: RoundingMode | null }): Tensor {
  const a = input;
  const b = other;
  if (opts !== undefined && opts !== null && "rounding_mode" in opts) return divRounding(a, b, opts.rounding_mode ?? null);
  if (!(a instanceof Tensor)) return mul(reciprocal(b as Tensor), a);
  const bt = wrap(b, a);
  return binary(Bin.Div, a, bt, "div", DIV, () => [bt.requires_grad ? a : null, bt]);
}

/** `div` with an explicit rounding_mode (None included: PyTorch then records DivBackward2 too). */
function divRounding(input: TensorLike, other: TensorLike, mode: RoundingMode | null): Tensor {
  if (mode !== null && mode !== "floor" && mode !== "trunc") {
    throw new TorchError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(mode)}'`);
  }
  const a = input instanceof Tensor ? input : wrap(input, other as Tensor);
  const b = wrap(other, a);
  let out: Tensor;
  if (mode === null) {
    const dt = binaryDtype(a, b, Bin.Div);
    const r = binaryKernel(Bin.Div, a.storage, a._shape, b.storage, b._shape, dt);
    out = new Tensor(r.data, r.shape, dt);
  } else {
    const dt = roundingDtype(a, b, mode, !(input instanceof Tensor), !(other instanceof Tensor));
    const r = roundingKernel(mode, a, b, dt);
    out = new Tensor(r.data, r.shape, dt);
  }
  return record(out, "div", DIV2, [a, b], () => [a, b], { aShape: a._shape, bShape: b._shape, alpha: 1, mode });
}

/** PyTorch's `torch.pow(a, b)`: a to the power b element-wise (Python's `a ** b`); either may be a number. */
export function pow(input: TensorLike, exponent: TensorLike): Tensor {
  const a = input;
  const b = exponent;
  if (!(a instanceof Tensor)) {
    const bt = b as Tensor;
    const at = wrap(a, bt);
    return binary(Bin.Pow, at, bt, "pow", POW1, (out) => [at, bt, out]);
  }
  if (!(b instanceof Tensor)) {
    const dt = scalarResult(a.dtype, b);
    if (dt === "int64" && b < 0) throw new TorchError("Integers to negative integer powers are not allowed.");
    const out = new Tensor(mapKernel(a.storage, dt, powFn(b)), a._shape.slice(), dt);
    return record(out, "pow", POW0, [a], () => [a], { exponent: b });
  }
  return binary(Bin.Pow, a, b, "pow", POW1, (out) => [a, b, out]);
}

function powFn(e: number): (x: number) => number {
  if (e === 2) return (x) => x * x;
  if (e === 1) return (x) => x;
  if (e === 0.5) return Math.sqrt;
  return (x) => Math.pow(x, e);
}

/** PyTorch's `torch.neg(x)`: -x element-wise (Python's `-x`). */
export function neg(input: Tensor): Tensor {
  const a = input;
  const dt = a.dtype === "int64" ? "int64" : floatOf(a.dtype);
  return record(new Tensor(mapKernel(a.storage, dt, (x) => -x), a._shape.slice(), dt), "neg", NEG, [a], null, null);
}

/** PyTorch's `torch.reciprocal(x)`: 1 / x element-wise. */
export function reciprocal(input: Tensor): Tensor {
  const a = input;
  const dt = floatOf(a.dtype);
  const out = new Tensor(mapKernel(a.storage, dt, (x) => 1 / x), a._shape.slice(), dt);
  return record(out, "reciprocal", RECIPROCAL, [a], (o) => [o], null);
}

/** A broadcast 0/1 mask of `pred(a, b)` (constant: no autograd). */
function maskOf(a: Tensor, b: Tensor, pred: (x: number, y: number) => boolean): Mask {
  const r = binaryKernel(Bin.Sub, a.storage, a._shape, b.storage, b._shape, "float64");
  // Re-walk with the predicate: the broadcast walk above fixed the shape; compute values directly.
  const ea = binaryKernel(Bin.MaskGt0, a.storage, a._shape, new Uint8Array([1]), [], "float64").data;
  const eb = binaryKernel(Bin.MaskGt0, b.storage, b._shape, new Uint8Array([1]), [], "float64").data;
  const fa = binaryKernel(Bin.Add, ea, a._shape, new Float64Array(r.data.length), r.shape, "float64").data;
  const fb = binaryKernel(Bin.Add, eb, b._shape, new Float64Array(r.data.length), r.shape, "float64").data;
  const m = new Uint8Array(r.data.length);
  for (let i = 0; i < m.length; i++) m[i] = pred(fa[i]!, fb[i]!) ? 1 : 0;
  return { data: m, shape: r.shape };
}

/** PyTorch's `torch.square(x)`: x² element-wise. */
export function square(input: Tensor): Tensor { return pow(input, 2); }

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.add(other, alpha=1)`, i.e. Python's `x + alpha * other`, with broadcasting. */
    add: Method<typeof add>;
    /** PyTorch's `x.sub(other, alpha=1)`, i.e. Python's `x - alpha * other`, with broadcasting. */
    sub: Method<typeof sub>;
    /** PyTorch's `x.mul(other)`, i.e. Python's `x * other`: element-wise product with broadcasting. */
    mul: Method<typeof mul>;
    /** PyTorch's `x.div(other, rounding_mode=None)`, i.e. Python's `x / other` (`{ rounding_mode: "floor" }`: `x // other`), with broadcasting. */
    div: Method<typeof div>;
    /** PyTorch's `x.pow(exponent)`, i.e. Python's `x ** exponent`. */
    pow: Method<typeof pow>;
    /** PyTorch's `x.neg()`, i.e. Python's `-x`. */
    neg: Method<typeof neg>;
    /** PyTorch's `x.reciprocal()`: 1 / x element-wise. */
    reciprocal: Method<typeof reciprocal>;
    /** PyTorch's `x.square()`: x² element-wise. */
    square: Method<typeof square>;
  }
}
installMethods({ add, sub, mul, div, pow, neg, reciprocal, square });
