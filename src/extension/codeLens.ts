/**
 * "Run backward" above every `.backward(...)` and `torch.autograd.grad(...)` call. After a run the lens also says
 * what that call produced (`∇ x = [0, 4, 8, 12]`) or the error it raised.
 */
import * as vscode from "vscode";
import type { BackwardPass, Trace } from "../protocol";
import { formatValues, passSummary } from "./format";
import { findGradCalls } from "./gradCalls";
import type { Runs } from "./runs";
import { isSnippet } from "./runs";

/** The last pass recorded at a 0-based editor line (a call inside a loop runs several passes). */
export function passAtLine(trace: Trace, line0: number): BackwardPass | undefined {
  let found: BackwardPass | undefined;
  for (const p of trace.passes) if (p.range !== null && p.range.startLine - 1 <= line0 && line0 <= p.range.endLine - 1) found = p;
  return found;
}

/** Provides the lenses; refreshes them whenever a run finishes. */
export class GradCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly runs: Runs) {
    this.sub = runs.onDidRun(() => this.changed.fire());
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!isSnippet(doc)) return [];
    const calls = findGradCalls(doc.getText(), doc.languageId);
    const result = this.runs.get(doc.uri);
    // Positions in an older trace may be off after edits: only describe results of the current text.
    const trace = result !== undefined && result.version === doc.version ? result.trace : undefined;
    const lenses: vscode.CodeLens[] = [];
    for (const call of calls) {
      const range = new vscode.Range(call.start.line, call.start.character, call.end.line, call.end.character);
      const pass = trace ? passAtLine(trace, call.start.line) : undefined;
      lenses.push(
        new vscode.CodeLens(range, {
          title: `$(play) ${call.kind === "backward" ? vscode.l10n.t("Run backward") : vscode.l10n.t("Run autograd.grad")}`,
          command: "autogradLens.runBackward",
          arguments: [doc.uri.toString(), call.start.line],
          tooltip: vscode.l10n.t("Run the snippet and play this backward pass in the graph"),
        }),
      );
      const outcome = trace ? describe(trace, pass, call.start.line) : null;
      if (outcome !== null) lenses.push(new vscode.CodeLens(range, { title: outcome, command: "autogradLens.runBackward", arguments: [doc.uri.toString(), call.start.line] }));
    }
    return lenses;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

/** What a call produced: its gradients, its error, or that it never ran. */
function describe(trace: Trace, pass: BackwardPass | undefined, line0: number): string | null {
  if (pass?.error) return `$(error) ${truncate(pass.error)}`;
  if (pass === undefined) {
    if (trace.error !== null && trace.error.line - 1 === line0) return `$(error) ${truncate(trace.error.message)}`;
    return trace.error !== null ? vscode.l10n.t("not reached") : null;
  }
  const summary = passSummary(trace, pass.index, 4);
  if (summary.length === 0) {
    // autograd.grad does not accumulate into .grad: show what it returned (the tensors bound on that line).
    const bound = trace.tensors.filter((t) => t.name !== null && t.bindingRange !== null && t.bindingRange.startLine - 1 === line0);
    if (bound.length > 0) return bound.map((t) => `${t.name} = ${formatValues(t.value, 4)}`).join(" · ");
    return vscode.l10n.t("pass {0}: no leaf gradients", pass.index);
  }
  const passes = trace.passes.filter((p) => p.range !== null && p.range.startLine === pass.range!.startLine).length;
  const prefix = passes > 1 ? vscode.l10n.t("pass {0} (×{1}): ", pass.index, passes) : "";
  return prefix + truncate(summary.join(" · "), 120);
}

function truncate(s: string, n = 100): string {
  const line = s.split("\n")[0] ?? "";
  return line.length > n ? `${line.slice(0, n - 1)}…` : line;
}
