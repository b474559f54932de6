/**
 * Which runtime errors the number-slip explanation (numberSlip.ts) looks at: V8's "y.backward is not a function".
 * Apart from numberSlip.ts because that one needs the TypeScript compiler (it parses the source), which the runner's
 * child loads only for an error this matches (worker.ts).
 */
import type { Trace } from "../protocol.js";

export const NOT_A_FUNCTION = /^TypeError: ([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*) is not a function$/;

/** Whether `trace`'s error is one the number-slip explanation may reword. */
export function mayBeNumberSlip(trace: Trace): boolean {
  const e = trace.error;
  return e !== null && e.kind === "runtime" && NOT_A_FUNCTION.test(e.message);
}
