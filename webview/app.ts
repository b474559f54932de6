/**
 * The view's controller: owns the current Trace, the selected pass and step, and wires the toolbar, the graph,
 * the details panel, the text alternative and the host messages together. Host-agnostic: `Host` hides whether
 * we run in a VS Code webview or in the standalone render HTML.
 */
import type { ExportFormat, HostToView, SourceRange, Trace, ViewToHost } from "../src/protocol.js";
import { buildModel, type ViewModel, type ViewNode } from "./model.js";
import { frameAt, gradAt, lastPosition, type Frame } from "./playback.js";
import { GraphView, type Direction } from "./graph.js";
import { buildComputation, type ComputationModel } from "./computation.js";
import { learnerNarration, stepSentences } from "./learner.js";
import { gradShown, gradWords, nodeLabel, type LabelContext, type ViewMode } from "./labels.js";
import { renderConsole } from "./console.js";
import { buildSkeleton, type Skeleton } from "./skeleton.js";
import { readTheme } from "./style.js";
import { renderDetails } from "./details.js";
import { renderGraphText, statusText, updateGradText } from "./textAlt.js";
import { exportData } from "./exporters.js";
import { h } from "./dom.js";
import { FIT_PAD, MIN_READABLE_ZOOM, fitReadable, inView, panToShow } from "./fit.js";
import { Responsive } from "./responsive.js";

/** What the view persists across a reload of the webview. */
export interface ViewState {
  file: string | null;
  pass: number;
  position: number;
  selected: string | null;
  zoom: number | null;
  pan: { x: number; y: number } | null;
  collapsed: string[];
  showAccumulate: boolean;
  showSaved: boolean;
  /** Absent in states saved before the computation view existed. */
  mode?: ViewMode;
  direction?: Direction;
}

export type { ViewMode };

/** The environment the view runs in. */
export interface Host {
  post(msg: ViewToHost): void;
  getState(): ViewState | null;
  setState(s: ViewState): void;
  /** Deliver an export: to the host (webview) or as a download (standalone). */
  deliver(format: ExportFormat, data: string, encoding: "utf8" | "base64", mime: string): void;
}

/** Time between steps while playing at 1×. */
const PLAY_MS = 900;

export class App {
  readonly ui: Skeleton;
  readonly graph: GraphView;
  readonly responsive: Responsive;
  trace: Trace | null = null;
  model: ViewModel | null = null;
  pass = 0;
  position = 0;
  selected: string | null = null;
  mode: ViewMode = "computation";
  private speed = 1;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Element id → playback classes currently on it. */
  private marked = new Map<string, string[]>();
  private loadSeq = 0;

  constructor(
    root: HTMLElement,
    private readonly host: Host,
  ) {
    this.ui = buildSkeleton(root);
    this.responsive = new Responsive(this.ui);
    this.graph = new GraphView(this.ui.cy, readTheme());
    this.wire();
    this.renderEmpty();
    // Elements shown again (a group opened) get their playback classes back.
    this.graph.onAdded = (ids) => {
      const cy = this.graph.cy;
      for (const id of ids) {
        const cls = this.marked.get(id);
        if (cls) cy.getElementById(id).addClass(cls.join(" "));
      }
    };
  }

  private renderEmpty(): void {
    this.ui.status.textContent = "0 nodes · 0 edges · pass 0/0";
    this.setControlsEnabled(false);
  }

  private setControlsEnabled(on: boolean): void {
    for (const b of [this.ui.play, this.ui.pause, this.ui.stepBack, this.ui.stepForward, this.ui.stepStart, this.ui.stepEnd]) b.disabled = !on;
    this.ui.passSelect.disabled = !on;
  }

