/**
 * JSON encoding of a Trace for embedding in the standalone HTML, with the same wire rules as src/traceJson.ts:
 * NaN and ±Infinity become the strings "NaN", "Infinity", "-Infinity" (JSON has no literal for them).
 *
 * Kept here, importing nothing, so the browser bundle can decode what src/viewHtml.ts embedded without pulling
 * in Node-side code.
 */
import type { Trace } from "../src/protocol.js";

const NON_FINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, "-Infinity": Number.NEGATIVE_INFINITY };
/** Number-valued keys outside arrays that may hold a non-finite value (TensorStats). */
const NUMERIC_KEYS = new Set(["min", "max", "mean"]);

/** Encodes a Trace as JSON text; non-finite numbers become strings. */
export function encodeTraceText(trace: Trace): string {
  return JSON.stringify(trace, (_key, value: unknown) => {
    if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    return value;
  });
}

/**
 * Decodes JSON text made by encodeTraceText (or src/traceJson.ts). Only values inside arrays (tensor data) and the
 * stats keys are turned back into numbers, so a variable really named "NaN" keeps its label.
 */
export function decodeTraceText(text: string): Trace {
  return JSON.parse(text, function (this: unknown, key: string, value: unknown) {
    if (typeof value === "string" && value in NON_FINITE && (Array.isArray(this) || NUMERIC_KEYS.has(key))) return NON_FINITE[value];
    return value;
  }) as Trace;
}
