import { TorchError } from "../errors.js";
import { allocStorage } from "../dtype.js";
import { fresh } from "../autograd/record.js";
import { Tensor } from "../tensor.js";
import { state } from "../state.js";
import { Module, Parameter } from "./module.js";
import * as F from "./functional.js";
import { kaiming_uniform_, uniform_ } from "./init.js";
import type { Indices } from "../ops/index_map.js";

/** PyTorch's `nn.Linear(in_features, out_features, bias=True)`: y = x Wᵀ + b, W of shape [out, in] (AddmmBackward0). */
export class Linear extends Module {
  /** PyTorch's `Linear.in_features`: the size of each input sample. */
  readonly in_features: number;
  /** PyTorch's `Linear.out_features`: the size of each output sample. */
  readonly out_features: number;
  /** PyTorch's `Linear.weight`: the learnable [out_features, in_features] matrix W (a Parameter). */
  weight: Tensor;
  /** PyTorch's `Linear.bias`: the learnable [out_features] vector b, or None for `bias: false`. */
  bias: Tensor | null;
  constructor(in_features: number, out_features: number, opts?: { bias?: boolean }) {
    super();
    this.in_features = in_features;
    this.out_features = out_features;
    // PyTorch's reset_parameters: kaiming_uniform_(a=√5) for the weight, U(±1/√fan_in) for the bias.
    const dt = state.defaultDtype;
    this.weight = Parameter(fresh(allocStorage(dt, in_features * out_features), [out_features, in_features], dt, "empty"));
    kaiming_uniform_(this.weight, Math.sqrt(5));
    if (opts?.bias ?? true) {
      const bound = in_features > 0 ? 1 / Math.sqrt(in_features) : 0;
      this.bias = Parameter(fresh(allocStorage(dt, out_features), [out_features], dt, "empty"));
      uniform_(this.bias, -bound, bound);
    } else this.bias = null;
  }
  override forward(input: Tensor): Tensor { return F.linear(input, this.weight, this.bias); }
  override extra_repr(): string { return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${this.bias !== null ? "True" : "False"}`; }
}

/** PyTorch's `nn.ReLU()`: max(x, 0) (ReluBackward0). */
export class ReLU extends Module {
  override forward(input: Tensor): Tensor { return F.relu(input); }
}
/** PyTorch's `nn.Tanh()` (TanhBackward0). */
export class Tanh extends Module {
  override forward(input: Tensor): Tensor { return F.tanh(input); }
}
/** PyTorch's `nn.Sigmoid()` (SigmoidBackward0). */
export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor { return F.sigmoid(input); }
}

/** PyTorch's `nn.Sequential(m0, m1, …)`: the modules applied in order; parameters named `0.weight`, `2.bias`, … */
export class Sequential extends Module {
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => { (this as unknown as Record<string, Module>)[String(i)] = m; });
  }
  override forward(input: Tensor): Tensor {
    let x = input;
    for (const m of this.children()) x = m(x);
    return x;
  }
}

type Reduction = F.Reduction;
function reductionOpt(opts?: { reduction?: Reduction }): Reduction {
  return opts?.reduction ?? "mean";
}

/** PyTorch's `nn.MSELoss(reduction='mean')`: `loss(input, target)` is F.mse_loss (MseLossBackward0). */
export class MSELoss extends Module {
  /** PyTorch's `reduction`: 'mean' (default), 'sum' or 'none' (one loss per element). */
  readonly reduction: Reduction;
  constructor(opts?: { reduction?: Reduction }) { super(); this.reduction = reductionOpt(opts); }
  override forward(input: Tensor, target?: unknown): Tensor { return F.mse_loss(input, tensorArg(target, "MSELoss"), { reduction: this.reduction }); }
}
/** PyTorch's `nn.CrossEntropyLoss(reduction='mean')`: `loss(logits, classes)` is F.cross_entropy (NllLossBackward0). */
export class CrossEntropyLoss extends Module {
  /** PyTorch's `reduction`: 'mean' (default), 'sum' or 'none' (one loss per element). */
  readonly reduction: Reduction;
  constructor(opts?: { reduction?: Reduction }) { super(); this.reduction = reductionOpt(opts); }
  override forward(input: Tensor, target?: unknown): Tensor { return F.cross_entropy(input, target as Indices, { reduction: this.reduction }); }
}
/** PyTorch's `nn.BCEWithLogitsLoss(reduction='mean')`: F.binary_cross_entropy_with_logits. */
export class BCEWithLogitsLoss extends Module {
  /** PyTorch's `reduction`: 'mean' (default), 'sum' or 'none' (one loss per element). */
  readonly reduction: Reduction;
  constructor(opts?: { reduction?: Reduction }) { super(); this.reduction = reductionOpt(opts); }
  override forward(input: Tensor, target?: unknown): Tensor { return F.binary_cross_entropy_with_logits(input, tensorArg(target, "BCEWithLogitsLoss"), { reduction: this.reduction }); }
}

function tensorArg(t: unknown, who: string): Tensor {
  if (t instanceof Tensor) return t;
  throw new TorchError(`${who}.forward() missing 1 required positional argument: 'target' (a tensor)`, { kind: "TypeError" });
}
