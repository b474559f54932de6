/**
 * The runner's big bundle (dist/worker.js: the TypeScript compiler, the engine, the recorder), loaded by the
 * child process (child.ts) through the code-cache loader. It serves exactly one snippet per process: a fresh
 * process, heap and snippet realm per run.
 */
import type { Trace } from "../protocol.js";
import { CompileAhead } from "./compileAhead.js";
import { traceWithOptions } from "./inProcess.js";
import type { RawTrace } from "./traceResult.js";
import type { ResolvedRunOptions } from "./options.js";

export { warmUpSteps } from "./warmUp.js";

/** What the parent sends (over the child's IPC channel). */
export interface WorkerRequest {
  source: string;
  options: ResolvedRunOptions;
}

/** What the child gives the bundle: where its reporter thread gets the progress array, and its start signal. */
export interface ServeEnv {
  onProgress: (memory: SharedArrayBuffer) => void;
  onStart: () => void;
}

let served = false;
/** Whether the request was served with its compile made ahead (for the run's phase record). */
let usedAhead = false;

const ahead = new CompileAhead();

/**
 * Compiles (never runs) a text the next request will probably carry: the document as last edited, sent by the
 * parent while the learner types (compileAhead.ts). The newest text replaces the last one.
 */
export function prepareRequest(req: WorkerRequest): void {
  if (!served) ahead.prepare(req);
}

/** Runs the request's snippet and returns its Trace. Only once per process. */
export function serveRequest(req: WorkerRequest, env: ServeEnv): Trace | RawTrace {
  if (served) throw new Error("a runner child serves exactly one snippet");
  served = true;
  const compiled = ahead.take(req);
  usedAhead = compiled !== undefined;
  return traceWithOptions(req.source, req.options, { startedAt: Date.now(), guardMemory: true, onProgress: env.onProgress, onStart: env.onStart }, compiled);
}

/** After `serveRequest`: whether its compile had been made ahead. */
export function servedCompiledAhead(): boolean {
  return usedAhead;
}
