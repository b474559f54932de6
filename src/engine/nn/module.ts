import { TorchError } from "../errors.js";
import { state } from "../state.js";
import { Tensor } from "../tensor.js";

/** Tensors made by `nn.Parameter` (a module's parameters are exactly its attributes that are in this set). */
const PARAMETERS = new WeakSet<Tensor>();
/** Parameters whose name the observer has heard already. */
const NAMED = new WeakSet<Tensor>();

/** PyTorch's `nn.Parameter(data, requires_grad=True)`: a leaf tensor sharing `data`'s storage that modules register. */
export function Parameter(data: Tensor, requires_grad = true): Tensor {
  const p = data.detach().requires_grad_(requires_grad);
  PARAMETERS.add(p);
  return p;
}

/** Whether `t` was made by `nn.Parameter`. */
export function isParameter(t: unknown): t is Tensor {
  return t instanceof Tensor && PARAMETERS.has(t);
}

/** A module as a snippet uses it: callable like PyTorch's (`model(x)` runs `forward`). */
export interface Module {
  /** PyTorch's `model(x)`: runs `forward(x)`. */
  (input: Tensor, ...rest: unknown[]): Tensor;
  /** PyTorch's `forward(x)`: what calling the module computes (subclasses define it). */
  forward(input: Tensor, ...rest: unknown[]): Tensor;
  /** PyTorch's `training`: true after `train()`, false after `eval()`. */
  training: boolean;
  /** PyTorch's `parameters()`: every parameter of this module and its submodules, in registration order. */
  parameters(): Tensor[];
  /** PyTorch's `named_parameters()`: `[name, parameter]` pairs such as `["fc1.weight", w]`. */
  named_parameters(): Array<[string, Tensor]>;
  /** PyTorch's `children()`: the direct submodules. */
  children(): Module[];
  /** PyTorch's `named_children()`: `[name, submodule]` pairs. */
  named_children(): Array<[string, Module]>;
  /** PyTorch's `modules()`: this module and every submodule, depth first. */
  modules(): Module[];
  /** PyTorch's `zero_grad(set_to_none=False)` (1.13's default): each parameter's `.grad` zeroed in place (or set to null). */
  zero_grad(set_to_none?: boolean): void;
  /** PyTorch's `train(mode=True)`. */
  train(mode?: boolean): Module;
  /** PyTorch's `eval()`: `train(false)`. */
  eval(): Module;
  /** PyTorch's `extra_repr()`: the text inside the parentheses of this module's repr. */
  extra_repr(): string;
}

function attrs(m: object): Array<[string, unknown]> {
  return Object.keys(m).map((k) => [k, (m as Record<string, unknown>)[k]]);
}

function isModule(x: unknown): x is Module {
  return typeof x === "function" && x instanceof ModuleBase;
}

/**
 * The base of every module. Its constructor returns a function object whose prototype is the subclass's, so an
 * instance is callable (`model(x)`) and still has its class's methods and fields; attributes holding parameters or
 * modules are registered by being there, in assignment order, as PyTorch's `__setattr__` registers them.
 */
class ModuleBase {
  constructor() {
    const self = ((input: Tensor, ...rest: unknown[]): Tensor => call(self as unknown as Module, input, rest)) as unknown as ModuleBase;
    Object.setPrototypeOf(self, new.target.prototype);
    Object.defineProperty(self, "training", { value: true, writable: true, enumerable: false, configurable: true });
    return self;
  }

  forward(_input: Tensor, ..._rest: unknown[]): Tensor {
    throw new TorchError(`Module [${this.constructor.name}] is missing the required "forward" function`, { kind: "NotImplementedError" });
  }

  named_parameters(): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    const seen = new Set<Tensor>();
    const walk = (m: object, prefix: string): void => {
      for (const [k, v] of attrs(m)) if (isParameter(v) && !seen.has(v)) { seen.add(v); out.push([prefix + k, v]); }
      for (const [k, v] of attrs(m)) if (isModule(v)) walk(v, `${prefix}${k}.`);
    };
    walk(this, "");
    for (const [name, p] of out) announce(p, name);
    return out;
  }

  parameters(): Tensor[] {
    return this.named_parameters().map(([, p]) => p);
  }

  named_children(): Array<[string, Module]> {
    return attrs(this).filter((e): e is [string, Module] => isModule(e[1]));
  }

  children(): Module[] {
    return this.named_children().map(([, m]) => m);
  }

  modules(): Module[] {
    const out: Module[] = [this as unknown as Module];
    for (const c of this.children()) out.push(...c.modules());
    return out;
  }

  zero_grad(set_to_none = false): void {
    for (const p of this.parameters()) zeroGrad(p, set_to_none);
  }

  train(mode = true): Module {
    for (const m of this.modules()) (m as { training: boolean }).training = mode;
    return this as unknown as Module;
  }

  eval(): Module {
    return this.train(false);
  }

  extra_repr(): string {
    return "";
  }

  /** PyTorch's repr: `Sequential(\n  (0): Linear(in_features=3, out_features=4, bias=True)\n …)`. */
  toString(): string {
    const kids = this.named_children();
    const name = this.constructor.name;
    if (kids.length === 0) return `${name}(${this.extra_repr()})`;
    const lines = kids.map(([k, m]) => `  (${k}): ${m.toString().split("\n").join("\n  ")}`);
    const extra = this.extra_repr();
    return `${name}(\n${extra === "" ? "" : `  ${extra}\n`}${lines.join("\n")}\n)`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Tells the observer the parameter's PyTorch name once (the view labels the tensor with it). */
function announce(p: Tensor, name: string): void {
  if (NAMED.has(p)) return;
  NAMED.add(p);
  const o = state.observer;
  if (o !== null && o.tensorNamed !== undefined) o.tensorNamed({ tensor: p, name });
}

function call(m: Module, input: Tensor, rest: unknown[]): Tensor {
  m.named_parameters();
  return m.forward(input, ...rest);
}

/** `p.grad` cleared as PyTorch's zero_grad does: detached and zeroed in place, or set to null. */
export function zeroGrad(p: Tensor, setToNone: boolean): void {
  const g = p._grad;
  if (g === null) return;
  if (setToNone) {
    p.grad = null;
    return;
  }
  if (g.grad_fn !== null) g.detach_();
  else g.requires_grad_(false);
  g.zero_();
}

/** PyTorch's `torch.nn.Module`: subclass it, assign layers and parameters in the constructor, define `forward`. */
export const Module = ModuleBase as unknown as { new (): Module; readonly prototype: Module };
