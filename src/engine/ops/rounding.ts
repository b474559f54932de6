/**
 * Floor division and remainders: `torch.floor_divide` (Python's `//` on tensors), `torch.remainder` (Python's `%`)
 * and `torch.fmod` (C's `%`), their methods and in-place forms, with PyTorch 1.13's autograd: remainder and fmod
 * differentiate (1 for self, -floor(self/other) or -trunc(self/other) for other), floor_divide has no derivative in
 * 1.13 (a NotImplemented node whose backward raises), nor has a number's remainder by a tensor. The rounding
 * `div(…, { rounding_mode })` lives with `div` in elementwise.ts.
 */
import { record, recordNotImplemented } from "../autograd/record.js";
import { defineGrad, type OpDef } from "../autograd/node.js";
import { unbroadcast as un } from "../autograd/grad_util.js";
import { TorchError } from "../errors.js";
import { Tensor, type TensorLike } from "../tensor.js";
import { wrap } from "./scalar.js";
import { roundingDtype, roundingKernel, type Rule } from "./rounding_kernels.js";
import { inplace, snapshot } from "./inplace.js";
import { installMethods, type Method } from "./method.js";

interface RemCtx { aShape: readonly number[]; bShape: readonly number[] }

const REMAINDER0 = defineGrad<RemCtx>({
  name: "RemainderBackward0",
  saves: [],
  formulas: ["∂out/∂self = 1"],
  backward: (_n, g) => [g],
});
const REMAINDER1 = defineGrad<RemCtx>({
  name: "RemainderBackward1",
  saves: ["self", "other"],
  formulas: ["∂out/∂self = 1", "∂out/∂other = -floor(self / other)"],
  backward: (n, g) => [
    n.needs(0) ? un(g, n.ctx.aShape) : null,
    // PyTorch's derivatives.yaml: other: -grad * self.div(other, rounding_mode="floor").
    n.needs(1) ? un(g.neg().mul(n.get(0).div(n.get(1), { rounding_mode: "floor" })), n.ctx.bShape) : null,
  ],
});
const FMOD0 = defineGrad<RemCtx>({
  name: "FmodBackward0",
  saves: [],
  formulas: ["∂out/∂self = 1"],
  backward: (_n, g) => [g],
});
const FMOD1 = defineGrad<RemCtx>({
  name: "FmodBackward1",
  saves: ["self", "other"],
  formulas: ["∂out/∂self = 1", "∂out/∂other = -trunc(self / other)"],
  backward: (n, g) => [
    n.needs(0) ? un(g, n.ctx.aShape) : null,
    n.needs(1) ? un(g.neg().mul(n.get(0).div(n.get(1), { rounding_mode: "trunc" })), n.ctx.bShape) : null,
  ],
});

/** PyTorch 1.13's node for an op without a derivative: it records the graph, its backward raises. */
function notImplemented(aten: string): OpDef<null> {
  return defineGrad<null>({
    name: "NotImplemented",
    saves: [],
    formulas: [`∂out/∂self = none: PyTorch 1.13 has no derivative for aten::${aten} (backward raises)`],
    backward: () => { throw new TorchError(`derivative for aten::${aten} is not implemented`); },
  });
}
const FLOOR_DIVIDE = notImplemented("floor_divide");
const REMAINDER_OF_NUMBER = notImplemented("remainder");

/** Both operands as tensors (a number wrapped as PyTorch wraps a Python scalar), the result's values and dtype. */
function compute(rule: Rule, input: TensorLike, other: TensorLike): { a: Tensor; b: Tensor; aNum: boolean; bNum: boolean; out: Tensor } {
  const aNum = !(input instanceof Tensor);
  const bNum = !(other instanceof Tensor);
  const a = input instanceof Tensor ? input : wrap(input, other as Tensor);
  const b = wrap(other, a);
  const dt = roundingDtype(a, b, rule, aNum, bNum);
  const r = roundingKernel(rule, a, b, dt);
  return { a, b, aNum, bNum, out: new Tensor(r.data, r.shape, dt) };
}

