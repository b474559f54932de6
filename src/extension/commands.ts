/**
 * The command handlers. Every command that runs a snippet checks workspace trust first and explains itself in
 * restricted mode instead of silently doing nothing.
 */
import * as vscode from "vscode";
import type { ExportFormat, SourceRange } from "../protocol";
import { isSourceRange } from "./messages";
import { EXPORT_FORMATS, exportFormatInfo, isExportFormat } from "../shared/exportFormats";
import { passAtLine } from "./codeLens";
import { GraphPanel } from "./panel";
import { markCommand } from "./coldPath";
import type { RunResult, Runs } from "./runs";
import { isSnippet } from "./runs";

/** Snippets run code: only in trusted workspaces. Returns false (after telling the user) otherwise. */
export function checkTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(
    vscode.l10n.t("Autograd Lens runs your snippet's code, so it works only in a trusted workspace. Trust this folder (Manage Workspace Trust) to see the gradient graph."),
  );
  return false;
}

/** The document a command acts on: an explicit URI argument, else the active editor's. */
export async function targetDocument(uriArg: unknown): Promise<vscode.TextDocument | undefined> {
  if (typeof uriArg === "string" || uriArg instanceof vscode.Uri) {
    const uri = typeof uriArg === "string" ? vscode.Uri.parse(uriArg) : uriArg;
    return vscode.workspace.openTextDocument(uri);
  }
  const doc = vscode.window.activeTextEditor?.document;
  if (doc === undefined || !isSnippet(doc)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a TypeScript snippet that imports "autograd-lens" or a Python file that imports torch first (Autograd Lens: New Autograd Snippet gives you one).'));
    return undefined;
  }
  return doc;
}

/** Selects a snippet range in its editor (node click in the view, or the revealRange command). */
export async function revealRange(uri: vscode.Uri, range: SourceRange): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const existing = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: existing?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
  const r = new vscode.Range(range.startLine - 1, range.startColumn - 1, range.endLine - 1, range.endColumn - 1);
  editor.selection = new vscode.Selection(r.start, r.end);
  editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/** Shared state the handlers need. */
export interface CommandDeps {
  ctx: vscode.ExtensionContext;
  runs: Runs;
  /** Shows a run in the panel (creating it beside the editor if needed). */
  showInPanel(r: RunResult, pass?: number, play?: boolean): GraphPanel;
  /**
   * Opens the panel in its "running" state while a run is under way. With `uri`, the run of that document is shown
   * by the run listener as soon as it finishes (showGraph); without it, only by the caller (runBackward adds its
   * pass to the trace message, so the view paints once).
   */
  openRunning(uri?: vscode.Uri): void;
}

/** `autogradLens.showGraph [uri] [tensorId]`: run and open the graph; with a tensor id (hover link), select it. */
export async function showGraph(deps: CommandDeps, uriArg?: unknown, nodeId?: unknown): Promise<RunResult | undefined> {
  markCommand();
  if (!checkTrust()) return undefined;
  const doc = await targetDocument(uriArg);
  if (doc === undefined) return undefined;
  const existing = deps.runs.get(doc.uri);
  // A hover's "Show in graph" refers to the trace it was computed from: reuse it when the text did not change.
  // Otherwise the run of this version that already finished (the snippet ran when it was opened or saved) will do.
  const done = existing !== undefined && existing.version === doc.version && typeof nodeId === "string" ? existing : deps.runs.reusable(doc);
  if (done === undefined) deps.openRunning(doc.uri);
  const r = done ?? (await deps.runs.run(doc));
  const panel = deps.showInPanel(r);
  if (typeof nodeId === "string") panel.post({ type: "select", nodeIds: [nodeId] });
  return r;
}

/** `autogradLens.runBackward uri line0`: run, then open the view on the pass at that line and play it. */
export async function runBackward(deps: CommandDeps, uriArg?: unknown, line0?: unknown): Promise<RunResult | undefined> {
  if (!checkTrust()) return undefined;
  const doc = await targetDocument(uriArg);
  if (doc === undefined) return undefined;
  const done = deps.runs.reusable(doc);
  if (done === undefined) deps.openRunning();
  const r = done ?? (await deps.runs.run(doc));
  const line = typeof line0 === "number" ? line0 : (vscode.window.activeTextEditor?.selection.active.line ?? 0);
  const pass = passAtLine(r.trace, line);
  deps.showInPanel(r, pass?.index, pass !== undefined);
  return r;
}

