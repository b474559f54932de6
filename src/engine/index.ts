/**
 * The snippet API: `import * as torch from "autograd-lens"`. Names follow PyTorch so course code translates line
 * by line; keyword arguments become a trailing options object.
 *
 * Each op module defines its ops once (forward, backward, formula text) and exports exactly its public `torch.*`
 * functions; the same module installs the Tensor methods. This file only gathers the modules.
 */
export { Tensor, type TensorLike, type DimOptions, type BackwardOptions } from "./tensor.js";
export * from "./ops/elementwise.js";
export * from "./ops/rounding.js";
export * from "./ops/unary.js";
export * from "./ops/reduce.js";
export * from "./ops/linalg.js";
export * from "./ops/activation.js";
export * from "./ops/shape.js";
export * from "./ops/compare.js";
export * from "./ops/join.js";
export * from "./ops/indexing.js";
export * from "./ops/more.js";
export * from "./ops/where.js";
export * from "./ops/misc.js";
// Method-only modules (in-place ops, hooks, backward): imported for the methods they install.
import "./ops/inplace.js";
import "./ops/inplace_unary.js";
export { type GradOptions } from "./autograd/backward.js";
/** PyTorch's `torch.autograd`: `grad`, `backward`, `functional`, `gradcheck`, `gradgradcheck`, `Function`. */
export * as autograd from "./autograd/namespace.js";
/** PyTorch's `torch.nn`: `Module`, layers, losses, `functional` and `init`. */
export * as nn from "./nn/index.js";
/** PyTorch's `torch.optim`: `SGD` and `Adam`. */
export * as optim from "./optim/index.js";
export type { DType } from "./dtype.js";
export { float32, float64, int64, bool } from "./dtype.js";
export {
  tensor, arange, zeros, ones, empty, full, zeros_like, ones_like, rand_like, randn_like, eye, linspace, rand, randn,
  manual_seed, type CreateOptions, type NestedData,
} from "./creation.js";
export { no_grad, enable_grad, is_grad_enabled, set_grad_enabled, set_default_dtype, get_default_dtype } from "./grad_mode.js";

/** PyTorch's `torch.float`: another name for `torch.float32`. */
export const float = "float32" as const;
/** PyTorch's `torch.double`: another name for `torch.float64`. */
export const double = "float64" as const;
/** PyTorch's `torch.long`: another name for `torch.int64`. */
export const long = "int64" as const;