  /** Handles one message from the extension host (already type-checked by main.ts). */
  async handle(msg: HostToView): Promise<void> {
    switch (msg.type) {
      case "trace":
        await this.setTrace(msg.trace, msg.pass, msg.play);
        break;
      case "select":
        if (msg.nodeIds[0]) this.select(msg.nodeIds[0], true);
        this.graph.cy.nodes().unselect();
        for (const id of msg.nodeIds) this.graph.cy.getElementById(id).select();
        break;
      case "highlightLine":
        this.highlightLine(msg.line);
        break;
      case "showPass":
        this.setPass(msg.pass, 0);
        if (msg.play) this.play();
        break;
      case "export":
        this.export(msg.format);
        break;
      case "running":
        this.ui.busy.hidden = false;
        break;
    }
  }

  /** Shows a new Trace; positions of unchanged nodes are kept when it is a re-run of the same snippet. */
  async setTrace(trace: Trace, pass?: number, play?: boolean): Promise<void> {
    const seq = ++this.loadSeq;
    this.pause();
    const saved = this.host.getState();
    const sameSnippet = this.trace !== null && this.trace.file === trace.file;
    const restoring = this.trace === null && saved !== null && saved.file === trace.file;
    const keep = sameSnippet ? this.graph.positions() : undefined;
    const collapsed = sameSnippet ? [...this.graph.collapsed] : restoring ? saved.collapsed : undefined;
    if (restoring) {
      this.graph.showAccumulate = saved.showAccumulate;
      this.graph.showSaved = saved.showSaved;
      if (saved.mode) this.mode = saved.mode;
      if (saved.direction) this.graph.direction = saved.direction;
    }
    this.renderModeControls();
    this.ui.showAccumulate.checked = this.graph.showAccumulate;
    this.ui.showSaved.checked = this.graph.showSaved;

    this.trace = trace;
    this.model = this.buildFor(trace);
    const k = pass ?? (restoring ? saved.pass : sameSnippet ? this.pass : trace.passes.length > 0 ? 1 : 0);
    this.pass = trace.passes.some((p) => p.index === k) ? k : trace.passes.length > 0 ? 1 : 0;
    const passObj = trace.passes.find((p) => p.index === this.pass);
    // A fresh trace opens at the seed of its first pass (grad_c = 1), ready to step; a re-run keeps its step, a
    // restored view goes back to its step.
    this.position = restoring ? saved.position : sameSnippet && passObj ? Math.min(this.position, lastPosition(passObj)) : 0;
    this.marked = new Map();
    const model = this.model;
    await this.graph.load(trace, model, (n) => this.nodeLabel(n), { collapsed, keep });
    if (seq !== this.loadSeq) return;
    renderGraphText(this.ui.graphText, model, (id) => this.gradWords(id));
    renderConsole(this.ui.console, this.ui.consoleBox, trace, (r) => this.reveal(r));
    this.fillPassSelect();
    this.renderBanners();
    this.ui.busy.hidden = true;
    this.setControlsEnabled(trace.passes.length > 0);
    this.applyFrame();
    if (restoring && saved.zoom !== null && saved.pan) {
      this.graph.cy.viewport({ zoom: saved.zoom, pan: saved.pan });
    } else {
      if (!sameSnippet) await this.foldToFit();
      if (seq !== this.loadSeq) return;
      // Every new trace, re-runs included, is framed whole (a kept pan could leave the panel blank).
      this.fit(false);
    }
    const sel = restoring ? saved.selected : sameSnippet ? this.selected : (trace.error?.tensor ?? null);
    this.select(sel && model.tensors.has(sel) ? sel : sel && model.gradFns.has(sel) ? sel : null, false);
    if (play && passObj) this.setPosition(0), this.play();
    this.ui.root.dataset["ready"] = "true";
    // Time of the first frame drawn after this trace (ms since navigation), read by the bench.
    requestAnimationFrame(() => (this.ui.root.dataset["paintedMs"] = String(Math.round(performance.now()))));
    this.persist();
  }

