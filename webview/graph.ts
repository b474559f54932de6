/**
 * The cytoscape side of the view: elements from the model, node labels, what is visible (collapsed loop groups,
 * the AccumulateGrad toggle, saved-tensor edges) and the layout of what is visible.
 */
import cytoscape from "cytoscape";
import type { CollectionReturnValue, Core, ElementDefinition, NodeSingular } from "cytoscape";
import type { ExportFormat, Trace } from "../src/protocol.js";
import type { ViewModel, ViewNode } from "./model.js";
import { layoutPositions, type LayoutEngine, type LayoutInput, type Positions } from "./layout.js";
import { stylesheet, type Theme } from "./style.js";
import { COLLAPSE_THRESHOLD, LONG_LOOP, Scene, defaultCollapsed, proxyId, sizeOf, type SceneOptions } from "./scene.js";
import { FIT_PAD, MIN_READABLE_ZOOM, fitReadable, inView, panToShow } from "./fit.js";
import { exportData, type Exported } from "./exporters.js";
import type { Direction, ViewMode } from "./state.js";

export type { Direction };
export { COLLAPSE_THRESHOLD, LONG_LOOP, defaultCollapsed, proxyId };

/** What a tap on the graph asks for: open or close a group, or select a node. */
export type GraphTap = { kind: "toggleGroup"; group: string; center: boolean } | { kind: "select"; id: string };

/** One playback position's marks: element id → classes ("active", "flowing", …), and texts on flowing edges. */
export interface PlaybackMarks {
  classes: Map<string, string[]>;
  flowing: ReadonlyArray<{ edgeId: string; text: string }>;
}

export interface LoadOptions extends SceneOptions {
  /** Positions to keep for nodes that are unchanged from the previous trace of the same snippet. */
  keep?: Map<string, { x: number; y: number; sig: string }> | undefined;
  engine?: LayoutEngine;
}

/**
 * The one part of the view that talks to cytoscape: it owns the `cy` instance (exposed read-only as a test hook,
 * `window.autogradLens.graph.cy`; nothing else in webview/ may use it), the elements, their playback classes, the
 * selection, the viewport and fitting. The controller tells it what to show in the view's own terms (ids, marks).
 */
export class GraphView extends Scene {
  readonly cy: Core;
  /** Element id → playback classes currently on it (kept for elements a folded group removed). */
  private marked = new Map<string, string[]>();
  /** The viewport a readable fit left (a second "Fit" from there shows the whole graph). */
  private fittedAt: { zoom: number; x: number; y: number; w: number; h: number } | null = null;

  /** Without a container the graph is headless (the CLI's SVG render): elements, styles and layout, no drawing. */
  constructor(container: HTMLElement | null, theme: Theme) {
    super();
    this.cy = cytoscape({
      ...(container ? { container, wheelSensitivity: 0.3 } : { headless: true, styleEnabled: true }),
      style: stylesheet(theme),
      minZoom: 0.02,
      maxZoom: 4,
      boxSelectionEnabled: false,
      // Big graphs: draw a cached texture while panning/zooming so interaction stays smooth.
      textureOnViewport: false,
      hideEdgesOnViewport: false,
      pixelRatio: "auto",
    });
  }

  setTheme(theme: Theme): void {
    this.cy.style(stylesheet(theme));
  }

  /** Identity of a node's content: if it is unchanged in a new Trace, its position is kept. */
  signature(id: string): string {
    const t = this.model?.tensors.get(id);
    if (id.startsWith("op:")) {
      const out = this.model?.tensors.get(id.slice(3));
      return `o|${out?.op ?? ""}|${out?.label ?? ""}`;
    }
    if (t) return `t|${t.label}|${t.op}|${t.value.shape.join(",")}`;
    const g = this.model?.gradFns.get(id);
    if (g) return `g|${g.name}|${g.tensor}`;
    // A folded box is unchanged while it folds the same thing (its label names the group and its size).
    const box = id.startsWith("proxy:") ? this.defs.get(id) : undefined;
    return box ? `p|${String(box.data["label"])}` : `?|${id}`;
  }

