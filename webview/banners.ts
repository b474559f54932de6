/**
 * The banners above the graph: the run's error (with its suggestion, the tensor involved and "Reveal in editor"),
 * a failed pass (a backward through a freed graph names what earlier passes freed) and truncation. DOM only; what
 * the buttons do comes from the controller.
 */
import type { SourceRange, Trace } from "../src/protocol.js";
import { h } from "./dom.js";
import type { Skeleton } from "./skeleton.js";
import { indexTrace } from "./traceIndex.js";

export interface BannerActions {
  select(id: string): void;
  reveal(range: SourceRange): void;
  /** Brings these nodes into view. */
  showNodes(ids: readonly string[]): void;
}

/** Fills the banners for pass `passIndex`; returns the ids of the nodes the error names (to be marked). */
export function renderBanners(ui: Skeleton, trace: Trace, passIndex: number, act: BannerActions): string[] {
  const ix = indexTrace(trace);
  const e = trace.error;
  const passErr = ix.passes.get(passIndex)?.error ?? null;
  const marked: string[] = [];
  if (e || passErr) {
    const parts: Array<Node | string> = [];
    if (e) {
      parts.push(h("strong", {}, `${e.kind === "runtime" ? "RuntimeError" : `${e.kind} error`} at line ${e.line}:${e.column}: `), e.message);
      if (e.suggestion) parts.push(h("div", { class: "suggestion" }, "Try: ", h("code", {}, e.suggestion)));
      if (e.tensor) {
        const tensor = e.tensor;
        marked.push(tensor);
        const label = ix.tensors.get(tensor)?.label ?? tensor;
        const b = h("button", { type: "button", class: "link" }, `show ${label}`);
        b.addEventListener("click", () => act.select(tensor));
        parts.push(h("div", {}, "Involved: ", b));
      }
      const r = { startLine: e.line, startColumn: e.column, endLine: e.endLine ?? e.line, endColumn: e.endColumn ?? e.column + 1 };
      const reveal = h("button", { type: "button", class: "reveal" }, "Reveal in editor");
      reveal.addEventListener("click", () => act.reveal(r));
      parts.push(reveal);
    } else if (passErr) {
      parts.push(h("strong", {}, `Pass ${passIndex} failed: `), passErr);
      // Backward through a freed graph: point at what an earlier pass freed.
      const freed = ix.freedGradFns.filter((g) => g.freedAfterPass !== null && g.freedAfterPass < passIndex);
      if (freed.length > 0) {
        const ids = freed.map((g) => g.id);
        marked.push(...ids);
        const names = freed.map((g) => `${ix.tensors.get(g.tensor)?.label ?? "?"} (${g.name})`);
        const b = h("button", { type: "button", class: "link", "data-testid": "show-freed" }, `show the ${freed.length} freed op${freed.length > 1 ? "s" : ""}`);
        b.addEventListener("click", () => act.showNodes(ids));
        parts.push(h("div", {}, `Freed by pass ${Math.max(...freed.map((g) => g.freedAfterPass ?? 0))}: ${names.slice(0, 8).join(", ")}${names.length > 8 ? ", …" : ""} `, b));
      }
    }
    ui.error.replaceChildren(...parts);
    ui.error.hidden = false;
  } else {
    ui.error.replaceChildren();
    ui.error.hidden = true;
  }
  const tr = trace.truncated;
  ui.truncated.hidden = !tr;
  ui.truncated.textContent = tr
    ? `Graph truncated: only the first ${tr.limit} nodes were recorded (${tr.droppedTensors} tensors and ${tr.droppedGradFns} grad functions left out).`
    : "";
  return marked;
}
