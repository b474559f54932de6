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
  tensors: Map<string, TraceTensor>;
  gradFns: Map<string, TraceGradFn>;
}

/** Id of the "next" edge along which a flow from grad function `from` (input `inputIndex`) reaches `to`. */
export function nextEdgeId(to: string, from: string, inputIndex: number): string {
  return `${to}->${from}#${inputIndex}`;
}

/** Group id for a loop line, or for one of its iterations. */
function loopId(line: number, iteration?: number): string {
  return iteration === undefined ? `loop:${line}` : `loop:${line}:${iteration}`;
}

/** Builds nodes, edges and groups for a Trace. Edges to ids missing from a truncated Trace are left out. */
export function buildModel(trace: Trace): ViewModel {
  const tensors = new Map(trace.tensors.map((t) => [t.id, t]));
  const gradFns = new Map(trace.gradFns.map((g) => [g.id, g]));
  const roots = new Set(trace.passes.flatMap((p) => p.roots));
  const groups = new Map<string, ViewGroup>();
  const nodes: ViewNode[] = [];

  const loopParent = (loop: TraceTensor["loop"]): string | null => {
    if (!loop) return null;
    const outer = loopId(loop.line);
    if (!groups.has(outer)) groups.set(outer, { id: outer, kind: "loop", label: `loop @ line ${loop.line}`, parent: null, size: 0 });
    const inner = loopId(loop.line, loop.iteration);
    if (!groups.has(inner)) groups.set(inner, { id: inner, kind: "iteration", label: `iteration ${loop.iteration}`, parent: outer, size: 0 });
    return inner;
  };

  // Consecutive no_grad tensors (outside loops) share one shaded group: one `with torch.no_grad()` block each.
  let noGradRun: string | null = null;
  for (const t of trace.tensors) {
    const classes: string[] = [];
    if (roots.has(t.id)) classes.push("root");
    else if (t.isLeaf && t.requiresGrad) classes.push("leaf");
    else if (!t.requiresGrad) classes.push("nograd");
    else classes.push("intermediate");
    if (t.createdUnderNoGrad) classes.push("nogradmode");
    if (t.detachedFrom) classes.push("detached");
    let parent = loopParent(t.loop);
    if (!parent && t.createdUnderNoGrad) {
      if (!noGradRun) {
        noGradRun = `nograd:${t.id}`;
        groups.set(noGradRun, { id: noGradRun, kind: "nograd", label: "no_grad", parent: null, size: 0 });
      }
      parent = noGradRun;
    } else if (!t.loop) noGradRun = null;
    nodes.push({ id: t.id, kind: "tensor", classes, parent });
  }
  for (const g of trace.gradFns) {
    const out = tensors.get(g.tensor);
    const accumulate = g.name === "AccumulateGrad";
    // A grad function sits in its output's loop iteration; AccumulateGrad sits next to its leaf.
    const parent = out?.loop ? loopParent(out.loop) : null;
    nodes.push({ id: g.id, kind: "gradFn", classes: accumulate ? ["accumulate"] : ["function"], parent });
  }

  const ids = new Set(nodes.map((n) => n.id));
  const edges: ViewEdge[] = [];
  const seen = new Set<string>();
  const add = (e: ViewEdge): void => {
    if (!ids.has(e.source) || !ids.has(e.target) || seen.has(e.id)) return;
    seen.add(e.id);
    edges.push(e);
  };
  for (const g of trace.gradFns) {
    if (g.name === "AccumulateGrad") add({ id: `${g.tensor}=>${g.id}`, kind: "output", source: g.tensor, target: g.id, inputIndex: null, label: "" });
    else add({ id: `${g.id}=>${g.tensor}`, kind: "output", source: g.id, target: g.tensor, inputIndex: null, label: "" });
    // NextFunction.inputIndex is PyTorch's output number of the next node (usually 0); the op's input is the position.
    g.nextFunctions.forEach((nf, i) => {
      if (nf.gradFn) add({ id: nextEdgeId(nf.gradFn, g.id, i), kind: "next", source: nf.gradFn, target: g.id, inputIndex: i, label: "" });
    });
    const savedRoles = new Map<string, string[]>();
    for (const s of g.saved) {
      if (!s.tensor || s.tensor === g.tensor) continue;
      savedRoles.set(s.tensor, [...(savedRoles.get(s.tensor) ?? []), s.role]);
    }
    for (const [tensor, roles] of savedRoles) add({ id: `${tensor}-saved->${g.id}`, kind: "saved", source: tensor, target: g.id, inputIndex: null, label: roles.join(", ") });
  }
  for (const t of trace.tensors) {
    for (const inp of new Set(t.inputs)) {
      const src = tensors.get(inp);
      if (!src || src.requiresGrad) continue;
      const target = t.gradFn && ids.has(t.gradFn) ? t.gradFn : t.id;
      add({ id: `${inp}-in->${target}`, kind: "input", source: inp, target, inputIndex: null, label: "" });
    }
    if (t.detachedFrom) add({ id: `${t.detachedFrom}~>${t.id}`, kind: "detach", source: t.detachedFrom, target: t.id, inputIndex: null, label: "detach" });
  }

  // Sizes, for collapsed group labels ("iteration 3 · 4 nodes").
  for (const n of nodes) {
    let p = n.parent;
    while (p) {
      const g = groups.get(p);
      if (!g) break;
      g.size++;
      p = g.parent;
    }
  }
  return { nodes, edges, groups: [...groups.values()], tensors, gradFns };
}

/** Counts the status line and the text alternative report: every node and edge of the model (toggles don't change them). */
export function counts(m: ViewModel): { nodes: number; edges: number } {
  return { nodes: m.nodes.length, edges: m.edges.length };
}