  /** Replaces the graph with a new Trace (either view's model) and lays it out. `labelOf` gives each node's label. */
  async load(trace: Trace, model: ViewModel, labelOf: (n: ViewNode) => string, o: LoadOptions = {}): Promise<void> {
    this.marked = new Map();
    const previous = this.defs;
    const previousCollapsed = new Set(this.collapsed);
    this.setModel(trace, model, labelOf, o);
    // A re-run that changed only values (the usual save): every node would go back where it was anyway, so the
    // elements stay and only their data changes; no remove, re-add and layout (most of a re-run's time in the view).
    if (o.keep !== undefined && o.engine === undefined && sameSet(previousCollapsed, this.collapsed) && this.sameStructure(previous, o.keep)) {
      this.refreshData();
      this.placeLabels();
      return;
    }
    this.cy.elements().remove();
    await this.relayout(o.keep, o.engine);
  }

  /**
   * True when the new definitions have exactly the old elements (ids, kinds, groups, parents, ends, classes) and
   * every drawn node keeps its position (same signature: `alignToKept` would put each one back where it was).
   */
  private sameStructure(previous: Map<string, ElementDefinition>, keep: NonNullable<LoadOptions["keep"]>): boolean {
    if (previous.size !== this.defs.size) return false;
    for (const [id, def] of this.defs) {
      const old = previous.get(id);
      if (old === undefined || old.group !== def.group || old.classes !== def.classes) return false;
      for (const k of ["parent", "source", "target", "kind", "group"]) if (old.data[k] !== def.data[k]) return false;
    }
    let drawn = 0;
    let ok = true;
    this.cy.nodes().forEach((n: NodeSingular) => {
      if (n.hasClass("group") && !n.hasClass("proxy")) return;
      drawn++;
      const k = keep.get(n.id());
      if (k === undefined || k.sig !== this.signature(n.id())) ok = false;
    });
    return ok && drawn === keep.size;
  }