/** `autogradLens.exportGraph [format] [target]`: asks the view to export, then saves what it sends back. */
export async function exportGraph(formatArg?: unknown, targetArg?: unknown): Promise<vscode.Uri | undefined> {
  const panel = GraphPanel.current;
  if (panel === undefined) {
    void vscode.window.showInformationMessage(vscode.l10n.t("Show a gradient graph first, then export it."));
    return undefined;
  }
  let format: ExportFormat | undefined = isExportFormat(formatArg) ? formatArg : undefined;
  if (format === undefined) {
    const picked = await vscode.window.showQuickPick(
      EXPORT_FORMATS.map((f) => ({ label: f.label, detail: f.title, format: f.format })),
      { title: vscode.l10n.t("Export Gradient Graph"), placeHolder: vscode.l10n.t("Format") },
    );
    if (picked === undefined) return undefined;
    format = picked.format;
  }
  const chosen = format;
  const data = new Promise<{ data: string; encoding: "utf8" | "base64" }>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(vscode.l10n.t("The graph view did not answer the export request.")));
    }, 15000);
    const sub = GraphPanel.onDidReceiveMessage((m) => {
      if (m.type === "exported" && m.format === chosen) {
        clearTimeout(timer);
        sub.dispose();
        resolve({ data: m.data, encoding: m.encoding });
      }
    });
  });
  panel.post({ type: "export", format: chosen });
  const exported = await data;
  let target = targetArg instanceof vscode.Uri ? targetArg : typeof targetArg === "string" ? vscode.Uri.parse(targetArg) : undefined;
  if (target === undefined) {
    const base = panel.uri ? vscode.Uri.joinPath(panel.uri, "..", `${panel.uri.path.split("/").pop()?.replace(/\.(tsx?|py)$/, "") ?? "graph"}${exportFormatInfo(chosen).extension}`) : undefined;
    target = await vscode.window.showSaveDialog({ defaultUri: base, filters: { [exportFormatInfo(chosen).label]: [exportFormatInfo(chosen).extension.slice(1)] } });
    if (target === undefined) return undefined;
  }
  const bytes = exported.encoding === "base64" ? Buffer.from(exported.data, "base64") : Buffer.from(exported.data, "utf8");
  await vscode.workspace.fs.writeFile(target, bytes);
  return target;
}

/** `autogradLens.newSnippet [name]`: opens one of the bundled examples as a new untitled snippet. */
export async function newSnippet(ctx: vscode.ExtensionContext, nameArg?: unknown): Promise<vscode.TextEditor | undefined> {
  const dir = vscode.Uri.joinPath(ctx.extensionUri, "examples");
  const entries = (await vscode.workspace.fs.readDirectory(dir)).filter(([n]) => n.endsWith(".ts") && !n.endsWith(".d.ts")).map(([n]) => n).sort();
  let name = typeof nameArg === "string" && entries.includes(nameArg) ? nameArg : undefined;
  if (name === undefined) {
    const items = await Promise.all(
      entries.map(async (n) => {
        const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, n))).toString("utf8");
        const firstComment = /^\/\/\s*(.+)$/m.exec(text)?.[1] ?? "";
        return { label: n, detail: firstComment };
      }),
    );
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t("New Autograd Snippet"), placeHolder: vscode.l10n.t("Start from a course example") });
    if (picked === undefined) return undefined;
    name = picked.label;
  }
  const content = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name))).toString("utf8");
  const doc = await vscode.workspace.openTextDocument({ language: "typescript", content });
  return vscode.window.showTextDocument(doc);
}

/** `autogradLens.revealRange uri range`. */
export async function revealRangeCommand(uriArg?: unknown, rangeArg?: unknown): Promise<void> {
  if (typeof uriArg !== "string" || !isSourceRange(rangeArg)) return;
  await revealRange(vscode.Uri.parse(uriArg), rangeArg);
}

/**
 * `autogradLens.openExample name` (the walkthrough's steps): opens one course example beside its graph. The
 * workspace's own examples/NAME when it has one (the repository, a course folder); otherwise an untitled copy of
 * the bundled example, so the learner edits a copy and never the installed extension.
 */
export async function openExample(deps: CommandDeps, nameArg?: unknown): Promise<RunResult | undefined> {
  if (typeof nameArg !== "string" || !/^0[1-8]-[a-z0-9-]+\.ts$/.test(nameArg)) return undefined;
  let doc: vscode.TextDocument | undefined;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, "examples", nameArg);
    try {
      await vscode.workspace.fs.stat(uri);
      doc = await vscode.workspace.openTextDocument(uri);
      break;
    } catch {
      // Not in this folder.
    }
  }
  if (doc === undefined) {
    const bundled = vscode.Uri.joinPath(deps.ctx.extensionUri, "examples", nameArg);
    const content = Buffer.from(await vscode.workspace.fs.readFile(bundled)).toString("utf8");
    doc = await vscode.workspace.openTextDocument({ language: "typescript", content });
  }
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
  // Ticks the walkthrough's step for this example (its completion event is this context key).
  void vscode.commands.executeCommand("setContext", `autogradLens.exampleOpened.${nameArg.slice(0, 2)}`, true);
  return showGraph(deps, doc.uri);
}
