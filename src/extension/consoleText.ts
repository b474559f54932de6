/**
 * A run's console output as text for the "Autograd Lens" output channel and for the inline values at the end of
 * the line that printed (as Quokka shows them). Pure functions (no `vscode`), unit-tested in
 * test/unit/extension/consoleText.test.ts.
 */
import type { ConsoleEntry, Trace } from "../protocol";

/** At most this many characters inline; the hover has the rest. */
export const INLINE_CAP = 80;
/** At most this many entries per line in the hover (a loop may print thousands). */
export const HOVER_ENTRIES = 50;

/** `[02-dot-4x.ts:9] ` for an entry, or `[02-dot-4x.ts] ` when the line is unknown. */
export function linePrefix(file: string, line: number | null): string {
  return line === null ? `[${file}] ` : `[${file}:${line}] `;
}

/**
 * The output-channel lines of one run: every console entry prefixed with the source line that printed it
 * (continuation lines of a multi-line value indented under the first), then the run's error, if any.
 */
export function channelLines(trace: Trace, file: string): string[] {
  const out: string[] = [];
  const push = (prefix: string, text: string): void => {
    const [first = "", ...rest] = text.split("\n");
    out.push(prefix + first);
    const pad = " ".repeat(prefix.length);
    for (const r of rest) out.push(pad + r);
  };
  for (const e of trace.console) push(linePrefix(file, e.line) + levelMark(e.level), e.text);
  if (trace.error !== null) push(`${linePrefix(file, trace.error.line)}✖ `, trace.error.message);
  return out;
}

function levelMark(level: ConsoleEntry["level"]): string {
  return level === "warn" ? "⚠ " : level === "error" ? "✖ " : "";
}

/** One run's console entries grouped by 0-based editor line, in print order. */
export function entriesByLine(trace: Trace): Map<number, ConsoleEntry[]> {
  const m = new Map<number, ConsoleEntry[]>();
  for (const e of trace.console) {
    if (e.line === null) continue;
    const list = m.get(e.line - 1) ?? [];
    list.push(e);
    m.set(e.line - 1, list);
  }
  return m;
}

/**
 * The inline text of one line's entries: each value on one line (newlines shown as spaces collapsed), entries of
 * a loop joined by " │ ", capped at INLINE_CAP characters with "…".
 */
export function inlineText(entries: readonly ConsoleEntry[], cap = INLINE_CAP): string {
  const one = entries.map((e) => e.text.replace(/\s*\n\s*/g, " ")).join(" │ ");
  const text = entries.length > 1 ? `${one}  (×${entries.length})` : one;
  if (text.length <= cap) return text;
  const suffix = entries.length > 1 ? `…  (×${entries.length})` : "…";
  return one.slice(0, Math.max(0, cap - suffix.length)) + suffix;
}

/** Whether the line's entries include a warning or an error (the inline text takes that colour). */
export function worstLevel(entries: readonly ConsoleEntry[]): "error" | "warn" | "log" {
  if (entries.some((e) => e.level === "error")) return "error";
  if (entries.some((e) => e.level === "warn")) return "warn";
  return "log";
}

/**
 * The output channel's header time, `HH:MM:SS` (local, 24-hour). Not `toLocaleTimeString`: its first call loads
 * ICU's locale data, 15–40 ms on the extension host's thread measured right when the first Trace arrives (the
 * moment a cold "Show Gradient Graph" is on its way to the host).
 */
export function clockTime(d: Date): string {
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

/** One edit of a document, in 0-based lines: the replaced range's first and last line, and the inserted text. */
export interface LineEdit {
  startLine: number;
  endLine: number;
  text: string;
}

/**
 * Moves per-line values (the console entries of the lines that printed) with an edit, as the editor moves the
 * inline decorations that show them: lines below the edit shift by the lines it added or removed, the edit's first
 * line keeps its value, and lines the edit replaced lose theirs. A new map; `lines` is unchanged.
 */
export function shiftLines<T>(lines: ReadonlyMap<number, T>, edit: LineEdit): Map<number, T> {
  const added = edit.text.split("\n").length - 1;
  const delta = added - (edit.endLine - edit.startLine);
  const out = new Map<number, T>();
  for (const [line, value] of lines) {
    if (line <= edit.startLine) out.set(line, value);
    else if (line > edit.endLine) out.set(line + delta, value);
  }
  return out;
}
