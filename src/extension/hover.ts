/**
 * Hovers over identifiers bound to tensors: what the last run saw at that spot. Answered from the stored Trace only
 * (no parsing, no running), so a hover costs a map lookup and some string formatting.
 */
import * as vscode from "vscode";
import type { Trace, TraceTensor } from "../protocol";
import { formatShape, formatStats, formatValues, lastGrad, tensorAt, tensorLabel } from "./format";
import type { Runs } from "./runs";

/** Markdown for one tensor; exported for tests and reused by nothing else. */
export function hoverMarkdown(trace: Trace, t: TraceTensor, uri: vscode.Uri): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ["autogradLens.showGraph"] };
  const gradFn = t.gradFn === null ? null : trace.gradFns.find((g) => g.id === t.gradFn)?.name ?? t.gradFn;
  const versions = t.name === null ? 1 : trace.tensors.filter((o) => o.name === t.name).length;
  md.appendMarkdown(`**${escape(tensorLabel(t))}**`);
  if (versions > 1) md.appendMarkdown(` ${escape(vscode.l10n.t("(version {0} of {1})", t.version, versions))}`);
  if (t.loop !== null) md.appendMarkdown(` ${escape(vscode.l10n.t("· loop line {0}, iteration {1}", t.loop.line, t.loop.iteration))}`);
  md.appendMarkdown(`: \`${t.op}\`\n\n`);
  const rows: Array<[string, string]> = [
    ["shape", formatShape(t.value.shape)],
    ["dtype", t.value.dtype],
    ["requires_grad", String(t.requiresGrad)],
    ["is_leaf", String(t.isLeaf)],
    ["grad_fn", gradFn ?? "None"],
  ];
  if (t.detachedFrom !== null) rows.push(["detached from", labelOf(trace, t.detachedFrom)]);
  if (t.createdUnderNoGrad) rows.push(["no_grad", "true"]);
  md.appendMarkdown(rows.map(([k, v]) => `\`${k}\` ${escape(v)}`).join("  \n") + "\n\n");
  md.appendCodeblock(`value = ${formatValues(t.value, 12)}`, "python");
  if (t.value.numel > 1) md.appendMarkdown(`${escape(formatStats(t.value))}\n\n`);
  const grad = lastGrad(t);
  if (grad !== null) {
    md.appendCodeblock(`grad = ${formatValues(grad, 12)}`, "python");
    if (grad.numel > 1) md.appendMarkdown(`${escape(formatStats(grad))}\n\n`);
  } else md.appendCodeblock("grad = None", "python");
  const warnings = trace.warnings.filter((w) => w.tensor === t.id).map((w) => w.message);
  if (grad === null && !t.isLeaf && t.requiresGrad && !t.retainsGrad) warnings.push(vscode.l10n.t("non-leaf: .grad is None; call {0}.retain_grad() before backward()", t.name ?? "y"));
  for (const w of new Set(warnings)) md.appendMarkdown(`$(warning) ${escape(w.split("\n")[0] ?? w)}\n\n`);
  const args = encodeURIComponent(JSON.stringify([uri.toString(), t.id]));
  md.appendMarkdown(`[$(type-hierarchy) ${escape(vscode.l10n.t("Show in graph"))}](command:autogradLens.showGraph?${args})`);
  return md;
}

function labelOf(trace: Trace, id: string): string {
  const t = trace.tensors.find((o) => o.id === id);
  return t ? tensorLabel(t) : id;
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, "\\$&");
}

/** The hover provider for TypeScript snippets. */
export class TensorHoverProvider implements vscode.HoverProvider {
  constructor(private readonly runs: Runs) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const result = this.runs.get(doc.uri);
    if (result === undefined) return undefined;
    const range = doc.getWordRangeAtPosition(pos, /[A-Za-z_$][\w$]*/);
    if (range === undefined) return undefined;
    const t = tensorAt(result.trace, doc.getText(range), pos.line + 1, pos.character + 1);
    if (t === null) return undefined;
    return new vscode.Hover(hoverMarkdown(result.trace, t, doc.uri), range);
  }
}
