/**
 * Inline gradients: end-of-line ghost text with the `.grad` of each leaf after the last pass, on the line where the
 * leaf was bound (like Quokka's inline values). Short on purpose; the hover has the detail.
 */
import * as vscode from "vscode";
import type { Trace } from "../protocol";
import { formatValues, lastGrad, tensorLabel } from "./format";
import type { RunResult, Runs } from "./runs";

/** One line of inline text per 0-based editor line, e.g. `∇ x = [0, 4, 8, 12]`. */
export function inlineGradients(trace: Trace): Map<number, string> {
  const byLine = new Map<number, string[]>();
  for (const t of trace.tensors) {
    if (!t.isLeaf && !t.retainsGrad) continue;
    const grad = lastGrad(t);
    const r = t.bindingRange ?? t.range;
    if (grad === null || r === null) continue;
    const line = r.endLine - 1;
    const parts = byLine.get(line) ?? [];
    parts.push(`∇ ${tensorLabel(t)} = ${formatValues(grad, 6)}`);
    byLine.set(line, parts);
  }
  return new Map([...byLine].map(([l, parts]) => [l, parts.join("   ")]));
}

/** Keeps the decorations of visible editors in sync with runs and with the setting. */
export class InlineGradients implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { margin: "0 0 0 2em", color: new vscode.ThemeColor("editorCodeLens.foreground"), fontStyle: "italic" },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly subs: vscode.Disposable[];

  constructor(private readonly runs: Runs) {
    this.subs = [
      runs.onDidRun((r) => this.refreshFor(r)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("autogradLens.inlineGradients")) this.refreshAll();
      }),
    ];
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration("autogradLens").get<boolean>("inlineGradients", true);
  }

  private refreshFor(r: RunResult): void {
    for (const e of vscode.window.visibleTextEditors) if (e.document.uri.toString() === r.uri.toString()) this.apply(e, r);
  }

  private refreshAll(): void {
    for (const e of vscode.window.visibleTextEditors) {
      const r = this.runs.get(e.document.uri);
      if (r !== undefined) this.apply(e, r);
    }
  }

  private apply(editor: vscode.TextEditor, r: RunResult): void {
    if (!this.enabled()) {
      editor.setDecorations(this.type, []);
      return;
    }
    const options: vscode.DecorationOptions[] = [];
    for (const [line, text] of inlineGradients(r.trace)) {
      if (line >= editor.document.lineCount) continue;
      const end = editor.document.lineAt(line).range.end;
      options.push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: text } } });
    }
    editor.setDecorations(this.type, options);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.type.dispose();
  }
}
