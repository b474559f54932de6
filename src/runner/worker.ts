/**
 * The runner's big bundle (dist/worker.js: the TypeScript compiler, the engine, the recorder), loaded by the
 * child process (child.ts) through the code-cache loader. It serves exactly one snippet per process: the realm is
 * locked down for it, so a second snippet would share (and could tamper with) the first one's realm.
 */
import type { Trace } from "../protocol.js";
import { traceWithOptions } from "./inProcess.js";
import { lockDownHostRealm } from "./lockdown.js";
import type { ResolvedRunOptions } from "./options.js";

/** What the parent sends (over the child's IPC channel). */
export interface WorkerRequest {
  source: string;
  options: ResolvedRunOptions;
}

/** What the child gives the bundle: the progress array its reporter thread reads, and its start signal. */
export interface ServeEnv {
  progress: Int32Array;
  onStart: () => void;
}

let served = false;

/** Runs the request's snippet and returns its Trace. Only once per process. */
export function serveRequest(req: WorkerRequest, env: ServeEnv): Trace {
  if (served) throw new Error("a runner child serves exactly one snippet");
  served = true;
  return traceWithOptions(req.source, req.options, { startedAt: Date.now(), progress: env.progress, guardMemory: true, beforeRun: lockDownHostRealm, onStart: env.onStart });
}
