/**
 * The snippet API: `import * as torch from "autograd-lens"`. Names follow PyTorch so course code translates line
 * by line; keyword arguments become a trailing options object.
 */
import { Tensor, type TensorLike, type DimOptions, type BackwardOptions } from "./tensor.js";
import * as ew from "./ops/elementwise.js";
import * as un from "./ops/unary.js";
import * as red from "./ops/reduce.js";
import * as la from "./ops/linalg.js";
import * as sh from "./ops/shape.js";
import * as act from "./ops/activation.js";
import * as cmp from "./ops/compare.js";
import * as bw from "./autograd/backward.js";
import * as join from "./ops/join.js";
import * as wh from "./ops/where.js";
import { TorchError } from "./errors.js";

export { Tensor };
export type { TensorLike, DimOptions, BackwardOptions };
export type { MaxResult } from "./ops/reduce.js";
export type { NestedList } from "./ops/shape.js";
export type { GradOptions } from "./autograd/backward.js";
export type { DType } from "./dtype.js";
export { float32, float64, bool } from "./dtype.js";
export {
  tensor, arange, zeros, ones, full, zeros_like, ones_like, rand_like, randn_like, eye, linspace, rand, randn,
  manual_seed, type CreateOptions, type NestedData,
} from "./creation.js";
export { no_grad, enable_grad, is_grad_enabled, set_grad_enabled } from "./grad_mode.js";

/** PyTorch's `torch.float` / `torch.double` aliases. */
export const float = "float32" as const;
export const double = "float64" as const;

function T(x: TensorLike, name: string): Tensor {
  if (x instanceof Tensor) return x;
  throw new TorchError(`${name}(): argument 'input' (position 1) must be Tensor, not number`, { kind: "TypeError" });
}

