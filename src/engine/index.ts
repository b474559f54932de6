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

/** PyTorch's `torch.float`: another name for `torch.float32`. */
export const float = "float32" as const;
/** PyTorch's `torch.double`: another name for `torch.float64`. */
export const double = "float64" as const;

function T(x: TensorLike, name: string): Tensor {
  if (x instanceof Tensor) return x;
  throw new TorchError(`${name}(): argument 'input' (position 1) must be Tensor, not number`, { kind: "TypeError" });
}

/** PyTorch's `torch.add(a, b, alpha=1)`: a + alpha·b element-wise with broadcasting (Python's `a + b`). */
export function add(a: TensorLike, b: TensorLike, opts?: { alpha?: number }): Tensor { return ew.add(a, b, opts?.alpha ?? 1); }
/** PyTorch's `torch.sub(a, b, alpha=1)`: a - alpha·b element-wise with broadcasting (Python's `a - b`). */
export function sub(a: TensorLike, b: TensorLike, opts?: { alpha?: number }): Tensor { return ew.sub(a, b, opts?.alpha ?? 1); }
/** PyTorch's `torch.mul(a, b)`: element-wise product with broadcasting (Python's `a * b`); either may be a number. */
export function mul(a: TensorLike, b: TensorLike): Tensor { return ew.mul(a, b); }
/** PyTorch's `torch.div(a, b)`: element-wise true division with broadcasting (Python's `a / b`). */
export function div(a: TensorLike, b: TensorLike): Tensor { return ew.div(a, b); }
/** PyTorch's `torch.pow(a, b)`: a to the power b element-wise (Python's `a ** b`); either may be a number. */
export function pow(a: TensorLike, b: TensorLike): Tensor { return ew.pow(a, b); }
/** PyTorch's `torch.neg(x)`: -x element-wise (Python's `-x`). */
export function neg(x: Tensor): Tensor { return ew.neg(x); }
/** PyTorch's `torch.reciprocal(x)`: 1 / x element-wise. */
export function reciprocal(x: Tensor): Tensor { return ew.reciprocal(x); }
/** PyTorch's `torch.exp(x)`: e^x element-wise. */
export function exp(x: Tensor): Tensor { return un.exp(T(x, "exp")); }
/** PyTorch's `torch.log(x)`: the natural logarithm element-wise. */
export function log(x: Tensor): Tensor { return un.log(T(x, "log")); }
/** PyTorch's `torch.sqrt(x)`: the square root element-wise. */
export function sqrt(x: Tensor): Tensor { return un.sqrt(T(x, "sqrt")); }
/** PyTorch's `torch.abs(x)`: |x| element-wise. */
export function abs(x: Tensor): Tensor { return un.abs(T(x, "abs")); }
/** PyTorch's `torch.sign(x)`: -1, 0 or 1 element-wise (its gradient is zero). */
export function sign(x: Tensor): Tensor { return un.sign(T(x, "sign")); }
/** PyTorch's `torch.sin(x)`: the sine element-wise. */
export function sin(x: Tensor): Tensor { return un.sin(T(x, "sin")); }
/** PyTorch's `torch.cos(x)`: the cosine element-wise. */
export function cos(x: Tensor): Tensor { return un.cos(T(x, "cos")); }
/** PyTorch's `torch.tanh(x)`: the hyperbolic tangent element-wise. */
export function tanh(x: Tensor): Tensor { return un.tanh(T(x, "tanh")); }
/** PyTorch's `torch.sigmoid(x)`: 1 / (1 + e^-x) element-wise. */
export function sigmoid(x: Tensor): Tensor { return un.sigmoid(T(x, "sigmoid")); }
/** PyTorch's `torch.relu(x)`: max(x, 0) element-wise. */
export function relu(x: Tensor): Tensor { return un.relu(T(x, "relu")); }
/** PyTorch's `torch.clamp(x, min, max)`: each element limited to [min, max]. */
export function clamp(x: Tensor, min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor {
  return un.clamp(x, min, max);
}
/** PyTorch's `torch.sum(x, dim?, keepdim?)`: the sum of all elements, or along `dim`. */
export function sum(x: Tensor, dim?: number | number[] | DimOptions, keepdim?: boolean | DimOptions): Tensor { return red.sum(x, dim, keepdim); }
/** PyTorch's `torch.mean(x, dim?, keepdim?)`: the mean of all elements, or along `dim`. */
export function mean(x: Tensor, dim?: number | number[] | DimOptions, keepdim?: boolean | DimOptions): Tensor { return red.mean(x, dim, keepdim); }
/** PyTorch's `torch.max(x)` / `torch.max(x, dim)`: the largest element (a 0-d tensor), or along `dim` the named tuple `(values, indices)`. */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number | DimOptions, keepdim?: boolean | DimOptions): red.MaxResult;
export function max(x: Tensor, dim?: number | DimOptions, keepdim?: boolean | DimOptions): Tensor | red.MaxResult { return red.max(x, dim, keepdim, true); }
/** PyTorch's `torch.min(x)` / `torch.min(x, dim)`: the smallest element (a 0-d tensor), or along `dim` the named tuple `(values, indices)`. */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number | DimOptions, keepdim?: boolean | DimOptions): red.MaxResult;
export function min(x: Tensor, dim?: number | DimOptions, keepdim?: boolean | DimOptions): Tensor | red.MaxResult { return red.max(x, dim, keepdim, false); }
/** PyTorch's `torch.norm(x, p?, dim?, keepdim?)`: the p-norm (default 2) of all elements, or along `dim`. */
export function norm(x: Tensor, p?: number | (DimOptions & { p?: number }) | null, dim?: number | number[] | DimOptions, keepdim?: boolean): Tensor {
  return red.norm(x, p, dim, keepdim);
}
/** PyTorch's `torch.all(x)`: a bool tensor, true when every element is non-zero. */
export function all(x: Tensor): Tensor { return red.allAny(x, true); }
/** PyTorch's `torch.any(x)`: a bool tensor, true when some element is non-zero. */
export function any(x: Tensor): Tensor { return red.allAny(x, false); }
/** PyTorch's `torch.dot(a, b)`: the inner product of two 1-D tensors. */
export function dot(a: Tensor, b: Tensor): Tensor { return la.dot(a, b); }
/** PyTorch's `torch.mm(a, b)`: the matrix product of two 2-D tensors. */
export function mm(a: Tensor, b: Tensor): Tensor { return la.mm(a, b); }
/** PyTorch's `torch.mv(a, v)`: the product of a matrix and a vector. */
export function mv(a: Tensor, v: Tensor): Tensor { return la.mv(a, v); }
/** PyTorch's `torch.bmm(a, b)`: batched matrix product of two 3-D tensors. */
export function bmm(a: Tensor, b: Tensor): Tensor { return la.bmm(a, b); }
/** PyTorch's `torch.matmul(a, b)`: dot, matrix–vector, matrix or batched product by the inputs' dims (Python's `a @ b`). */
export function matmul(a: Tensor, b: Tensor): Tensor { return la.matmul(a, b); }
/** PyTorch's `torch.softmax(x, dim)`: e^x normalized to sum to 1 along `dim`. */
export function softmax(x: Tensor, dim: number | { dim: number }): Tensor { return act.softmax(x, dim, false); }
/** PyTorch's `torch.log_softmax(x, dim)`: log(softmax(x)) along `dim`, computed stably. */
export function log_softmax(x: Tensor, dim: number | { dim: number }): Tensor { return act.softmax(x, dim, true); }
/** PyTorch's `torch.reshape(x, shape)`: the values with a new shape (-1 infers one dimension), a view when possible. */
export function reshape(x: Tensor, ...shape: Array<number | number[]>): Tensor { return sh.view(x, shape, false); }
/** PyTorch's `torch.t(x)`: the transpose of a tensor of at most 2 dimensions. */
export function t(x: Tensor): Tensor { return sh.t(x); }
/** PyTorch's `torch.transpose(x, d0, d1)`: two dimensions swapped. */
export function transpose(x: Tensor, d0: number, d1: number): Tensor { return sh.transpose(x, d0, d1, "TransposeBackward0"); }
/** PyTorch's `torch.unsqueeze(x, dim)`: a new dimension of size 1 inserted at `dim`. */
export function unsqueeze(x: Tensor, dim: number): Tensor { return sh.unsqueeze(x, dim); }
/** PyTorch's `torch.squeeze(x, dim?)`: dimensions of size 1 removed (all, or only `dim`). */
export function squeeze(x: Tensor, dim?: number): Tensor { return sh.squeeze(x, dim); }
/** PyTorch's `torch.clone(x)`: a copy with its own storage that stays in the graph (CloneBackward0). */
export function clone(x: Tensor): Tensor { return sh.clone(x); }
/** PyTorch's `torch.detach(x)`: the same values as a new tensor cut from the graph (shares storage; no gradient flows through it). */
export function detach(x: Tensor): Tensor { return sh.detach(x, "detach"); }
/** PyTorch's `torch.eq(a, b)`: a bool tensor, true where a == b (Python's `a == b`). */
export function eq(a: TensorLike, b: TensorLike): Tensor { return cmp.compare(a, b, "eq"); }
/** PyTorch's `torch.ne(a, b)`: a bool tensor, true where a != b (Python's `a != b`). */
export function ne(a: TensorLike, b: TensorLike): Tensor { return cmp.compare(a, b, "ne"); }
/** PyTorch's `torch.gt(a, b)`: a bool tensor, true where a > b (Python's `a > b`). */
export function gt(a: TensorLike, b: TensorLike): Tensor { return cmp.compare(a, b, "gt"); }
/** PyTorch's `torch.lt(a, b)`: a bool tensor, true where a < b (Python's `a < b`). */
export function lt(a: TensorLike, b: TensorLike): Tensor { return cmp.compare(a, b, "lt"); }
/** PyTorch's `torch.ge(a, b)`: a bool tensor, true where a >= b (Python's `a >= b`). */
export function ge(a: TensorLike, b: TensorLike): Tensor { return cmp.compare(a, b, "ge"); }
/** PyTorch's `torch.le(a, b)`: a bool tensor, true where a <= b (Python's `a <= b`). */
export function le(a: TensorLike, b: TensorLike): Tensor { return cmp.compare(a, b, "le"); }
/** PyTorch's `torch.equal(a, b)`: true when both have the same shape and the same elements. */
export function equal(a: Tensor, b: Tensor): boolean { return cmp.equal(a, b); }
/** PyTorch's `torch.allclose(a, b, {rtol, atol})`: true when |a - b| <= atol + rtol·|b| everywhere. */
export function allclose(a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): boolean { return cmp.allclose(a, b, opts); }
/** PyTorch's `torch.cat(tensors, dim=0)`: the tensors joined along an existing dimension `dim`. */
export function cat(tensors: Tensor[], dim: number | { dim?: number } = 0): Tensor { return join.cat(tensors, dim); }
/** PyTorch's `torch.stack(tensors, dim=0)`: the tensors joined along a new dimension `dim`. */
export function stack(tensors: Tensor[], dim: number | { dim?: number } = 0): Tensor { return join.stack(tensors, dim); }
/** PyTorch's `torch.narrow(x, dim, start, length)`: elements start … start+length-1 along `dim`. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor { return join.narrow(x, dim, start, length); }
/** PyTorch's `torch.where(condition, x, y)`: elements of `x` where `condition` is true, else of `y`. */
export function where(condition: Tensor, x: TensorLike, y: TensorLike): Tensor { return wh.where(condition, x, y); }
/** PyTorch's `torch.permute(x, dims)`: the dimensions reordered. */
export function permute(x: Tensor, dims: number[]): Tensor { return sh.permute(x, [dims]); }
/** PyTorch's `torch.square(x)`: x² element-wise. */
export function square(x: Tensor): Tensor { return ew.pow(x, 2); }
/** PyTorch's `torch.numel(x)`: the number of elements. */
export function numel(x: Tensor): number { return x.numel(); }
/** PyTorch's `torch.is_tensor(x)`: true when `x` is a Tensor. */
export function is_tensor(x: unknown): x is Tensor { return x instanceof Tensor; }

/** PyTorch's `torch.autograd`: `grad(outputs, inputs, …)` returns gradients without touching `.grad`; `backward(tensors, …)` fills `.grad`. */
export const autograd = {
  /** PyTorch's `torch.autograd.grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False)`: d outputs / d inputs, returned (not accumulated into `.grad`). */
  grad: bw.grad,
  /** PyTorch's `torch.autograd.backward(tensors, grad_tensors=None, …)`: `backward()` of each tensor, accumulating into the leaves' `.grad`. */
  backward(tensors: Tensor | Tensor[], grad_tensors?: Tensor | Tensor[] | null, opts: BackwardOptions = {}): void {
    const ts = Array.isArray(tensors) ? tensors : [tensors];
    const gs = grad_tensors === undefined || grad_tensors === null ? [] : Array.isArray(grad_tensors) ? grad_tensors : [grad_tensors];
    ts.forEach((t, i) => bw.backward(t, gs[i] ?? null, i < ts.length - 1 ? { ...opts, retain_graph: true } : opts));
  },
};
