/**
 * The graph the view draws, derived from a Trace and nothing else (pure, so node tests and the bundle share it).
 *
 * Nodes: one per TraceTensor and one per TraceGradFn (ids are the Trace's own "t…"/"g…", deterministic across runs).
 * Edges, all drawn in the FORWARD direction (top-down), gradient flows against them during backward:
 *  - "next":   next_functions[i].gradFn → the grad function that lists it (PyTorch's graph, torchviz's arrows)
 *  - "output": grad function → the tensor it produced; for AccumulateGrad, leaf → its AccumulateGrad
 *  - "detach": y → u for u = y.detach() (a cut: dashed, labelled "detach", no gradient ever flows)
 *  - "saved":  tensor saved for backward → the grad function that saved it (orange, toggled off by default)
 *  - "input":  a forward input that needs no grad (a constant) → the op's grad function, or → the result when the
 *              result has none (no_grad, constants), so constants are not left floating (thin, grey)
 * Compound groups (not counted as nodes): loop → iteration (from TraceTensor.loop), and runs of no_grad tensors.
 */
import type { Trace, TraceGradFn, TraceTensor } from "../src/protocol.js";
import { indexTrace, type TraceIndex } from "./traceIndex.js";

/** "op" nodes exist only in the computation view (computation.ts). */
export type NodeKind = "tensor" | "gradFn" | "op";
/** "operand" and "result" edges exist only in the computation view (computation.ts). */
export type EdgeKind = "next" | "output" | "detach" | "saved" | "input" | "operand" | "result";

/** A node of the drawn graph. `classes` are the torchviz-like roles the stylesheet and the legend explain. */
export interface ViewNode {
  id: string;
  kind: NodeKind;
  /** "leaf" (requires grad, blue), "root" (a backward root, green), "nograd" (grey), "accumulate", "intermediate", "nogradmode". */
  classes: string[];
  parent: string | null;
}

export interface ViewEdge {
  id: string;
  kind: EdgeKind;
  source: string;
  target: string;
  /** For "next" edges: the position in next_functions, i.e. the forward op's input (matches GradientFlow.inputIndex). */
  inputIndex: number | null;
  label: string;
}

export interface ViewGroup {
  id: string;
  kind: "loop" | "iteration" | "nograd" | "checks";
  label: string;
  parent: string | null;
  /** Number of graph nodes inside (directly or through nested groups). */
  size: number;
}

export interface ViewModel {
  nodes: ViewNode[];
  edges: ViewEdge[];
  groups: ViewGroup[];
  tensors: ReadonlyMap<string, TraceTensor>;
  gradFns: ReadonlyMap<string, TraceGradFn>;
}

/** Id of the "next" edge along which a flow from grad function `from` (input `inputIndex`) reaches `to`. */
export function nextEdgeId(to: string, from: string, inputIndex: number): string {
  return `${to}->${from}#${inputIndex}`;
}

/** Group id for a loop line, or for one of its iterations. */
export function loopId(line: number, iteration?: number): string {
  return iteration === undefined ? `loop:${line}` : `loop:${line}:${iteration}`;
}

/** The torchviz-like role classes of a tensor node, the same in both views. */
export function tensorClasses(t: TraceTensor, ix: TraceIndex): string[] {
  const classes: string[] = [];
  if (ix.roots.has(t.id)) classes.push("root");
  else if (t.isLeaf && t.requiresGrad) classes.push("leaf");
  else if (!t.requiresGrad) classes.push("nograd");
  else classes.push("intermediate");
  if (t.createdUnderNoGrad) classes.push("nogradmode");
  if (t.detachedFrom) classes.push("detached");
  return classes;
}

/**
 * The compound groups both views draw: loop → iteration boxes (from `TraceTensor.loop`) and one shaded box per run
 * of consecutive no_grad tensors outside loops (one `with torch.no_grad()` block each). Call `parentOf` for tensors
 * in Trace order; `finish` counts each group's nodes.
 */
export class GroupBuilder {
  readonly groups = new Map<string, ViewGroup>();
  private noGradRun: string | null = null;

  /** The iteration group of a loop position (created with its loop on first use), or null outside loops. */
  loopParent(loop: TraceTensor["loop"]): string | null {
    if (!loop) return null;
    const outer = loopId(loop.line);
    if (!this.groups.has(outer)) this.groups.set(outer, { id: outer, kind: "loop", label: `loop @ line ${loop.line}`, parent: null, size: 0 });
    const inner = loopId(loop.line, loop.iteration);
    if (!this.groups.has(inner)) this.groups.set(inner, { id: inner, kind: "iteration", label: `iteration ${loop.iteration}`, parent: outer, size: 0 });
    return inner;
  }