  /**
   * The computation view opens whole at a readable size: when the graph (middle iterations already folded) is
   * still taller or wider than the panel at 12 px text, each loop folds into one box (a click opens it).
   */
  private async foldToFit(): Promise<void> {
    const cy = this.graph.cy;
    const model = this.model;
    if (this.mode !== "computation" || !model) return;
    const bb = cy.elements(":visible").boundingBox({});
    const margin = 2 * FIT_PAD;
    if (bb.w * MIN_READABLE_ZOOM + margin <= cy.width() && bb.h * MIN_READABLE_ZOOM + margin <= cy.height()) return;
    const loops = model.groups.filter((g) => g.kind === "loop" && !this.graph.collapsed.has(g.id));
    if (loops.length === 0) return;
    for (const g of loops) this.graph.collapsed.add(g.id);
    await this.graph.relayout();
  }

  /** What labels depend on (webview/labels.ts, shared with the exports), or null before the first Trace. */
  private labelContext(): LabelContext | null {
    return this.trace && this.model ? { mode: this.mode, trace: this.trace, model: this.model, pass: this.pass, position: this.position } : null;
  }

  gradOf(id: string): ReturnType<typeof gradAt> {
    const c = this.labelContext();
    return c ? gradShown(c, id) : undefined;
  }

  private buildFor(trace: Trace): ViewModel {
    return this.mode === "computation" ? buildComputation(trace) : buildModel(trace);
  }

  /** The label of a node in the current view. */
  nodeLabel(n: ViewNode): string {
    const c = this.labelContext();
    return c ? nodeLabel(c, n) : n.id;
  }

  /** The grad words of a tensor's item in the text alternative. */
  private gradWords(id: string): string {
    const c = this.labelContext();
    return c ? gradWords(c, id) : "";
  }

  /** Switches between the computation view and PyTorch's grad_fn graph, keeping pass, step, selection, groups. */
  async setMode(mode: ViewMode): Promise<void> {
    if (mode === this.mode || !this.trace) {
      this.mode = mode;
      this.renderModeControls();
      return;
    }
    const sel = this.selected;
    const trace = this.trace;
    const before = this.model as Partial<ComputationModel> | null;
    this.mode = mode;
    this.renderModeControls();
    this.model = this.buildFor(trace);
    this.marked = new Map();
    await this.graph.load(trace, this.model, (n) => this.nodeLabel(n), { collapsed: [...this.graph.collapsed] });
    renderGraphText(this.ui.graphText, this.model, (id) => this.gradWords(id));
    this.renderBanners();
    this.applyFrame();
    this.fit(false);
    // Same thing selected: an op stands for its grad fn and back.
    let next = sel;
    if (sel?.startsWith("op:")) next = this.model.tensors.get(sel.slice(3))?.gradFn ?? sel.slice(3);
    else if (sel && before?.nodeFor === undefined && mode === "computation") next = (this.model as ComputationModel).nodeFor(sel);
    this.select(next, false);
    this.persist();
  }

  private renderModeControls(): void {
    const comp = this.mode === "computation";
    this.ui.viewComputation.setAttribute("aria-pressed", String(comp));
    this.ui.viewAutograd.setAttribute("aria-pressed", String(!comp));
    this.ui.accumulateLabel.hidden = comp;
    this.ui.root.dataset["mode"] = this.mode;
    const lr = this.graph.direction === "LR";
    this.ui.direction.textContent = lr ? "→ left-to-right" : "↓ top-down";
    this.ui.direction.setAttribute("aria-label", lr ? "Direction: left-to-right (click for top-down)" : "Direction: top-down (click for left-to-right)");
    this.ui.direction.title = this.ui.direction.getAttribute("aria-label") ?? "";
  }

  private fillPassSelect(): void {
    const t = this.trace;
    if (!t) return;
    const sel = this.ui.passSelect;
    sel.replaceChildren(
      ...(t.passes.length === 0 ? [h("option", { value: "0" }, "no backward pass")] : []),
      ...t.passes.map((p) => {
        const root = t.tensors.find((x) => x.id === p.roots[0]);
        const where = p.range ? `, line ${p.range.startLine}` : "";
        const call = p.kind === "backward" ? "backward()" : "autograd.grad()";
        return h("option", { value: String(p.index) }, `${p.index}: ${call} of ${root?.label ?? "?"}${where}${p.error ? " ⚠ failed" : ""}`);
      }),
    );
    sel.value = String(this.pass);
  }

