/**
 * PyTorch's `torch.autograd.Function`: a learner writes `forward` and `backward` by hand.
 *
 *   class Exp extends torch.autograd.Function {
 *     static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { const r = x.exp(); ctx.save_for_backward(r); return r; }
 *     static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) { const [r] = ctx.saved_tensors; return g.mul(r!); }
 *   }
 *   const y = Exp.apply(x);   // y.grad_fn.name() is "ExpBackward", as in PyTorch
 *
 * `forward` runs with grad mode off; its output gets one node named `<Class>Backward` whose edges lead to the
 * tensor arguments, and whose backward calls the class's `backward` (one gradient per forward argument, null for
 * non-tensors or no gradient). Saved tensors go through the node, so PyTorch's version-counter and freed-graph
 * errors apply to them.
 *
 * A forward that returns an array (Python's tuple) gives a node with one output per element, as PyTorch's: every
 * differentiable tensor output shares the node (`[node, k]` edges), and `backward(ctx, g0, g1, …)` gets one
 * gradient per element — zeros of the output's shape and dtype where none arrived or the output was marked
 * non-differentiable (null after `ctx.set_materialize_grads(false)`), null for an element that is no tensor.
 */
import { allocStorage } from "../dtype.js";
import { TorchError } from "../errors.js";
import { state } from "../state.js";
import { Tensor } from "../tensor.js";
import { GradFn, type OpDef } from "./node.js";
import { edgeOf } from "./record.js";
import { reportChanged } from "./report.js";

/** Zeros of an output's shape and dtype (a constant: never reported, never requires grad). */
function zeros(shape: readonly number[], dtype: Tensor["dtype"]): Tensor {
  state.silent++;
  try {
    let n = 1;
    for (const d of shape) n *= d;
    return new Tensor(allocStorage(dtype, n), shape.slice(), dtype);
  } finally {
    state.silent--;
  }
}

/** PyTorch's `ctx` of a custom Function: saved tensors, `needs_input_grad`, and any attribute the forward sets. */
export class FunctionCtx {
  /** PyTorch's `ctx.needs_input_grad`: for each forward argument, whether its gradient is wanted. */
  needs_input_grad: boolean[] = [];
  /** @internal tensors passed to save_for_backward. */
  _toSave: Tensor[] = [];
  /** @internal the node, once the forward has run. */
  _node: GradFn | null = null;
  /** @internal outputs marked non-differentiable. */
  _nonDiff = new Set<Tensor>();
  /** @internal whether missing output gradients arrive as zeros (PyTorch's default) or as None. */
  _materialize = true;
  /** Attributes a forward stores for its backward (`ctx.constant = 2` in Python). */
  [attr: string]: unknown;

  /** PyTorch's `ctx.save_for_backward(*tensors)`: keeps tensors for backward (read them back with `saved_tensors`). */
  save_for_backward(...tensors: Array<Tensor | null>): void {
    this._toSave = tensors.filter((t): t is Tensor => t instanceof Tensor);
  }

  /** PyTorch's `ctx.saved_tensors`: what save_for_backward kept; fails if an in-place op changed one since, or after the graph was freed. */
  get saved_tensors(): Tensor[] {
    const n = this._node;
    if (n === null) return this._toSave.slice();
    return n.saved.length === 0 && n.freed ? [n.get(0)] : n.saved.map((_t, i) => n.get(i));
  }

  /**
   * PyTorch's `ctx.set_materialize_grads(value)`: with false, `backward` gets null (None) instead of zeros for an
   * output no gradient reached.
   */
  set_materialize_grads(value: boolean): void {
    this._materialize = value;
  }

  /** PyTorch's `ctx.mark_non_differentiable(*outputs)`: those outputs never require grad (e.g. indices). */
  mark_non_differentiable(...tensors: Tensor[]): void {
    for (const t of tensors) this._nonDiff.add(t);
  }
}

