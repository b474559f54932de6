/**
 * The Trace's JSON wire rules, shared by everything that writes or reads a Trace as text: the runner's realm
 * (realmRun.ts), the host (runner/traceResult.ts), the render HTML (viewHtml.ts), the CLI (traceJson.ts) and the
 * browser bundle (webview/main.ts, exporters.ts). NaN and ±Infinity become the strings "NaN", "Infinity",
 * "-Infinity" (JSON has no literal for them).
 *
 * src/shared/ holds code every side runs: it imports only types and other shared files, no Node module, no DOM, no
 * `vscode` (tsconfig.node.json and tsconfig.webview.json both type-check it; eslint enforces the imports).
 */
import type { Trace } from "../protocol.js";

/**
 * The three spellings and their numbers. A Map, not an object literal: `value in {…}` is also true for the
 * prototype's keys, so a tensor value "constructor" or "toString" inside an array would have decoded to a function.
 */
const NON_FINITE: ReadonlyMap<string, number> = new Map([
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
]);
/** Number-valued keys outside arrays that may hold a non-finite value (TensorStats). */
const NUMERIC_KEYS: ReadonlySet<string> = new Set(["min", "max", "mean"]);

/** Encodes a Trace as JSON text; non-finite numbers become strings. */
export function encodeTraceText(trace: Trace): string {
  return JSON.stringify(trace, (_key, value: unknown) => {
    if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    return value;
  });
}

/**
 * Decodes JSON text made by encodeTraceText. Only values inside arrays (tensor data) and the stats keys are turned
 * back into numbers, so a variable really named "NaN" keeps its label. The result is not validated: callers that
 * read untrusted text check it with traceSchema.ts (traceJson.ts, runner/traceResult.ts).
 */
export function decodeTraceText(text: string): Trace {
  return JSON.parse(text, function (this: unknown, key: string, value: unknown) {
    if (typeof value !== "string" || !(Array.isArray(this) || NUMERIC_KEYS.has(key))) return value;
    const n = NON_FINITE.get(value);
    return n === undefined ? value : n;
  }) as Trace;
}
