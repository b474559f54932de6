/** What the runner's parent and its child process (child.ts) say to each other. Types and constants only. */
import type { Trace } from "../protocol.js";
import type { RawTrace } from "./traceResult.js";
import type { WorkerRequest } from "./worker.js";

/** The child's stdio index of the progress pipe (0-2 are std streams, 3 is IPC). */
export const PROGRESS_FD = 4;
/** How often the child's reporter thread writes the progress line. */
export const REPORT_EVERY_MS = 20;
/** How often it compares the process's resident memory with the limit (a filling 8 GB array gains ~50 MB in 5 ms). */
export const RSS_CHECK_EVERY_MS = 5;
/**
 * The child's resident-memory wall, above the snippet's cap: room for Node, the TypeScript compiler and the engine
 * (~150 MB), and still under cap + 256 MB however fast memory grows between two checks.
 */
export const RSS_HEADROOM_MB = 160;

/** Child → parent over IPC. The parent trusts none of it: a Trace is validated before use (traceSchema.ts). */
export type ChildMessage =
  /** Ready to serve at once (a spare: also warmed up, warmUp.ts). */
  | { type: "loaded"; cacheUsed: boolean }
  | { type: "trace"; trace: Trace; marks?: ChildMarks }
  /** The realm's JSON text as it is (decoding it here and cloning the objects would cost the timeout's grace). */
  | { type: "traceText"; raw: RawTrace; marks?: ChildMarks }
  | { type: "failed"; message: string };

/** When the child received the request and sent the Trace (`Date.now()`): phases of a run, for the record only. */
export interface ChildMarks {
  childReceived: number;
  childSent: number;
  /** The run used the compile the child had made ahead of the request (a `prepare` of the same text). */
  compiledAhead?: boolean;
  /** The child had loaded the compiler part (dist/compiler.js) by the time it sent the Trace. */
  compilerLoaded?: boolean;
  /** Where the run's compile came from: "ahead", "hit" (the compile cache), "miss" (the compiler), "none". */
  compileSource?: string;
}

/**
 * Parent → child over IPC, besides the one run request (a bare `WorkerRequest`): a text to compile ahead, not to
 * run (worker.ts `prepareRequest`). Any number may come before the request; the newest counts.
 */
export interface PrepareMessage {
  type: "prepare";
  request: WorkerRequest;
}

export function isPrepareMessage(m: unknown): m is PrepareMessage {
  return typeof m === "object" && m !== null && (m as { type?: unknown }).type === "prepare" && typeof (m as { request?: unknown }).request === "object";
}
