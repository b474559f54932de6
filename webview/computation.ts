/**
 * The computation view (the default): the picture the course and micrograd draw, from the same Trace.
 *
 * Nodes: one record per tensor (id = the tensor's id) and one small op node per operation that produced a tensor
 * from other tensors (id = `op:<tensor id>`). Edges run input → op → output, in forward direction:
 *  - "operand": input tensor → the op that used it, one per input position (x*x draws two), id `<in>>op:<t>#<i>`
 *  - "result":  op → the tensor it produced
 *  - "detach":  y ⇢ u for `u = y.detach()`: a cut, with no op above u
 *  - "saved":   op ⋯ a tensor it saved for backward (toggle)
 * AccumulateGrad is not drawn: a leaf's record carries its accumulation. Tensors no backward pass reaches and that
 * only feed checks or prints go into one "checks" group (collapsed by default); a loop condition's tensors
 * (`b.norm()` in a `while`) become a badge on their iteration instead of a second chain.
 * Pure: node tests and the bundle share it.
 */
import type { GradientFlow, Trace, TraceTensor } from "../src/protocol.js";
import { EdgeList, GroupBuilder, loopId, savedRoles, tensorClasses, type ViewGroup, type ViewModel, type ViewNode } from "./model.js";
import { indexTrace } from "./traceIndex.js";
import { fmtNum } from "./format.js";

export const CHECKS_GROUP = "checks";

export function opId(tensorId: string): string {
  return `op:${tensorId}`;
}

export function operandEdgeId(input: string, tensorId: string, index: number): string {
  return `${input}>${opId(tensorId)}#${index}`;
}

export interface ComputationModel extends ViewModel {
  /** Tensor ids folded into the "checks" group. */
  checks: Set<string>;
  /** Tensor ids folded into a loop iteration's condition badge (not drawn). */
  conditions: Set<string>;
  /** Groups folded when the view opens: the checks, and the middle iterations of long loops. */
  folded: string[];
  /** Iteration group id → its condition badge text ("while: norm = 4.628"). */
  badges: Map<string, string>;
  /** The drawn node standing for an autograd-view node (grad fn → its op; AccumulateGrad → its leaf). */
  nodeFor(autogradId: string): string | null;
  /** The operand edge a gradient flow travels back along, or null. */
  edgeFor(f: GradientFlow): string | null;
}

