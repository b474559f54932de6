/**
 * DAG layout of the view: forward direction top-down. dagre for graphs up to LAYERED_ABOVE visible nodes (best
 * crossing reduction), our linear-time layered layout above that (dagre/ELK measured too slow, see README.md).
 * ELK lives in layoutElk.ts, outside the bundle, only so the bench can keep comparing it.
 */
import dagre from "dagre";
import { layoutLayered } from "./layered.js";

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  /** Compound parent id (groups), or null. */
  parent: string | null;
}

export interface LayoutInput {
  nodes: LayoutNode[];
  /** Group ids with their own parent, outermost first. */
  groups: Array<{ id: string; parent: string | null }>;
  edges: Array<{ source: string; target: string }>;
}

export type Positions = Map<string, { x: number; y: number }>;
export type LayoutEngine = "dagre" | "layered" | "auto";

/** Visible nodes above which the "auto" engine uses the layered layout (dagre: ~1.7 s at 1,000 nodes). */
export const LAYERED_ABOVE = 400;
/**
 * Edges from a node with more consumers than this are drawn but don't constrain the layout: a weight shared by
 * every iteration of a loop would otherwise drag one long edge per iteration through all ranks (dagre: 2.2 s
 * instead of 0.1 s at 100 nodes; ELK: 23 s instead of 0.7 s at 1,000).
 */
export const FAN_OUT_LIMIT = 8;

/** Drops high fan-out edges (see FAN_OUT_LIMIT). */
export function layoutEdges(edges: LayoutInput["edges"]): LayoutInput["edges"] {
  const out = new Map<string, number>();
  for (const e of edges) out.set(e.source, (out.get(e.source) ?? 0) + 1);
  return edges.filter((e) => (out.get(e.source) ?? 0) <= FAN_OUT_LIMIT);
}

/** Spacing tuned so three-line tensor labels and chain-rule edge labels don't collide at zoom 1. */
const NODE_SEP = 30;
const RANK_SEP = 45;

/** dagre's layered layout (synchronous; compound groups as clusters). Returns centre positions of leaf nodes. */
export function layoutDagre(input: LayoutInput): Positions {
  const g = new dagre.graphlib.Graph({ compound: input.groups.length > 0, multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: NODE_SEP, ranksep: RANK_SEP, edgesep: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const grp of input.groups) g.setNode(grp.id, {});
  for (const grp of input.groups) if (grp.parent) g.setParent(grp.id, grp.parent);
  for (const n of input.nodes) {
    g.setNode(n.id, { width: n.width, height: n.height });
    if (n.parent) g.setParent(n.id, n.parent);
  }
  input.edges.forEach((e, i) => g.setEdge(e.source, e.target, {}, `e${i}`));
  dagre.layout(g);
  const out: Positions = new Map();
  for (const n of input.nodes) {
    const p = g.node(n.id);
    out.set(n.id, { x: p.x ?? 0, y: p.y ?? 0 });
  }
  return out;
}

/** Runs the chosen engine. */
export async function runLayout(input: LayoutInput, engine: LayoutEngine = "auto"): Promise<Positions> {
  // dagre gets no groups: its clusters laid an unrolled loop out as a wide diagonal staircase (seen on examples/06).
  // The layered layout gives each group its own band of rows, so sibling boxes never overlap (layered.ts).
  const edges = layoutEdges(input.edges);
  const useLayered = engine === "layered" || (engine === "auto" && input.nodes.length > LAYERED_ABOVE);
  if (useLayered) return layoutLayered({ nodes: input.nodes, groups: input.groups, edges });
  const trimmed = { nodes: input.nodes.map((n) => ({ ...n, parent: null })), groups: [], edges };
  return layoutDagre(trimmed);
}
