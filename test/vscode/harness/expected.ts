/**
 * What the graph view should report for a snippet, computed independently of VS Code: the runner's in-process
 * pipeline gives the Trace, the view's own pure model (the computation view, the panel's default) turns it into
 * node and edge counts.
 */
import { readFileSync } from "node:fs";
import { traceInProcess } from "../../../src/runner/inProcess";
import { counts } from "../../../webview/model";
import { buildComputation } from "../../../webview/computation";

/** Node and edge counts the status line `N nodes · M edges` must show for this file. */
export async function expectedCounts(path: string): Promise<{ nodes: number; edges: number }> {
  const trace = traceInProcess(readFileSync(path, "utf8"), { file: path });
  if (trace.error !== null) throw new Error(`${path}: ${trace.error.message}`);
  // The panel opens on the computation view: one record per tensor (loop conditions fold into badges) and one op
  // node per tensor computed from other tensors (a detach draws a cut instead).
  const m = buildComputation(trace);
  const c = counts(m);
  const drawn = trace.tensors.filter((t) => !m.conditions.has(t.id));
  const ops = drawn.filter((t) => t.inputs.length > 0 && !t.detachedFrom).length;
  if (c.nodes !== drawn.length + ops) throw new Error(`view model has ${c.nodes} nodes, trace ${drawn.length} tensors + ${ops} ops`);
  return c;
}
