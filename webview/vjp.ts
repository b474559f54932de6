/**
 * The details panel's "x.grad = v·J" section: for a `y.backward(v)` pass with a non-scalar y, the Jacobian J the
 * engine recorded (BackwardPass.jacobian), the seed v and v·J, next to the grad the pass left on x — the course's
 * reading of backward(v) as a vector–Jacobian product. J's numbers come from the Trace, never from the grad.
 */
import type { BackwardPass, TensorData, Trace, TraceTensor } from "../src/protocol.js";
import { h } from "./dom.js";
import { fmtShape } from "./format.js";

type ValueView = (t: TensorData | null | undefined, caption: string) => HTMLElement;

/** J as the course writes it: rows = elements of y, columns = elements of x (PyTorch's y.shape + x.shape, flattened). */
function asMatrix(j: TensorData, m: number): TensorData {
  return { ...j, shape: [m, m === 0 ? 0 : j.numel / m] };
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - (b[i] ?? Number.NaN)) <= 1e-5 * Math.max(1, Math.abs(x)));
}

/** What this pass added to `.grad` (after − before), or null when the pass did not accumulate into it. */
function added(pass: BackwardPass, tensor: string): { before: TensorData | null; delta: number[] } | null {
  const acc = pass.accumulations.filter((a) => a.tensor === tensor);
  const first = acc[0];
  const last = acc[acc.length - 1];
  if (first === undefined || last === undefined || last.after.truncated) return null;
  const before = first.before;
  return { before, delta: last.after.data.map((v, i) => v - (before?.data[i] ?? 0)) };
}

function leafSection(trace: Trace, pass: BackwardPass, t: TraceTensor, view: ValueView): HTMLElement | null {
  const entry = pass.jacobian?.leaves.find((l) => l.tensor === t.id);
  const root = trace.tensors.find((x) => x.id === pass.roots[0]);
  const v = pass.seeds[0];
  if (entry === undefined || root === undefined || v === undefined) return null;
  const x = t.label;
  const y = root.label;
  const acc = added(pass, t.id);
  const fresh = acc === null || acc.before === null || acc.before.data.every((b) => b === 0);
  const box = h("div", { class: "vjp", "data-testid": "vjp" });
  box.append(
    h("h4", {}, `${x}.grad = ${fresh ? "" : `${x}.grad before + `}v·J (pass ${pass.index}: ${y}.backward(v))`),
    h(
      "p",
      { class: "note" },
      `J = ∂${y}/∂${x}: row i is the gradient of ${y}[i] with respect to ${x}; v, the gradient given to backward, weights the rows, so v·J adds them up.`,
    ),
    view(v, `v · the gradient passed to ${y}.backward`),
    view(asMatrix(entry.jacobian, root.value.numel), `J = ∂${y}/∂${x} · ${root.value.numel} rows (${y}) × ${t.value.numel} columns (${x})${entry.jacobian.shape.length !== 2 ? `, torch.autograd.functional.jacobian's shape ${fmtShape(entry.jacobian.shape)} flattened` : ""}`),
    view(entry.vjp, "v·J"),
  );
  if (acc !== null) {
    const ok = sameValues(entry.vjp.data, acc.delta);
    const how =
      acc.before === null ? `${x}.grad was None before this pass, so ${x}.grad = v·J`
      : acc.before.data.every((b) => b === 0) ? `${x}.grad was zeros before this pass, so ${x}.grad = v·J`
      : `${x}.grad already held a gradient, so ${x}.grad = (${x}.grad before) + v·J (gradients accumulate; ${x}.grad.zero_() starts from zero)`;
    box.append(h("p", { class: ok ? "check" : "check mismatch", "data-testid": "vjp-check" }, ok ? `✓ ${how}.` : `✗ this pass added something else to ${x}.grad than v·J (a hook or another output changed it).`));
  }
  return box;
}

/** On the root: which leaves got a J in this pass (links), or why none was computed. */
function rootSection(trace: Trace, pass: BackwardPass, t: TraceTensor, select: (id: string) => void): HTMLElement | null {
  const j = pass.jacobian;
  if (j === undefined || pass.roots[0] !== t.id) return null;
  if (j.skipped !== null) return skippedNote(pass, t.label, j.skipped);
  const links = j.leaves.map((l, i) => {
    const leaf = trace.tensors.find((x) => x.id === l.tensor);
    const b = h("button", { type: "button", class: "link", "data-node": l.tensor }, leaf?.label ?? l.tensor);
    b.addEventListener("click", () => select(l.tensor));
    return h("span", {}, i ? ", " : "", b, ` (J ${fmtShape(l.jacobian.shape)})`);
  });
  return h("div", { class: "vjp", "data-testid": "vjp" }, h("h4", {}, `${t.label}.backward(v) in pass ${pass.index} = v·J`), h("p", { class: "note" }, "The Jacobian of each leaf is in its details: ", ...links));
}

function skippedNote(pass: BackwardPass, y: string, why: string): HTMLElement {
  return h(
    "div",
    { class: "vjp", "data-testid": "vjp-skipped" },
    h("h4", {}, `v·J (pass ${pass.index}: ${y}.backward(v))`),
    h("p", { class: "note" }, `The grad is v·J, but J is not shown: ${why}.`),
  );
}

/** The section for tensor `t` in pass `passIndex`, or null when that pass has no Jacobian for it. */
export function vjpSection(trace: Trace, passIndex: number, t: TraceTensor, view: ValueView, select: (id: string) => void): HTMLElement | null {
  const pass = trace.passes.find((p) => p.index === passIndex);
  if (pass?.jacobian === undefined) return null;
  const onRoot = rootSection(trace, pass, t, select);
  if (onRoot !== null) return onRoot;
  if (pass.jacobian.skipped !== null) {
    const root = trace.tensors.find((x) => x.id === pass.roots[0]);
    return pass.accumulations.some((a) => a.tensor === t.id) ? skippedNote(pass, root?.label ?? "y", pass.jacobian.skipped) : null;
  }
  return leafSection(trace, pass, t, view);
}
