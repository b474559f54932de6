/**
 * What the graph view should report for a snippet, computed independently of VS Code: the runner's in-process
 * pipeline gives the Trace, the view's own pure model turns it into node and edge counts.
 */
import { readFileSync } from "node:fs";
import { traceInProcess } from "../../../src/runner/inProcess";
import { buildModel, counts } from "../../../webview/model";

/** Node and edge counts the status line `N nodes · M edges` must show for this file. */
export async function expectedCounts(path: string): Promise<{ nodes: number; edges: number }> {
  const trace = traceInProcess(readFileSync(path, "utf8"), { file: path });
  if (trace.error !== null) throw new Error(`${path}: ${trace.error.message}`);
  const c = counts(buildModel(trace));
  // The Trace itself: one node per tensor and per grad function.
  if (c.nodes !== trace.tensors.length + trace.gradFns.length) throw new Error(`view model has ${c.nodes} nodes, trace ${trace.tensors.length + trace.gradFns.length}`);
  return c;
}
