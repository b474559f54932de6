/**
 * The Jacobian behind one `y.backward(v)` call, for the view: J = ∂y/∂x for each leaf x the pass reaches, and v·J
 * (what the pass accumulates into `x.grad`). The course explains `backward(v)` as this vector–Jacobian product; the
 * recorder asks for J just before the pass runs, while the graph and its saved tensors are still there.
 *
 * J is computed by the engine itself, one backward pass per element of y seeded with the unit vector eᵢ (row i of
 * J is eᵢ·J), through the recorded graph's own backward formulas — the way torch.autograd.functional.jacobian
 * builds it from autograd.grad. These passes are internal: silent (no tensors reported), grad mode off, the graph
 * retained, no pass counted, and no user code run: a graph with hooks or a custom autograd.Function is skipped
 * rather than running the user's code again.
 */
import { state } from "../state.js";
import { Tensor } from "../tensor.js";
import { OP_DEFS, type GradFn } from "./node.js";
import { gradEdge } from "./record.js";
import { stack } from "../ops/join.js";

/** Largest y and x (elements) for which J is computed: one pass per element of y, and a table a person can read. */
export const JACOBIAN_MAX_ELEMENTS = 16;
/** Largest graph (grad functions) J is computed through: the cost is this times y's elements. */
export const JACOBIAN_MAX_NODES = 400;

export interface LeafJacobian {
  leaf: Tensor;
  /** ∂root/∂leaf, of shape root.shape + leaf.shape (as torch.autograd.functional.jacobian returns it). */
  jacobian: Tensor;
  /** v·J, of the leaf's shape: what this pass adds to `leaf.grad`. */
  vjp: Tensor;
}

export type PassJacobian = { leaves: LeafJacobian[]; skipped: null } | { leaves: []; skipped: string };

const BUILT_IN = new Set(OP_DEFS);

/** Grad functions reachable from `start`, and how many edges enter each (for a topological walk). */
function reach(start: GradFn): { order: GradFn[]; deps: Map<GradFn, number> } | null {
  const deps = new Map<GradFn, number>([[start, 0]]);
  const stackOf = [start];
  const seen = new Set<GradFn>([start]);
  while (stackOf.length > 0) {
    const n = stackOf.pop()!;
    for (const [m] of n._next) {
      if (m === null) continue;
      deps.set(m, (deps.get(m) ?? 0) + 1);
      if (!seen.has(m)) {
        if (seen.size >= JACOBIAN_MAX_NODES) return null;
        seen.add(m);
        stackOf.push(m);
      }
    }
  }
  // Kahn's order: a node runs after every node that sends it a gradient.
  const left = new Map(deps);
  const order: GradFn[] = [];
  const ready = [start];
  while (ready.length > 0) {
    const n = ready.pop()!;
    order.push(n);
    for (const [m] of n._next) {
      if (m === null) continue;
      const k = left.get(m)! - 1;
      left.set(m, k);
      if (k === 0) ready.push(m);
    }
  }
  return { order, deps };
}

/** Why user code would run (or J would differ from what the pass computes), or null when the graph is plain. */
function userCodeIn(order: GradFn[]): string | null {
  for (const n of order) {
    const v = n._variable;
    if (v !== null) {
      if (v._hooks !== null && v._hooks.length > 0) return "a hook is registered on a leaf";
      continue;
    }
    if (n.def === null || !BUILT_IN.has(n.def)) return `the graph has a custom autograd.Function (${n.name()})`;
    if ((n.preHooks ?? []).some((h) => h.fn !== null) || n.fnPreHooks !== null || n.fnHooks !== null) return "the graph has hooks";
    if (n.freed) return "the graph was already freed";
  }
  return null;
}

/** A fresh zero row (not `x.mul(0)` of a detach: detach reports a tensor even while silent). */
function zeros(n: number, dtype: "float32" | "float64"): Tensor {
  return new Tensor(dtype === "float64" ? new Float64Array(n) : new Float32Array(n), [n], dtype);
}

