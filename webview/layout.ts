/**
 * DAG layout of the view: forward direction top-down. dagre for graphs up to LAYERED_ABOVE visible nodes (best
 * crossing reduction), our linear-time layered layout above that (dagre/ELK measured too slow, see README.md).
 * ELK lives in layoutElk.ts, outside the bundle, only so the bench can keep comparing it.
 */
import dagre from "dagre";
import { layoutLayered } from "./layered.js";
import type { Direction } from "./state.js";

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

/**
 * Layouts computed ahead (prepare.ts: the first Trace, laid out while cytoscape's script still compiles), by what
 * they were computed from. They are for the graph's first layout only: its request takes the one computed from
 * exactly its input, and the rest are dropped then (so later layouts never pay for the lookup).
 */
const ahead = new Map<string, Promise<Positions>>();
const AHEAD_MAX = 4;

function aheadKey(input: LayoutInput, direction: Direction, engine: LayoutEngine): string {
  return JSON.stringify([direction, engine, input]);
}

/** Positions for `input` drawn in `direction`, the way the graph lays out what it shows. */
function compute(input: LayoutInput, direction: Direction, engine: LayoutEngine): Promise<Positions> {
  // Groups (loop iterations, no_grad blocks): dagre draws an unrolled chain as a wide diagonal staircase
  // (examples/06) and, without clusters, lets outside nodes land inside a box; the layered layout gives every
  // group its own band of rows, so boxes never overlap each other or nodes outside them.
  const grouped = input.groups.length > 0;
  // Left-to-right is the top-down layout of the transposed boxes, transposed back.
  const lr = direction === "LR";
  const boxes = lr ? { ...input, nodes: input.nodes.map((n) => ({ ...n, width: n.height, height: n.width })) } : input;
  return runLayout(boxes, engine === "auto" && grouped ? "layered" : engine).then((pos) => {
    if (lr) for (const [id, p] of pos) pos.set(id, { x: p.y, y: p.x });
    return pos;
  });
}

/**
 * The graph's layout of what it shows (GraphView.relayout): a layout computed ahead from exactly this input is
 * taken (the positions are the same: the layout is a function of its input), anything else is computed now.
 */
export function layoutPositions(input: LayoutInput, direction: Direction, engine: LayoutEngine = "auto"): Promise<Positions> {
  if (ahead.size > 0) {
    const ready = ahead.get(aheadKey(input, direction, engine));
    ahead.clear();
    if (ready !== undefined) return ready;
  }
  return compute(input, direction, engine);
}

/** Lays `input` out now, for a `layoutPositions` request of the same input later. */
export function layoutAhead(input: LayoutInput, direction: Direction, engine: LayoutEngine = "auto"): Promise<Positions> {
  const key = aheadKey(input, direction, engine);
  const p = compute(input, direction, engine);
  ahead.set(key, p);
  // A layout that failed is not handed on: the request computes (and reports) it itself.
  p.catch(() => ahead.delete(key));
  for (const k of ahead.keys()) if (ahead.size > AHEAD_MAX) ahead.delete(k);
  return p;
}

/** How many layouts computed ahead are waiting (tests). */
export function layoutsAhead(): number {
  return ahead.size;
}
