/**
 * The view's controller: holds the current Trace, its model and the view state (state.ts), runs the actions the
 * toolbar, keyboard, graph and host messages ask for, and renders the result into the DOM and the GraphView (the
 * only part that talks to cytoscape). Host-agnostic: `Host` hides whether we run in a VS Code webview or in the
 * standalone render HTML.
 */
import type { ExportFormat, SourceRange, Trace } from "../src/protocol.js";
import type { HostToView, ViewToHost } from "../src/shared/messages.js";
import type { ViewModel, ViewNode } from "./model.js";
import { frameAt, type Frame } from "./playback.js";
import { GraphView, type GraphTap } from "./graph.js";
import { modelFor } from "./prepare.js";
import { learnerNarration } from "./learner.js";
import { gradShown, gradWords, labelsOverPlayback, nodeLabel, type LabelContext } from "./labels.js";
import { renderConsole } from "./console.js";
import { buildSkeleton, type Skeleton } from "./skeleton.js";
import { readTheme } from "./style.js";
import { renderDetails } from "./details.js";
import { renderGraphText, statusText, updateGradText } from "./textAlt.js";
import { h } from "./dom.js";
import { Responsive } from "./responsive.js";
import { renderBanners } from "./banners.js";
import { playbackMarks } from "./marks.js";
import { indexTrace } from "./traceIndex.js";
import * as act from "./state.js";
import type { SavedView, ViewMode, ViewState } from "./state.js";

export type { SavedView, ViewMode };

/** The environment the view runs in. */
export interface Host {
  post(msg: ViewToHost): void;
  getState(): SavedView | null;
  setState(s: SavedView): void;
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
  private state: ViewState = act.initialState;
  private timer: ReturnType<typeof setInterval> | null = null;
  private loadSeq = 0;

  constructor(
    root: HTMLElement,
    private readonly host: Host,
  ) {
    this.ui = buildSkeleton(root);
    this.responsive = new Responsive(this.ui);
    this.graph = new GraphView(this.ui.graphBox, readTheme());
    this.wire();
    this.renderEmpty();
  }

  /** The view state (read-only; change it through the actions). */
  get view(): ViewState {
    return this.state;
  }
  get pass(): number {
    return this.state.pass;
  }
  get position(): number {
    return this.state.position;
  }
  get selected(): string | null {
    return this.state.selected;
  }
  get mode(): ViewMode {
    return this.state.mode;
  }
  /** The picture to open on before the first Trace (`render --view autograd`); later switches go through setMode. */
  set mode(mode: ViewMode) {
    this.state = { ...this.state, mode };
  }

  private renderEmpty(): void {
    this.ui.status.textContent = "0 nodes · 0 edges · pass 0/0";
    this.setControlsEnabled(false);
  }

  private setControlsEnabled(on: boolean): void {
    for (const b of [this.ui.play, this.ui.pause, this.ui.stepBack, this.ui.stepForward, this.ui.stepStart, this.ui.stepEnd]) b.disabled = !on;
    this.ui.passSelect.disabled = !on;
  }