  private renderBanners(): void {
    const t = this.trace;
    if (!t) return;
    const e = t.error;
    const passErr = t.passes.find((p) => p.index === this.pass)?.error ?? null;
    this.graph.cy.nodes(".error-node").removeClass("error-node");
    if (e || passErr) {
      const parts: Array<Node | string> = [];
      if (e) {
        parts.push(h("strong", {}, `${e.kind === "runtime" ? "RuntimeError" : `${e.kind} error`} at line ${e.line}:${e.column}: `), e.message);
        if (e.suggestion) parts.push(h("div", { class: "suggestion" }, "Try: ", h("code", {}, e.suggestion)));
        if (e.tensor) {
          this.graph.cy.getElementById(this.graph.representative(e.tensor)).addClass("error-node");
          const label = t.tensors.find((x) => x.id === e.tensor)?.label ?? e.tensor;
          const b = h("button", { type: "button", class: "link" }, `show ${label}`);
          b.addEventListener("click", () => this.select(e.tensor ?? null, true));
          parts.push(h("div", {}, "Involved: ", b));
        }
        const r = { startLine: e.line, startColumn: e.column, endLine: e.endLine ?? e.line, endColumn: e.endColumn ?? e.column + 1 };
        const reveal = h("button", { type: "button", class: "reveal" }, "Reveal in editor");
        reveal.addEventListener("click", () => this.reveal(r));
        parts.push(reveal);
      } else if (passErr) {
        parts.push(h("strong", {}, `Pass ${this.pass} failed: `), passErr);
        // Backward through a freed graph: point at what an earlier pass freed.
        const freed = t.gradFns.filter((g) => g.freedAfterPass !== null && g.freedAfterPass < this.pass);
        if (freed.length > 0) {
          const ids = [...new Set(freed.map((g) => this.graph.representative(g.id)))];
          for (const id of ids) this.graph.cy.getElementById(id).addClass("error-node");
          const names = freed.map((g) => `${t.tensors.find((x) => x.id === g.tensor)?.label ?? "?"} (${g.name})`);
          const b = h("button", { type: "button", class: "link", "data-testid": "show-freed" }, `show the ${freed.length} freed op${freed.length > 1 ? "s" : ""}`);
          b.addEventListener("click", () => {
            const eles = this.graph.cy.collection();
            for (const id of ids) eles.merge(this.graph.cy.getElementById(id));
            if (eles.nonempty()) this.graph.cy.animate({ fit: { eles, padding: 40 } }, { duration: 150 });
          });
          parts.push(h("div", {}, `Freed by pass ${Math.max(...freed.map((g) => g.freedAfterPass ?? 0))}: ${names.slice(0, 8).join(", ")}${names.length > 8 ? ", …" : ""} `, b));
        }
      }
      this.ui.error.replaceChildren(...parts);
      this.ui.error.hidden = false;
    } else {
      this.ui.error.replaceChildren();
      this.ui.error.hidden = true;
    }
    const tr = t.truncated;
    this.ui.truncated.hidden = !tr;
    this.ui.truncated.textContent = tr
      ? `Graph truncated: only the first ${tr.limit} nodes were recorded (${tr.droppedTensors} tensors and ${tr.droppedGradFns} grad functions left out).`
      : "";
  }

  /** Selects pass k (1-based) and goes to a position in it. */
  setPass(k: number, position?: number): void {
    const t = this.trace;
    if (!t || !t.passes.some((p) => p.index === k)) return;
    this.pass = k;
    this.ui.passSelect.value = String(k);
    const p = t.passes.find((x) => x.index === k);
    this.position = position ?? (p ? lastPosition(p) : 0);
    // All tensor labels may change: the grads left by earlier passes differ per pass.
    this.refreshAll();
    this.renderBanners();
    this.applyFrame();
  }

