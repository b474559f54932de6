/** The details panel: everything the Trace knows about one node, values as a table (≤2-D) or paged with stats. */
import type { SourceRange, TensorData, Trace, TraceGradFn, TraceTensor } from "../src/protocol.js";
import { h } from "./dom.js";
import { fmtNum, fmtShape, tableRows } from "./format.js";
import { whyNoGrad } from "./why.js";
import { vjpSection } from "./vjp.js";

/** Values per page when a tensor is too big (or too many dimensions) for a table. */
const PAGE = 64;
/** Largest tensor drawn as a full table. */
const TABLE_MAX = 400;

export interface DetailsContext {
  trace: Trace;
  passIndex: number;
  /** The grad shown for a tensor at the current position (undefined: never had one). */
  grad: (tensorId: string) => TensorData | null | undefined;
  /** Gradients the grad function received in the selected pass, when it ran. */
  gradOutputs: (gradFnId: string) => Array<TensorData | null> | null;
  reveal: (range: SourceRange) => void;
  select: (nodeId: string) => void;
}

function rangeText(r: SourceRange | null): string {
  return r ? `line ${r.startLine}, col ${r.startColumn}` : "—";
}

function stats(t: TensorData): HTMLElement {
  const s = t.stats;
  const f = (v: number | null): string => (v === null ? "—" : fmtNum(v));
  return h("p", { class: "stats" }, `min ${f(s.min)} · max ${f(s.max)} · mean ${f(s.mean)} · nan ${s.nanCount} · inf ${s.infCount}`);
}

/** A value table for small ≤2-D tensors, or pages of the flat values (with stats) otherwise. */
export function valueView(t: TensorData | null | undefined, caption: string): HTMLElement {
  if (!t) return h("div", { class: "value" }, h("h4", {}, caption), h("p", { class: "none" }, "None"));
  const box = h("div", { class: "value" }, h("h4", {}, `${caption} · ${fmtShape(t.shape)} · ${t.dtype}`));
  const rows = t.numel <= TABLE_MAX ? tableRows(t) : null;
  if (rows) {
    const table = h("table", { class: "tensor" });
    for (const r of rows) table.append(h("tr", {}, ...r.map((v) => h("td", {}, fmtNum(v, t.dtype)))));
    box.append(table);
    return box;
  }
  box.append(stats(t));
  if (t.truncated) box.append(h("p", { class: "note" }, `Only the first ${t.data.length} of ${t.numel} values were recorded (data cap).`));
  const list = h("ol", { class: "paged" });
  const nav = h("div", { class: "pager" });
  const pages = Math.max(1, Math.ceil(t.data.length / PAGE));
  let page = 0;
  const prev = h("button", { type: "button", "aria-label": "Previous values" }, "‹");
  const next = h("button", { type: "button", "aria-label": "Next values" }, "›");
  const label = h("span", {});
  const render = (): void => {
    const start = page * PAGE;
    list.setAttribute("start", String(start));
    list.replaceChildren(...t.data.slice(start, start + PAGE).map((v) => h("li", {}, fmtNum(v, t.dtype))));
    label.textContent = ` values ${start}–${Math.min(start + PAGE, t.data.length) - 1} (page ${page + 1}/${pages}) `;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  };
  prev.addEventListener("click", () => ((page = Math.max(0, page - 1)), render()));
  next.addEventListener("click", () => ((page = Math.min(pages - 1, page + 1)), render()));
  nav.append(prev, label, next);
  render();
  box.append(nav, list);
  return box;
}

