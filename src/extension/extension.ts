/**
 * Entry point of the extension host side. Activation only wires things up: the runner (and with it the TypeScript
 * compiler and the engine) loads on the first run, in a child process, so activating costs a few milliseconds.
 */
import * as vscode from "vscode";
import type { SourceRange } from "../protocol";
import { GradCodeLensProvider } from "./codeLens";
import { exportGraph, newSnippet, openExample, revealRange, revealRangeCommand, runBackward, showGraph, type CommandDeps } from "./commands";
import { GradQuickFixes, RunDiagnostics } from "./diagnostics";
import { lastParsedBy, type ParsedBy } from "./gradCalls";
import { TensorHoverProvider } from "./hover";
import { InlineGradients } from "./inline";
import { ConsoleChannel, InlineConsole } from "./consoleOutput";
import { GraphPanel, VIEW_TYPE } from "./panel";
import { pastePythonAsTypeScript } from "./pastePython";
import { isSnippet, Runs, type RunResult } from "./runs";
import { RunStatus } from "./status";
import { setCodeCacheDir, type SpareState, spareState } from "../runner/index";
import { ensureTypesPlugin } from "./typesSetup";
import { markHost } from "./coldPath";
import { ColdSpareHold } from "./coldSpare";

const loadedAt = performance.now();
markHost("hostLoaded");

/** What `activate` returns: used by the integration tests (and handy for other extensions). */
export interface AutogradLensApi {
  /** Milliseconds from this module being loaded to the end of `activate`. */
  activationMs: number;
  runs: Runs;
  /** The open graph panel, if any. */
  panel(): GraphPanel | undefined;
  /** The runner's warm spare worker: "off" before the first run, then "loading" / "ready" / "none" (just used). */
  spare(): SpareState;
  /** The CodeLens parser: which one found the calls of the last text ("lezer" for TypeScript, "python"). */
  parser(): { lastParsedBy: ParsedBy | null };
}

const SELECTOR: vscode.DocumentSelector = ["typescript", "python"].flatMap((language) => [
  { language, scheme: "file" },
  { language, scheme: "untitled" },
  { language, scheme: "vscode-remote" },
]);

/** Called by VS Code on the first TypeScript or Python file, command or restored panel. */
export function activate(ctx: vscode.ExtensionContext): AutogradLensApi {
  // Code caches are code: kept in the extension's own storage, never in the shared temp folder.
  if (ctx.globalStorageUri.scheme === "file") setCodeCacheDir(vscode.Uri.joinPath(ctx.globalStorageUri, "code-cache").fsPath);
  const runs = new Runs();
  const coldSpare = new ColdSpareHold(runs);
  const onReveal = (uri: vscode.Uri, msg: { range: SourceRange }): void => void revealRange(uri, msg.range);
  const showInPanel = (r: RunResult, pass?: number, play?: boolean): GraphPanel => {
    const run = runRecord(r);
    const content = pass === undefined ? { uri: r.uri, trace: r.trace, run } : { uri: r.uri, trace: r.trace, run, pass, play: play ?? false };
    const panel = GraphPanel.show(ctx, content, onReveal);
    // A new panel holds the spare until its first paint: the cold start's hold is no longer needed.
    coldSpare.end();
    return panel;
  };
  const openRunning = (uri: vscode.Uri): void => {
    GraphPanel.showRunning(ctx, onReveal, uri);
    coldSpare.end();
  };
  const deps: CommandDeps = { ctx, runs, showInPanel, openRunning };
  const codeLens = new GradCodeLensProvider(runs);
  const inlineConsole = new InlineConsole(runs);

  ctx.subscriptions.push(
    runs,
    coldSpare,
    // A re-run of the snippet the panel shows (save, typing) updates it in place. Subscribed before the editor aids
    // below so that the graph's message leaves first: the workbench handles the host's messages in order, and the
    // status bar, decorations, diagnostics and CodeLens refresh of a run would otherwise go ahead of the graph.
    runs.onDidRun((r) => {
      const panel = GraphPanel.current;
      if (panel?.wantsRunOf(r.uri) === true) panel.setContent({ uri: r.uri, trace: r.trace, run: runRecord(r) });
    }),
    new RunStatus(runs),
    new InlineGradients(runs),
    inlineConsole,
    new ConsoleChannel(runs),
    new RunDiagnostics(runs),
    codeLens,
    vscode.languages.registerCodeLensProvider(SELECTOR, codeLens),
    vscode.languages.registerHoverProvider(SELECTOR, new TensorHoverProvider(runs)),
    vscode.languages.registerHoverProvider(SELECTOR, inlineConsole),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new GradQuickFixes(runs), { providedCodeActionKinds: GradQuickFixes.kinds }),
    vscode.commands.registerCommand("autogradLens.showGraph", (uri?: unknown, nodeId?: unknown) => showGraph(deps, uri, nodeId)),
    vscode.commands.registerCommand("autogradLens.runBackward", (uri?: unknown, line?: unknown) => runBackward(deps, uri, line)),
    vscode.commands.registerCommand("autogradLens.exportGraph", (format?: unknown, target?: unknown) => exportGraph(format, target)),
    vscode.commands.registerCommand("autogradLens.newSnippet", (name?: unknown) => newSnippet(ctx, name)),
    vscode.commands.registerCommand("autogradLens.pastePythonAsTypeScript", (text?: unknown) => pastePythonAsTypeScript(text)),
    vscode.commands.registerCommand("autogradLens.openExample", (name?: unknown) => openExample(deps, name)),
    vscode.commands.registerCommand("autogradLens.revealRange", (uri?: unknown, range?: unknown) => revealRangeCommand(uri, range)),
    vscode.commands.registerCommand("autogradLens.toggleInlineGradients", async () => {
      const config = vscode.workspace.getConfiguration("autogradLens");
      await config.update("inlineGradients", !config.get<boolean>("inlineGradients", true), vscode.ConfigurationTarget.Global);
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, viewState: unknown): Promise<void> {
        const uri = GraphPanel.revive(panel, ctx, onReveal, viewState);
        coldSpare.end();
        if (uri === undefined || !vscode.workspace.isTrusted) return;
        try {
          const doc = await vscode.workspace.openTextDocument(uri);
          const r = await runs.run(doc);
          GraphPanel.current?.setContent({ uri: r.uri, trace: r.trace, run: runRecord(r) });
        } catch {
          // The snippet was deleted since: the panel stays empty rather than failing the restore.
        }
      },
    }),
    ...liveRuns(runs),
    // Editor → view: the nodes made on the cursor's line light up.
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const panel = GraphPanel.current;
      if (panel?.uri?.toString() === e.textEditor.document.uri.toString()) panel.post({ type: "highlightLine", line: e.selections[0]!.active.line + 1 });
    }),
  );
  void ensureTypesPlugin(ctx);
  coldSpare.endUnlessRunning();
  markHost("activated");
  return { activationMs: performance.now() - loadedAt, runs, panel: () => GraphPanel.current, spare: spareState, parser: () => ({ lastParsedBy: lastParsedBy() }) };
}

