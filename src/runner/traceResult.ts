/**
 * A run's result as it leaves the snippet's realm (JSON text nobody has checked) and the Trace made of it: decoded,
 * checked against the schema (the realm could have been tampered with by the snippet), worded for its language.
 * Light (no compiler, no engine): the runner's parent reads a child's result with it.
 */
import type { RunError, Trace } from "../protocol.js";
import { parseTrace } from "../traceSchema.js";
import { decodeTraceText } from "../shared/traceCodec.js";
import { errorTrace } from "./errorTrace.js";

/** A run's Trace as the realm wrote it: JSON text nobody has checked yet. */
export interface RawTrace {
  text: string;
  /** The kind of the run's error ("none" without one), as the realm said: only a runtime error needs wording. */
  errorKind: string;
  file: string | null;
  timings: Trace["timings"];
}

export function isRawTrace(r: Trace | RawTrace): r is RawTrace {
  return typeof (r as RawTrace).text === "string";
}

/**
 * The Trace in a realm's JSON text, checked against the schema: it was made in the snippet's realm, which the
 * snippet could have tampered with. In the child this happens in the parent, on arrival (runner/index.ts).
 */
export function readRawTrace(raw: RawTrace): Trace {
  let decoded: unknown;
  try {
    // Most Traces hold no NaN or ±Infinity: then plain JSON.parse, which is several times faster than the reviver.
    const t = raw.text;
    decoded = t.includes('"NaN"') || t.includes('"Infinity"') || t.includes('"-Infinity"') ? decodeTraceText(t) : JSON.parse(t);
  } catch {
    decoded = null;
  }
  const checked = parseTrace(decoded);
  if (!checked.ok) return errorTrace({ kind: "internal", message: `The recording of the run was not readable (${checked.problem})`, line: 1, column: 1 } satisfies RunError, raw.file, raw.timings);
  const trace = checked.trace;
  trace.file = raw.file;
  trace.timings = raw.timings;
  return trace;
}

/** The Trace of a run: a realm's text is read and checked, then `explain` words its error (identity if none). */
export function finishTrace(result: Trace | RawTrace, explain: (t: Trace) => Trace = (t) => t): Trace {
  if (!isRawTrace(result)) return result;
  return explain(readRawTrace(result));
}
