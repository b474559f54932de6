/**
 * The one graph panel beside the editor. Later runs update the same panel; after a window reload VS Code hands the
 * panel back through the serializer and it re-runs the snippet it showed (remembered in workspace state).
 */
import * as vscode from "vscode";
import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import type { Trace } from "../protocol";
import type { HostToView, ViewToHost } from "../shared/messages";
import { buildWebviewHtml, type WebviewHtmlOptions } from "../viewHtml";
import { parseViewMessage } from "./messages";
import { hostPhases, type Phases } from "./coldPath";
import { holdSpare } from "../runner/index";

/** A new panel holds the runner's next spare child back until its first paint, at most this long. */
const SPARE_HOLD_MAX_MS = 10_000;

/**
 * The bundle and stylesheet, read once per extension host (and again when rebuilt) and inlined into the panel's
 * HTML. Measured cold in the workbench (test/vscode/coldpath.test.ts), fetching the 580 KB bundle through the
 * webview's service worker took 170-840 ms after the document started; inlined it arrives with the document.
 * Falls back to the fetched files when they cannot be read here (the view then loads them itself).
 */
const inlineCache = new Map<string, { mtimeMs: number; text: string }>();
function readCached(file: string): string | undefined {
  try {
    const mtimeMs = statSync(file).mtimeMs;
    const hit = inlineCache.get(file);
    if (hit !== undefined && hit.mtimeMs === mtimeMs) return hit.text;
    const text = readFileSync(file, "utf8");
    inlineCache.set(file, { mtimeMs, text });
    return text;
  } catch {
    return undefined;
  }
}
function inlined(script: string, css: string): { scriptText?: string; cssText?: string } {
  // For the cold-path comparison (test/vscode/coldpath.test.ts): the fetched variant, in the same build.
  if (process.env["AGL_VIEW_FETCH"] === "1") return {};
  const scriptText = readCached(script);
  const cssText = readCached(css);
  return scriptText === undefined || cssText === undefined ? {} : { scriptText, cssText };
}

/** The webview type, also named in package.json's `onWebviewPanel:` activation event. */
export const VIEW_TYPE = "autogradLens.graph";
const STATE_KEY = "autogradLens.panelDocument";

/** What the panel shows: a trace of one document, optionally focused on one pass. */
export interface PanelContent {
  uri: vscode.Uri;
  trace: Trace;
  pass?: number;
  play?: boolean;
  /** When the run that made the trace started (epoch ms) and how long it took, for the cold-path record. */
  run?: { startedAt: number; ms: number; phases?: Phases };
}

/** The graph panel. At most one exists; `GraphPanel.current` is it. */
export class GraphPanel implements vscode.Disposable {
  static current: GraphPanel | undefined;
  private static readonly messageEmitter = new vscode.EventEmitter<ViewToHost>();
  /** Every valid message from the view (tests and the export command listen here). */
  static readonly onDidReceiveMessage = GraphPanel.messageEmitter.event;

