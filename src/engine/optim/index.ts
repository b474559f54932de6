/**
 * `torch.optim`: SGD (momentum, dampening, nesterov, weight_decay) and Adam (betas, eps, weight_decay, amsgrad),
 * PyTorch 1.13's single-tensor algorithms step for step. Updates are in place under no_grad, as PyTorch's: each
 * parameter's version counter moves and the observer hears an in-place change named "step".
 */
import { reportChanged } from "../autograd/report.js";
import { TorchError } from "../errors.js";
import type { Tensor } from "../tensor.js";
import { zeroGrad } from "../nn/module.js";

/** What an optimizer takes as its parameters: an array (or any iterable) of tensors, e.g. `model.parameters()`. */
export type Params = Iterable<Tensor>;

/** PyTorch's `torch.optim.Optimizer`: holds the parameters, `zero_grad()` and `step()`. */
export abstract class Optimizer {
  /** PyTorch's `param_groups` (one group here), with the hyperparameters a learning-rate change edits. */
  readonly param_groups: Array<{ params: Tensor[]; lr: number }>;
  protected constructor(params: Params, lr: number) {
    const list = [...params];
    if (list.length === 0) throw new TorchError("optimizer got an empty parameter list", { kind: "ValueError" });
    if (!(lr >= 0)) throw new TorchError(`Invalid learning rate: ${lr}`, { kind: "ValueError" });
    this.param_groups = [{ params: list, lr }];
  }
  /** PyTorch's `zero_grad(set_to_none=False)` (1.13's default): every parameter's `.grad` zeroed in place, or set to null. */
  zero_grad(set_to_none = false): void {
    for (const g of this.param_groups) for (const p of g.params) zeroGrad(p, set_to_none);
  }
  /** PyTorch's `step()`: one update of every parameter that has a `.grad`. */
  abstract step(): void;
}

function update(p: Tensor): void {
  p._bumpVersion();
  reportChanged(p, "step");
}

/** Options of `SGD`. */
export interface SGDOptions { lr: number; momentum?: number; dampening?: number; weight_decay?: number; nesterov?: boolean; maximize?: boolean }

/** PyTorch's `torch.optim.SGD(params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False)`. */
export class SGD extends Optimizer {
  /** PyTorch's `momentum` (default 0): the weight of the previous step's velocity. */
  readonly momentum: number;
  /** PyTorch's `dampening` (default 0): how much of the new gradient the momentum buffer damps. */
  readonly dampening: number;
  /** PyTorch's `weight_decay` (default 0): the L2 penalty added to each gradient (weight_decay · param). */
  readonly weight_decay: number;
  /** PyTorch's `nesterov` (default false): Nesterov momentum. */
  readonly nesterov: boolean;
  /** PyTorch's `maximize` (default false): step along the gradient instead of against it. */
  readonly maximize: boolean;
  private readonly buffers = new Map<Tensor, Float64Array>();
  constructor(params: Params, opts: SGDOptions) {
    super(params, opts.lr);
    this.momentum = opts.momentum ?? 0;
    this.dampening = opts.dampening ?? 0;
    this.weight_decay = opts.weight_decay ?? 0;
    this.nesterov = opts.nesterov ?? false;
    this.maximize = opts.maximize ?? false;
    if (this.momentum < 0) throw new TorchError(`Invalid momentum value: ${this.momentum}`, { kind: "ValueError" });
    if (this.weight_decay < 0) throw new TorchError(`Invalid weight_decay value: ${this.weight_decay}`, { kind: "ValueError" });
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) throw new TorchError("Nesterov momentum requires a momentum and zero dampening", { kind: "ValueError" });
  }
  step(): void {
    const lr = this.param_groups[0]!.lr;
    for (const p of this.param_groups[0]!.params) {
      const gt = p._grad;
      if (gt === null) continue;
      const x = p.storage;
      const g = gt.storage;
      let buf = this.buffers.get(p);
      const first = buf === undefined;
      if (first && this.momentum !== 0) this.buffers.set(p, (buf = new Float64Array(x.length)));
      for (let i = 0; i < x.length; i++) {
        let d = g[i]!;
        if (this.weight_decay !== 0) d += this.weight_decay * x[i]!;
        if (this.momentum !== 0) {
          const b = first ? d : this.momentum * buf![i]! + (1 - this.dampening) * d;
          buf![i] = b;
          d = this.nesterov ? d + this.momentum * b : b;
        }
        x[i] = x[i]! + (this.maximize ? lr : -lr) * d;
      }
      update(p);
    }
  }
}

/** Options of `Adam`. */
export interface AdamOptions { lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; amsgrad?: boolean; maximize?: boolean }

/** PyTorch's `torch.optim.Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False)`. */
export class Adam extends Optimizer {
  /** PyTorch's `betas` (default [0.9, 0.999]): the decay rates of the running averages of the gradient and its square. */
  readonly betas: [number, number];
  /** PyTorch's `eps` (default 1e-8): added to the denominator for numerical stability. */
  readonly eps: number;
  /** PyTorch's `weight_decay` (default 0): the L2 penalty added to each gradient (weight_decay · param). */
  readonly weight_decay: number;
  /** PyTorch's `amsgrad` (default false): use the maximum of past squared-gradient averages (AMSGrad). */
  readonly amsgrad: boolean;
  /** PyTorch's `maximize` (default false): step along the gradient instead of against it. */
  readonly maximize: boolean;
  private readonly state = new Map<Tensor, { step: number; m: Float64Array; v: Float64Array; vmax: Float64Array | null }>();
  constructor(params: Params, opts: AdamOptions = {}) {
    super(params, opts.lr ?? 1e-3);
    this.betas = opts.betas ?? [0.9, 0.999];
    this.eps = opts.eps ?? 1e-8;
    this.weight_decay = opts.weight_decay ?? 0;
    this.amsgrad = opts.amsgrad ?? false;
    this.maximize = opts.maximize ?? false;
    for (const [i, b] of this.betas.entries()) if (!(b >= 0 && b < 1)) throw new TorchError(`Invalid beta parameter at index ${i}: ${b}`, { kind: "ValueError" });
  }
  step(): void {
    const lr = this.param_groups[0]!.lr;
    const [b1, b2] = this.betas;
    for (const p of this.param_groups[0]!.params) {
      const gt = p._grad;
      if (gt === null) continue;
      const x = p.storage;
      const g = gt.storage;
      let s = this.state.get(p);
      if (s === undefined) this.state.set(p, (s = { step: 0, m: new Float64Array(x.length), v: new Float64Array(x.length), vmax: this.amsgrad ? new Float64Array(x.length) : null }));
      s.step++;
      const c1 = 1 - Math.pow(b1, s.step);
      const c2 = 1 - Math.pow(b2, s.step);
      const stepSize = lr / c1;
      const c2s = Math.sqrt(c2);
      for (let i = 0; i < x.length; i++) {
        let d = this.maximize ? -g[i]! : g[i]!;
        if (this.weight_decay !== 0) d += this.weight_decay * x[i]!;
        const m = (s.m[i] = b1 * s.m[i]! + (1 - b1) * d);
        const v = (s.v[i] = b2 * s.v[i]! + (1 - b2) * d * d);
        let vv = v;
        if (s.vmax !== null) vv = s.vmax[i] = Math.max(s.vmax[i]!, v);
        x[i] = x[i]! - stepSize * (m / (Math.sqrt(vv) / c2s + this.eps));
      }
      update(p);
    }
  }
}
