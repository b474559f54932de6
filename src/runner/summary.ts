/**
 * The readable summary `autograd-lens trace FILE` prints: variables with values and gradients, each backward pass
 * in execution order with its accumulations, console output, warnings and the error.
 */
import type { BackwardPass, RunError, Trace, TraceVariable } from "../protocol.js";

/** A number as PyTorch-ish short text: integers without a fraction, others with up to 4 significant decimals. */
export function shortNumber(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v)) return String(v);
  const s = Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6 ? v.toFixed(4).replace(/0+$/, "").replace(/\.$/, "") : v.toExponential(3);
  return s;
}

/** `[1, 2, 3]`, or the first `max` values and a count of the rest. */
export function shortList(values: readonly number[], numel: number = values.length, max = 8): string {
  const shown = values.slice(0, max).map(shortNumber).join(", ");
  const rest = numel - Math.min(values.length, max);
  return rest > 0 ? `[${shown}, … ${rest} more]` : `[${shown}]`;
}

function shape(s: readonly number[]): string {
  return `(${s.join(", ")}${s.length === 1 ? "," : ""})`;
}

function variableLine(name: string, v: TraceVariable): string {
  const parts = [`${name} ${shape(v.shape)}`, v.shape.length === 0 ? `= ${shortNumber(v.data[0] ?? NaN)}` : `= ${shortList(v.data)}`];
  if (v.grad_fn !== null) parts.push(`grad_fn=${v.grad_fn}`);
  else if (v.requires_grad) parts.push("requires_grad");
  if (v.grad !== null) parts.push(`grad=${v.shape.length === 0 ? shortNumber(v.grad[0] ?? NaN) : shortList(v.grad)}`);
  return `  ${parts.join("  ")}`;
}

function passLines(trace: Trace, p: BackwardPass): string[] {
  const label = (id: string): string => trace.tensors.find((t) => t.id === id)?.label ?? id;
  const fnName = (id: string): string => trace.gradFns.find((g) => g.id === id)?.name ?? id;
  const where = p.range === null ? "" : ` (line ${p.range.startLine})`;
  const head = `  #${p.index} ${p.kind === "backward" ? `${p.roots.map(label).join(", ")}.backward()` : "autograd.grad"}${where}${p.options.retainGraph ? " retain_graph" : ""}`;
  const lines = [head];
  if (p.steps.length > 0) lines.push(`     order: ${p.steps.map((s) => fnName(s.gradFn)).join(" → ")}`);
  for (const a of p.accumulations) {
    const before = a.before === null ? "None" : shortList(a.before.data, a.before.numel);
    lines.push(`     ${label(a.tensor)}.grad: ${before} → ${shortList(a.after.data, a.after.numel)}`);
  }
  if (p.freed.length > 0) lines.push(`     freed: ${p.freed.length} grad fn(s)`);
  if (p.error !== null) lines.push(`     error: ${p.error}`);
  return lines;
}

/** One line for an error: `file:line:col: kind: message`. */
export function errorLine(file: string | null, e: RunError): string {
  return `${file ?? "snippet"}:${e.line}:${e.column}: ${e.kind} error: ${e.message}${e.suggestion ? `\n  try: ${e.suggestion}` : ""}`;
}

/** The whole summary, ending with a newline. */
export function summarizeTrace(trace: Trace): string {
  const out: string[] = [];
  const status = trace.error === null ? "ran" : `raised (${trace.error.kind})`;
  out.push(`${trace.file ?? "snippet"}: ${status} in ${trace.timings.totalMs.toFixed(0)} ms — ${trace.tensors.length} tensors, ${trace.gradFns.length} grad fns, ${trace.passes.length} backward pass(es)`);
  if (trace.truncated !== null)
    out.push(`  truncated at ${trace.truncated.limit} nodes (${trace.truncated.droppedTensors} tensors, ${trace.truncated.droppedGradFns} grad fns not kept)`);
  const vars = Object.entries(trace.variables);
  if (vars.length > 0) out.push("variables:", ...vars.map(([n, v]) => variableLine(n, v)));
  if (trace.passes.length > 0) out.push("backward passes:", ...trace.passes.flatMap((p) => passLines(trace, p)));
  if (trace.console.length > 0) out.push("console:", ...trace.console.flatMap((c) => c.text.split("\n").map((l) => `  ${l}`)));
  if (trace.warnings.length > 0) out.push("warnings:", ...trace.warnings.map((w) => `  ${w.line === null ? "" : `line ${w.line}: `}${w.message}`));
  if (trace.error !== null) out.push(errorLine(trace.file, trace.error));
  return `${out.join("\n")}\n`;
}
