/** A Trace with nothing recorded but an error. Kept free of heavy imports: the extension host loads it eagerly. */
import type { RunError, Trace } from "../protocol.js";
import { TRACE_VERSION } from "../protocol.js";

/** For compile errors and for a worker that had to be stopped (its partial recording died with it). */
export function errorTrace(error: RunError, file: string | null, timings: Trace["timings"]): Trace {
  return { version: TRACE_VERSION, file, tensors: [], gradFns: [], passes: [], variables: {}, console: [], warnings: [], error, truncated: null, timings };
}