/** What the panel's phase record keeps of a run (coldPath.ts). */
function runRecord(r: RunResult): { startedAt: number; ms: number; phases: RunResult["phases"] } {
  return { startedAt: r.startedAt, ms: r.ms, phases: r.phases };
}

/** Auto-save's runs wait for this long without another save. */
const AUTO_SAVE_QUIET_MS = 600;

/** Runs snippets as the `autogradLens.runOn` setting says: on save (default), as you type (debounced), or never. */
function liveRuns(runs: Runs): vscode.Disposable[] {
  const mode = (): string => vscode.workspace.getConfiguration("autogradLens").get<string>("runOn", "save");
  const timers = new Map<string, NodeJS.Timeout>();
  const runQuietly = (doc: vscode.TextDocument, savedAt?: number): void => {
    if (!vscode.workspace.isTrusted || !isSnippet(doc)) return;
    runs.run(doc, savedAt).catch(() => undefined);
  };
  const firstRun = (editor: vscode.TextEditor | undefined): void => {
    if (editor === undefined) return;
    // Results (hovers, lenses, inline values) for a snippet as soon as it is shown, unless runs are manual; then
    // at least a worker is made ready for the first command.
    if (mode() !== "manual") {
      if (runs.get(editor.document.uri) === undefined) runQuietly(editor.document);
    } else if (vscode.workspace.isTrusted && isSnippet(editor.document)) runs.prewarm();
  };
  firstRun(vscode.window.activeTextEditor);
  return [
    vscode.window.onDidChangeActiveTextEditor(firstRun),
    vscode.workspace.onDidGrantWorkspaceTrust(() => firstRun(vscode.window.activeTextEditor)),
    // The run starts when the save does (the text is final unless a save participant edits it, which makes a new
    // version and so a new run on didSave): the file write's round trip no longer precedes it.
    vscode.workspace.onWillSaveTextDocument((e) => {
      if (mode() === "manual") return;
      const key = e.document.uri.toString();
      // Ctrl+S runs at once. Auto-save (code-server saves every few seconds, and on focus changes) waits for the
      // saves to pause; a run still going for an older version is cancelled by the newer one (Runs.run).
      if (e.reason === vscode.TextDocumentSaveReason.Manual) {
        clearTimeout(timers.get(key));
        timers.delete(key);
        runQuietly(e.document, Date.now());
        return;
      }
      clearTimeout(timers.get(key));
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key);
          runQuietly(e.document);
        }, AUTO_SAVE_QUIET_MS),
      );
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      // Already run (or running: `run` joins it) for this version since onWillSave, or waiting for auto-save to pause.
      if (mode() !== "manual" && !timers.has(doc.uri.toString()) && runs.reusable(doc) === undefined) runQuietly(doc, Date.now());
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (mode() === "manual" || e.contentChanges.length === 0) return;
      // A snippet that ran before runs again on its next save (or after the typing pause): its text compiles now,
      // in the runner's spare (a lookup, not a scan, decides: this runs on every keystroke in every file).
      if (vscode.workspace.isTrusted && runs.get(e.document.uri) !== undefined) runs.prepare(e.document);
      if (mode() !== "type") return;
      const key = e.document.uri.toString();
      clearTimeout(timers.get(key));
      timers.set(key, setTimeout(() => runQuietly(e.document), 300));
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => runs.forget(doc.uri)),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  ];
}

/** Nothing to clean up beyond the subscriptions (`Runs` stops the runner's warm spare); each run's worker exits by itself. */
export function deactivate(): void {}
