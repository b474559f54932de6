/**
 * In-place unary ops (`x.sin_()`, `x.relu_()`, `x.clamp_(min, max)`, …): the out-of-place op applied to the old
 * value, written back into `x` (inplace.ts): `x`'s version counter moves, its grad_fn becomes the op's node, and a
 * backward that needs a value saved before the change fails with PyTorch's "modified by an inplace operation" text.
 */
import type { Tensor, TensorLike } from "../tensor.js";
import { inplace, snapshot } from "./inplace.js";
import { installMethods, type Method } from "./method.js";

/** PyTorch's `x.sin_()`: sin x, in place. */
function sin_(input: Tensor): Tensor { return inplace(input, "sin_", () => snapshot(input).sin()); }
/** PyTorch's `x.cos_()`: cos x, in place. */
function cos_(input: Tensor): Tensor { return inplace(input, "cos_", () => snapshot(input).cos()); }
/** PyTorch's `x.exp_()`: e^x, in place. */
function exp_(input: Tensor): Tensor { return inplace(input, "exp_", () => snapshot(input).exp()); }
/** PyTorch's `x.log_()`: the natural logarithm, in place. */
function log_(input: Tensor): Tensor { return inplace(input, "log_", () => snapshot(input).log()); }
/** PyTorch's `x.sqrt_()`: the square root, in place. */
function sqrt_(input: Tensor): Tensor { return inplace(input, "sqrt_", () => snapshot(input).sqrt()); }
/** PyTorch's `x.abs_()`: |x|, in place. */
function abs_(input: Tensor): Tensor { return inplace(input, "abs_", () => snapshot(input).abs()); }
/** PyTorch's `x.neg_()`: -x, in place. */
function neg_(input: Tensor): Tensor { return inplace(input, "neg_", () => snapshot(input).neg()); }
/** PyTorch's `x.reciprocal_()`: 1 / x, in place. */
function reciprocal_(input: Tensor): Tensor { return inplace(input, "reciprocal_", () => snapshot(input).reciprocal()); }
/** PyTorch's `x.tanh_()`: tanh x, in place. */
function tanh_(input: Tensor): Tensor { return inplace(input, "tanh_", () => snapshot(input).tanh()); }
/** PyTorch's `x.sigmoid_()`: 1 / (1 + e^-x), in place. */
function sigmoid_(input: Tensor): Tensor { return inplace(input, "sigmoid_", () => snapshot(input).sigmoid()); }
/** PyTorch's `x.relu_()`: max(x, 0), in place. */
function relu_(input: Tensor): Tensor { return inplace(input, "relu_", () => snapshot(input).relu()); }
/** PyTorch's `x.sign_()`: -1, 0 or 1, in place. */
function sign_(input: Tensor): Tensor { return inplace(input, "sign_", () => snapshot(input).sign()); }
/** PyTorch's `x.square_()`: x², in place. */
function square_(input: Tensor): Tensor { return inplace(input, "square_", () => snapshot(input).square()); }
/** PyTorch's `x.pow_(exponent)`: x ** exponent, in place. */
function pow_(input: Tensor, exponent: TensorLike): Tensor { return inplace(input, "pow_", () => snapshot(input).pow(exponent)); }
/** PyTorch's `x.clamp_(min=None, max=None)`: each element limited to [min, max], in place. */
function clamp_(input: Tensor, min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor {
  return inplace(input, "clamp_", () => snapshot(input).clamp(min, max));
}

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.sin_()`: sin x, in place. */
    sin_: Method<typeof sin_>;
    /** PyTorch's `x.cos_()`: cos x, in place. */
    cos_: Method<typeof cos_>;
    /** PyTorch's `x.exp_()`: e^x, in place. */
    exp_: Method<typeof exp_>;
    /** PyTorch's `x.log_()`: the natural logarithm, in place. */
    log_: Method<typeof log_>;
    /** PyTorch's `x.sqrt_()`: the square root, in place. */
    sqrt_: Method<typeof sqrt_>;
    /** PyTorch's `x.abs_()`: |x|, in place. */
    abs_: Method<typeof abs_>;
    /** PyTorch's `x.neg_()`: -x, in place. */
    neg_: Method<typeof neg_>;
    /** PyTorch's `x.reciprocal_()`: 1 / x, in place. */
    reciprocal_: Method<typeof reciprocal_>;
    /** PyTorch's `x.tanh_()`: tanh x, in place. */
    tanh_: Method<typeof tanh_>;
    /** PyTorch's `x.sigmoid_()`: 1 / (1 + e^-x), in place. */
    sigmoid_: Method<typeof sigmoid_>;
    /** PyTorch's `x.relu_()`: max(x, 0), in place. */
    relu_: Method<typeof relu_>;
    /** PyTorch's `x.sign_()`: -1, 0 or 1, in place. */
    sign_: Method<typeof sign_>;
    /** PyTorch's `x.square_()`: x², in place. */
    square_: Method<typeof square_>;
    /** PyTorch's `x.pow_(exponent)`: x ** exponent, in place. */
    pow_: Method<typeof pow_>;
    /** PyTorch's `x.clamp_(min=None, max=None)`: each element limited to [min, max], in place. */
    clamp_: Method<typeof clamp_>;
  }
}
installMethods({ sin_, cos_, exp_, log_, sqrt_, abs_, neg_, reciprocal_, tanh_, sigmoid_, relu_, sign_, square_, pow_, clamp_ });