/** One internal backward pass seeded with `seed` at `start`: the gradient arriving at each target node. */
function onePass(order: GradFn[], start: GradFn, seed: Tensor, targets: Set<GradFn>): Map<GradFn, Tensor> {
  const buffers = new Map<GradFn, Tensor>([[start, seed]]);
  const got = new Map<GradFn, Tensor>();
  for (const node of order) {
    const g = buffers.get(node);
    if (g === undefined) continue;
    buffers.delete(node);
    if (targets.has(node)) got.set(node, g);
    if (node._variable !== null) continue;
    const grads = node.def!.backward(node, g);
    node._next.forEach(([next], i) => {
      const gi = grads[i] ?? null;
      if (next === null || gi === null) return;
      const prev = buffers.get(next);
      buffers.set(next, prev === undefined ? gi : prev.add(gi));
    });
  }
  return got;
}

/**
 * J and v·J for `root.backward(seed)` (optionally restricted to `inputs`), or why they are not shown. Call it before
 * the pass runs; it changes nothing the snippet can see.
 */
export function passJacobian(root: Tensor, seed: Tensor, inputs: Tensor[] | null): PassJacobian {
  const skip = (why: string): PassJacobian => ({ leaves: [], skipped: why });
  const m = root.numel();
  if (m === 0) return skip("y has no elements");
  if (m > JACOBIAN_MAX_ELEMENTS) return skip(`y has ${m} elements; J is computed (one backward pass per element of y) when y and x have at most ${JACOBIAN_MAX_ELEMENTS} elements each`);
  const start = gradEdge(root);
  if (start === null) return skip("y does not require grad");
  const graph = reach(start);
  if (graph === null) return skip(`the graph has more than ${JACOBIAN_MAX_NODES} grad functions`);
  const why = userCodeIn(graph.order);
  if (why !== null) return skip(`${why}: computing J would run it once per element of y`);
  // The leaves the pass accumulates into: every AccumulateGrad reached, or backward's `inputs=`.
  const wanted: Array<{ leaf: Tensor; node: GradFn }> = [];
  if (inputs === null) {
    for (const n of graph.order) if (n._variable !== null) wanted.push({ leaf: n._variable, node: n });
  } else {
    for (const t of inputs) {
      const e = gradEdge(t);
      if (e !== null && graph.deps.has(e)) wanted.push({ leaf: t, node: e });
    }
  }
  wanted.sort((a, b) => a.leaf.id - b.leaf.id);
  const big = wanted.find((w) => w.leaf.numel() > JACOBIAN_MAX_ELEMENTS);
  if (big !== undefined) return skip(`x has ${big.leaf.numel()} elements; J is computed when y and x have at most ${JACOBIAN_MAX_ELEMENTS} elements each`);
  if (wanted.length === 0) return skip("the pass reaches no leaf");
  const targets = new Set(wanted.map((w) => w.node));
  const dtype = root.dtype === "float64" ? "float64" : "float32";
  const prevMode = state.gradEnabled;
  state.silent++;
  state.gradEnabled = false;
  try {
    const rows: Tensor[][] = wanted.map(() => []);
    for (let i = 0; i < m; i++) {
      const unit = dtype === "float64" ? new Float64Array(m) : new Float32Array(m);
      unit[i] = 1;
      const got = onePass(graph.order, start, new Tensor(unit, root._shape.slice(), dtype), targets);
      wanted.forEach((w, k) => rows[k]!.push((got.get(w.node) ?? zeros(w.leaf.numel(), dtype)).reshape(-1)));
    }
    const v = seed.to(dtype).reshape(1, m);
    const leaves = wanted.map((w, k): LeafJacobian => {
      const flat = stack(rows[k]!, 0);
      return { leaf: w.leaf, jacobian: flat.reshape([...root._shape, ...w.leaf._shape]), vjp: v.mm(flat).reshape(w.leaf._shape.slice()) };
    });
    return { leaves, skipped: null };
  } catch (e) {
    // The same error (a freed graph, an in-place change) stops the real pass, which reports it.
    return skip(`J could not be computed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    state.silent--;
    state.gradEnabled = prevMode;
  }
}
