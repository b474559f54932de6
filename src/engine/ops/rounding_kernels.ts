/**
 * The element rules of PyTorch 1.13's rounding divisions (`div(…, rounding_mode)`, `floor_divide`), `remainder` and
 * `fmod`, as its CPU kernels compute them (aten/src/ATen/native/cpu/BinaryOpsKernel.cpp, BinaryOps.h), shared by
 * elementwise.ts (div) and rounding.ts. Internal: nothing here is a `torch.*` function.
 */
import type { DType, Storage } from "../dtype.js";
import { TorchError } from "../errors.js";
import type { Tensor } from "../tensor.js";
import { resultType } from "../dtype.js";
import { floatOf } from "./scalar.js";
import { zipKernel } from "./kernels.js";

export type RoundingMode = "floor" | "trunc";
export type Rule = "floor" | "trunc" | "remainder" | "fmod";

/** PyTorch's kernel name in the "not implemented for 'Bool'" text. */
const KERNEL: Record<Rule, string> = { floor: "div_floor_cpu", trunc: "div_trunc_cpu", remainder: "remainder_cpu", fmod: "fmod_cpu" };

const same = (x: number): number => x;

/**
 * Python's (and PyTorch's) floor division of floats: from fmod, so `1 // 0.1` is 9 (0.1 is a little more than a
 * tenth), not floor(1 / 0.1) = 10. `r` rounds each intermediate to the element type (Math.fround for float32).
 */
export function floorDivFloat(a: number, b: number, r: (x: number) => number = same): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = r(r(a - mod) / b);
  if (mod !== 0 && b < 0 !== mod < 0) div = r(div - 1);
  if (div === 0) return a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
  let fl = Math.floor(div);
  if (r(div - fl) > 0.5) fl += 1;
  return fl;
}

/** Python's float `%` (PyTorch's `remainder`): the sign of the divisor. */
export function remainderFloat(a: number, b: number, r: (x: number) => number = same): number {
  const mod = a % b;
  return mod !== 0 && b < 0 !== mod < 0 ? r(mod + b) : mod;
}

function zeroCheck(b: number): void {
  // PyTorch's integer kernels check each divisor: TORCH_CHECK(b != 0, "ZeroDivisionError").
  if (b === 0) throw new TorchError("ZeroDivisionError");
}

function floatRule(rule: Rule, r: (x: number) => number): (a: number, b: number) => number {
  switch (rule) {
    case "floor": return (a, b) => floorDivFloat(a, b, r);
    case "trunc": return (a, b) => Math.trunc(r(a / b));
    case "remainder": return (a, b) => remainderFloat(a, b, r);
    case "fmod": return (a, b) => a % b;
  }
}

function intRule(rule: Rule): (a: number, b: number) => number {
  switch (rule) {
    case "floor": return (a, b) => { zeroCheck(b); return Math.floor(a / b) + 0; };
    case "trunc": return (a, b) => { zeroCheck(b); return Math.trunc(a / b) + 0; };
    case "remainder": return (a, b) => { zeroCheck(b); const m = a % b; return m !== 0 && m < 0 !== b < 0 ? m + b : m + 0; };
    case "fmod": return (a, b) => { zeroCheck(b); return (a % b) + 0; };
  }
}

/**
 * The result dtype of `a (rule) b`: PyTorch's promotion, with a wrapped number counting as a 0-d tensor of its own
 * category (so a bool tensor with an int stays integral, `x // 2.5` of an int64 x is float); two bools have no kernel.
 * `aNumber`/`bNumber` say which operand was a number (an in-place op's snapshot is wrapped too, but is a tensor).
 */
export function roundingDtype(a: Tensor, b: Tensor, rule: Rule, aNumber = false, bNumber = b._wrapped): DType {
  let dt: DType;
  if (a.dtype === "bool" && b.dtype === "bool") dt = "bool";
  else if (aNumber && !bNumber) dt = withWrapped(a, b);
  else if (bNumber && !aNumber) dt = withWrapped(b, a);
  else dt = resultType(a.dtype, a._shape.length, b.dtype, b._shape.length);
  if (dt === "bool") throw new TorchError(`"${KERNEL[rule]}" not implemented for 'Bool'`);
  return dt;
}

function withWrapped(w: Tensor, t: Tensor): DType {
  // A whole number with a bool tensor is an int (JavaScript cannot tell 2 from 2.0: README).
  if (t.dtype === "bool") return Number.isInteger(w.storage[0]) ? "int64" : floatOf(w.dtype);
  if (t.dtype === "int64") return w.dtype;
  return t.dtype;
}

/** `a (rule) b` with broadcasting into a new storage of `dt`. */
export function roundingKernel(rule: Rule, a: Tensor, b: Tensor, dt: DType): { data: Storage; shape: readonly number[] } {
  const f = dt === "int64" ? intRule(rule) : floatRule(rule, dt === "float32" ? Math.fround : same);
  return zipKernel(a.storage, a._shape, b.storage, b._shape, dt, f);
}