/**
 * PyTorch's `torch.floor_divide(input, other)`: element-wise division rounded toward -∞ (Python's `a // b`; an int
 * tensor stays int, a zero int divisor raises "ZeroDivisionError"). PyTorch 1.13 has no derivative for it: the
 * result's grad_fn is `NotImplemented` and backward through it raises. A number first is Python's `7 // x`.
 */
export function floor_divide(input: TensorLike, other: TensorLike): Tensor {
  const { a, b, aNum, bNum, out } = compute("floor", input, other);
  const inputs = aNum ? [b] : bNum ? [a] : [a, b];
  return recordNotImplemented(out, "floor_divide", FLOOR_DIVIDE, inputs, null);
}

/**
 * PyTorch's `torch.remainder(input, other)`: Python's `a % b`, element-wise, with the sign of the divisor
 * (RemainderBackward0 by a number, RemainderBackward1 by a tensor). A number first (Python's `7 % x`) has no
 * derivative in PyTorch 1.13.
 */
export function remainder(input: TensorLike, other: TensorLike): Tensor {
  const { a, b, aNum, bNum, out } = compute("remainder", input, other);
  const ctx = { aShape: a._shape, bShape: b._shape };
  if (aNum) return recordNotImplemented(out, "remainder", REMAINDER_OF_NUMBER, [b], null);
  if (bNum) return record(out, "remainder", REMAINDER0, [a], null, ctx);
  return record(out, "remainder", REMAINDER1, [a, b], () => [a, b], ctx);
}

/**
 * PyTorch's `torch.fmod(input, other)`: C's `fmod`, the remainder with the sign of the dividend
 * (FmodBackward0 by a number, FmodBackward1 by a tensor).
 */
export function fmod(input: Tensor, other: TensorLike): Tensor {
  const { a, b, bNum, out } = compute("fmod", input, other);
  const ctx = { aShape: a._shape, bShape: b._shape };
  if (bNum) return record(out, "fmod", FMOD0, [a], null, ctx);
  return record(out, "fmod", FMOD1, [a, b], () => [a, b], ctx);
}

/** PyTorch's `x.floor_divide_(other)`: Python's `x //= other`, in place. */
function floor_divide_(input: Tensor, other: TensorLike): Tensor { return inplace(input, "floor_divide_", () => floor_divide(snapshot(input), other)); }
/** PyTorch's `x.remainder_(other)`: Python's `x %= other`, in place. */
function remainder_(input: Tensor, other: TensorLike): Tensor { return inplace(input, "remainder_", () => remainder(snapshot(input), other)); }
/** PyTorch's `x.fmod_(other)`: fmod in place. */
function fmod_(input: Tensor, other: TensorLike): Tensor { return inplace(input, "fmod_", () => fmod(snapshot(input), other)); }

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.floor_divide(other)`, i.e. Python's `x // other`: division rounded toward -∞ (no derivative in PyTorch 1.13). */
    floor_divide: Method<typeof floor_divide>;
    /** PyTorch's `x.floor_divide_(other)`: Python's `x //= other`, in place. */
    floor_divide_: Method<typeof floor_divide_>;
    /** PyTorch's `x.remainder(other)`, i.e. Python's `x % other`: the remainder with the sign of the divisor. */
    remainder: Method<typeof remainder>;
    /** PyTorch's `x.remainder_(other)`: Python's `x %= other`, in place. */
    remainder_: Method<typeof remainder_>;
    /** PyTorch's `x.fmod(other)`: C's fmod, the remainder with the sign of the dividend. */
    fmod: Method<typeof fmod>;
    /** PyTorch's `x.fmod_(other)`: fmod in place. */
    fmod_: Method<typeof fmod_>;
  }
}
installMethods({ floor_divide, floor_divide_, remainder, remainder_, fmod, fmod_ });
