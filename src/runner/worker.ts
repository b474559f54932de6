/**
 * Entry of the runner's worker thread (bundled to dist/worker.js): runs one snippet and posts its Trace back.
 * The parent owns the clock (`startedAt`) and the shared progress array it reads if it has to kill us.
 */
import { parentPort, workerData } from "node:worker_threads";
import { traceWithOptions } from "./inProcess.js";
import { lockDownHostRealm } from "./lockdown.js";
import type { ResolvedRunOptions } from "./options.js";

/** What the parent passes in `workerData`. */
export interface WorkerRequest {
  source: string;
  options: ResolvedRunOptions;
  startedAt: number;
  progress: SharedArrayBuffer;
}

const req = workerData as WorkerRequest;
const trace = traceWithOptions(req.source, req.options, req.startedAt, new Int32Array(req.progress), true, lockDownHostRealm);
parentPort?.postMessage(trace);
