import { TorchError } from "../errors.js";
import { sameShape } from "../shape.js";
import { state, warn } from "../state.js";
import { Tensor, type BackwardOptions } from "../tensor.js";
import { FREED_GRAPH_MESSAGE, GradFn } from "./node.js";
import { edgeOf, gradEdge } from "./record.js";
import { installMethods, type Method } from "../ops/method.js";

/** Options of `torch.autograd.grad`. */
export interface GradOptions {
  grad_outputs?: Tensor | Array<Tensor | null> | null;
  retain_graph?: boolean;
  create_graph?: boolean;
  allow_unused?: boolean;
}

const CREATE_GRAPH_WARNING =
  "Using backward() with create_graph=True will create a reference cycle between the parameter and its gradient which " +
  "can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid this. If you have to use " +
  "this function, make sure to reset the .grad fields of your parameters to None after use to break the cycle and " +
  "avoid the leak. (Triggered internally at  ./torch/csrc/autograd/engine.cpp:1059.)";

interface Run {
  kind: "backward" | "autograd.grad";
  roots: Tensor[];
  seeds: Tensor[];
  retain: boolean;
  create: boolean;
  /** Restrict to these tensors (backward's `inputs=` or autograd.grad's inputs). */
  inputs: Tensor[] | null;
  /** autograd.grad: capture instead of accumulating. */
  capture: boolean;
  allowUnused: boolean;
}

function onesLike(t: Tensor): Tensor {
  state.silent++;
  try {
    const s = t.dtype === "float64" ? new Float64Array(t._numel) : new Float32Array(t._numel);
    s.fill(1);
    return new Tensor(s, t._shape.slice(), t.dtype === "float64" ? "float64" : "float32");
  } finally {
    state.silent--;
  }
}

function seedsFor(roots: Tensor[], given: Array<Tensor | null>): Tensor[] {
  return roots.map((r, i) => {
    const g = given[i] ?? null;
    if (g === null) {
      if (r._numel !== 1) throw new TorchError("grad can be implicitly created only for scalar outputs", { tensorId: r.id });
      return onesLike(r);
    }
    if (!sameShape(g._shape, r._shape)) {
      throw new TorchError(
        `Mismatch in shape: grad_output[${i}] has a shape of torch.Size([${g._shape.join(", ")}]) and output[${i}] has a shape of torch.Size([${r._shape.join(", ")}]).`,
      );
    }
    return g;
  });
}

function checkRoots(roots: Tensor[]): void {
  roots.forEach((r, i) => {
    if (!r.requires_grad) {
      throw new TorchError(`element ${i} of tensors does not require grad and does not have a grad_fn`, { tensorId: r.id });
    }
  });
}

/** `tensor.backward(gradient?, {retain_graph, create_graph, inputs})`. */
export function backward(root: Tensor, gradient: Tensor | null, opts: BackwardOptions): void {
  checkRoots([root]);
  const seeds = seedsFor([root], [gradient]);
  const create = opts.create_graph ?? false;
  if (create) warn(CREATE_GRAPH_WARNING, null);
  const inputs = opts.inputs === undefined ? null : Array.isArray(opts.inputs) ? opts.inputs : [opts.inputs];
  if (inputs !== null && inputs.length === 0) throw new TorchError("'inputs' argument to backward() cannot be empty.");
  run({ kind: "backward", roots: [root], seeds, retain: opts.retain_graph ?? create, create, inputs, capture: false, allowUnused: true });
}

/** PyTorch's `torch.autograd.grad(outputs, inputs, {grad_outputs, retain_graph, create_graph, allow_unused})`: d outputs / d inputs, returned rather than accumulated into `.grad`. */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], opts: GradOptions = {}): Array<Tensor | null> {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  for (const t of ins) {
    if (!t.requires_grad) throw new TorchError("One of the differentiated Tensors does not require grad", { tensorId: t.id });
  }
  checkRoots(outs);
  const go = opts.grad_outputs;
  const given = go === undefined || go === null ? [] : Array.isArray(go) ? go : [go];
  const seeds = seedsFor(outs, given);
  const create = opts.create_graph ?? false;
  return run({
    kind: "autograd.grad", roots: outs, seeds, retain: opts.retain_graph ?? create, create, inputs: ins, capture: true,
    allowUnused: opts.allow_unused ?? false,
  });
}

/** Max-heap on `seq`: PyTorch runs the most recently created ready node first (AccumulateGrad before all). */
class ReadyQueue {
  private items: GradFn[] = [];
  get size(): number { return this.items.length; }
  push(n: GradFn): void {
    const a = this.items;
    a.push(n);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.seq >= a[i]!.seq) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): GradFn {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.seq > a[m]!.seq) m = l;
        if (r < a.length && a[r]!.seq > a[m]!.seq) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** Dependency counts of every node reachable from `starts` (iterative: deep loop graphs must not overflow). */
