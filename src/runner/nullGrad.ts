/**
 * `x.grad.zero_()` before any backward: `.grad` is typed as Tensor (src/engine/tensor.ts says why), so the mistake
 * shows at run time, where V8 would only say "Cannot read properties of null (reading 'zero_')". This names the
 * expression and the reason in PyTorch's words: "x.grad is None: no backward() has reached x yet", on that spot.
 */
import type { RunError, Trace } from "../protocol.js";

const NULL_READ = /^TypeError: Cannot (?:read|set) properties of (?:null|undefined) \((?:reading|setting) '([^']+)'\)/;

/** The trace with a null-`.grad` TypeError explained; any other trace unchanged. */
export function explainNullGrad(trace: Trace, source: string): Trace {
  const e = trace.error;
  if (e === null || e.kind !== "runtime") return trace;
  const m = NULL_READ.exec(e.message);
  if (m === null) return trace;
  const explained = explain(e, m[1]!, source, trace);
  return explained === null ? trace : { ...trace, error: explained };
}

function explain(e: RunError, prop: string, source: string, trace: Trace): RunError | null {
  const lines = source.split(/\r?\n/);
  const text = lines[e.line - 1];
  if (text === undefined) return null;
  const escaped = prop.replace(/[$]/g, "\\$");
  const re = new RegExp(`([A-Za-z_$][\\w$]*(?:\\??\\.[A-Za-z_$][\\w$]*)*)\\.grad!?\\s*\\.\\s*${escaped}(?![\\w$])`, "g");
  let best: RegExpExecArray | null = null;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    // Several on the line: the one V8 pointed into.
    if (best === null || m.index < e.column) best = m;
  }
  if (best === null) return null;
  const owner = best[1]!;
  const latest = [...trace.tensors].reverse().find((t) => t.name === owner);
  const message =
    latest !== undefined && !latest.isLeaf && !latest.retainsGrad
      ? `${owner}.grad is None: ${owner} is not a leaf tensor, so backward() does not keep its gradient (call ${owner}.retain_grad() before backward())`
      : `${owner}.grad is None: no backward() has reached ${owner} yet`;
  const column = best.index + 1;
  return { ...e, message, line: e.line, column, endLine: e.line, endColumn: column + best[0].length };
}
