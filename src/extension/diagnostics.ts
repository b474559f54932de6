/**
 * Run errors and engine warnings as editor diagnostics (PyTorch's own text), and the two quick fixes learners need
 * most: a seed gradient for a non-scalar `backward()`, and `retain_grad()` for reading a non-leaf's `.grad`.
 */
import * as vscode from "vscode";
import type { Trace } from "../protocol";
import { findGradCalls } from "./gradCalls";
import type { RunResult, Runs } from "./runs";

const SOURCE = "autograd-lens";
/** Diagnostic codes the quick fixes key on. */
export const CODE_SCALAR_OUTPUTS = "scalar-outputs";
export const CODE_NON_LEAF_GRAD = "non-leaf-grad";

/** Diagnostics for a trace, against the document it came from. */
export function traceDiagnostics(trace: Trace, doc: vscode.TextDocument): vscode.Diagnostic[] {
  const out: vscode.Diagnostic[] = [];
  const at = (line: number, column: number | null, endLine?: number, endColumn?: number): vscode.Range => {
    const l = Math.min(Math.max(line - 1, 0), doc.lineCount - 1);
    const text = doc.lineAt(l);
    if (endLine !== undefined && endColumn !== undefined && endLine >= line) {
      return new vscode.Range(l, Math.max((column ?? 1) - 1, 0), Math.min(endLine - 1, doc.lineCount - 1), endColumn - 1);
    }
    // Without an end, underline from the column to the end of the line's code (never an empty range).
    const start = column !== null && column > 0 ? Math.min(column - 1, text.text.length) : text.firstNonWhitespaceCharacterIndex;
    const end = text.range.end.character > start ? text.range.end.character : start + 1;
    return new vscode.Range(l, start, l, end);
  };
  const e = trace.error;
  if (e !== null) {
    const d = new vscode.Diagnostic(at(e.line, e.column, e.endLine, e.endColumn), e.message, vscode.DiagnosticSeverity.Error);
    d.source = SOURCE;
    if (e.message.includes("grad can be implicitly created only for scalar outputs")) d.code = CODE_SCALAR_OUTPUTS;
    out.push(d);
  }
  for (const w of trace.warnings) {
    if (w.line === null) continue;
    const d = new vscode.Diagnostic(at(w.line, w.column), w.message.split("\n")[0] ?? w.message, vscode.DiagnosticSeverity.Warning);
    d.source = SOURCE;
    if (w.tensor !== null && /not a leaf/i.test(w.message)) d.code = CODE_NON_LEAF_GRAD;
    out.push(d);
  }
  return out;
}

/** Publishes diagnostics after every run; clears them when a document closes. */
export class RunDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);
  private readonly subs: vscode.Disposable[];

  constructor(runs: Runs) {
    this.subs = [
      runs.onDidRun((r) => this.publish(r)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    ];
  }

  private publish(r: RunResult): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === r.uri.toString());
    if (doc === undefined) return;
    this.collection.set(r.uri, traceDiagnostics(r.trace, doc));
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.collection.dispose();
  }
}

/** Quick fixes for the two diagnostics above. */
export class GradQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly runs: Runs) {}

  /**
   * Where `retain_grad()` goes for a non-leaf warning: after the statement binding the tensor, as the trace knows it.
   * (Diagnostics come back to us as copies, so the link is re-found by line rather than kept on the object.)
   */
  private target(doc: vscode.TextDocument, d: vscode.Diagnostic): { name: string; line: number } | undefined {
    const trace = this.runs.get(doc.uri)?.trace;
    const w = trace?.warnings.find((o) => o.line === d.range.start.line + 1 && o.tensor !== null);
    const t = w ? trace!.tensors.find((o) => o.id === w.tensor) : undefined;
    if (t?.name && t.bindingRange) return { name: t.name, line: t.bindingRange.endLine - 1 };
    return guessTarget(doc, d);
  }

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, ctx: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    for (const d of ctx.diagnostics) {
      if (d.source !== SOURCE) continue;
      if (d.code === CODE_SCALAR_OUTPUTS) {
        const a = await seedFix(doc, d);
        if (a) actions.push(a);
      } else if (d.code === CODE_NON_LEAF_GRAD) {
        const target = this.target(doc, d);
        if (target) actions.push(retainGradFix(doc, d, target));
      }
    }
    return actions;
  }
}

/** `y.backward()` → `y.backward(torch.ones_like(y))`; options-only calls keep their options after the seed. */
async function seedFix(doc: vscode.TextDocument, d: vscode.Diagnostic): Promise<vscode.CodeAction | undefined> {
  const calls = findGradCalls(doc.getText(), doc.languageId).filter((c) => c.kind === "backward" && c.start.line <= d.range.end.line && c.end.line >= d.range.start.line);
  const call = calls.find((c) => c.argCount === 0 || c.firstArgIsOptions);
  if (call === undefined || call.receiver === null) return undefined;
  const seed = `torch.ones_like(${call.receiver})`;
  const a = new vscode.CodeAction(vscode.l10n.t("Seed the gradient: backward({0})", seed), vscode.CodeActionKind.QuickFix);
  a.diagnostics = [d];
  a.isPreferred = true;
  a.edit = new vscode.WorkspaceEdit();
  a.edit.insert(doc.uri, doc.positionAt(call.argsStart), call.argCount === 0 ? seed : `${seed}, `);
  return a;
}

function retainGradFix(doc: vscode.TextDocument, d: vscode.Diagnostic, target: { name: string; line: number }): vscode.CodeAction {
  const a = new vscode.CodeAction(vscode.l10n.t("Keep the gradient of non-leaf {0}: insert {0}.retain_grad()", target.name), vscode.CodeActionKind.QuickFix);
  a.diagnostics = [d];
  a.isPreferred = true;
  a.edit = new vscode.WorkspaceEdit();
  const line = doc.lineAt(Math.min(target.line, doc.lineCount - 1));
  const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
  // Python statements end at the line break.
  a.edit.insert(doc.uri, line.range.end, `\n${indent}${target.name}.retain_grad()${doc.languageId === "python" ? "" : ";"}`);
  return a;
}

/** Without the trace's binding (e.g. a diagnostic restored by VS Code), find `const NAME =` for `NAME.grad` on the line. */
function guessTarget(doc: vscode.TextDocument, d: vscode.Diagnostic): { name: string; line: number } | undefined {
  const m = /([A-Za-z_$][\w$]*)\.grad\b/.exec(doc.lineAt(d.range.start.line).text);
  if (!m) return undefined;
  const decl = new RegExp(`\\b(?:const|let|var)\\s+${m[1]!.replace(/\$/g, "\\$")}\\b`);
  for (let l = 0; l < d.range.start.line; l++) if (decl.test(doc.lineAt(l).text)) return { name: m[1]!, line: l };
  return undefined;
}
