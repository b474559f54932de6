import type { ObservedGradFn, ObservedTensor } from "../observer.js";
import { state } from "../state.js";
import type { Tensor } from "../tensor.js";

/**
 * One op's autograd definition: PyTorch's grad_fn name, the tensors it saves (by role), the backward written with
 * tensor ops (so create_graph gives higher-order gradients), and the local derivative in words for the view.
 */
export interface OpDef<X = unknown> {
  /** PyTorch's grad_fn class name, e.g. "MulBackward0". */
  readonly name: string;
  /** Roles of the saved tensors, in the order the forward passes them. */
  readonly saves: readonly string[];
  /** One human formula per forward input: "∂out/∂self = other". */
  readonly formulas: readonly string[];
  /**
   * Gradient for each forward input given the output gradient. Return null where no gradient is needed
   * (`node.needs(i)` is false) or the input is not differentiable.
   */
  backward(node: GradFn<X>, grad: Tensor): Array<Tensor | null>;
  /**
   * For a node with several outputs (a custom autograd.Function returning a tuple): the gradients for its inputs
   * given one gradient per output (null where none arrived and none is materialized).
   */
  backwardAll?(node: GradFn<X>, grads: Array<Tensor | null>): Array<Tensor | null>;
}

/** Every op's autograd definition, in declaration order (the coverage test checks each has formulas and a gradcheck). */
export const OP_DEFS: OpDef[] = [];

/**
 * Declares an op's autograd definition (PyTorch's `derivatives.yaml` entry: name, saved tensors, formula text and the
 * backward, side by side) and registers it so tests can find every differentiable op.
 */
export function defineGrad<X>(def: OpDef<X>): OpDef<X> {
  OP_DEFS.push(def as OpDef);
  return def;
}

/** The PyTorch text for reading saved tensors of a freed graph. */
export const FREED_GRAPH_MESSAGE =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have already " +
  "been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). " +
  "Specify retain_graph=True if you need to backward through the graph a second time or if you need to access " +
  "saved tensors after calling backward.";

const NO_VERSIONS: readonly number[] = [];

/** A hook registered on a tensor: may return a replacement gradient. */
export type GradHook = (grad: Tensor) => Tensor | void | undefined | null;

/** A node of the backward graph (PyTorch's `torch.autograd.graph.Node`). */
/** Runs hook code the user wrote with the engine's reporting on (backward runs silent). */
function userCode<T>(fn: () => T): T {
  const silent = state.silent;
  state.silent = 0;
  try {
    return fn();
  } finally {
    state.silent = silent;
  }
}

/** The edge `[null, 0]` (no gradient flows to that input), shared and frozen. */
export const NULL_EDGE: readonly [null, number] = Object.freeze([null, 0] as [null, number]);

function notWritable(name: string): Error {
  return new TorchErrorLazy(`attribute '${name}' of 'torch._C._FunctionBase' objects is not writable`, { kind: "AttributeError" });
}

