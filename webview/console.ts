/**
 * The run's console output in the graph panel: every `console.log` of the snippet, each with a link to its source
 * line (print output is what every course walkthrough ends with). Capped so a print in a long loop can't flood the
 * panel; built with DOM text nodes only (the text is the snippet's, never markup).
 */
import type { SourceRange, Trace } from "../src/protocol.js";
import { h } from "./dom.js";

/** Entries shown; the rest are counted. */
export const CONSOLE_MAX_ENTRIES = 200;
/** Lines of one entry shown (a printed 100×100 tensor is long); the rest are counted. */
export const CONSOLE_MAX_LINES = 12;
/** Characters of one line shown. */
export const CONSOLE_MAX_CHARS = 400;

/** Cuts one entry's text to what the panel shows, saying how much was left out. */
export function capEntry(text: string): string {
  const lines = text.split("\n");
  const shown = lines.slice(0, CONSOLE_MAX_LINES).map((l) => (l.length > CONSOLE_MAX_CHARS ? `${l.slice(0, CONSOLE_MAX_CHARS)}…` : l));
  if (lines.length > CONSOLE_MAX_LINES) shown.push(`… ${lines.length - CONSOLE_MAX_LINES} more lines`);
  return shown.join("\n");
}

export function renderConsole(list: HTMLElement, box: HTMLDetailsElement, trace: Trace, reveal: (r: SourceRange) => void): void {
  const entries = trace.console;
  const summary = box.querySelector("summary");
  if (summary) summary.textContent = entries.length === 0 ? "Console (no output)" : `Console (${entries.length} line${entries.length > 1 ? "s" : ""})`;
  const items = entries.slice(0, CONSOLE_MAX_ENTRIES).map((e) => {
    const text = h("pre", { class: "console-text" }, capEntry(e.text));
    const where =
      e.line !== null
        ? h("button", { type: "button", class: "link console-line", "data-testid": "console-line", title: `Reveal line ${e.line} in the editor` }, `line ${e.line}`)
        : h("span", { class: "console-line" }, "—");
    const line = e.line;
    if (line !== null) where.addEventListener("click", () => reveal({ startLine: line, startColumn: 1, endLine: line, endColumn: 1 }));
    return h("li", { class: `console-entry level-${e.level}`, "data-level": e.level }, where, text);
  });
  if (entries.length > CONSOLE_MAX_ENTRIES) items.push(h("li", { class: "console-more" }, `… ${entries.length - CONSOLE_MAX_ENTRIES} more entries (see the Autograd Lens output channel)`));
  list.replaceChildren(...items);
}
