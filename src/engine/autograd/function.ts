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
 */
import { TorchError } from "../errors.js";
import { state } from "../state.js";
import { Tensor } from "../tensor.js";
import { GradFn, NULL_EDGE, type OpDef } from "./node.js";
import { gradEdge } from "./record.js";
import { reportChanged } from "./report.js";

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
    const outs = (Array.isArray(out) ? out : [out]).filter((o): o is Tensor => o instanceof Tensor);
    const tensorArgs: Array<{ t: Tensor; at: number }> = [];
    args.forEach((a, i) => { if (a instanceof Tensor) tensorArgs.push({ t: a, at: i }); });
    if (!state.gradEnabled || !tensorArgs.some(({ t }) => t.requires_grad)) return out;
    const diff = outs.filter((o) => !ctx._nonDiff.has(o));
    if (diff.length > 1) {
      throw new TorchError("Autograd Lens records one differentiable output per autograd.Function: mark the others with ctx.mark_non_differentiable", { kind: "NotImplementedError" });
    }
    const name = `${cls.name}Backward`;
    const def: OpDef<FunctionCtx> = {
      name,
      saves: ctx._toSave.map((_t, i) => `saved_tensors[${i}]`),
      formulas: tensorArgs.map(({ at }) => `∂out/∂input${at} = ${cls.name}.backward (written by hand)`),
      backward: (_n, g) => {
        const r = cls.backward(ctx, g);
        const grads = Array.isArray(r) ? (r as unknown[]) : [r];
        if (grads.length !== args.length) {
          throw new TorchError(`function ${name} returned an incorrect number of gradients (expected ${args.length}, got ${grads.length})`);
        }
        return tensorArgs.map(({ at }) => {
          const gi = grads[at];
          return gi instanceof Tensor ? gi : null;
        });
      },
    };
    const next = tensorArgs.map(({ t }) => {
      const e = gradEdge(t);
      return e === null ? NULL_EDGE : e._edge;
    });
    const node = new GradFn<FunctionCtx>(def, next, ctx._toSave.slice(), ctx, null);
    ctx._node = node as GradFn;
    for (const o of outs) {
      if (ctx._nonDiff.has(o)) continue;
      o._gradFn = node as GradFn;
      o._rg = true;
      if (ctx._toSave.includes(o)) node.outputSaved = ctx._toSave.indexOf(o);
      reportChanged(o, `${cls.name}.apply`);
    }
    return out;
  }
}