export class GradFn<X = unknown> implements ObservedGradFn {
  /** @internal */
  readonly _id: number;
  /** Execution priority: later-created nodes run first, as in PyTorch's ready queue. */
  readonly seq: number;
  readonly def: OpDef<X> | null;
  /**
   * @internal the edges, read by the backward engine; never changed after construction. The public
   * `next_functions` freezes them on first access (PyTorch's tuple), so only what a snippet can reach pays for it.
   */
  readonly _next: ReadonlyArray<readonly [GradFn | null, number]>;
  /** @internal `[this, 0]`, made once: the edge other nodes hold to this one. */
  readonly _edge: readonly [GradFn, number];
  /** Saved tensors in `def.saves` order; emptied when the graph is freed. */
  saved: Array<Tensor | null>;
  /** Non-tensor context the backward needs (dims, shapes, scalars). */
  readonly ctx: X;
  /** Version of each saved tensor when saved: a later in-place change makes backward fail, as in PyTorch. */
  readonly savedVersions: readonly number[];
  /** Index in `saved` of the op's own output (saved as "result"), or -1. */
  outputSaved = -1;
  /** True once saved tensors were released by a backward without retain_graph. */
  freed = false;
  /**
   * Hooks and retain_grad of the non-leaf tensor this node produced. Kept here rather than as a pointer to the
   * output, so a graph never keeps its intermediate tensors alive.
   */
  preHooks: Array<{ tensor: Tensor; fn: GradHook | null }> | null = null;
  /** @internal `grad_fn.register_prehook(fn)` hooks: fn(grad_outputs) may return replacements. */
  fnPreHooks: Array<(gradOutputs: Tensor[]) => unknown> | null = null;
  /** @internal `grad_fn.register_hook(fn)` hooks: fn(grad_inputs, grad_outputs) may return replacement grad_inputs. */
  fnHooks: Array<(gradInputs: Array<Tensor | null>, gradOutputs: Tensor[]) => unknown> | null = null;
  /** @internal the leaf of an AccumulateGrad node. */
  readonly _variable: Tensor | null;
  /** @internal how many outputs the node has (PyTorch's `num_outputs`): more than one only for a custom Function's tuple. */
  _nOut = 1;
  /** @internal `[this, k]` for output k > 0, made on demand. */
  private _edges: Array<readonly [GradFn, number]> | null = null;

  constructor(def: OpDef<X> | null, next: Array<readonly [GradFn | null, number]>, saved: Array<Tensor | null>, ctx: X, variable: Tensor | null) {
    this._id = state.nextGradFnId++;
    this.seq = variable === null ? this._id : Number.MAX_SAFE_INTEGER;
    this.def = def;
    this._next = next;
    this._edge = [this as GradFn, 0];
    this.saved = saved;
    this.savedVersions = saved.length === 0 ? NO_VERSIONS : saved.map((t) => (t === null ? 0 : t._version));
    this.ctx = ctx;
    this._variable = variable;
  }

  /** @internal the edge to output `k` of this node (`[this, 0]` is `_edge`). */
  edgeAt(k: number): readonly [GradFn, number] {
    if (k === 0) return this._edge;
    const es = (this._edges ??= []);
    return (es[k] ??= [this as GradFn, k]);
  }

  /** Creation counter, unique within one engine context (read-only, as a Python object's identity). */
  get id(): number { return this._id; }
  set id(_v: never) { throw notWritable("id"); }
  /** One `[node, index]` per forward input; `[null, 0]` where no gradient flows (frozen, like PyTorch's tuple). */
  get next_functions(): ReadonlyArray<readonly [GradFn | null, number]> {
    const n = this._next;
    if (!Object.isFrozen(n)) {
      for (let i = 0; i < n.length; i++) Object.freeze(n[i]);
      Object.freeze(n);
    }
    return n;
  }
  set next_functions(_v: never) { throw notWritable("next_functions"); }
  /** For AccumulateGrad: the leaf it accumulates into. */
  get variable(): Tensor | null { return this._variable; }
  set variable(_v: never) { throw notWritable("variable"); }

  /** PyTorch's class name. */
  name(): string {
    return this.def === null ? "AccumulateGrad" : this.def.name;
  }

  /**
   * PyTorch's `grad_fn.register_prehook(fn)`: `fn(grad_outputs)` runs before this node's backward; returning an
   * array of tensors replaces the gradients. Returns a handle with `remove()`.
   */
  register_prehook(fn: (grad_outputs: Tensor[]) => Tensor[] | void | null | undefined): { remove(): void } {
    const list = (this.fnPreHooks ??= []);
    list.push(fn);
    return { remove: () => { const i = list.indexOf(fn); if (i >= 0) list.splice(i, 1); } };
  }

  /**
   * PyTorch's `grad_fn.register_hook(fn)`: `fn(grad_inputs, grad_outputs)` runs after this node's backward
   * (grad_inputs: one per forward input, null where none flows); returning an array replaces grad_inputs.
   */
  register_hook(fn: (grad_inputs: Array<Tensor | null>, grad_outputs: Tensor[]) => Array<Tensor | null> | void | null | undefined): { remove(): void } {
    const list = (this.fnHooks ??= []);
    list.push(fn);
    return { remove: () => { const i = list.indexOf(fn); if (i >= 0) list.splice(i, 1); } };
  }