  setPosition(p: number): void {
    const pass = this.trace?.passes.find((x) => x.index === this.pass);
    if (!pass) return;
    this.position = Math.max(0, Math.min(lastPosition(pass), p));
    this.refreshAll();
    this.applyFrame(true);
  }

  /** Puts every tensor's label (and its text-alternative words) in step with the pass and position. */
  private refreshAll(): void {
    const model = this.model;
    if (!model) return;
    for (const n of model.nodes) {
      if (n.kind !== "tensor") continue;
      this.graph.setTensorLabel(n.id, this.nodeLabel(n));
      updateGradText(this.ui.graphText, n.id, this.gradWords(n.id));
    }
  }

  /**
   * Puts the playback classes and chain-rule labels for the current position on the graph. With `follow` (stepping
   * or playing), the active grad function is brought into view when it is outside it: in a narrow panel the graph
   * is shown at a readable zoom, so the step being narrated is often off-screen.
   */
  private applyFrame(follow = false): void {
    const t = this.trace;
    const model = this.model;
    if (!t || !model) return;
    const pass = t.passes.find((x) => x.index === this.pass);
    const cy = this.graph.cy;
    const frame: Frame | null = pass ? frameAt(t, pass, this.position) : null;
    // Only elements whose playback classes change are touched: a step changes a handful, not the whole graph.
    const next = new Map<string, string[]>();
    const mark = (id: string, cls: string): void => {
      const list = next.get(id);
      if (list) list.push(cls);
      else next.set(id, [cls]);
    };
    const comp = this.mode === "computation" ? (model as ComputationModel) : null;
    const flowing = frame && pass && comp ? this.computationFlows(comp, pass, frame) : (frame?.flowing ?? []);
    if (frame && pass) {
      const node = (id: string): string => (comp ? (comp.nodeFor(id) ?? id) : id);
      for (const id of frame.done) mark(node(id), "done");
      if (comp) {
        const ranBefore = frame.position === frame.last ? pass.steps.length : Math.max(0, frame.position - 1);
        for (const f of pass.flows) {
          const e = f.step < ranBefore && f.step !== frame.position - 1 ? comp.edgeFor(f) : null;
          if (e) mark(e, "flowed");
        }
      } else for (const id of frame.flowed) mark(id, "flowed");
      for (const n of flowing) mark(n.edgeId, "flowing");
      for (const id of frame.accumulating.keys()) mark(id, "accumulating");
      // What a pass freed stays freed in every later pass (pass 3 of examples/07 fails on it).
      for (const g of t.gradFns) {
        const k = g.freedAfterPass;
        if (k !== null && (k < this.pass || (k === this.pass && frame.position === frame.last))) {
          mark(node(g.id), "freed");
          if (comp) for (const s of g.saved) if (s.tensor) mark(`${node(g.id)}-saved->${s.tensor}`, "freed");
        }
      }
      if (frame.active) mark(node(frame.active), "active");
    }
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
      for (const n of flowing) cy.getElementById(n.edgeId).data("flow", n.text).emit("bounds");
    });
    this.marked = next;
    this.graph.placeLabels();
    this.ui.activeNode.textContent = frame?.active ?? "";
    if (follow && frame?.active) {
      const n = cy.getElementById(this.graph.representative(frame.active));
      if (n.nonempty() && !inView(cy, n)) cy.stop(true, false).animate({ pan: panToShow(cy, cy.elements(":visible"), n) }, { duration: 150 });
    }
    const narration = frame && pass ? (comp ? learnerNarration(t, pass, frame.position) : frame.narration) : null;
    this.ui.narration.replaceChildren(...(narration ?? ["No backward pass in this snippet."]).map((line) => h("div", { class: line.startsWith("  ") ? "sub" : "head" }, line.trim())));
    this.ui.position.textContent = frame ? (frame.position === 0 ? "seed" : frame.position === frame.last ? "done" : `step ${frame.position}/${frame.last - 1}`) : "";
    this.ui.status.textContent = statusText(model, t, this.pass);
    if (pass) {
      this.ui.stepBack.disabled = this.ui.stepStart.disabled = this.position <= 0;
      this.ui.stepForward.disabled = this.ui.stepEnd.disabled = this.position >= lastPosition(pass);
    }
    if (this.selected) this.renderSelected();
    this.persist();
  }

  /** The flowing edges of a step in the computation view, each receiver's sentence on its first edge. */
  private computationFlows(comp: ComputationModel, pass: import("../src/protocol.js").BackwardPass, frame: Frame): Array<{ edgeId: string; text: string }> {
    const stepIndex = frame.position >= 1 && frame.position <= pass.steps.length ? frame.position - 1 : -1;
    if (stepIndex < 0 || !this.trace) return [];
    const out: Array<{ edgeId: string; text: string }> = [];
    for (const s of stepSentences(this.trace, pass, stepIndex)) {
      s.edgeFlows.forEach((f, i) => {
        const e = comp.edgeFor(f);
        if (e) out.push({ edgeId: e, text: i === 0 ? s.text : "" });
      });
    }
    return out;
  }

  play(): void {
    const pass = this.trace?.passes.find((x) => x.index === this.pass);
    if (!pass || this.timer) return;
    if (this.position >= lastPosition(pass)) this.setPosition(0);
    this.timer = setInterval(() => {
      if (this.position >= lastPosition(pass)) this.pause();
      else this.setPosition(this.position + 1);
    }, PLAY_MS / this.speed);
    this.ui.root.dataset["playing"] = "true";
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    delete this.ui.root.dataset["playing"];
  }

  /** Selects a node, fills the details panel and (optionally) brings it into view. */
  select(id: string | null, center: boolean): void {
    this.selected = id;
    // Narrow panel: selecting opens the details drawer, clearing the selection closes it.
    const drawerWas = this.responsive.drawerOpen;
    this.responsive.setDrawer(id !== null);
    // The graph's height changes with the drawer: cytoscape must know now, or centring below uses the old size.
    if (drawerWas !== (id !== null)) this.graph.cy.resize();
    const label = id ? (id.startsWith("op:") ? `${this.model?.tensors.get(id.slice(3))?.op ?? "op"} → ${this.model?.tensors.get(id.slice(3))?.label ?? "?"}` : (this.model?.tensors.get(id)?.label ?? this.model?.gradFns.get(id)?.name ?? id)) : null;
    this.responsive.setDrawerTitle(label ? `Details: ${label}` : "Details");
    const cy = this.graph.cy;
    cy.nodes(":selected").unselect();
    if (id) {
      const rep = this.graph.representative(id);
      const n = cy.getElementById(rep);
      n.select();
      if (center && n.nonempty()) cy.animate({ center: { eles: n } }, { duration: 150 });
    }
    this.renderSelected();
    this.host.post({ type: "selected", nodeId: id });
    this.persist();
  }

  private renderSelected(): void {
    const t = this.trace;
    if (!t) return;
    const pass = t.passes.find((p) => p.index === this.pass);
    // An op node's details are its grad fn's (formula, saved tensors), or its output's when it has none.
    const sel = this.selected?.startsWith("op:") ? (this.model?.tensors.get(this.selected.slice(3))?.gradFn ?? this.selected.slice(3)) : this.selected;
    renderDetails(this.ui.details, sel, {
      trace: t,
      passIndex: this.pass,
      grad: (id) => this.gradOf(id),
      gradOutputs: (id) => pass?.steps.find((s) => s.gradFn === id)?.gradOutputs ?? null,
      reveal: (r) => this.reveal(r),
      select: (id) => this.select(id, true),
    });
  }

  reveal(range: SourceRange): void {
    this.host.post({ type: "reveal", range });
  }

  highlightLine(line: number): void {
    const t = this.trace;
    if (!t) return;
    const hit = (r: SourceRange | null): boolean => r !== null && r.startLine <= line && line <= r.endLine;
    const ids = [...t.tensors.filter((x) => hit(x.range) || hit(x.bindingRange)).map((x) => x.id), ...t.gradFns.filter((g) => hit(g.range)).map((g) => g.id)];
    const cy = this.graph.cy;
    cy.nodes(".line-highlight").removeClass("line-highlight");
    const eles = cy.collection();
    for (const id of ids) eles.merge(cy.getElementById(this.graph.representative(id)));
    eles.addClass("line-highlight");
    if (eles.nonempty()) cy.animate({ center: { eles } }, { duration: 150 });
  }

  /** The viewport a readable fit left (a second "Fit" from there shows the whole graph). */
  private fittedAt: { zoom: number; x: number; y: number; w: number; h: number } | null = null;

  /**
   * Fits the graph at a readable zoom, centred on the active step or the pass's root when it cannot all fit.
   * Pressing Fit again without moving shows the whole graph, however small (`arm`: this fit counts as the first).
   */
  fit(arm = true): void {
    const cy = this.graph.cy;
    const at = this.fittedAt;
    const here = { zoom: cy.zoom(), ...cy.pan(), w: cy.width(), h: cy.height() };
    // "Again" means nothing moved since: same zoom and pan, and the panel was not resized in between.
    const again = at !== null && Math.abs(at.zoom - here.zoom) < 1e-6 && Math.abs(at.x - here.x) < 0.5 && Math.abs(at.y - here.y) < 0.5 && at.w === here.w && at.h === here.h;
    const r = fitReadable(cy, cy.elements(":visible"), this.focusNodes(), again);
    // The automatic fit of a new trace does not arm the overview: the user's first "Fit" is always the readable one.
    this.fittedAt = arm && !again && !r.whole ? { zoom: cy.zoom(), ...cy.pan(), w: cy.width(), h: cy.height() } : null;
  }

  /** What a fit centres on: the active grad function, else the current pass's root, else the node in the error. */
  private focusNodes(): import("cytoscape").CollectionReturnValue | null {
    const cy = this.graph.cy;
    const t = this.trace;
    const pick = (id: string | null | undefined): import("cytoscape").CollectionReturnValue | null => {
      if (!id) return null;
      const n = cy.getElementById(this.graph.representative(id));
      return n.nonempty() ? n : null;
    };
    const active = this.ui.activeNode.textContent ?? "";
    const pass = t?.passes.find((p) => p.index === this.pass);
    return pick(active) ?? pick(pass?.roots[0]) ?? pick(t?.error?.tensor) ?? null;
  }

  export(format: ExportFormat): void {
    if (!this.trace) return;
    try {
      const out = exportData(format, this.trace, this.graph.cy, readTheme().background, this.mode);
      this.host.deliver(format, out.data, out.encoding, out.mime);
    } catch (err) {
      this.host.post({ type: "error", message: `export ${format} failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  private persist(): void {
    if (!this.trace) return;
    const cy = this.graph.cy;
    this.host.setState({
      file: this.trace.file,
      pass: this.pass,
      position: this.position,
      selected: this.selected,
      zoom: cy.zoom(),
      pan: cy.pan(),
      collapsed: [...this.graph.collapsed],
      showAccumulate: this.graph.showAccumulate,
      showSaved: this.graph.showSaved,
      mode: this.mode,
      direction: this.graph.direction,
    });
  }

  private stepBy(d: number): void {
    this.pause();
    this.setPosition(this.position + d);
  }

  private wire(): void {
    const ui = this.ui;
    const cy = this.graph.cy;
    ui.play.addEventListener("click", () => this.play());
    ui.pause.addEventListener("click", () => this.pause());
    ui.stepForward.addEventListener("click", () => this.stepBy(1));
    ui.stepBack.addEventListener("click", () => this.stepBy(-1));
    ui.stepStart.addEventListener("click", () => (this.pause(), this.setPosition(0)));
    ui.stepEnd.addEventListener("click", () => (this.pause(), this.setPosition(Number.MAX_SAFE_INTEGER)));
    ui.speed.addEventListener("change", () => {
      this.speed = Number(ui.speed.value) || 1;
      if (this.timer) (this.pause(), this.play());
    });
    ui.viewComputation.addEventListener("click", () => void this.setMode("computation"));
    ui.viewAutograd.addEventListener("click", () => void this.setMode("autograd"));
    ui.direction.addEventListener("click", () => {
      this.graph.direction = this.graph.direction === "LR" ? "TB" : "LR";
      this.renderModeControls();
      void this.graph.relayout().then(() => (this.fit(false), this.persist()));
    });
    ui.passSelect.addEventListener("change", () => (this.pause(), this.setPass(Number(ui.passSelect.value), 0)));
    ui.fit.addEventListener("click", () => this.fit());
    ui.relayout.addEventListener("click", () => void this.graph.relayout().then(() => this.fit()));
    ui.showAccumulate.addEventListener("change", () => {
      this.graph.showAccumulate = ui.showAccumulate.checked;
      void this.graph.relayout().then(() => this.persist());
    });
    ui.showSaved.addEventListener("change", () => {
      this.graph.showSaved = ui.showSaved.checked;
      void this.graph.relayout().then(() => this.persist());
    });
    for (const [format, b] of Object.entries(ui.exports) as Array<[ExportFormat, HTMLButtonElement]>) b.addEventListener("click", () => this.export(format));

    cy.on("tap", "node", (ev) => {
      const n = ev.target as import("cytoscape").NodeSingular;
      if (n.hasClass("proxy")) {
        const group = String(n.data("group"));
        void this.graph.toggleGroup(group).then(() => {
          // Bring what was opened into view.
          const opened = cy.getElementById(group);
          if (opened.nonempty()) cy.animate({ center: { eles: opened } }, { duration: 150 });
          this.persist();
        });
      }
      else if (n.hasClass("group") && (n.hasClass("group-iteration") || n.hasClass("group-loop") || n.hasClass("group-checks"))) void this.graph.toggleGroup(n.id()).then(() => this.persist());
      else if (!n.hasClass("group")) this.select(n.id(), false);
    });
    cy.on("viewport", () => this.persistSoon());

    ui.graphText.addEventListener("click", (ev) => this.fromList(ev.target));
    ui.graphText.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        this.fromList(ev.target);
      }
    });
    document.addEventListener("keydown", (ev) => {
      const target = ev.target as HTMLElement | null;
      if (target && (target.closest("select, input, textarea, button, li[data-node-id]") || ev.altKey || ev.ctrlKey || ev.metaKey)) return;
      if (ev.key === "ArrowRight") this.stepBy(1);
      else if (ev.key === "Home") (this.pause(), this.setPosition(0));
      else if (ev.key === "End") (this.pause(), this.setPosition(Number.MAX_SAFE_INTEGER));
      else if (ev.key === "ArrowLeft") this.stepBy(-1);
      else if (ev.key === " ") (this.timer ? this.pause() : this.play());
      else if (ev.key === "f" || ev.key === "F") this.fit();
      else if (ev.key === "Escape") this.select(null, false);
      else return;
      ev.preventDefault();
    });
    // VS Code changes the body class (vscode-dark / vscode-light / vscode-high-contrast) when the theme changes.
    new MutationObserver(() => this.graph.setTheme(readTheme())).observe(document.body, { attributes: true, attributeFilter: ["class", "style"] });
  }

  private persistTimer: ReturnType<typeof setTimeout> | null = null;
  private persistSoon(): void {
    if (this.persistTimer) return;
    this.persistTimer = setTimeout(() => ((this.persistTimer = null), this.persist()), 250);
  }

  private fromList(target: EventTarget | null): void {
    const li = (target as HTMLElement | null)?.closest("li[data-node-id]");
    const id = li?.getAttribute("data-node-id");
    if (id) {
      this.select(id, true);
      // preventScroll: scrolling the stacked panel to the details would slide the drawer's header under the sticky
      // narration; the details start right below it anyway.
      this.ui.details.focus({ preventScroll: true });
    }
  }
}
