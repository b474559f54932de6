/** The course's graph of each walkthrough (examples/*.ts), shared by the computation view's node and Chromium tests. */
import assert from "node:assert/strict";
import type { ComputationModel } from "../../webview/computation.js";
import { CHECKS_GROUP } from "../../webview/computation.js";

/** The course's picture of each walkthrough: "inputs -op-> output" for every op, and the detach cuts. */
export const COURSE: Record<string, string[]> = {
  "01-manual-backward": ["x, y -mul-> a", "a, z -add-> b", "b -sum-> c"],
  "02-dot-4x": ["x, x -dot-> dot @ 9:11", "dot @ 9:11 -mul-> y"],
  "03-accumulation": ["x, x -dot-> dot @ 7:9", "dot @ 7:9 -mul-> y", "x -sum-> y#2"],
  "04-nonscalar-backward": ["x, x -mul-> y", "y -sum-> sum @ 9:1"],
  "05-detach": ["x, x -mul-> y", "u, x -mul-> z", "z -sum-> sum @ 10:1", "y -sum-> sum @ 14:1", "y ~detach~> u"],
  "06-control-flow": ["a -mul-> b", ...Array.from({ length: 9 }, (_, i) => `${i === 0 ? "b" : `b#${i + 1}`} -mul-> b#${i + 2}`), "b#10 -mul-> d"],
  "07-graph-freeing": ["x1, x2 -mul-> u", "x3, x4 -mul-> v", "u, v -mul-> y"],
  "08-norm-dim": ["x -mul-> mul @ 6:11", "mul @ 6:11 -add-> y", "y -norm-> z"],
};

/** The same notation, read back from the model's nodes and edges (op nodes outside the checks group). */
export function adjacency(m: ComputationModel): string[] {
  const label = (id: string): string => m.tensors.get(id)?.label ?? id;
  const out: string[] = [];
  for (const n of m.nodes) {
    if (n.kind !== "op" || n.parent === CHECKS_GROUP) continue;
    const produced = m.edges.filter((e) => e.kind === "result" && e.source === n.id).map((e) => e.target);
    assert.equal(produced.length, 1, `${n.id} produces one tensor`);
    const ins = m.edges
      .filter((e) => e.kind === "operand" && e.target === n.id)
      .sort((a, b) => (a.inputIndex ?? 0) - (b.inputIndex ?? 0))
      .map((e) => label(e.source));
    const t = m.tensors.get(produced[0] as string);
    out.push(`${ins.join(", ")} -${t?.op ?? "?"}-> ${label(produced[0] as string)}`);
  }
  for (const e of m.edges) if (e.kind === "detach") out.push(`${label(e.source)} ~detach~> ${label(e.target)}`);
  return out;
}

