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

/** One edit of a document (0-based lines and characters): the replaced range and the inserted text. */
export interface LineEdit {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  text: string;
}

/** A value anchored where a line's code starts (its first non-blank character), as its decoration is. */
export interface Anchored<T> {
  column: number;
  value: T;
}

/**
 * Moves per-line values (the console entries of the lines that printed) with an edit, as the editor moves the
 * inline decorations that show them. Each value is a point where its statement starts: an edit wholly before it
 * moves it (down or up by the lines the edit added or removed; along its line when the edit ends on it), an edit
 * after it leaves it, and an edit that replaces it (the statement's start deleted, its line removed) drops it.
 * So Enter at the start of a printing line takes the output down with the statement, and deleting a line takes its
 * output with it. A new map; `lines` is unchanged.
 */
export function shiftLines<T>(lines: ReadonlyMap<number, Anchored<T>>, edit: LineEdit): Map<number, Anchored<T>> {
  const inserted = edit.text.split("\n");
  const delta = inserted.length - 1 - (edit.endLine - edit.startLine);
  const lastLength = inserted[inserted.length - 1]!.length;
  const before = (line: number, col: number, l: number, c: number): boolean => line < l || (line === l && col < c);
  const out = new Map<number, Anchored<T>>();
  for (const [line, a] of lines) {
    if (before(line, a.column, edit.startLine, edit.startCharacter)) out.set(line, a);
    else if (!before(line, a.column, edit.endLine, edit.endCharacter)) {
      // At or after the edit's end: on the end line the column follows the inserted text's last line.
      const column = line === edit.endLine ? (inserted.length === 1 ? edit.startCharacter : 0) + lastLength + (a.column - edit.endCharacter) : a.column;
      out.set(line + delta, { column, value: a.value });
    }
  }
  return out;
}
