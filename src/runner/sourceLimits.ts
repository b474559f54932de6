/**
 * Checks a snippet's size and bracket nesting before anything compiles it: a 5 MB file or a million-element
 * literal took TypeScript 15-20 s (reported as a timeout on line 1), and 20,000 nested brackets overflowed its
 * stack. Both now fail at once, with the reason and the line. One linear scan, no parser.
 */
import type { RunError } from "../protocol.js";

/** Largest snippet accepted, in characters: the course's snippets are a few KB; a teaching file of 100 KB fits. */
export const MAX_SOURCE_CHARS = 256 * 1024;
/** Deepest bracket nesting accepted (`(`, `[`, `{`); real code stays far below, TypeScript's stack does not. */
export const MAX_NESTING = 200;

/** A limit the source breaks, or null. Strings and comments are skipped, so brackets in them do not count. */
export function checkSourceLimits(source: string): RunError | null {
  if (source.length > MAX_SOURCE_CHARS)
    return {
      kind: "syntax",
      message: `The snippet is ${Math.ceil(source.length / 1024)} KB; snippets may be at most ${MAX_SOURCE_CHARS / 1024} KB`,
      line: 1,
      column: 1,
    };
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\n") {
      line++;
      lineStart = i + 1;
    } else if (c === "/" && source[i + 1] === "/") {
      while (i + 1 < source.length && source[i + 1] !== "\n") i++;
    } else if (c === "/" && source[i + 1] === "*") {
      i += 2;
      while (i < source.length && !(source[i] === "*" && source[i + 1] === "/")) {
        if (source[i] === "\n") {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      i++;
    } else if (c === '"' || c === "'" || c === "`") {
      // Template literals' `${` count as nesting only roughly; fine for a limit this far from real code.
      for (i++; i < source.length && source[i] !== c; i++) {
        if (source[i] === "\\") i++;
        else if (source[i] === "\n") {
          if (c !== "`") break;
          line++;
          lineStart = i + 1;
        }
      }
    } else if (c === "(" || c === "[" || c === "{") {
      if (++depth > MAX_NESTING)
        return { kind: "syntax", message: `Brackets are nested more than ${MAX_NESTING} levels deep`, line, column: i - lineStart + 1 };
    } else if (c === ")" || c === "]" || c === "}") depth = Math.max(0, depth - 1);
  }
  return null;
}
