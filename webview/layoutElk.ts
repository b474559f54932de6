/** ELK's layered layout, kept out of the view bundle (1.6 MB) and used only by the bench for comparison. */
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api.js";
import type { LayoutInput, Positions } from "./layout.js";

let elk: InstanceType<typeof ELK> | null = null;

/** Centre positions of the leaf nodes, groups as ELK hierarchy. */
export async function layoutElk(input: LayoutInput): Promise<Positions> {
  elk ??= new ELK();
  const byId = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: "__root",
    layoutOptions: { "elk.algorithm": "layered", "elk.direction": "DOWN", "elk.hierarchyHandling": "INCLUDE_CHILDREN", "elk.spacing.nodeNode": "30", "elk.layered.spacing.nodeNodeBetweenLayers": "45" },
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
