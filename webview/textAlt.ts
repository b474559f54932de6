/** The text alternative of the graph (one list item per node and per edge) and the status line. */
import type { Trace } from "../src/protocol.js";
import type { ViewModel } from "./model.js";
import { h } from "./dom.js";
import { fmtShape, preview } from "./format.js";

function nodeName(model: ViewModel, id: string): string {
  if (id.startsWith("op:")) {
    const out = model.tensors.get(id.slice(3));
    return `${out?.op ?? "?"} (→ ${out?.label ?? "?"})`;
  }
  if (id.startsWith("proxy:")) return id.slice(6);
  const t = model.tensors.get(id);
  if (t) return t.label;
  const g = model.gradFns.get(id);
  return g ? `${g.name} (${id})` : id;
}

/**
 * Fills the list; items are focusable so the graph can be explored and opened by keyboard. Every piece of Trace
 * text (labels, ops, ids, names) goes in as a text node: nothing of a snippet's choosing is ever parsed as markup.
 * Built in a fragment and attached once (10k items).
 */
export function renderGraphText(list: HTMLElement, model: ViewModel, gradWords: (id: string) => string): void {
  const items = document.createDocumentFragment();
  for (const n of model.nodes) {
    const t = model.tensors.get(n.id);
    const li = h("li", { "data-node-id": n.id, tabindex: "0", role: "button" });
    if (t) {
      const roles = n.classes.filter((c) => c !== "intermediate").join(", ");
      li.append(`${t.label} — tensor ${t.id}, op ${t.op}, shape ${fmtShape(t.value.shape)}, value ${preview(t.value, 6)}${roles ? `, ${roles}` : ""}; `, h("span", { class: "grad" }, gradWords(t.id)));
    } else if (n.kind === "op") {
      const out = model.tensors.get(n.id.slice(3));
      const g = out?.gradFn ? model.gradFns.get(out.gradFn) : undefined;
      const ins = (out?.inputs ?? []).map((i) => model.tensors.get(i)?.label ?? "?").join(", ");
      li.append(`${out?.op ?? "?"}(${ins}) → ${out?.label ?? "?"} — op${g ? `, grad_fn ${g.name}` : ""}${n.classes.includes("check") ? ", check" : ""}`);
    } else {
      const g = model.gradFns.get(n.id);
      li.append(`${g?.name ?? n.id} — grad fn ${n.id}, for ${nodeName(model, g?.tensor ?? "")}`);
    }
    items.append(li);
  }
  for (const e of model.edges) {
    const kind = e.kind === "operand" ? `input ${e.inputIndex ?? 0}` : e.kind === "result" ? "result" : e.kind === "next" ? `gradient edge, input ${e.inputIndex ?? 0}` : e.kind === "output" ? "produces" : e.kind === "detach" ? "detach (no gradient flows)" : e.kind === "input" ? "constant input" : `saved for backward (${e.label})`;
    items.append(h("li", { "data-edge-id": e.id, "data-kind": e.kind }, `${nodeName(model, e.source)} → ${nodeName(model, e.target)}: ${kind}`));
  }
  list.replaceChildren(items);
}

/** Updates the grad text of one tensor's item. */
export function updateGradText(list: HTMLElement, id: string, words: string): void {
  const span = list.querySelector(`li[data-node-id="${CSS.escape(id)}"] .grad`);
  if (span && span.textContent !== words) span.textContent = words;
}

/** "N nodes · M edges · pass k/K" — the exact format tests read. */
export function statusText(model: ViewModel, trace: Trace, pass: number): string {
  return `${model.nodes.length} nodes · ${model.edges.length} edges · pass ${pass}/${trace.passes.length}`;
}