function countDeps(starts: GradFn[]): Map<GradFn, number> {
  const deps = new Map<GradFn, number>();
  const seen = new Set<GradFn>(starts);
  const stack = starts.slice();
  while (stack.length > 0) {
    const n = stack.pop()!;
    const nf = n._next;
    for (let i = 0; i < nf.length; i++) {
      const m = nf[i]![0];
      if (m === null) continue;
      deps.set(m, (deps.get(m) ?? 0) + 1);
      if (!seen.has(m)) {
        seen.add(m);
        stack.push(m);
      }
    }
  }
  for (const s of starts) if (!deps.has(s)) deps.set(s, 0);
  return deps;
}

/** Nodes that lead to one of `targets` (only they need to run when inputs are restricted). */
function neededNodes(deps: Map<GradFn, number>, targets: Set<GradFn>): Set<GradFn> {
  // Reverse edges, then walk back from the targets.
  const parents = new Map<GradFn, GradFn[]>();
  for (const n of deps.keys()) {
    for (const [m] of n._next) {
      if (m === null) continue;
      let l = parents.get(m);
      if (l === undefined) parents.set(m, (l = []));
      l.push(n);
    }
  }
  const need = new Set<GradFn>();
  const stack = [...targets].filter((t) => deps.has(t));
  for (const t of stack) need.add(t);
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const p of parents.get(n) ?? []) {
      if (!need.has(p)) {
        need.add(p);
        stack.push(p);
      }
    }
  }
  return need;
}

function copyOf(t: Tensor): Tensor {
  state.silent++;
  try {
    return new Tensor(t.storage.slice(), t._shape.slice(), t.dtype);
  } finally {
    state.silent--;
  }
}

/** Runs user hooks with reporting on (they are the user's code), returning the possibly replaced gradient. */
function runHooks(hooks: ReadonlyArray<{ tensor: Tensor; fn: ((g: Tensor) => Tensor | void | undefined | null) | null }>, g: Tensor, pass: number, step: number): Tensor {
  const silent = state.silent;
  state.silent = 0;
  try {
    for (const h of hooks) {
      if (h.fn === null) continue;
      const r = h.fn(g);
      const replaced = r instanceof Tensor ? r : null;
      const o = state.observer;
      if (o !== null && o.hookFired !== undefined) o.hookFired({ pass, step, tensor: h.tensor, grad: g, replacedWith: replaced });
      if (replaced !== null) g = replaced;
    }
  } finally {
    state.silent = silent;
  }
  return g;
}

/** Adds `g` into `t.grad` (PyTorch's AccumulateGrad semantics). */
function accumulate(t: Tensor, g: Tensor, create: boolean, pass: number, step: number): void {
  const before = t._grad;
  const o = state.observer;
  const beforeCopy = o !== null && before !== null ? copyOf(before) : null;
  if (before === null) {
    t._grad = create ? g : copyOf(g);
  } else if (create || before.requires_grad) {
    t._grad = before.add(g);
  } else {
    const b = before.storage;
    const s = g.storage;
    if (s.length === b.length && before._st !== null) for (let i = 0; i < b.length; i++) b[i]! += s[i]!;
    else t._grad = before.add(g);
  }
  if (o !== null && o.gradAccumulated !== undefined) o.gradAccumulated({ pass, step, tensor: t, before: beforeCopy, after: t._grad! });
}

/** Marks `node` done for dependency counting when it does not run. */
function release(node: GradFn, deps: Map<GradFn, number>, ready: ReadyQueue): void {
  for (const [m] of node._next) {
    if (m === null) continue;
    const left = deps.get(m)! - 1;
    deps.set(m, left);
    if (left === 0) ready.push(m);
  }
}

function run(r: Run): Array<Tensor | null> {
  const pass = ++state.passCount;
  const o = state.observer;
  if (o !== null && o.backwardStarted !== undefined) {
    o.backwardStarted({
      pass, kind: r.kind, roots: r.roots, seeds: r.seeds, retainGraph: r.retain, createGraph: r.create,
      inputs: r.inputs, allowUnused: r.allowUnused,
    });
  }
  const freed: GradFn[] = [];
  const prevMode = state.gradEnabled;
  state.silent++;
  state.gradEnabled = r.create;
  try {
    const results = execute(r, pass, freed);
    if (o !== null && o.backwardFinished !== undefined) o.backwardFinished({ pass, freed, error: null });
    return results;
  } catch (e) {
    if (o !== null && o.backwardFinished !== undefined) o.backwardFinished({ pass, freed, error: e instanceof Error ? e.message : String(e) });
    throw e;
  } finally {
    state.silent--;
    state.gradEnabled = prevMode;
  }
}