  /** A tensor's group: its loop iteration, else its no_grad block, else null. Call in Trace order. */
  parentOf(t: TraceTensor): string | null {
    const parent = this.loopParent(t.loop);
    if (!parent && t.createdUnderNoGrad) {
      if (!this.noGradRun) {
        this.noGradRun = `nograd:${t.id}`;
        this.groups.set(this.noGradRun, { id: this.noGradRun, kind: "nograd", label: "no_grad", parent: null, size: 0 });
      }
      return this.noGradRun;
    }
    if (!t.loop) this.noGradRun = null;
    return parent;
  }

  /** Counts nodes into their groups (for "iteration 3 · 4 nodes") and returns the groups in creation order. */
  finish(nodes: readonly ViewNode[]): ViewGroup[] {
    for (const n of nodes) {
      for (let p = n.parent; p; ) {
        const g = this.groups.get(p);
        if (!g) break;
        g.size++;
        p = g.parent;
      }
    }
    return [...this.groups.values()];
  }
}

/** Edges of one model: each id once, and only between nodes that exist (a truncated Trace lacks some). */
export class EdgeList {
  readonly edges: ViewEdge[] = [];
  readonly ids = new Set<string>();
  constructor(private readonly nodeIds: ReadonlySet<string>) {}

  hasNode(id: string): boolean {
    return this.nodeIds.has(id);
  }

  add(e: ViewEdge): void {
    if (!this.nodeIds.has(e.source) || !this.nodeIds.has(e.target) || this.ids.has(e.id)) return;
    this.ids.add(e.id);
    this.edges.push(e);
  }
}

/** Saved tensors of a grad fn, each with the roles it was saved as (its own output left out when asked). */
export function savedRoles(g: TraceGradFn, includeOwnOutput: boolean): Map<string, string[]> {
  const roles = new Map<string, string[]>();
  for (const s of g.saved) {
    if (!s.tensor || (!includeOwnOutput && s.tensor === g.tensor)) continue;
    roles.set(s.tensor, [...(roles.get(s.tensor) ?? []), s.role]);
  }
  return roles;
}

/** Builds nodes, edges and groups for a Trace. Edges to ids missing from a truncated Trace are left out. */
export function buildModel(trace: Trace): ViewModel {
  const ix = indexTrace(trace);
  const groups = new GroupBuilder();
  const nodes: ViewNode[] = [];
  for (const t of trace.tensors) nodes.push({ id: t.id, kind: "tensor", classes: tensorClasses(t, ix), parent: groups.parentOf(t) });
  for (const g of trace.gradFns) {
    const out = ix.tensors.get(g.tensor);
    // A grad function sits in its output's loop iteration; AccumulateGrad sits next to its leaf.
    const parent = out?.loop ? groups.loopParent(out.loop) : null;
    nodes.push({ id: g.id, kind: "gradFn", classes: g.name === "AccumulateGrad" ? ["accumulate"] : ["function"], parent });
  }

  const edges = new EdgeList(new Set(nodes.map((n) => n.id)));
  for (const g of trace.gradFns) {
    if (g.name === "AccumulateGrad") edges.add({ id: `${g.tensor}=>${g.id}`, kind: "output", source: g.tensor, target: g.id, inputIndex: null, label: "" });
    else edges.add({ id: `${g.id}=>${g.tensor}`, kind: "output", source: g.id, target: g.tensor, inputIndex: null, label: "" });
    // NextFunction.inputIndex is PyTorch's output number of the next node (usually 0); the op's input is the position.
    g.nextFunctions.forEach((nf, i) => {
      if (nf.gradFn) edges.add({ id: nextEdgeId(nf.gradFn, g.id, i), kind: "next", source: nf.gradFn, target: g.id, inputIndex: i, label: "" });
    });
    for (const [tensor, roles] of savedRoles(g, false)) edges.add({ id: `${tensor}-saved->${g.id}`, kind: "saved", source: tensor, target: g.id, inputIndex: null, label: roles.join(", ") });
  }
  for (const t of trace.tensors) {
    for (const inp of new Set(t.inputs)) {
      const src = ix.tensors.get(inp);
      if (!src || src.requiresGrad) continue;
      const target = t.gradFn && edges.hasNode(t.gradFn) ? t.gradFn : t.id;
      edges.add({ id: `${inp}-in->${target}`, kind: "input", source: inp, target, inputIndex: null, label: "" });
    }
    if (t.detachedFrom) edges.add({ id: `${t.detachedFrom}~>${t.id}`, kind: "detach", source: t.detachedFrom, target: t.id, inputIndex: null, label: "detach" });
  }
  return { nodes, edges: edges.edges, groups: groups.finish(nodes), tensors: ix.tensors, gradFns: ix.gradFns };
}

/** Counts the status line and the text alternative report: every node and edge of the model (toggles don't change them). */
export function counts(m: ViewModel): { nodes: number; edges: number } {
  return { nodes: m.nodes.length, edges: m.edges.length };
}
