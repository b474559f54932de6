/**
 * What the graph shows, without cytoscape: every element's definition (ids, labels, sizes measured in the label
 * font, classes), which groups are folded, which node stands for which, what is hidden and which dashed stand-in
 * edges cross a folded group, and what the layout of a fresh load sees. `GraphView` (graph.ts) is a Scene that also
 * draws; `prepare.ts` uses a bare Scene to lay the first Trace out while cytoscape's script is still compiling.
 */
import type { ElementDefinition } from "cytoscape";
import type { Trace } from "../src/protocol.js";
import type { ViewModel, ViewNode } from "./model.js";
import type { ComputationModel } from "./computation.js";
import type { LayoutInput } from "./layout.js";
import { LABEL_FONT, LABEL_FONT_PX } from "./style.js";
import type { Direction, ViewState } from "./state.js";

/** Char width and line height of the 12px monospace label font, for sizing nodes before layout. */
const CHAR_W = 7.3;
const LINE_H = 15;

/** Graphs larger than this start with the middle loop iterations collapsed so the unrolled loop stays readable. */
export const COLLAPSE_THRESHOLD = 300;
/** Loops with more iterations than this start fully collapsed in big graphs. */
export const LONG_LOOP = 20;

/** The node standing for a collapsed group. */
export function proxyId(groupId: string): string {
  return `proxy:${groupId}`;
}

let measureCtx: CanvasRenderingContext2D | null | undefined;
/** Width of one label line in the label font: measured on a canvas in the browser, estimated elsewhere (Node: tests, the CLI's SVG). */
function lineWidth(line: string): number {
  if (measureCtx === undefined) {
    measureCtx = typeof document !== "undefined" ? document.createElement("canvas").getContext("2d") : null;
    if (measureCtx) measureCtx.font = `${LABEL_FONT_PX}px ${LABEL_FONT}`;
  }
  return measureCtx ? measureCtx.measureText(line).width : line.length * CHAR_W;
}

/** A node's box for a label: its widest line plus padding, its lines at the label font's line height. */
export function sizeOf(label: string): { w: number; h: number } {
  const lines = label.split("\n");
  return { w: Math.max(44, Math.ceil(Math.max(...lines.map(lineWidth))) + 18), h: lines.length * LINE_H + 10 };
}

export interface SceneOptions {
  collapsed?: string[] | undefined;
  /** Other labels a node will show (during playback): the layout leaves room for the widest of them. */
  labelsOverPlayback?: ((n: ViewNode) => string[]) | undefined;
}

/** Collapses all but the first and last iteration of each loop when the graph is large. */
export function defaultCollapsed(model: ViewModel): Set<string> {
  const out = new Set<string>();
  // The computation view says what it folds: checks and prints, the middle iterations of long loops.
  for (const id of (model as Partial<ComputationModel>).folded ?? []) out.add(id);
  if (model.nodes.length <= COLLAPSE_THRESHOLD) return out;
  const byLoop = new Map<string, string[]>();
  for (const g of model.groups) if (g.kind === "iteration" && g.parent) byLoop.set(g.parent, [...(byLoop.get(g.parent) ?? []), g.id]);
  for (const [loop, its] of byLoop) {
    its.slice(1, -1).forEach((id) => out.add(id));
    // A long loop starts as one box; opening it shows the first and last iterations with the middle still closed.
    if (its.length > LONG_LOOP) out.add(loop);
  }
  return out;
}

export class Scene {
  model: ViewModel | null = null;
  trace: Trace | null = null;
  collapsed = new Set<string>();
  showAccumulate = true;
  showSaved = false;
  /** Top-down by default: VS Code opens the panel beside the editor, taller than wide. */
  direction: Direction = "TB";
  protected groupParent = new Map<string, string | null>();
  protected nodeParent = new Map<string, string | null>();
  protected accumulateOf = new Map<string, string>();
  /** Every element's definition; the drawn graph holds only the visible ones. */
  protected defs = new Map<string, ElementDefinition>();
  protected savedTensors = new Set<string>();

  /** The view state's drawing toggles (App.applyToggles, prepare.ts). */
  setToggles(s: Pick<ViewState, "showAccumulate" | "showSaved" | "direction">): void {
    this.showAccumulate = s.showAccumulate;
    this.showSaved = s.showSaved;
    this.direction = s.direction;
  }

