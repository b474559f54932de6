import { resultType, type DType } from "../dtype.js";
import { record } from "../autograd/record.js";
import type { OpDef } from "../autograd/node.js";
import { sameShape } from "../shape.js";
import { state } from "../state.js";
import { Tensor, type TensorLike } from "../tensor.js";
import { Bin, binaryKernel, mapKernel } from "./kernels.js";
import { sumTo } from "./reduce.js";

/** Shapes of the two inputs, kept so broadcasting can be undone in backward. */
interface BinCtx { aShape: readonly number[]; bShape: readonly number[]; alpha: number }

/** Float dtype arithmetic results take (bool promotes to float32, as PyTorch does for true division). */
function floatOf(d: DType): DType {
  return d === "bool" ? "float32" : d;
}

/** Wraps a JS number as a 0-d tensor of `like`'s dtype (PyTorch's "wrapped number": it never promotes). */
export function wrap(x: TensorLike, like: Tensor): Tensor {
  if (x instanceof Tensor) return x;
  state.silent++;
  try {
    const dt = floatOf(like.dtype);
    const t = new Tensor(dt === "float64" ? new Float64Array([x]) : new Float32Array([x]), [], dt);
    t._wrapped = true;
    return t;
  } finally {
    state.silent--;
  }
}

function binary<X extends BinCtx>(
  code: Bin, a: Tensor, b: Tensor, op: string, def: OpDef<X>, saved: ((out: Tensor) => Array<Tensor | null>) | null, alpha = 1,
): Tensor {
  const dt = a._wrapped ? floatOf(b.dtype) : b._wrapped ? floatOf(a.dtype) : resultType(a.dtype, a.shape.length, b.dtype, b.shape.length);
  const r = binaryKernel(code, a.storage, a.shape, b.storage, b.shape, dt, alpha);
  const out = new Tensor(r.data, r.shape, dt);
  return record(out, op, def, [a, b], saved, { aShape: a.shape, bShape: b.shape, alpha } as X);
}

/** Undoes broadcasting (shared by every binary op): sums `g` back to `shape`. */
function un(g: Tensor, shape: readonly number[]): Tensor {
  return sameShape(g.shape, shape) ? g : sumTo(g, shape);
}

const ADD: OpDef<BinCtx> = {
  name: "AddBackward0",
  saves: [],
  formulas: ["∂out/∂self = 1", "∂out/∂other = alpha"],
  backward: (n, g) => [
    n.needs(0) ? un(g, n.ctx.aShape) : null,
    n.needs(1) ? un(n.ctx.alpha === 1 ? g : g.mul(n.ctx.alpha), n.ctx.bShape) : null,
  ],
};
const SUB: OpDef<BinCtx> = {
  name: "SubBackward0",
  saves: [],
  formulas: ["∂out/∂self = 1", "∂out/∂other = -alpha"],
  backward: (n, g) => [
    n.needs(0) ? un(g, n.ctx.aShape) : null,
    n.needs(1) ? un(n.ctx.alpha === 1 ? g.neg() : g.mul(-n.ctx.alpha), n.ctx.bShape) : null,
  ],
};
const RSUB: OpDef<BinCtx> = {
  name: "RsubBackward1",
  saves: [],
  formulas: ["∂out/∂self = -alpha"],
  backward: (n, g) => [n.needs(0) ? un(n.ctx.alpha === 1 ? g.neg() : g.mul(-n.ctx.alpha), n.ctx.aShape) : null],
};
const MUL: OpDef<BinCtx> = {
  name: "MulBackward0",
  saves: ["self", "other"],
  formulas: ["∂out/∂self = other", "∂out/∂other = self"],
  backward: (n, g) => [
    n.needs(0) ? un(g.mul(n.get(1)), n.ctx.aShape) : null,
    n.needs(1) ? un(g.mul(n.get(0)), n.ctx.bShape) : null,
  ],
};
const DIV: OpDef<BinCtx> = {
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
};
interface PowCtx { exponent: number }
const POW0: OpDef<PowCtx> = {
  name: "PowBackward0",
  saves: ["self"],
  formulas: ["∂out/∂self = exponent · self^(exponent − 1)"],
  backward: (n, g) => {
    const e = n.ctx.exponent;
    if (e === 0) return [g.mul(0)];
    return [g.mul(n.get(0).pow(e - 1).mul(e))];
  },
};
const POW1: OpDef<BinCtx> = {
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
};
const NEG: OpDef<null> = {
  name: "NegBackward0",
  saves: [],
  formulas: ["∂out/∂self = -1"],
  backward: (_n, g) => [g.neg()],
};
const RECIPROCAL: OpDef<null> = {
  name: "ReciprocalBackward0",
  saves: ["result"],
  formulas: ["∂out/∂self = -result²"],
  backward: (n, g) => {
    const r = n.get(0);
    return [g.neg().mul(r.mul(r))];
  },
};

/**
 * `a + alpha * b`. A number first argument (`torch.add(2, x)`) is recorded as Python's `2 + x` is (x.add(2)):
 * snippets spell operators with a number on the left this way.
 */
