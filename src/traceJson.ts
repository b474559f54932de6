/**
 * The Trace as JSON, for the CLI (`trace --json`, `--out`) and anyone saving traces: NaN and ±Infinity are written
 * as the strings "NaN", "Infinity", "-Infinity" (JSON has no literal for them) and read back as numbers.
 *
 * The wire rules live in one place, src/shared/traceCodec.ts, which the browser bundle shares (it decodes what the
 * render HTML embeds); this module adds what only Node-side readers need: the version check and the schema.
 */
import type { Trace } from "./protocol.js";
import { TRACE_VERSION } from "./protocol.js";
import { parseTrace } from "./traceSchema.js";
import { decodeTraceText, encodeTraceText } from "./shared/traceCodec.js";

/** JSON text of a Trace; non-finite numbers become strings. */
export function encodeTrace(trace: Trace): string {
  return encodeTraceText(trace);
}

/**
 * Parses JSON made by `encodeTrace`. Throws when the text is not JSON or not a Trace of this version (a trace
 * saved by an older build should be re-recorded, not misread).
 */
export function decodeTrace(text: string): Trace {
  const trace = decodeTraceText(text) as unknown;
  if (typeof trace !== "object" || trace === null || !("version" in trace) || !Array.isArray((trace as { tensors?: unknown }).tensors))
    throw new Error("not an Autograd Lens trace");
  if ((trace as { version: unknown }).version !== TRACE_VERSION)
    throw new Error(`trace version ${String((trace as { version: unknown }).version)} is not supported (expected ${TRACE_VERSION})`);
  // A saved file is as untrusted as a runner child: the same schema decides.
  const checked = parseTrace(trace);
  if (!checked.ok) throw new Error(`not a valid Autograd Lens trace: ${checked.problem}`);
  return checked.trace;
}