  /** Takes a Trace (either view's model): its elements' definitions and the groups to fold. `labelOf` gives each node's label. */
  setModel(trace: Trace, model: ViewModel, labelOf: (n: ViewNode) => string, o: SceneOptions = {}): void {
    this.trace = trace;
    this.model = model;
    this.groupParent = new Map(model.groups.map((g) => [g.id, g.parent]));
    this.nodeParent = new Map(model.nodes.map((n) => [n.id, n.parent]));
    this.accumulateOf = new Map(trace.gradFns.filter((g) => g.name === "AccumulateGrad").map((g) => [g.id, g.tensor]));
    if (o.collapsed) this.collapsed = new Set(o.collapsed.filter((id) => this.groupParent.has(id)));
    else this.collapsed = defaultCollapsed(model);

    // Every element's definition; only the visible ones live in cytoscape. Thousands of hidden elements (collapsed
    // loop iterations) still cost cytoscape style and bounds work on every frame (measured: 5.6 s first paint for
    // a 5,000-node loop with 7 nodes visible), so hidden means removed, and shown means added back.
    const defs = new Map<string, ElementDefinition>();
    for (const g of [...model.groups].sort((x, y) => this.depth(x.id) - this.depth(y.id))) {
      defs.set(g.id, { group: "nodes", data: { id: g.id, label: g.label, parent: g.parent ?? undefined }, classes: `group group-${g.kind}` });
    }
    for (const g of model.groups) {
      const label = `${g.label} · ${g.size} nodes ▸`;
      defs.set(proxyId(g.id), { group: "nodes", data: { id: proxyId(g.id), label, group: g.id, parent: g.parent ?? undefined, ...sizeOf(label) }, classes: `group collapsed proxy group-${g.kind}` });
    }
    for (const n of model.nodes) {
      const label = labelOf(n);
      const size = sizeOf(label);
      // The room the layout keeps for the node (lw × lh): its widest and tallest label over the playback.
      const room = (o.labelsOverPlayback?.(n) ?? []).map(sizeOf).reduce((a, b) => ({ w: Math.max(a.w, b.w), h: Math.max(a.h, b.h) }), size);
      defs.set(n.id, { group: "nodes", data: { id: n.id, label, kind: n.kind, ...size, lw: room.w, lh: room.h, parent: n.parent ?? undefined }, classes: n.classes.join(" ") });
    }
    for (const [it, badge] of (model as Partial<ComputationModel>).badges ?? []) {
      const def = defs.get(proxyId(it));
      if (def) def.data = { ...def.data, badge };
    }
    const fast = model.nodes.length > COLLAPSE_THRESHOLD ? " fast" : "";
    for (const e of model.edges) {
      defs.set(e.id, { group: "edges", data: { id: e.id, source: e.source, target: e.target, label: e.label, kind: e.kind, lx: 0, ly: 0 }, classes: e.kind + fast });
    }
    this.defs = defs;
    this.savedTensors = new Set(trace.gradFns.flatMap((g) => g.saved.filter((x) => x.tensor && x.tensor !== g.tensor).map((x) => x.tensor as string)));
  }

  /** The outermost collapsed group containing a node or group, or null. */
  protected collapsedRoot(parent: string | null): string | null {
    let found: string | null = null;
    for (let p = parent; p; p = this.groupParent.get(p) ?? null) if (this.collapsed.has(p)) found = p;
    return found;
  }

  /** The visible node standing in for `id`: itself, its collapsed group's proxy, or an AccumulateGrad's leaf. */
  representative(id: string): string {
    // The computation view draws no grad fns: a grad fn id stands for its op (AccumulateGrad: its leaf).
    const alias = (this.model as Partial<ComputationModel> | null)?.nodeFor;
    if (alias && !this.nodeParent.has(id)) id = alias(id) ?? id;
    const root = this.collapsedRoot(this.nodeParent.get(id) ?? null);
    if (root) return proxyId(root);
    const leaf = this.accumulateOf.get(id);
    if (leaf && !this.showAccumulate) return this.representative(leaf);
    return id;
  }