  private ready = false;
  private content: PanelContent | undefined;
  private readonly queue: HostToView[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  /** This view document's cold-path marks (coldPath.ts), sent with each trace; reset when the document reloads. */
  private phases: Phases = {};
  private paintedSeq = 0;
  /** The trace embedded in the panel's HTML (the view paints it by itself), until the view first says ready. */
  private embedded: Trace | undefined;
  /** The document whose run this panel, opened "running", waits for (until its content is set). */
  private awaiting: vscode.Uri | undefined;
  /**
   * Lets the runner start its spare child again. A new panel's first paint (cold: the webview's document and its
   * 600 KB of scripts to compile) and a spare starting would share the CPU; the paint goes first.
   */
  private releaseSpare: () => void;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly ctx: vscode.ExtensionContext,
    private readonly onReveal: (uri: vscode.Uri, msg: Extract<ViewToHost, { type: "reveal" }>) => void,
    initial?: PanelContent,
  ) {
    this.phases.panelCreated = Date.now();
    this.releaseSpare = holdSpare();
    setTimeout(() => this.releaseSpare(), SPARE_HOLD_MAX_MS).unref?.();
    panel.webview.options = GraphPanel.webviewOptions(ctx);
    this.embedded = initial?.trace;
    panel.webview.html = this.html(initial);
    this.phases.htmlSet = Date.now();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      // A hidden webview is destroyed (no retainContextWhenHidden): hold messages until it says `ready` again.
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) {
          this.ready = false;
          this.phases = {};
        }
      }),
    );
  }

  private static webviewOptions(ctx: vscode.ExtensionContext): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(ctx.extensionUri, "dist"), vscode.Uri.joinPath(ctx.extensionUri, "media")] };
  }

  /** Shows (creating or revealing) the panel beside the editor with new content. */
  static show(ctx: vscode.ExtensionContext, content: PanelContent, onReveal: GraphPanel["onReveal"]): GraphPanel {
    const p = GraphPanel.open(ctx, onReveal, content);
    p.setContent(content);
    return p;
  }

  /**
   * Opens the panel before the run finishes, saying "running": the view's page loads while the worker runs the
   * snippet, instead of after it (on a cold start both take about as long).
   */
  static showRunning(ctx: vscode.ExtensionContext, onReveal: GraphPanel["onReveal"], awaiting?: vscode.Uri): GraphPanel {
    const p = GraphPanel.open(ctx, onReveal);
    p.awaiting = awaiting;
    p.post({ type: "running" });
    return p;
  }

  /** Opens the panel; a new one with `initial` has that trace in its HTML (no ready → trace round trip). */
  private static open(ctx: vscode.ExtensionContext, onReveal: GraphPanel["onReveal"], initial?: PanelContent): GraphPanel {
    let p = GraphPanel.current;
    if (p === undefined) {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t("Gradient Graph"), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { retainContextWhenHidden: false });
      p = GraphPanel.current = new GraphPanel(panel, ctx, onReveal, initial);
    } else if (!p.panel.visible) p.panel.reveal(vscode.ViewColumn.Beside, true);
    return p;
  }

  /**
   * Takes over a panel VS Code restored after a reload; returns the document it showed, if known. The host's own
   * record (workspaceState) may not have reached storage when the window went away (in the browser it is written
   * asynchronously), so the file the view saved in its own webview state, which VS Code hands back with the panel,
   * stands in for it. That state is untrusted: only a plain path string is used, to look up a document.
   */
  static revive(panel: vscode.WebviewPanel, ctx: vscode.ExtensionContext, onReveal: GraphPanel["onReveal"], viewState?: unknown): vscode.Uri | undefined {
    GraphPanel.current?.dispose();
    GraphPanel.current = new GraphPanel(panel, ctx, onReveal);
    const saved = ctx.workspaceState.get<string>(STATE_KEY);
    return saved !== undefined ? vscode.Uri.parse(saved) : uriOfViewFile(viewState);
  }

  /** The document the panel shows. */
  get uri(): vscode.Uri | undefined {
    return this.content?.uri;
  }

  /**
   * Whether a finished run of `uri` belongs in this panel: it shows that document, or it was opened "running" for
   * it. The second case is the cold path: the run's listener fires first, before the editor aids' listeners and
   * before the command that opened the panel gets its result (those took 150 ms on a loaded start).
   */
  wantsRunOf(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return (this.awaiting ?? this.content?.uri)?.toString() === key;
  }

  /** The pass the panel was last asked to show (CodeLens clicks), if any. */
  get pass(): number | undefined {
    return this.content?.pass;
  }

  /** True once the view said `ready` and has been sent the current trace. */
  get isReady(): boolean {
    return this.ready;
  }

  /** Replaces the trace (a re-run of the same snippet keeps the view's layout: it matches nodes by id). */
  setContent(content: PanelContent): void {
    // The same trace arriving twice (run listener, then the command that asked for it) is sent once.
    if (content.pass === undefined && this.content?.trace === content.trace) return;
    this.content = content;
    this.awaiting = undefined;
    void this.ctx.workspaceState.update(STATE_KEY, content.uri.toString());
    this.panel.title = vscode.l10n.t("Gradient Graph: {0}", content.uri.path.split("/").pop() ?? "");
    // The view's HTML carries this trace: it paints it by itself (a ready before that changes nothing).
    if (this.embedded === content.trace && !this.ready) return;
    const msg: HostToView = { type: "trace", trace: content.trace };
    if (content.pass !== undefined) msg.pass = content.pass;
    if (content.play !== undefined) msg.play = content.play;
    this.post(msg, true);
  }

  /** The number of traces the current view document has painted (its `painted` messages). */
  get painted(): number {
    return this.paintedSeq;
  }

  /** Sends a trace message now, stamped with the cold-path marks known at this moment. */
  private sendTrace(msg: Extract<HostToView, { type: "trace" }>): void {
    const phases: Phases = { ...(this.content === undefined ? { ...hostPhases(), ...this.phases } : this.phasesFor(this.content)), traceSent: Date.now() };
    void this.panel.webview.postMessage({ ...msg, phases } satisfies HostToView);
  }

  /** The cold-path marks for a content: the host's, this document's, and its run's. */
  private phasesFor(content: PanelContent): Phases {
    const phases: Phases = { ...hostPhases(), ...this.phases };
    const run = content.run;
    const t = content.trace.timings;
    if (run !== undefined) Object.assign(phases, run.phases, { runStart: run.startedAt, runDone: run.startedAt + run.ms });
    // The runner's own split: what the snippet took (transpile, run) and the rest (worker start, bundle load).
    Object.assign(phases, { transpileMs: t.parseMs, snippetMs: t.runMs, workerLoadMs: Math.max(0, t.totalMs - t.parseMs - t.runMs) });
    return phases;
  }

  /** Sends a message once the view said `ready`; a newer trace replaces any queued older one. */
  post(msg: HostToView, replacesTrace = false): void {
    if (this.ready) {
      if (msg.type === "trace") this.sendTrace(msg);
      else void this.panel.webview.postMessage(msg);
      return;
    }
    if (replacesTrace) this.queue.length = 0;
    this.queue.push(msg);
  }

  private receive(raw: unknown): void {
    const msg = parseViewMessage(raw);
    if (msg === null) return;
    if (msg.type === "ready") {
      // The view (re)loaded, e.g. after being hidden: it lost its state, so send the trace again.
      this.ready = true;
      this.phases.viewReady = Date.now();
      const pending = this.queue.splice(0);
      // The first document of a panel created with its trace already has it; any later one (shown again after
      // being hidden) needs the current trace.
      const hasIt = this.embedded !== undefined && this.embedded === this.content?.trace;
      this.embedded = undefined;
      if (this.content !== undefined && !hasIt && !pending.some((m) => m.type === "trace")) this.sendTrace({ type: "trace", trace: this.content.trace });
      for (const m of pending) {
        if (m.type === "trace") this.sendTrace(m);
        else void this.panel.webview.postMessage(m);
      }
    } else if (msg.type === "painted") {
      this.paintedSeq = msg.seq;
      this.releaseSpare();
    } else if (msg.type === "reveal" && this.content !== undefined) {
      this.onReveal(this.content.uri, msg);
    }
    GraphPanel.messageEmitter.fire(msg);
  }

  private html(initial?: PanelContent): string {
    const w = this.panel.webview;
    let embed: WebviewHtmlOptions["initial"];
    if (initial !== undefined) {
      const meta: NonNullable<WebviewHtmlOptions["initial"]>["meta"] = { phases: { ...this.phasesFor(initial), traceInHtml: Date.now() } };
      if (initial.pass !== undefined) meta.pass = initial.pass;
      if (initial.play !== undefined) meta.play = initial.play;
      embed = { trace: initial.trace, meta };
    }
    const script = vscode.Uri.joinPath(this.ctx.extensionUri, "dist", "webview.js");
    const css = vscode.Uri.joinPath(this.ctx.extensionUri, "media", "view.css");
    return buildWebviewHtml({
      nonce: randomBytes(16).toString("hex"),
      cspSource: w.cspSource,
      scriptUri: w.asWebviewUri(script).toString(),
      cssUri: w.asWebviewUri(css).toString(),
      ...inlined(script.fsPath, css.fsPath),
      ...(embed === undefined ? {} : { initial: embed }),
    });
  }

  dispose(): void {
    this.releaseSpare();
    if (GraphPanel.current === this) GraphPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** The document of the `file` a restored view saved (a Trace's file: an fsPath, or the path of a non-file URI). */
function uriOfViewFile(viewState: unknown): vscode.Uri | undefined {
  if (typeof viewState !== "object" || viewState === null) return undefined;
  const file = (viewState as { file?: unknown }).file;
  if (typeof file !== "string" || file.length === 0 || file.length > 4096) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file || d.uri.path === file);
  if (open !== undefined) return open.uri;
  // Not open yet: the workspace folder's scheme and authority (vscode-remote in a remote window), with this path.
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder === undefined ? vscode.Uri.file(file) : folder.with({ path: file });
}