  /** Handles one message from the extension host (already checked against its schema by main.ts). */
  async handle(msg: HostToView): Promise<void> {
    switch (msg.type) {
      case "trace":
        await this.setTrace(msg.trace, msg.pass, msg.play);
        break;
      case "select":
        if (msg.nodeIds[0]) this.select(msg.nodeIds[0], true);
        this.graph.selectExactly(msg.nodeIds);
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
    const restoring = this.trace === null ? act.restoredView(saved, trace) : null;
    const arrival: act.Arrival = { pass, sameSnippet, restoring };
    const keep = sameSnippet ? this.graph.positions() : undefined;
    const before = this.state;
    this.state = act.openTrace(before, trace, arrival);
    this.applyToggles();
    this.renderModeControls();

    this.trace = trace;
    const model = (this.model = this.buildFor(trace));
    const collapsed = this.state.collapsed ?? undefined;
    await this.graph.load(trace, model, (n) => this.nodeLabel(n), { collapsed: collapsed ? [...collapsed] : undefined, keep, labelsOverPlayback: (n) => this.labelsOverPlayback(n) });
    if (seq !== this.loadSeq) return;
    // The groups drawn: the kept or restored ones that still exist, or the new Trace's defaults.
    this.state = act.setCollapsed(this.state, this.graph.collapsed);
    renderGraphText(this.ui.graphText, model, (id) => this.gradWords(id));
    renderConsole(this.ui.console, this.ui.consoleBox, trace, (r) => this.reveal(r));
    this.fillPassSelect();
    this.renderBanners();
    this.ui.busy.hidden = true;
    this.setControlsEnabled(trace.passes.length > 0);
    this.applyFrame();
    if (restoring && restoring.zoom !== null && restoring.pan) {
      this.graph.setViewport({ zoom: restoring.zoom, pan: restoring.pan });
    } else {
      if (!sameSnippet) await this.foldToFit();
      if (seq !== this.loadSeq) return;
      // Every new trace, re-runs included, is framed whole (a kept pan could leave the panel blank).
      this.fit(false);
    }
    this.select(act.selectionAfterOpen(before, trace, arrival, model), false);
    if (play && act.currentPass(this.state, trace)) this.setPosition(0), this.play();
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
    const model = this.model;
    if (this.state.mode !== "computation" || !model || !this.graph.tooBigToRead()) return;
    const folded = this.state.collapsed ?? [];
    const loops = model.groups.filter((g) => g.kind === "loop" && !folded.includes(g.id)).map((g) => g.id);
    if (loops.length === 0) return;
    this.state = act.fold(this.state, loops);
    await this.relayout();
  }

  /** Lays the graph out again with the state's folded groups and toggles. */
  private async relayout(): Promise<void> {
    this.graph.setCollapsed(this.state.collapsed ?? []);
    this.applyToggles();
    await this.graph.relayout();
  }

  /** The state's drawing toggles, on the GraphView and in the toolbar. */
  private applyToggles(): void {
    this.graph.setToggles(this.state);
    this.ui.showAccumulate.checked = this.state.showAccumulate;
    this.ui.showSaved.checked = this.state.showSaved;
  }

  /** What labels depend on (webview/labels.ts, shared with the exports), or null before the first Trace. */
  private labelContext(): LabelContext | null {
    const { mode, pass, position } = this.state;
    return this.trace && this.model ? { mode, trace: this.trace, model: this.model, pass, position } : null;
  }

  gradOf(id: string): ReturnType<typeof gradShown> {
    const c = this.labelContext();
    return c ? gradShown(c, id) : undefined;
  }

  private buildFor(trace: Trace): ViewModel {
    return modelFor(this.state.mode, trace);
  }

  /** The label of a node in the current view. */
  nodeLabel(n: ViewNode): string {
    const c = this.labelContext();
    return c ? nodeLabel(c, n) : n.id;
  }

  private labelsOverPlayback(n: ViewNode): string[] {
    const c = this.labelContext();
    return c ? labelsOverPlayback(c, n) : [];
  }

  /** The grad words of a tensor's item in the text alternative. */
  private gradWords(id: string): string {
    const c = this.labelContext();
    return c ? gradWords(c, id) : "";
  }

  /** Switches between the computation view and PyTorch's grad_fn graph, keeping pass, step, selection, groups. */
  async setMode(mode: ViewMode): Promise<void> {
    const trace = this.trace;
    if (mode === this.state.mode || !trace) {
      this.state = act.setMode(this.state, mode, null);
      this.renderModeControls();
      return;
    }
    const model = modelFor(mode, trace);
    // Same thing selected: an op stands for its grad fn and back.
    this.state = act.setMode(this.state, mode, model);
    this.model = model;
    this.renderModeControls();
    await this.graph.load(trace, this.model, (n) => this.nodeLabel(n), { collapsed: [...(this.state.collapsed ?? [])], labelsOverPlayback: (n) => this.labelsOverPlayback(n) });
    this.state = act.setCollapsed(this.state, this.graph.collapsed);
    renderGraphText(this.ui.graphText, this.model, (id) => this.gradWords(id));
    this.renderBanners();
    this.applyFrame();
    this.fit(false);
    this.select(this.state.selected, false);
    this.persist();
  }

  private renderModeControls(): void {
    const comp = this.state.mode === "computation";
    this.ui.viewComputation.setAttribute("aria-pressed", String(comp));
    this.ui.viewAutograd.setAttribute("aria-pressed", String(!comp));
    this.ui.accumulateLabel.hidden = comp;
    this.ui.root.dataset["mode"] = this.state.mode;
    const lr = this.state.direction === "LR";
    this.ui.direction.textContent = lr ? "→ left-to-right" : "↓ top-down";
    this.ui.direction.setAttribute("aria-label", lr ? "Direction: left-to-right (click for top-down)" : "Direction: top-down (click for left-to-right)");
    this.ui.direction.title = this.ui.direction.getAttribute("aria-label") ?? "";
  }

  private fillPassSelect(): void {
    const t = this.trace;
    if (!t) return;
    const ix = indexTrace(t);
    const sel = this.ui.passSelect;
    sel.replaceChildren(
      ...(t.passes.length === 0 ? [h("option", { value: "0" }, "no backward pass")] : []),
      ...t.passes.map((p) => {
        const root = p.roots[0] !== undefined ? ix.tensors.get(p.roots[0]) : undefined;
        const where = p.range ? `, line ${p.range.startLine}` : "";
        const call = p.kind === "backward" ? "backward()" : "autograd.grad()";
        return h("option", { value: String(p.index) }, `${p.index}: ${call} of ${root?.label ?? "?"}${where}${p.error ? " ⚠ failed" : ""}`);
      }),
    );
    sel.value = String(this.state.pass);
  }

  private renderBanners(): void {
    if (!this.trace) return;
    const named = renderBanners(this.ui, this.trace, this.state.pass, {
      select: (id) => this.select(id, true),
      reveal: (r) => this.reveal(r),
      showNodes: (ids) => this.graph.showNodes(ids),
    });
    this.graph.markErrors(named);
  }

  /** Selects pass k (1-based) and goes to a position in it. */
  setPass(k: number, position?: number): void {
    const t = this.trace;
    if (!t || !indexTrace(t).passes.has(k)) return;
    this.state = act.choosePass(this.state, t, k, position);
    this.ui.passSelect.value = String(k);
    // All tensor labels may change: the grads left by earlier passes differ per pass.
    this.refreshAll();
    this.renderBanners();
    this.applyFrame();
  }

  setPosition(p: number): void {
    if (!this.trace || !act.currentPass(this.state, this.trace)) return;
    this.state = act.goTo(this.state, this.trace, p);
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
    const s = this.state;
    const pass = act.currentPass(s, t);
    const frame: Frame | null = pass ? frameAt(t, pass, s.position) : null;
    this.graph.applyMarks(playbackMarks(t, model, s.mode, pass, frame));
    this.ui.activeNode.textContent = frame?.active ?? "";
    if (follow && frame?.active) this.graph.follow(frame.active);
    const narration = frame && pass ? (s.mode === "computation" ? learnerNarration(t, pass, frame.position) : frame.narration) : null;
    this.ui.narration.replaceChildren(...(narration ?? ["No backward pass in this snippet."]).map((line) => h("div", { class: line.startsWith("  ") ? "sub" : "head" }, line.trim())));
    this.ui.position.textContent = act.positionText(s, t);
    this.ui.status.textContent = statusText(model, t, s.pass);
    const controls = act.stepControls(s, t);
    if (controls) {
      this.ui.stepBack.disabled = this.ui.stepStart.disabled = !controls.back;
      this.ui.stepForward.disabled = this.ui.stepEnd.disabled = !controls.forward;
    }
    if (s.selected) this.renderSelected();
    this.persist();
  }

  play(): void {
    const trace = this.trace;
    if (!trace || this.timer || !act.currentPass(this.state, trace)) return;
    const before = this.state.position;
    this.state = act.play(this.state, trace);
    if (this.state.position !== before) this.setPosition(this.state.position);
    this.timer = setInterval(() => {
      const next = act.tick(this.state, trace);
      if (!next.playing) this.pause();
      else this.setPosition(next.position);
    }, PLAY_MS / this.state.speed);
    this.ui.root.dataset["playing"] = "true";
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.state = act.pause(this.state);
    delete this.ui.root.dataset["playing"];
  }

  /** Selects a node, fills the details panel and (optionally) brings it into view. */
  select(id: string | null, center: boolean): void {
    this.state = act.select(this.state, id);
    // Narrow panel: selecting opens the details drawer, clearing the selection closes it.
    const drawerWas = this.responsive.drawerOpen;
    this.responsive.setDrawer(id !== null);
    // The graph's height changes with the drawer: cytoscape must know now, or centring below uses the old size.
    if (drawerWas !== (id !== null)) this.graph.resize();
    const m = this.model;
    const label = id ? (id.startsWith("op:") ? `${m?.tensors.get(id.slice(3))?.op ?? "op"} → ${m?.tensors.get(id.slice(3))?.label ?? "?"}` : (m?.tensors.get(id)?.label ?? m?.gradFns.get(id)?.name ?? id)) : null;
    this.responsive.setDrawerTitle(label ? `Details: ${label}` : "Details");
    this.graph.select(id, center);
    this.renderSelected();
    this.host.post({ type: "selected", nodeId: id });
    this.persist();
  }

  private renderSelected(): void {
    const t = this.trace;
    if (!t) return;
    const pass = act.currentPass(this.state, t);
    const selected = this.state.selected;
    // An op node's details are its grad fn's (formula, saved tensors), or its output's when it has none.
    const sel = selected?.startsWith("op:") ? (this.model?.tensors.get(selected.slice(3))?.gradFn ?? selected.slice(3)) : selected;
    const ix = indexTrace(t);
    renderDetails(this.ui.details, sel, {
      trace: t,
      passIndex: this.state.pass,
      grad: (id) => this.gradOf(id),
      gradOutputs: (id) => {
        const k = pass ? ix.stepOf(pass, id) : undefined;
        return pass && k !== undefined ? (pass.steps[k]?.gradOutputs ?? null) : null;
      },
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
    this.graph.highlight(indexTrace(t).onLine(line));
  }

  /**
   * Fits the graph at a readable zoom, centred on the active grad function, else the current pass's root, else
   * the node in the error, when it cannot all fit. Pressing Fit again without moving shows the whole graph.
   */
  fit(arm = true): void {
    const t = this.trace;
    this.graph.fit(arm, [this.ui.activeNode.textContent ?? "", act.currentPass(this.state, t)?.roots[0], t?.error?.tensor]);
  }

  export(format: ExportFormat): void {
    if (!this.trace) return;
    try {
      const out = this.graph.exportAs(format, readTheme().background, this.state.mode);
      this.host.deliver(format, out.data, out.encoding, out.mime);
    } catch (err) {
      this.host.post({ type: "error", message: `export ${format} failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  private persist(): void {
    if (!this.trace) return;
    this.host.setState(act.savedView(this.state, this.trace.file, this.graph.viewport()));
  }

  /** Runs a playback action from the toolbar or the keyboard: the timer stops, the position is drawn. */
  private stepTo(next: (s: ViewState, trace: Trace) => ViewState): void {
    this.pause();
    if (!this.trace) return;
    this.setPosition(next(this.state, this.trace).position);
  }

  private onTap(tap: GraphTap): void {
    if (tap.kind === "select") return this.select(tap.id, false);
    this.state = act.toggleGroup(this.state, tap.group);
    void this.relayout().then(() => {
      // Bring what was opened into view.
      if (tap.center) this.graph.centerOn(tap.group);
      this.persist();
    });
  }

  private wire(): void {
    const ui = this.ui;
    ui.play.addEventListener("click", () => this.play());
    ui.pause.addEventListener("click", () => this.pause());
    ui.stepForward.addEventListener("click", () => this.stepTo((s, t) => act.stepBy(s, t, 1)));
    ui.stepBack.addEventListener("click", () => this.stepTo((s, t) => act.stepBy(s, t, -1)));
    ui.stepStart.addEventListener("click", () => this.stepTo(act.toStart));
    ui.stepEnd.addEventListener("click", () => this.stepTo(act.toEnd));
    ui.speed.addEventListener("change", () => {
      this.state = act.setSpeed(this.state, Number(ui.speed.value));
      if (this.timer) (this.pause(), this.play());
    });
    ui.viewComputation.addEventListener("click", () => void this.setMode("computation"));
    ui.viewAutograd.addEventListener("click", () => void this.setMode("autograd"));
    ui.direction.addEventListener("click", () => {
      this.state = act.toggleDirection(this.state);
      this.renderModeControls();
      void this.relayout().then(() => (this.fit(false), this.persist()));
    });
    ui.passSelect.addEventListener("change", () => (this.pause(), this.setPass(Number(ui.passSelect.value), 0)));
    ui.fit.addEventListener("click", () => this.fit());
    ui.relayout.addEventListener("click", () => void this.relayout().then(() => this.fit()));
    ui.showAccumulate.addEventListener("change", () => {
      this.state = act.setShowAccumulate(this.state, ui.showAccumulate.checked);
      void this.relayout().then(() => this.persist());
    });
    ui.showSaved.addEventListener("change", () => {
      this.state = act.setShowSaved(this.state, ui.showSaved.checked);
      void this.relayout().then(() => this.persist());
    });
    for (const [format, b] of Object.entries(ui.exports) as Array<[ExportFormat, HTMLButtonElement]>) b.addEventListener("click", () => this.export(format));

    this.graph.onTap((tap) => this.onTap(tap));
    this.graph.onViewport(() => this.persistSoon());

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
      if (ev.key === "ArrowRight") this.stepTo((s, t) => act.stepBy(s, t, 1));
      else if (ev.key === "Home") this.stepTo(act.toStart);
      else if (ev.key === "End") this.stepTo(act.toEnd);
      else if (ev.key === "ArrowLeft") this.stepTo((s, t) => act.stepBy(s, t, -1));
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