/** `torch.add(a, b, {alpha})`. */
export function add(a: TensorLike, b: TensorLike, opts?: { alpha?: number }): Tensor { return ew.add(a, b, opts?.alpha ?? 1); }
/** `torch.sub(a, b, {alpha})`. */
export function sub(a: TensorLike, b: TensorLike, opts?: { alpha?: number }): Tensor { return ew.sub(a, b, opts?.alpha ?? 1); }
/** `torch.mul(a, b)`; either may be a number. */
export function mul(a: TensorLike, b: TensorLike): Tensor { return ew.mul(a, b); }
/** `torch.div(a, b)`. */
export function div(a: TensorLike, b: TensorLike): Tensor { return ew.div(a, b); }
/** `torch.pow(a, b)`. */
export function pow(a: TensorLike, b: TensorLike): Tensor { return ew.pow(a, b); }
/** `torch.neg(x)`. */
export function neg(x: Tensor): Tensor { return ew.neg(x); }
/** `torch.reciprocal(x)`. */
export function reciprocal(x: Tensor): Tensor { return ew.reciprocal(x); }
/** `torch.exp(x)`. */
export function exp(x: Tensor): Tensor { return un.exp(T(x, "exp")); }
/** `torch.log(x)`. */
export function log(x: Tensor): Tensor { return un.log(T(x, "log")); }
/** `torch.sqrt(x)`. */
export function sqrt(x: Tensor): Tensor { return un.sqrt(T(x, "sqrt")); }
/** `torch.abs(x)`. */
export function abs(x: Tensor): Tensor { return un.abs(T(x, "abs")); }
/** `torch.sign(x)`. */
export function sign(x: Tensor): Tensor { return un.sign(T(x, "sign")); }
/** `torch.sin(x)`. */
export function sin(x: Tensor): Tensor { return un.sin(T(x, "sin")); }
/** `torch.cos(x)`. */
export function cos(x: Tensor): Tensor { return un.cos(T(x, "cos")); }
/** `torch.tanh(x)`. */
export function tanh(x: Tensor): Tensor { return un.tanh(T(x, "tanh")); }
/** `torch.sigmoid(x)`. */
export function sigmoid(x: Tensor): Tensor { return un.sigmoid(T(x, "sigmoid")); }
/** `torch.relu(x)`. */
export function relu(x: Tensor): Tensor { return un.relu(T(x, "relu")); }
/** `torch.clamp(x, min, max)` or `torch.clamp(x, {min, max})`. */
export function clamp(x: Tensor, min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor {
  return un.clamp(x, min, max);
}
/** `torch.sum(x, dim?, keepdim?)`. */
export function sum(x: Tensor, dim?: number | number[] | DimOptions, keepdim?: boolean | DimOptions): Tensor { return red.sum(x, dim, keepdim); }
/** `torch.mean(x, dim?, keepdim?)`. */
export function mean(x: Tensor, dim?: number | number[] | DimOptions, keepdim?: boolean | DimOptions): Tensor { return red.mean(x, dim, keepdim); }
/** `torch.max(x)` or `torch.max(x, dim)` → `(values, indices)`. */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number | DimOptions, keepdim?: boolean | DimOptions): red.MaxResult;
export function max(x: Tensor, dim?: number | DimOptions, keepdim?: boolean | DimOptions): Tensor | red.MaxResult { return red.max(x, dim, keepdim, true); }
/** `torch.min(x)` or `torch.min(x, dim)` → `(values, indices)`. */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number | DimOptions, keepdim?: boolean | DimOptions): red.MaxResult;
export function min(x: Tensor, dim?: number | DimOptions, keepdim?: boolean | DimOptions): Tensor | red.MaxResult { return red.max(x, dim, keepdim, false); }
/** `torch.norm(x, p?, dim?, keepdim?)`. */
export function norm(x: Tensor, p?: number | (DimOptions & { p?: number }) | null, dim?: number | number[] | DimOptions, keepdim?: boolean): Tensor {
  return red.norm(x, p, dim, keepdim);
}
/** `torch.all(x)`. */
export function all(x: Tensor): Tensor { return red.allAny(x, true); }
/** `torch.any(x)`. */
export function any(x: Tensor): Tensor { return red.allAny(x, false); }
/** `torch.dot(a, b)`. */
export function dot(a: Tensor, b: Tensor): Tensor { return la.dot(a, b); }
/** `torch.mm(a, b)`. */
export function mm(a: Tensor, b: Tensor): Tensor { return la.mm(a, b); }
/** `torch.mv(a, v)`. */
export function mv(a: Tensor, v: Tensor): Tensor { return la.mv(a, v); }
/** `torch.bmm(a, b)`: batched matrix product of 3-D tensors. */
export function bmm(a: Tensor, b: Tensor): Tensor { return la.bmm(a, b); }
/** `torch.matmul(a, b)`. */
export function matmul(a: Tensor, b: Tensor): Tensor { return la.matmul(a, b); }
/** `torch.softmax(x, dim)`. */
export function softmax(x: Tensor, dim: number | { dim: number }): Tensor { return act.softmax(x, dim, false); }
/** `torch.log_softmax(x, dim)`. */
export function log_softmax(x: Tensor, dim: number | { dim: number }): Tensor { return act.softmax(x, dim, true); }
/** `torch.reshape(x, shape)`. */
export function reshape(x: Tensor, ...shape: Array<number | number[]>): Tensor { return sh.view(x, shape, false); }
/** `torch.t(x)`. */
export function t(x: Tensor): Tensor { return sh.t(x); }
/** `torch.transpose(x, d0, d1)`. */
export function transpose(x: Tensor, d0: number, d1: number): Tensor { return sh.transpose(x, d0, d1, "TransposeBackward0"); }
/** `torch.unsqueeze(x, dim)`. */
export function unsqueeze(x: Tensor, dim: number): Tensor { return sh.unsqueeze(x, dim); }
/** `torch.squeeze(x, dim?)`. */
export function squeeze(x: Tensor, dim?: number): Tensor { return sh.squeeze(x, dim); }
/** `torch.clone(x)`. */
export function clone(x: Tensor): Tensor { return sh.clone(x); }
/** `torch.detach(x)`. */
export function detach(x: Tensor): Tensor { return sh.detach(x, "detach"); }
/** `torch.eq(a, b)` and the other comparisons: bool tensors. */
export function eq(a: TensorLike, b: TensorLike): Tensor { return cmp.compare(a, b, "eq"); }
export function ne(a: TensorLike, b: TensorLike): Tensor { return cmp.compare(a, b, "ne"); }
export function gt(a: TensorLike, b: TensorLike): Tensor { return cmp.compare(a, b, "gt"); }
export function lt(a: TensorLike, b: TensorLike): Tensor { return cmp.compare(a, b, "lt"); }
export function ge(a: TensorLike, b: TensorLike): Tensor { return cmp.compare(a, b, "ge"); }
export function le(a: TensorLike, b: TensorLike): Tensor { return cmp.compare(a, b, "le"); }
/** `torch.equal(a, b)`. */
export function equal(a: Tensor, b: Tensor): boolean { return cmp.equal(a, b); }
/** `torch.allclose(a, b, {rtol, atol})`. */
export function allclose(a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): boolean { return cmp.allclose(a, b, opts); }
/** `torch.cat(tensors, dim=0)`. */
export function cat(tensors: Tensor[], dim: number | { dim?: number } = 0): Tensor { return join.cat(tensors, dim); }
/** `torch.stack(tensors, dim=0)`. */
export function stack(tensors: Tensor[], dim: number | { dim?: number } = 0): Tensor { return join.stack(tensors, dim); }
/** `torch.narrow(x, dim, start, length)`. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor { return join.narrow(x, dim, start, length); }
/** `torch.where(condition, x, y)`. */
export function where(condition: Tensor, x: TensorLike, y: TensorLike): Tensor { return wh.where(condition, x, y); }
/** `torch.permute(x, dims)`. */
export function permute(x: Tensor, dims: number[]): Tensor { return sh.permute(x, [dims]); }
/** `torch.square(x)`. */
export function square(x: Tensor): Tensor { return ew.pow(x, 2); }
/** `torch.numel(x)`. */
export function numel(x: Tensor): number { return x.numel(); }
/** `torch.is_tensor(x)`. */
export function is_tensor(x: unknown): x is Tensor { return x instanceof Tensor; }

/** `torch.autograd`: `grad(outputs, inputs, {grad_outputs, retain_graph, create_graph, allow_unused})` and `backward`. */
export const autograd = {
  grad: bw.grad,
  backward(tensors: Tensor | Tensor[], grad_tensors?: Tensor | Tensor[] | null, opts: BackwardOptions = {}): void {
    const ts = Array.isArray(tensors) ? tensors : [tensors];
    const gs = grad_tensors === undefined || grad_tensors === null ? [] : Array.isArray(grad_tensors) ? grad_tensors : [grad_tensors];
    ts.forEach((t, i) => bw.backward(t, gs[i] ?? null, i < ts.length - 1 ? { ...opts, retain_graph: true } : opts));
  },
};