  /**
   * What the current toggles and folded groups hide (element ids), and the dashed "meta" edges that stand in for
   * hidden edges across a folded group.
   */
  protected hiddenAndMeta(): { hide: Set<string>; meta: Map<string, ElementDefinition> } {
    const hide = new Set<string>();
    const meta = new Map<string, ElementDefinition>();
    const model = this.model;
    if (!model) return { hide, meta };
    for (const g of model.groups) {
      const root = this.collapsedRoot(g.id);
      if (root !== null) hide.add(g.id);
      if (root !== g.id) hide.add(proxyId(g.id));
    }
    for (const n of model.nodes) if (this.representative(n.id) !== n.id) hide.add(n.id);
    for (const e of model.edges) {
      const s = this.representative(e.source);
      const t = this.representative(e.target);
      const visible = s === e.source && t === e.target && (e.kind !== "saved" || this.showSaved);
      if (!visible) hide.add(e.id);
      // The folded checks box gets no stand-in edges: a dashed line from every tensor a check read is noise.
      const intoChecks = s === proxyId("checks") || t === proxyId("checks");
      if (!visible && s !== t && !intoChecks && (e.kind !== "saved" || this.showSaved)) {
        const id = `meta:${s}->${t}`;
        if (!meta.has(id)) meta.set(id, { group: "edges", data: { id, source: s, target: t, kind: "meta", lx: 0, ly: 0 }, classes: `meta ${e.kind === "detach" ? "detach" : ""}` });
      }
    }
    // A weight shared by every iteration would draw one dashed edge per collapsed iteration across the whole loop;
    // such stand-in edges are left out (the real edges are still listed in the text alternative).
    const fan = new Map<string, number>();
    for (const m of meta.values()) for (const end of [m.data["source"] as string, m.data["target"] as string]) fan.set(end, (fan.get(end) ?? 0) + 1);
    for (const [id, m] of meta) if ((fan.get(m.data["source"] as string) ?? 0) > 8 || (fan.get(m.data["target"] as string) ?? 0) > 8) meta.delete(id);
    return { hide, meta };
  }

  /** A drawn element's parent: its group, unless that group is inside a folded one (then it hangs free). */
  protected drawnParent(p: unknown): string | null {
    return typeof p === "string" && !this.collapsedRoot(p) ? p : null;
  }

  /** What the layout engine sees for one node: records keep room for their widest label, folded boxes their own. */
  protected static layoutNode(id: string, data: Record<string, unknown>, isProxy: boolean, parent: string | null): LayoutInput["nodes"][number] {
    const room = (key: "w" | "h"): number => Math.max(Number(data[key]) || 0, Number(data[`l${key}`]) || 0);
    return { id, width: isProxy ? Math.max(160, Number(data["w"]) || 190) : room("w"), height: isProxy ? 36 : room("h"), parent };
  }

  /** Groups with their parents, outermost first, as dagre wants parents declared before children. */
  protected sortGroups(groups: LayoutInput["groups"]): LayoutInput["groups"] {
    return groups.sort((a, b) => this.depth(a.id) - this.depth(b.id));
  }

  /** How many groups contain group `id` (0 at the top). */
  private depth(id: string | null): number {
    return id ? 1 + this.depth(this.groupParent.get(id) ?? null) : 0;
  }

  /**
   * What the layout sees right after a fresh load (GraphView.layoutInput reads the same from cytoscape): the visible
   * leaf nodes and folded boxes, the open groups, the visible edges and the stand-ins, in the order they are added.
   */
  freshLayoutInput(): LayoutInput {
    const { hide, meta } = this.hiddenAndMeta();
    const nodes: LayoutInput["nodes"] = [];
    const groups: LayoutInput["groups"] = [];
    const edges: LayoutInput["edges"] = [];
    for (const [id, def] of this.defs) {
      if (hide.has(id)) continue;
      if (def.group === "nodes") {
        const parent = this.drawnParent(def.data["parent"]);
        const classes = ` ${def.classes ?? ""} `;
        const isProxy = classes.includes(" proxy ");
        if (classes.includes(" group ") && !isProxy) groups.push({ id, parent });
        else nodes.push(Scene.layoutNode(id, def.data, isProxy, parent));
      } else edges.push({ source: String(def.data["source"]), target: String(def.data["target"]) });
    }
    for (const m of meta.values()) edges.push({ source: String(m.data["source"]), target: String(m.data["target"]) });
    return { nodes, groups: this.sortGroups(groups), edges };
  }
}