  /**
   * The drawn elements take the new definitions' data and go back to their plain classes (as if just added: the
   * playback, highlight and selection state of the old Trace is the caller's to apply again, as after a load).
   */
  private refreshData(): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().unselect();
      cy.elements().forEach((el) => {
        const def = this.defs.get(el.id());
        if (def === undefined) return; // a stand-in edge across a folded group: same structure, same edge
        // Ids, ends and parents are the same (sameStructure) and cytoscape does not take them through data().
        const { parent: _parent, id: _id, source: _source, target: _target, ...data } = def.data;
        const labelChanged = el.data("label") !== data["label"];
        el.data(data);
        el.classes(def.classes ?? "");
        if (el.isNode()) {
          const on = this.showSaved && this.savedTensors.has(el.id());
          if (on) el.addClass("savedtensor");
          // See setTensorLabel: cytoscape re-measures a label only on a "bounds" event.
          if (labelChanged) el.emit("bounds");
        }
      });
    });
  }

  /** Updates one node's label (e.g. its grad changed during playback). */
  setTensorLabel(id: string, label: string): void {
    const def = this.defs.get(id);
    if (def) def.data = { ...def.data, label, ...sizeOf(label) };
    const n = this.cy.getElementById(id);
    if (n.nonempty() && n.data("label") !== label) {
      n.data({ label, ...sizeOf(label) });
      // cytoscape re-measures a label only on a "bounds" event; a data-mapped label change alone left the old
      // width in its texture cache (a record drew the middle of its new text, cropped to the old box).
      n.emit("bounds");
    }
  }

  /** Shows/hides elements for the current toggles and collapsed groups; adds dashed "meta" edges across collapsed groups. */
  private applyVisibility(): void {
    const cy = this.cy;
    if (!this.model) return;
    const { hide, meta } = this.hiddenAndMeta();
    const present = new Set<string>();
    cy.batch(() => {
      cy.edges(".meta").remove();
      const gone = cy.elements().filter((el) => hide.has(el.id()));
      gone.remove();
      cy.elements().forEach((el) => {
        present.add(el.id());
      });
      // Children of a collapsed group hang free (it is removed); elsewhere nodes sit in their group.
      const parentOf = (p: unknown): string | null => this.drawnParent(p);
      const added: ElementDefinition[] = [];
      const moves: Array<[string, string | null]> = [];
      for (const [id, def] of this.defs) {
        if (hide.has(id)) continue;
        if (def.group === "nodes") {
          const parent = parentOf(def.data["parent"]);
          if (present.has(id)) {
            if (((cy.getElementById(id).data("parent") as string | undefined) ?? null) !== parent) moves.push([id, parent]);
            continue;
          }
          const { parent: _ignored, ...data } = def.data;
          added.push({ group: "nodes", data: { ...data, ...(parent ? { parent } : {}) }, classes: def.classes ?? "" });
        } else if (!present.has(id)) added.push({ group: "edges", data: { ...def.data }, classes: def.classes ?? "" });
      }
      cy.add([...added, ...meta.values()]);
      // After the add: a node may move into a group that was just added back.
      for (const [id, parent] of moves) cy.getElementById(id).move({ parent });
      cy.nodes().forEach((n) => {
        const on = this.showSaved && this.savedTensors.has(n.id());
        if (n.hasClass("savedtensor") !== on) n.toggleClass("savedtensor", on);
      });
      // Elements shown again (a group opened) get their playback classes back.
      for (const d of added) {
        const cls = this.marked.get(String(d.data["id"]));
        if (cls) cy.getElementById(String(d.data["id"])).addClass(cls.join(" "));
      }
    });
  }

  /** What the layout engine sees: the visible leaf nodes and proxies, their expanded groups, and visible edges. */
  layoutInput(): LayoutInput {
    const nodes: LayoutInput["nodes"] = [];
    const groups: LayoutInput["groups"] = [];
    this.cy.nodes().forEach((n: NodeSingular) => {
      const parent = (n.data("parent") as string | undefined) ?? null;
      if (n.hasClass("group") && !n.hasClass("proxy")) groups.push({ id: n.id(), parent });
      else nodes.push(Scene.layoutNode(n.id(), n.data() as Record<string, unknown>, n.hasClass("proxy"), parent));
    });
    const edges = this.cy
      .edges()
      .map((e) => ({ source: String(e.data("source")), target: String(e.data("target")) }));
    return { nodes, groups: this.sortGroups(groups), edges };
  }

  /** Applies visibility, lays out, then restores kept positions of unchanged nodes (aligning the new ones to them). */
  async relayout(keep?: Map<string, { x: number; y: number; sig: string }>, engine: LayoutEngine = "auto"): Promise<void> {
    this.applyVisibility();
    const pos: Positions = await layoutPositions(this.layoutInput(), this.direction, engine);
    if (keep && keep.size > 0) alignToKept(pos, keep, (id) => this.signature(id));
    this.cy.batch(() => {
      for (const [id, p] of pos) this.cy.getElementById(id).position(p);
    });
    this.placeLabels();
  }

  /**
   * Moves edge labels (the chain rule on a flowing edge, "detach") off nodes and off each other: each label tries
   * its place at the edge's midpoint first, then nearby offsets in order of distance, and keeps the first one that
   * covers no node and no label placed before it. Labels are few (one step's edges), nodes are boxes: cheap.
   */
  placeLabels(): void {
    const cy = this.cy;
    const labelled = cy.edges().filter((e) => String(e.style("label") ?? "") !== "");
    if (labelled.empty()) return;
    const body = { includeLabels: false, includeOverlays: false } as const;
    const labelOnly = { includeNodes: false, includeEdges: false, includeLabels: true, includeMainLabels: true, includeSourceLabels: false, includeTargetLabels: false, includeOverlays: false } as const;
    const obstacles: Box[] = [];
    cy.nodes().forEach((n) => {
      if (!n.isParent()) obstacles.push(n.boundingBox(body));
    });
    const placed: Box[] = [];
    // The visible part of the canvas: a label placed beyond it is cut off (examples/04's fan-in sentence ran past the
    // right edge at 1400 px). Headless (the CLI's SVG) there is no canvas, so no such bound.
    const ext = cy.extent();
    const view: Box | null = cy.width() > 0 && cy.height() > 0 ? { x1: ext.x1 + 4, x2: ext.x2 - 4, y1: ext.y1 + 4, y2: ext.y2 - 4 } : null;
    const inView = (c: Box): boolean => view === null || (c.x1 >= view.x1 && c.x2 <= view.x2 && c.y1 >= view.y1 && c.y2 <= view.y2);
    labelled.forEach((e) => {
      if (e.data("lx") !== 0 || e.data("ly") !== 0) e.data({ lx: 0, ly: 0 });
      const b = e.boundingBox(labelOnly);
      if (!(b.w > 0)) return;
      const free = (c: Box): boolean => !obstacles.some((o) => hit(c, o)) && !placed.some((p) => hit(c, p));
      const candidates = offsets(b.w, b.h).map(([dx, dy]) => ({ dx, dy, c: { x1: b.x1 + dx, x2: b.x2 + dx, y1: b.y1 + dy, y2: b.y2 + dy } }));
      // The nearest free place inside the view; else (the view shows only part of the graph) the nearest free one.
      const pick = candidates.find((k) => free(k.c) && inView(k.c)) ?? candidates.find((k) => free(k.c));
      if (pick) {
        if (pick.dx !== 0 || pick.dy !== 0) e.data({ lx: pick.dx, ly: pick.dy });
        placed.push(pick.c);
        return;
      }
      placed.push(b);
    });
  }

  /** Collapses or expands a loop group and lays out again. */
  async toggleGroup(groupId: string): Promise<void> {
    if (this.collapsed.has(groupId)) this.collapsed.delete(groupId);
    else this.collapsed.add(groupId);
    // The structure changed: a fresh layout (keeping old positions here would overlap the opened group).
    await this.relayout();
  }

  /** The groups to fold (restricted to groups of the current model); call `relayout` to show the change. */
  setCollapsed(ids: Iterable<string>): void {
    this.collapsed = new Set([...ids].filter((id) => this.groupParent.has(id)));
  }

  /**
   * Puts a position's playback classes on the graph. Only elements whose classes change are touched: a step
   * changes a handful, not the whole graph. Edge labels are then placed off nodes and each other.
   */
  applyMarks(marks: PlaybackMarks): void {
    const cy = this.cy;
    const next = marks.classes;
    cy.batch(() => {
      for (const [id, old] of this.marked) {
        const now = next.get(id);
        const gone = now ? old.filter((c) => !now.includes(c)) : old;
        if (gone.length) cy.getElementById(id).removeClass(gone.join(" "));
      }
      for (const [id, now] of next) {
        const old = this.marked.get(id);
        const added = old ? now.filter((c) => !old.includes(c)) : now;
        if (added.length) cy.getElementById(id).addClass(added.join(" "));
      }
      for (const n of marks.flowing) cy.getElementById(n.edgeId).data("flow", n.text).emit("bounds");
    });
    this.marked = next;
    this.placeLabels();
  }

  /** Pans to show the node standing for `id` when it is outside the panel (the step being narrated). */
  follow(id: string): void {
    const cy = this.cy;
    const n = cy.getElementById(this.representative(id));
    if (n.nonempty() && !inView(cy, n)) cy.stop(true, false).animate({ pan: panToShow(cy, cy.elements(":visible"), n) }, { duration: 150 });
  }

  /** Selects the node standing for `id` (or nothing), optionally centring it. */
  select(id: string | null, center: boolean): void {
    const cy = this.cy;
    cy.nodes(":selected").unselect();
    if (!id) return;
    const n = cy.getElementById(this.representative(id));
    n.select();
    if (center && n.nonempty()) cy.animate({ center: { eles: n } }, { duration: 150 });
  }

  /** Selects exactly these elements (the host's `select` message), without moving. */
  selectExactly(ids: readonly string[]): void {
    this.cy.nodes().unselect();
    for (const id of ids) this.cy.getElementById(id).select();
  }

  /** Marks and centres the nodes made on an editor line (the cursor's line). */
  highlight(ids: readonly string[]): void {
    const cy = this.cy;
    cy.nodes(".line-highlight").removeClass("line-highlight");
    const eles = this.visible(ids);
    eles.addClass("line-highlight");
    if (eles.nonempty()) cy.animate({ center: { eles } }, { duration: 150 });
  }

  /** Marks the nodes an error names (the tensor in the error, the ops a pass freed); clears earlier marks. */
  markErrors(ids: readonly string[]): void {
    this.cy.nodes(".error-node").removeClass("error-node");
    this.visible(ids).addClass("error-node");
  }

  /** Animates the viewport to show these nodes. */
  showNodes(ids: readonly string[]): void {
    const eles = this.visible(ids);
    if (eles.nonempty()) this.cy.animate({ fit: { eles, padding: 40 } }, { duration: 150 });
  }

  /** The drawn nodes standing for these ids (each through `representative`). */
  private visible(ids: readonly string[]): CollectionReturnValue {
    const eles = this.cy.collection();
    for (const id of ids) eles.merge(this.cy.getElementById(this.representative(id)));
    return eles;
  }

  /**
   * Fits the graph at a readable zoom, centred on the first of `focus` that is drawn when it cannot all fit.
   * Pressing Fit again without moving shows the whole graph, however small (`arm`: this fit counts as the first).
   */
  fit(arm: boolean, focus: ReadonlyArray<string | null | undefined>): void {
    const cy = this.cy;
    const at = this.fittedAt;
    const here = { zoom: cy.zoom(), ...cy.pan(), w: cy.width(), h: cy.height() };
    // "Again" means nothing moved since: same zoom and pan, and the panel was not resized in between.
    const again = at !== null && Math.abs(at.zoom - here.zoom) < 1e-6 && Math.abs(at.x - here.x) < 0.5 && Math.abs(at.y - here.y) < 0.5 && at.w === here.w && at.h === here.h;
    let target: CollectionReturnValue | null = null;
    for (const id of focus) {
      if (!id) continue;
      const n = cy.getElementById(this.representative(id));
      if (n.nonempty()) {
        target = n;
        break;
      }
    }
    const r = fitReadable(cy, cy.elements(":visible"), target, again);
    // The automatic fit of a new trace does not arm the overview: the user's first "Fit" is always the readable one.
    this.fittedAt = arm && !again && !r.whole ? { zoom: cy.zoom(), ...cy.pan(), w: cy.width(), h: cy.height() } : null;
  }

  /** True when what is drawn would not fit the panel whole with its text at the readable size. */
  tooBigToRead(): boolean {
    const cy = this.cy;
    const bb = cy.elements(":visible").boundingBox({});
    const margin = 2 * FIT_PAD;
    return !(bb.w * MIN_READABLE_ZOOM + margin <= cy.width() && bb.h * MIN_READABLE_ZOOM + margin <= cy.height());
  }

  /** Tells cytoscape its container changed size (the narrow panel's details drawer opened or closed). */
  resize(): void {
    this.cy.resize();
  }

  viewport(): { zoom: number; pan: { x: number; y: number } } {
    return { zoom: this.cy.zoom(), pan: this.cy.pan() };
  }

  setViewport(v: { zoom: number; pan: { x: number; y: number } }): void {
    this.cy.viewport(v);
  }

  /** The current drawing of picture `view` (or the Trace) in an export format. */
  exportAs(format: ExportFormat, background: string, view: ViewMode): Exported {
    if (!this.trace) throw new Error("nothing drawn yet");
    return exportData(format, this.trace, this.cy, background, view);
  }

  /** Stops cytoscape (a headless one keeps a timer for its animation loop: without this Node would not exit). */
  destroy(): void {
    this.cy.destroy();
  }

  /**
   * Silences cytoscape's console warnings: group boxes take their size from their children, not from the record
   * size the node style maps, and cytoscape warns about the unmapped data on every box (noise on the CLI's stderr).
   */
  static quiet(): void {
    cytoscape.warnings(false);
  }

  /** Taps on nodes, in the view's terms: a folded box or an iteration's frame toggles its group, a node selects. */
  onTap(handler: (t: GraphTap) => void): void {
    this.cy.on("tap", "node", (ev) => {
      const n = ev.target as NodeSingular;
      if (n.hasClass("proxy")) handler({ kind: "toggleGroup", group: String(n.data("group")), center: true });
      else if (n.hasClass("group") && (n.hasClass("group-iteration") || n.hasClass("group-loop") || n.hasClass("group-checks"))) handler({ kind: "toggleGroup", group: n.id(), center: false });
      else if (!n.hasClass("group")) handler({ kind: "select", id: n.id() });
    });
  }

  /** Brings a group into view after it was opened. */
  centerOn(id: string): void {
    const opened = this.cy.getElementById(id);
    if (opened.nonempty()) this.cy.animate({ center: { eles: opened } }, { duration: 150 });
  }

  onViewport(handler: () => void): void {
    this.cy.on("viewport", handler);
  }

  /** Current positions of visible leaf nodes and folded boxes with their signatures (for keeping them across traces). */
  positions(): Map<string, { x: number; y: number; sig: string }> {
    const out = new Map<string, { x: number; y: number; sig: string }>();
    // An open group's box follows its children; a folded box is a node the user may have placed like any other.
    this.cy.nodes().filter((n: NodeSingular) => !n.hasClass("group") || n.hasClass("proxy")).forEach((n: NodeSingular) => {
      const p = n.position();
      out.set(n.id(), { x: p.x, y: p.y, sig: this.signature(n.id()) });
    });
    return out;
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/**
 * Unchanged nodes (same id and signature) go back where they were; the rest of the fresh layout is shifted by the
 * mean displacement of the unchanged ones, so new nodes land next to their old neighbours.
 */
function alignToKept(pos: Positions, keep: Map<string, { x: number; y: number; sig: string }>, sig: (id: string) => string): void {
  let dx = 0;
  let dy = 0;
  let n = 0;
  for (const [id, p] of pos) {
    const k = keep.get(id);
    if (k && k.sig === sig(id)) {
      dx += k.x - p.x;
      dy += k.y - p.y;
      n++;
    }
  }
  if (n === 0) return;
  dx /= n;
  dy /= n;
  for (const [id, p] of pos) {
    const k = keep.get(id);
    pos.set(id, k && k.sig === sig(id) ? { x: k.x, y: k.y } : { x: p.x + dx, y: p.y + dy });
  }
}

interface Box {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}

/** True when two boxes share area (a 2 px margin keeps labels from touching a border). */
function hit(a: Box, b: Box): boolean {
  const m = 2;
  return a.x1 < b.x2 + m && b.x1 < a.x2 + m && a.y1 < b.y2 + m && b.y1 < a.y2 + m;
}

/** Candidate label offsets around an edge's midpoint, nearest first. */
function offsets(w: number, h: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = -6; i <= 6; i++) for (let j = -4; j <= 4; j++) out.push([(i * (w + 8)) / 4, (j * (h + 6)) / 2]);
  return out.sort((a, b) => Math.hypot(a[0], a[1] * 1.5) - Math.hypot(b[0], b[1] * 1.5));
}
