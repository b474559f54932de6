/**
 * DAG layout of the view: forward direction top-down. Two engines are kept so the bench can compare them in the
 * same run; the app uses `dagre` (see webview/README.md for the measured reasons).
 */
import dagre from "dagre";
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api.js";

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
export type LayoutEngine = "dagre" | "elk";

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

let elk: InstanceType<typeof ELK> | null = null;

/** ELK's layered layout (async, in-thread). Hierarchy handled across groups. Returns centre positions of leaf nodes. */
export async function layoutElk(input: LayoutInput): Promise<Positions> {
  elk ??= new ELK();
  const byId = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: "__root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.spacing.nodeNode": String(NODE_SEP),
      "elk.layered.spacing.nodeNodeBetweenLayers": String(RANK_SEP),
    },
    children: [],
    edges: [],
  };
  for (const grp of input.groups) byId.set(grp.id, { id: grp.id, children: [] });
  for (const grp of input.groups) (grp.parent ? byId.get(grp.parent) : root)?.children?.push(byId.get(grp.id) as ElkNode);
  for (const n of input.nodes) {
    const node: ElkNode = { id: n.id, width: n.width, height: n.height };
    byId.set(n.id, node);
    (n.parent ? byId.get(n.parent) : root)?.children?.push(node);
  }
  root.edges = input.edges.map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] }));
  const laid = await elk.layout(root);
  const out: Positions = new Map();
  const leaves = new Set(input.nodes.map((n) => n.id));
  const walk = (n: ElkNode, ox: number, oy: number): void => {
    for (const c of n.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      if (leaves.has(c.id)) out.set(c.id, { x: x + (c.width ?? 0) / 2, y: y + (c.height ?? 0) / 2 });
      walk(c, x, y);
    }
  };
  walk(laid, 0, 0);
  return out;
}

/** Runs the chosen engine. */
export async function runLayout(input: LayoutInput, engine: LayoutEngine = "dagre"): Promise<Positions> {
  return engine === "elk" ? layoutElk(input) : layoutDagre(input);
}