export function add(a: TensorLike, b: TensorLike, alpha = 1): Tensor {
  if (!(a instanceof Tensor)) return alpha === 1 ? add(b, a) : add(mul(b, alpha), a);
  return binary(Bin.Add, a, wrap(b, a), "add", ADD, null, alpha);
}

/** `a - alpha * b`; `torch.sub(2, x)` is Python's `2 - x` (RsubBackward1). */
export function sub(a: TensorLike, b: TensorLike, alpha = 1): Tensor {
  if (!(a instanceof Tensor)) {
    const t = b as Tensor;
    const r = binaryKernel(Bin.Sub, new Float64Array([a]), [], t.storage, t.shape, floatOf(t.dtype), alpha);
    const out = new Tensor(r.data, r.shape, floatOf(t.dtype));
    return record(out, "rsub", RSUB, [t], null, { aShape: t.shape, bShape: [], alpha });
  }
  return binary(Bin.Sub, a, wrap(b, a), "sub", SUB, null, alpha);
}

/** Elementwise product; saves each input only when the other one needs its gradient (as PyTorch does). */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  if (!(a instanceof Tensor)) return mul(b, a);
  const bt = wrap(b, a);
  return binary(Bin.Mul, a, bt, "mul", MUL, () => [bt.requires_grad ? a : null, a.requires_grad ? bt : null]);
}

/** True division; `torch.div(2, x)` is `2 / x` = `x.reciprocal() * 2`, as PyTorch records it. */
export function div(a: TensorLike, b: TensorLike): Tensor {
  if (!(a instanceof Tensor)) return mul(reciprocal(b as Tensor), a);
  const bt = wrap(b, a);
  return binary(Bin.Div, a, bt, "div", DIV, () => [bt.requires_grad ? a : null, bt]);
}

/** `a ** b`: PowBackward0 for a number exponent, PowBackward1 when the exponent (or the base) is a tensor. */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (!(a instanceof Tensor)) {
    const bt = b as Tensor;
    const at = wrap(a, bt);
    return binary(Bin.Pow, at, bt, "pow", POW1, (out) => [at, bt, out]);
  }
  if (!(b instanceof Tensor)) {
    const out = new Tensor(mapKernel(a.storage, floatOf(a.dtype), powFn(b)), a.shape.slice(), floatOf(a.dtype));
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

/** `-a`. */
export function neg(a: Tensor): Tensor {
  const dt = floatOf(a.dtype);
  return record(new Tensor(mapKernel(a.storage, dt, (x) => -x), a.shape.slice(), dt), "neg", NEG, [a], null, null);
}

/** `1 / a`. */
export function reciprocal(a: Tensor): Tensor {
  const dt = floatOf(a.dtype);
  const out = new Tensor(mapKernel(a.storage, dt, (x) => 1 / x), a.shape.slice(), dt);
  return record(out, "reciprocal", RECIPROCAL, [a], (o) => [o], null);
}

/** A broadcast 0/1 mask of `pred(a, b)` (constant: no autograd). */
function maskOf(a: Tensor, b: Tensor, pred: (x: number, y: number) => boolean): { data: Uint8Array; shape: readonly number[] } {
  const r = binaryKernel(Bin.Sub, a.storage, a.shape, b.storage, b.shape, "float64");
  // Re-walk with the predicate: the broadcast walk above fixed the shape; compute values directly.
  const ea = binaryKernel(Bin.MaskGt0, a.storage, a.shape, new Uint8Array([1]), [], "float64").data;
  const eb = binaryKernel(Bin.MaskGt0, b.storage, b.shape, new Uint8Array([1]), [], "float64").data;
  const fa = binaryKernel(Bin.Add, ea, a.shape, new Float64Array(r.data.length), r.shape, "float64").data;
  const fb = binaryKernel(Bin.Add, eb, b.shape, new Float64Array(r.data.length), r.shape, "float64").data;
  const m = new Uint8Array(r.data.length);
  for (let i = 0; i < m.length; i++) m[i] = pred(fa[i]!, fb[i]!) ? 1 : 0;
  return { data: m, shape: r.shape };
}

interface MaskCtx { mask: { data: Uint8Array; shape: readonly number[] } }
const ZERO_WHERE: OpDef<MaskCtx> = {
  name: "MaskedFillBackward0",
  saves: [],
  formulas: ["∂out/∂self = 1 where kept, 0 where masked"],
  backward: (n, g) => [zeroWhere(g, n.ctx.mask)],
};

/** `x.masked_fill(mask, 0)` for a constant mask (used by backward formulas that define 0·∞ as 0). */
export function zeroWhere(x: Tensor, mask: { data: Uint8Array; shape: readonly number[] }): Tensor {
  const inv = new Float64Array(mask.data.length);
  for (let i = 0; i < inv.length; i++) inv[i] = mask.data[i] ? 0 : 1;
  const r = binaryKernel(Bin.MaskGt0, x.storage, x.shape, inv, mask.shape, x.dtype);
  return record(new Tensor(r.data, r.shape, x.dtype), "masked_fill", ZERO_WHERE, [x], null, { mask });
}
