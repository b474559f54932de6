/**
 * What each node of either view says, at a pass and step: the panel, the text alternative and every export (SVG,
 * DOT, the CLI's headless render) read it from here, so a label can never differ between the screen and a file.
 * Pure: no DOM, no cytoscape.
 */
import type { TensorData, Trace, TraceTensor } from "../src/protocol.js";
import type { ViewModel, ViewNode } from "./model.js";
import { fmtShape, namedPreview, preview } from "./format.js";
import { gradAt, lastPosition } from "./playback.js";
import { gradLines, recordGrad, recordLabel } from "./learner.js";
import type { ViewMode } from "../src/shared/render.js";

export type { ViewMode };

/** Everything a label depends on. */
export interface LabelContext {
  mode: ViewMode;
  trace: Trace;
  model: ViewModel;
  pass: number;
  position: number;
}

/** The end of the last pass (what an export shows: every walkthrough ends there), or "no pass" when there is none. */
export function finalPosition(trace: Trace): { pass: number; position: number } {
  const last = trace.passes[trace.passes.length - 1];
  return last ? { pass: last.index, position: lastPosition(last) } : { pass: 0, position: 0 };
}

/** Label lines for a tensor node of the grad_fn graph: name, shape (+dtype when not float32), value, and the grad when it has one. */
export function tensorLabel(t: TraceTensor, grad: TensorData | null | undefined): string {
  const lines = [t.label, `${fmtShape(t.value.shape)}${t.value.dtype === "float32" ? "" : ` ${t.value.dtype}`}  ${preview(t.value, 3)}`];
  if (grad !== undefined) lines.push(`grad ${namedPreview(grad, 3)}`);
  return lines.join("\n");
}

/** Text of the grad part of a tensor's item in the grad_fn graph's text alternative. */
export function gradText(grad: TensorData | null | undefined): string {
  return grad === undefined ? "no grad yet" : `grad ${namedPreview(grad, 6)}`;
}

/**
 * The gradient a view shows for a tensor: in the computation view every gradient the pass computed, intermediates
 * included (a leaf: its `.grad` after the pass); in the grad_fn graph the leaf's `.grad` as PyTorch keeps it.
 */
export function gradShown(c: LabelContext, id: string): TensorData | null | undefined {
  if (c.mode === "computation") {
    const t = c.model.tensors.get(id);
    if (t) {
      const r = recordGrad(c.trace, t, c.pass, c.position);
      if (r.state === "value") return t.isLeaf ? (r.after ?? r.grad) : r.grad;
    }
  }
  return gradAt(c.trace, id, c.pass, c.position);
}

/** The label of a node: a record (computation), `op` over its grad_fn name, a grad fn's name, a grad_fn-graph tensor. */
export function nodeLabel(c: LabelContext, n: ViewNode): string {
  const model = c.model;
  if (n.kind === "op") {
    const t = model.tensors.get(n.id.slice(3));
    const g = t?.gradFn ? model.gradFns.get(t.gradFn) : undefined;
    return `${t?.op ?? "?"}${g ? `\n${g.name}` : ""}`;
  }
  if (n.kind === "gradFn") return model.gradFns.get(n.id)?.name ?? n.id;
  const t = model.tensors.get(n.id);
  if (!t) return n.id;
  if (c.mode === "computation") return recordLabel(t, recordGrad(c.trace, t, c.pass, c.position));
  return tensorLabel(t, gradShown(c, n.id));
}

/**
 * The labels a tensor shows over the playback that can be its widest: at each pass's seed and end (a record's grad
 * line appears during a pass and carries the pass's gradient at its end). The layout reserves room for the widest,
 * so a record that grows while the backward pass plays never runs into its neighbour.
 */
export function labelsOverPlayback(c: LabelContext, n: ViewNode): string[] {
  if (n.kind !== "tensor") return [];
  return c.trace.passes.flatMap((p) => [nodeLabel({ ...c, pass: p.index, position: 0 }, n), nodeLabel({ ...c, pass: p.index, position: lastPosition(p) }, n)]);
}

/** The grad words of a tensor's item in the text alternative. */
export function gradWords(c: LabelContext, id: string): string {
  const t = c.model.tensors.get(id);
  if (c.mode === "computation" && t) return gradLines(t, recordGrad(c.trace, t, c.pass, c.position)).join(" ") || "no grad (constant)";
  return gradText(gradShown(c, id));
}
