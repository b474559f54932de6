/** The status-bar item: the last run of the active snippet (time and nodes) or its error. */
import * as vscode from "vscode";
import type { RunResult, Runs } from "./runs";
import { isSnippet } from "./runs";

/** Shows the active editor's last run; hidden for files that are not snippets. */
export class RunStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem("autogradLens.status", vscode.StatusBarAlignment.Left, 50);
  private readonly subs: vscode.Disposable[];

  constructor(private readonly runs: Runs) {
    this.item.name = vscode.l10n.t("Autograd Lens");
    this.item.command = "autogradLens.showGraph";
    this.subs = [
      runs.onDidStart((uri) => {
        if (this.isActive(uri)) this.show(`$(sync~spin) ${vscode.l10n.t("Autograd: running…")}`, undefined);
      }),
      runs.onDidRun((r) => {
        if (this.isActive(r.uri)) this.render(r);
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    ];
    this.refresh();
  }

  private isActive(uri: vscode.Uri): boolean {
    return vscode.window.activeTextEditor?.document.uri.toString() === uri.toString();
  }

  private refresh(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc === undefined || !isSnippet(doc)) {
      this.item.hide();
      return;
    }
    if (!vscode.workspace.isTrusted) {
      this.show(`$(shield) ${vscode.l10n.t("Autograd: restricted mode")}`, vscode.l10n.t("Snippets run only in trusted workspaces."));
      return;
    }
    const r = this.runs.get(doc.uri);
    if (r) this.render(r);
    else this.show(`$(type-hierarchy) ${vscode.l10n.t("Autograd: not run")}`, vscode.l10n.t("Show Gradient Graph"));
  }

  private render(r: RunResult): void {
    const t = r.trace;
    const nodes = t.tensors.length + t.gradFns.length;
    if (t.error !== null) {
      const tooltip = `${t.error.kind}: ${t.error.message}`;
      this.show(`$(error) ${vscode.l10n.t("Autograd: {0} on line {1}", t.error.kind === "timeout" ? vscode.l10n.t("timeout") : vscode.l10n.t("error"), t.error.line)}`, tooltip);
    } else {
      this.show(`$(type-hierarchy) ${vscode.l10n.t("Autograd: {0} ms · {1} nodes", Math.round(r.ms), nodes)}`, vscode.l10n.t("{0} passes · click to show the graph", t.passes.length));
    }
  }

  private show(text: string, tooltip: string | undefined): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.item.dispose();
  }
}