function fields(rows: Array<[string, string | Node]>): HTMLElement {
  return h("dl", { class: "fields" }, ...rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function revealButton(range: SourceRange | null, ctx: DetailsContext): HTMLElement | null {
  if (!range) return null;
  const b = h("button", { type: "button", class: "reveal", "data-testid": "reveal" }, "Reveal in editor");
  b.addEventListener("click", () => ctx.reveal(range));
  return b;
}

function link(id: string, text: string, ctx: DetailsContext): HTMLElement {
  const a = h("button", { type: "button", class: "link", "data-node": id }, text);
  a.addEventListener("click", () => ctx.select(id));
  return a;
}

function tensorDetails(t: TraceTensor, ctx: DetailsContext): HTMLElement[] {
  const g = t.gradFn ? ctx.trace.gradFns.find((x) => x.id === t.gradFn) : undefined;
  const grad = ctx.grad(t.id);
  const out: HTMLElement[] = [
    h("h3", {}, t.label, h("span", { class: "kind" }, ` tensor ${t.id}`)),
    fields([
      ["op", t.op],
      ["shape", fmtShape(t.value.shape)],
      ["dtype", t.value.dtype],
      ["requires_grad", t.requiresGrad ? "True" : "False"],
      ["is_leaf", t.isLeaf ? "True" : "False"],
      ["retains_grad", t.retainsGrad ? "True" : "False"],
      ["grad_fn", g ? link(g.id, `<${g.name}>`, ctx) : "None"],
      ...(g ? ([["formula", g.formulas.join("; ") || "—"]] as Array<[string, string]>) : []),
      ...(t.createdUnderNoGrad ? ([["no_grad", "created under torch.no_grad()"]] as Array<[string, string]>) : []),
      ...(t.detachedFrom ? ([["detached from", link(t.detachedFrom, t.detachedFrom, ctx)]] as Array<[string, Node]>) : []),
      ...(t.loop ? ([["loop", `line ${t.loop.line}, iteration ${t.loop.iteration}`]] as Array<[string, string]>) : []),
      ["source", rangeText(t.range ?? t.bindingRange)],
    ]),
  ];
  const reveal = revealButton(t.bindingRange ?? t.range, ctx);
  if (reveal) out.push(reveal);
  out.push(valueView(t.value, "value"));
  out.push(valueView(grad ?? null, `grad (pass ${ctx.passIndex || "—"})`));
  const vjp = vjpSection(ctx.trace, ctx.passIndex, t, valueView, ctx.select);
  if (vjp) out.push(vjp);
  const why = grad ? [] : whyNoGrad(ctx.trace, t, ctx.passIndex);
  if (why.length > 0) out.push(h("div", { class: "why", "data-testid": "why-null" }, h("h4", {}, "Why is this grad None?"), h("ul", {}, ...why.map((w) => h("li", {}, w)))));
  const warnings = ctx.trace.warnings.filter((w) => w.tensor === t.id);
  if (warnings.length > 0) out.push(h("div", { class: "warnings" }, h("h4", {}, "Warnings"), h("ul", {}, ...warnings.map((w) => h("li", {}, `${w.line ? `line ${w.line}: ` : ""}${w.message}`)))));
  return out;
}

function gradFnDetails(g: TraceGradFn, ctx: DetailsContext): HTMLElement[] {
  const tensor = ctx.trace.tensors.find((t) => t.id === g.tensor);
  const received = ctx.gradOutputs(g.id);
  const out: HTMLElement[] = [
    h("h3", {}, g.name, h("span", { class: "kind" }, ` grad fn ${g.id}`)),
    fields([
      [g.name === "AccumulateGrad" ? "accumulates into" : "output", link(g.tensor, tensor?.label ?? g.tensor, ctx)],
      [
        "next_functions",
        h("span", {}, ...g.nextFunctions.map((nf, i) => h("span", { class: "nf" }, i ? ", " : "", nf.gradFn ? link(nf.gradFn, `${ctx.trace.gradFns.find((x) => x.id === nf.gradFn)?.name ?? nf.gradFn}`, ctx) : "None"))),
      ],
      ["saved", g.saved.map((s) => `${s.role}=${s.tensor ? (ctx.trace.tensors.find((t) => t.id === s.tensor)?.label ?? s.tensor) : "None"}`).join(", ") || "—"],
      ["saved tensors", g.freedAfterPass === null ? "held" : `freed after pass ${g.freedAfterPass}`],
      ["source", rangeText(g.range)],
    ]),
    h("div", { class: "formulas" }, h("h4", {}, "Local derivatives"), h("ul", {}, ...(g.formulas.length ? g.formulas : ["—"]).map((f) => h("li", {}, f)))),
  ];
  const reveal = revealButton(g.range, ctx);
  if (reveal) out.splice(2, 0, reveal);
  if (received) received.forEach((r, i) => out.push(valueView(r, `received grad_output[${i}] in pass ${ctx.passIndex}`)));
  return out;
}

/** Fills the panel for node `id` (tensor or grad function); clears it for null. */
export function renderDetails(panel: HTMLElement, id: string | null, ctx: DetailsContext): void {
  const t = id ? ctx.trace.tensors.find((x) => x.id === id) : undefined;
  const g = id && !t ? ctx.trace.gradFns.find((x) => x.id === id) : undefined;
  if (t) panel.replaceChildren(...tensorDetails(t, ctx));
  else if (g) panel.replaceChildren(...gradFnDetails(g, ctx));
  else panel.replaceChildren(h("p", { class: "hint" }, "Click a node (or press Enter on it in the list) for its values, gradient and source."));
  panel.dataset["nodeId"] = t?.id ?? g?.id ?? "";
}