/** Builds the computation view's nodes, edges and groups for a Trace. */
export function buildComputation(trace: Trace): ComputationModel {
  const ix = indexTrace(trace);
  const { tensors, gradFns } = ix;
  const checks = new Set<string>();
  const conditions = new Set<string>();
  const badges = new Map<string, string>();
  if (trace.passes.length > 0) {
    for (const t of trace.tensors) {
      if (ix.rootAncestors.has(t.id)) continue;
      // A loop condition sits on the loop's own line (`while (b.norm() < 1000)` records norm on line 8 of loop 8).
      if (t.loop && t.range?.startLine === t.loop.line) conditions.add(t.id);
      else checks.add(t.id);
    }
  }
  const builder = new GroupBuilder();
  const groups = builder.groups;
  const nodes: ViewNode[] = [];
  const hasOp = (t: TraceTensor): boolean => t.inputs.length > 0 && !t.detachedFrom;
  for (const t of trace.tensors) {
    if (conditions.has(t.id)) continue;
    const classes = [...tensorClasses(t, ix), "record"];
    let parent: string | null;
    if (checks.has(t.id)) {
      classes.push("check");
      if (!groups.has(CHECKS_GROUP)) groups.set(CHECKS_GROUP, { id: CHECKS_GROUP, kind: "checks", label: "checks & prints", parent: null, size: 0 });
      parent = CHECKS_GROUP;
    } else parent = builder.parentOf(t);
    if (hasOp(t)) nodes.push({ id: opId(t.id), kind: "op", classes: ["op", ...(checks.has(t.id) ? ["check"] : []), ...(t.createdUnderNoGrad ? ["nogradmode"] : [])], parent });
    nodes.push({ id: t.id, kind: "tensor", classes, parent });
  }

  const ids = new Set(nodes.map((n) => n.id));
  const edges = new EdgeList(ids);
  for (const t of trace.tensors) {
    if (!ids.has(t.id)) continue;
    if (t.detachedFrom) edges.add({ id: `${t.detachedFrom}~>${t.id}`, kind: "detach", source: t.detachedFrom, target: t.id, inputIndex: null, label: "detach" });
    if (!hasOp(t)) continue;
    t.inputs.forEach((inp, i) => edges.add({ id: operandEdgeId(inp, t.id, i), kind: "operand", source: inp, target: opId(t.id), inputIndex: i, label: "" }));
    edges.add({ id: `${opId(t.id)}>${t.id}`, kind: "result", source: opId(t.id), target: t.id, inputIndex: null, label: "" });
  }
  for (const g of trace.gradFns) {
    if (g.name === "AccumulateGrad") continue;
    const op = opId(g.tensor);
    for (const [tensor, rs] of savedRoles(g, true)) edges.add({ id: `${op}-saved->${tensor}`, kind: "saved", source: op, target: tensor, inputIndex: null, label: `saved ${rs.join(", ")}` });
  }

  // Condition badges: on the iteration the check let in, or, for the check that ended the loop (its iteration
  // holds nothing else), on the loop itself.
  for (const id of conditions) {
    const t = tensors.get(id) as TraceTensor;
    const loop = t.loop as NonNullable<TraceTensor["loop"]>;
    const v = t.value.numel === 1 && t.value.data.length > 0 ? ` = ${fmtNum(t.value.data[0] ?? Number.NaN, t.value.dtype)}` : "";
    const text = `${t.op}(${t.inputs.map((i) => tensors.get(i)?.label ?? "?").join(", ")})${v}`;
    const it = groups.get(loopId(loop.line, loop.iteration));
    const outer = groups.get(loopId(loop.line));
    if (it) {
      badges.set(it.id, badges.has(it.id) ? `${badges.get(it.id)}; ${text}` : text);
      it.label = `${it.label} · while ${text}`;
    } else if (outer) outer.label = `${outer.label} · ended: ${text}`;
  }

  // A loop of more than three iterations shows its first and last; the ones between sit in one "iterations 2–9"
  // box, folded by default, so the whole computation fits on open at a readable size.
  const folded: string[] = [];
  const byLoop = new Map<string, ViewGroup[]>();
  for (const g of groups.values()) if (g.kind === "iteration" && g.parent) byLoop.set(g.parent, [...(byLoop.get(g.parent) ?? []), g]);
  for (const [loop, its] of byLoop) {
    if (its.length <= 3) continue;
    const middle = its.slice(1, -1);
    const id = `${loop}:mid`;
    groups.set(id, { id, kind: "iteration", label: `iterations ${middle[0]?.label.match(/\d+/)?.[0] ?? "?"}–${middle[middle.length - 1]?.label.match(/\d+/)?.[0] ?? "?"}`, parent: loop, size: 0 });
    for (const g of middle) g.parent = id;
    folded.push(id);
  }
  if (groups.has(CHECKS_GROUP)) folded.push(CHECKS_GROUP);

  builder.finish(nodes);

  const nodeFor = (autogradId: string): string | null => {
    if (ids.has(autogradId)) return autogradId;
    const g = gradFns.get(autogradId);
    if (!g) return null;
    if (g.name === "AccumulateGrad") return ids.has(g.tensor) ? g.tensor : null;
    return ids.has(opId(g.tensor)) ? opId(g.tensor) : ids.has(g.tensor) ? g.tensor : null;
  };
  const edgeFor = (f: GradientFlow): string | null => {
    const from = gradFns.get(f.from);
    const to = f.to ? gradFns.get(f.to) : undefined;
    const out = from ? tensors.get(from.tensor) : undefined;
    if (!out || !to) return null;
    // The input that receives the gradient is the tensor of the receiving grad fn (its output, or the leaf of an
    // AccumulateGrad); its position among the op's inputs is the flow's position when that matches.
    const receiver = to.tensor;
    const i = out.inputs[f.inputIndex] === receiver ? f.inputIndex : out.inputs.indexOf(receiver);
    if (i < 0) return null;
    const id = operandEdgeId(receiver, out.id, i);
    return edges.ids.has(id) ? id : null;
  };
  // Parents before children (the layout and cytoscape want outer groups declared first).
  const depth = (g: ViewGroup): number => (g.parent ? 1 + depth(groups.get(g.parent) as ViewGroup) : 0);
  const ordered = [...groups.values()].sort((x, y) => depth(x) - depth(y));
  return { nodes, edges: edges.edges, groups: ordered, tensors, gradFns, checks, conditions, badges, folded, nodeFor, edgeFor };
}
