/**
 * Snippet positions from V8 stack traces: the frames of the compiled snippet carry its file name and generated
 * line/column; the source map turns them into the line/column the user sees.
 */
import { SNIPPET_FILENAME } from "./sites.js";
import type { PositionMap } from "./sourceMap.js";

const FRAME = new RegExp(`${SNIPPET_FILENAME.replace(/[.]/g, "\\.")}:(\\d+):(\\d+)`, "g");

/** Every snippet frame of a stack, innermost first, mapped to the snippet (1-based). */
export function snippetFrames(stack: string, map: PositionMap): Array<{ line: number; column: number }> {
  const out: Array<{ line: number; column: number }> = [];
  for (const m of stack.matchAll(FRAME)) {
    const p = map.originalPosition(Number(m[1]), Number(m[2]));
    if (p !== null) out.push(p);
  }
  return out;
}

/** The innermost snippet frame of a stack, or null when the snippet is not on it. */
export function snippetPosition(stack: string | undefined, map: PositionMap): { line: number; column: number } | null {
  if (stack === undefined) return null;
  return snippetFrames(stack, map)[0] ?? null;
}

/** Where the snippet is right now (the innermost snippet frame of the current stack). */
export function currentSnippetPosition(map: PositionMap): { line: number; column: number } | null {
  return snippetPosition(new Error().stack, map);
}