/**
 * Gradients waiting for a node: one tensor for an ordinary node; for a node with several outputs (a custom
 * Function's tuple), one slot per output (null where nothing arrived yet).
 */
class Buffers {
  private readonly one = new Map<GradFn, Tensor>();
  private readonly many = new Map<GradFn, Array<Tensor | null>>();
  add(node: GradFn, slot: number, g: Tensor): void {
    if (node._nOut > 1) {
      let a = this.many.get(node);
      if (a === undefined) this.many.set(node, (a = new Array<Tensor | null>(node._nOut).fill(null)));
      const prev = a[slot] ?? null;
      a[slot] = prev === null ? g : prev.add(g);
      return;
    }
    const prev = this.one.get(node);
    this.one.set(node, prev === undefined ? g : prev.add(g));
  }
  take(node: GradFn): Tensor | undefined {
    const g = this.one.get(node);
    if (g !== undefined) this.one.delete(node);
    return g;
  }
  takeAll(node: GradFn): Array<Tensor | null> | undefined {
    const a = this.many.get(node);
    if (a !== undefined) this.many.delete(node);
    return a;
  }
}

/** The slot of `t` among its node's outputs (0 unless it is output k of a custom Function's tuple). */
function slotOf(t: Tensor, node: GradFn): number {
  const e = edgeOf(t);
  return e[0] === node ? e[1] : 0;
}

function execute(r: Run, pass: number, freed: GradFn[]): Array<Tensor | null> {
  const buffers = new Buffers();
  const starts: GradFn[] = [];
  for (let i = 0; i < r.roots.length; i++) {
    const [e, slot] = edgeOf(r.roots[i]!) as readonly [GradFn, number];
    buffers.add(e, slot, r.seeds[i]!);
    if (!starts.includes(e)) starts.push(e);
  }
  const deps = countDeps(starts);
  // Targets: where a restricted run captures (autograd.grad) or accumulates (backward inputs=).
  let targets: Map<GradFn, number> | null = null;
  let need: Set<GradFn> | null = null;
  const results: Array<Tensor | null> = [];
  if (r.inputs !== null) {
    targets = new Map();
    r.inputs.forEach((t, i) => { const e = gradEdge(t); if (e !== null && !(e._nOut > 1 && targets!.has(e))) targets!.set(e, i); results.push(null); });
    need = neededNodes(deps, new Set(targets.keys()));
  }
  const o = state.observer;
  const ready = new ReadyQueue();
  for (const s of starts) if (deps.get(s) === 0) ready.push(s);
  let step = 0;
  while (ready.size > 0) {
    const node = ready.pop();
    if (node._nOut > 1) {
      const slots = buffers.takeAll(node);
      if (slots === undefined || (need !== null && !need.has(node))) {
        release(node, deps, ready);
        continue;
      }
      const grads = runMulti(node, slots, r, targets, need, results, freed, pass, step++);
      if (grads === null) {
        release(node, deps, ready);
        continue;
      }
      propagate(node, grads, buffers, deps, ready, need, pass, step - 1);
      continue;
    }
    const buffered = buffers.take(node);
    if (buffered === undefined || (need !== null && !need.has(node))) {
      // Nothing arrives here (or nothing below is wanted): release the dependents without running the node.
      release(node, deps, ready);
      continue;
    }
    let g = buffered;
    const st = step++;
    if (o !== null && o.gradFnExecuted !== undefined) o.gradFnExecuted({ pass, step: st, gradFn: node, gradOutputs: [g] });
    const v = node._variable;
    if (v !== null) {
      // autograd.grad captures an input's gradient before its tensor hooks (PyTorch 1.13: they do not fire).
      if (r.capture && targets !== null && targets.has(node)) { results[targets.get(node)!] = g; continue; }
      if (v._hooks !== null) g = runHooks(v._hooks.map((fn) => ({ tensor: v, fn })), g, pass, st);
      if (targets !== null && !targets.has(node)) continue;
      accumulate(v, g, r.create, pass, st);
      continue;
    }
    const captured = r.capture && targets !== null && targets.has(node);
    if (captured) results[targets!.get(node)!] = g;
    if (node.preHooks !== null && !captured) {
      // In registration order: a hook registered before retain_grad() changes what .grad keeps; one after does not.
      for (const h of node.preHooks) {
        if (h.fn === null) accumulate(h.tensor, g, r.create, pass, st);
        else g = runHooks([h], g, pass, st);
      }
    }
    if (node.fnPreHooks !== null) g = node.runPreHooks(g);
    if (targets !== null && targets.has(node) && !r.capture) {
      const t = r.inputs![targets.get(node)!]!;
      if (!t._retains) accumulate(t, g, r.create, pass, st);
    }
    if (need !== null && !leadsToNeeded(node, need)) {
      release(node, deps, ready);
      continue;
    }
    if (node.freed) throw new TorchError(FREED_GRAPH_MESSAGE);
    let grads = node.def!.backward(node, g);
    if (node.fnHooks !== null) grads = node.runHooks(grads, g);
    if (!r.retain && node.hasSaved()) {
      node.release();
      freed.push(node);
    }
    propagate(node, grads, buffers, deps, ready, need, pass, st);
  }
  if (r.capture && !r.allowUnused) {
    for (const x of results) {
      if (x === null) {
        throw new TorchError("One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.");
      }
    }
  }
  return results;
}