  /** @internal runs the pre-hooks (user code, so with reporting on). */
  runPreHooks(g: Tensor): Tensor {
    return userCode(() => {
      for (const h of this.fnPreHooks ?? []) {
        const r = h([g]);
        if (Array.isArray(r) && r.length > 0 && r[0] !== null && typeof r[0] === "object") g = r[0] as Tensor;
      }
      return g;
    });
  }

  /** @internal the pre-hooks of a node with several outputs: each may replace any of the gradients. */
  runPreHooksAll(gs: Array<Tensor | null>): Array<Tensor | null> {
    return userCode(() => {
      let out = gs;
      for (const h of this.fnPreHooks ?? []) {
        const r = h(out.slice() as Tensor[]);
        if (Array.isArray(r) && r.length === out.length) out = r as Array<Tensor | null>;
      }
      return out;
    });
  }

  /** @internal runs the post-hooks on the computed input gradients (`g`: the output gradient, or all of them). */
  runHooks(grads: Array<Tensor | null>, g: Tensor | Array<Tensor | null>): Array<Tensor | null> {
    return userCode(() => {
      let gi = grads;
      const outs = (Array.isArray(g) ? g : [g]) as Tensor[];
      for (const h of this.fnHooks ?? []) {
        const r = h(gi.slice(), outs.slice());
        if (Array.isArray(r)) gi = r as Array<Tensor | null>;
      }
      return gi;
    });
  }

  /** Whether the gradient for forward input `i` flows anywhere. */
  needs(i: number): boolean {
    const e = this._next[i];
    return e !== undefined && e[0] !== null;
  }

  /** Saved tensor `i`, or PyTorch's error when the graph was already freed. */
  get(i: number): Tensor {
    if (this.freed) throw new TorchErrorLazy(FREED_GRAPH_MESSAGE);
    const t = this.saved[i]!;
    const expected = this.savedVersions[i]!;
    if (t._version !== expected) {
      // PyTorch names the node that produced the value: this node for a saved output, else the tensor's grad_fn.
      const producer = i === this.outputSaved ? (this as GradFn) : t.grad_fn;
      const type = legacyTypeName(t.dtype);
      throw new TorchErrorLazy(
        `one of the variables needed for gradient computation has been modified by an inplace operation: [${type} [${t._shape.join(", ")}]]` +
          (producer !== null ? `, which is output 0 of ${producer.name()},` : "") +
          ` is at version ${t._version}; expected version ${expected} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).`,
        { tensorId: t.id },
      );
    }
    return t;
  }

  get formulas(): readonly string[] {
    return this.def === null ? ["grad += incoming"] : this.def.formulas;
  }

  get savedTensors(): ReadonlyArray<{ role: string; tensor: ObservedTensor | null }> {
    if (this.def === null || this.freed) return [];
    const saves = this.def.saves;
    const out: Array<{ role: string; tensor: ObservedTensor | null }> = [];
    for (let i = 0; i < saves.length; i++) out.push({ role: saves[i]!, tensor: this.saved[i] ?? null });
    return out;
  }

  /** Saved tensors exist (so a second backward without retain_graph must fail). */
  hasSaved(): boolean {
    return this.def !== null && this.def.saves.length > 0;
  }

  /** Releases saved tensors (PyTorch's `release_variables`). */
  release(): void {
    if (this.hasSaved()) {
      this.freed = true;
      this.saved = [];
    }
  }

  /** `console.log(t.grad_fn)` prints like Python's `print(t.grad_fn)`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** PyTorch's Python repr, `<MulBackward0 object at 0x…>`, with our id in place of the address. */
  toString(): string {
    return `<${this.name()} object at g${this.id}>`;
  }
}

// Imported lazily to keep this module free of a cycle at load time.
import { TorchError as TorchErrorLazy } from "../errors.js";
import { legacyTypeName } from "../dtype.js";
