/**
 * Entry of the runner's worker thread (bundled to dist/worker.js). Each worker serves exactly one snippet: the
 * loader (workerLoader.ts) compiles this bundle, which may happen ahead of time for a warm spare, then hands the
 * first request it receives to `serveRequest` and posts the Trace back; the thread then exits, so the next snippet
 * gets a fresh realm, engine and heap. The parent owns the clock (`startedAt`) and the shared progress array it
 * reads if it has to kill us.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Trace } from "../protocol.js";
import { traceWithOptions } from "./inProcess.js";
import { lockDownHostRealm } from "./lockdown.js";
import type { ResolvedRunOptions } from "./options.js";

/** What the parent sends: the loader's one `message`, or `workerData` when the bundle is started directly. */
export interface WorkerRequest {
  source: string;
  options: ResolvedRunOptions;
  startedAt: number;
  progress: SharedArrayBuffer;
}

let served = false;

/**
 * Runs the request's snippet and returns its Trace. Only once per thread: the realm is locked down for the
 * snippet, so a second snippet here would share (and could tamper with) the first one's realm.
 */
export function serveRequest(req: WorkerRequest): Trace {
  if (served) throw new Error("a runner worker serves exactly one snippet");
  served = true;
  return traceWithOptions(req.source, req.options, req.startedAt, new Int32Array(req.progress), true, lockDownHostRealm);
}

// Started directly (`new Worker("dist/worker.js", { workerData: request })`) rather than through the loader.
const direct = workerData as Partial<WorkerRequest> | null;
if (direct !== null && typeof direct === "object" && typeof direct.source === "string") parentPort?.postMessage(serveRequest(direct as WorkerRequest));