function leadsToNeeded(node: GradFn, need: Set<GradFn>): boolean {
  for (const [m] of node._next) if (m !== null && need.has(m)) return true;
  return false;
}

/** Sends a node's input gradients along its edges and counts its dependents down. */
function propagate(
  node: GradFn, grads: Array<Tensor | null>, buffers: Buffers, deps: Map<GradFn, number>, ready: ReadyQueue, need: Set<GradFn> | null, pass: number, st: number,
): void {
  const o = state.observer;
  const nf = node._next;
  for (let i = 0; i < nf.length; i++) {
    const [next, slot] = nf[i]!;
    const gi = grads[i] ?? null;
    if (next === null) continue;
    if (gi !== null && (need === null || need.has(next))) {
      if (o !== null && o.gradientFlowed !== undefined) o.gradientFlowed({ pass, step: st, from: node, to: next, inputIndex: i, grad: gi });
      buffers.add(next, slot, gi);
    }
    const left = deps.get(next)! - 1;
    deps.set(next, left);
    if (left === 0) ready.push(next);
  }
}

/**
 * Runs a node with several outputs (a custom Function's tuple): each output's hooks and retain_grad see that
 * output's gradient, autograd.grad captures per output, and the backward gets one gradient per output. Returns
 * the input gradients, or null when nothing below is needed.
 */
function runMulti(
  node: GradFn, slots: Array<Tensor | null>, r: Run, targets: Map<GradFn, number> | null, need: Set<GradFn> | null,
  results: Array<Tensor | null>, freed: GradFn[], pass: number, st: number,
): Array<Tensor | null> | null {
  const o = state.observer;
  let gs = slots;
  if (o !== null && o.gradFnExecuted !== undefined) o.gradFnExecuted({ pass, step: st, gradFn: node, gradOutputs: gs });
  const captured = r.capture && targets !== null && targets.has(node);
  if (captured) r.inputs!.forEach((t, i) => { if (gradEdge(t) === node) results[i] = gs[slotOf(t, node)] ?? null; });
  if (node.preHooks !== null && !captured) {
    for (const h of node.preHooks) {
      const k = slotOf(h.tensor, node);
      const g = gs[k] ?? null;
      if (g === null) continue;
      if (h.fn === null) accumulate(h.tensor, g, r.create, pass, st);
      else gs[k] = runHooks([h], g, pass, st);
    }
  }
  if (node.fnPreHooks !== null) gs = node.runPreHooksAll(gs);
  if (targets !== null && targets.has(node) && !r.capture) {
    r.inputs!.forEach((t) => { const g = gs[slotOf(t, node)] ?? null; if (gradEdge(t) === node && g !== null && !t._retains) accumulate(t, g, r.create, pass, st); });
  }
  if (need !== null && !leadsToNeeded(node, need)) return null;
  if (node.freed) throw new TorchError(FREED_GRAPH_MESSAGE);
  let grads = node.def!.backwardAll!(node, gs);
  if (node.fnHooks !== null) grads = node.runHooks(grads, gs);
  if (!r.retain && node.hasSaved()) {
    node.release();
    freed.push(node);
  }
  return grads;
}

/** `x.backward(gradient?, {retain_graph, create_graph, inputs})`; the options may come first for a scalar `x`. */
function tensorBackward(input: Tensor, gradient?: Tensor | BackwardOptions | null, options?: BackwardOptions): void {
  if (gradient !== undefined && gradient !== null && !(gradient instanceof Tensor)) backward(input, null, gradient);
  else backward(input, gradient ?? null, options ?? {});
}

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `y.backward(gradient=None, retain_graph=None, create_graph=False, inputs=None)`: accumulate dy/dleaf into each leaf's `.grad` (`gradient` is the seed v of the vector–Jacobian product for a non-scalar y). */
    backward: Method<typeof tensorBackward>;
  }
}
installMethods({ backward: tensorBackward });