/** PyTorch's `torch.autograd.Function`: subclass it with static `forward(ctx, …)` and `backward(ctx, …grads)`, call `apply`. */
export class Function {
  /** PyTorch's `forward(ctx, *args)`: computes the outputs (grad mode is off inside). */
  static forward(_ctx: FunctionCtx, ..._args: unknown[]): unknown {
    throw new TorchError("You must implement the forward function for custom autograd.Function.", { kind: "NotImplementedError" });
  }

  /** PyTorch's `backward(ctx, *grad_outputs)`: one gradient per forward argument (null where there is none). */
  static backward(_ctx: FunctionCtx, ..._grads: Tensor[]): unknown {
    throw new TorchError("You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.", { kind: "NotImplementedError" });
  }

  /** PyTorch's `MyFunction.apply(*args)`: runs forward and records the `MyFunctionBackward` node. */
  static apply<A extends unknown[], R>(this: { forward(ctx: FunctionCtx, ...args: A): R; backward(ctx: FunctionCtx, ...grads: Tensor[]): unknown; name: string }, ...args: A): R {
    const cls = this;
    const ctx = new FunctionCtx();
    ctx.needs_input_grad = args.map((a) => a instanceof Tensor && a.requires_grad && state.gradEnabled);
    const prev = state.gradEnabled;
    state.gradEnabled = false;
    let out: R;
    try {
      out = cls.forward(ctx, ...args);
    } finally {
      state.gradEnabled = prev;
    }
    const items: unknown[] = Array.isArray(out) ? (out as unknown[]) : [out];
    const tensorArgs: Array<{ t: Tensor; at: number }> = [];
    args.forEach((a, i) => { if (a instanceof Tensor) tensorArgs.push({ t: a, at: i }); });
    if (!state.gradEnabled || !tensorArgs.some(({ t }) => t.requires_grad)) return out;
    const name = `${cls.name}Backward`;
    const inputGrads = (r: unknown): Array<Tensor | null> => {
      const grads = Array.isArray(r) ? (r as unknown[]) : [r];
      if (grads.length !== args.length) {
        throw new TorchError(`function ${name} returned an incorrect number of gradients (expected ${args.length}, got ${grads.length})`);
      }
      return tensorArgs.map(({ at }) => {
        const gi = grads[at];
        return gi instanceof Tensor ? gi : null;
      });
    };
    // Each output's shape and dtype, for the zeros PyTorch materializes where no gradient arrived.
    const meta = items.map((o) => (o instanceof Tensor ? { shape: o._shape.slice(), dtype: o.dtype } : null));
    const def: OpDef<FunctionCtx> = {
      name,
      saves: ctx._toSave.map((_t, i) => `saved_tensors[${i}]`),
      formulas: tensorArgs.map(({ at }) => `∂out/∂input${at} = ${cls.name}.backward (written by hand)`),
      backward: (_n, g) => inputGrads(cls.backward(ctx, g)),
      backwardAll: (_n, gs) => inputGrads(cls.backward(ctx, ...gs.map((g, k) => {
        const m = meta[k] ?? null;
        return g ?? (ctx._materialize && m !== null ? zeros(m.shape, m.dtype) : null);
      }) as Tensor[])),
    };
    const next = tensorArgs.map(({ t }) => edgeOf(t));
    const node = new GradFn<FunctionCtx>(def, next, ctx._toSave.slice(), ctx, null);
    node._nOut = items.length;
    ctx._node = node as GradFn;
    items.forEach((o, k) => {
      if (!(o instanceof Tensor) || ctx._nonDiff.has(o)) return;
      o._gradFn = node as GradFn;
      o._rg = true;
      if (items.length > 1) o._outEdge = node.edgeAt(k);
      if (ctx._toSave.includes(o)) node.outputSaved = ctx._toSave.indexOf(o);
      reportChanged(o, `${cls.name}.apply`);
    });
    return out;
  }
}
