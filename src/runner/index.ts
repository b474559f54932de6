/**
 * The runner's public face (light to import: TypeScript and the engine load only inside the worker): `runSnippet`
 * runs a snippet in a worker thread (dist/worker.js) with a wall-clock timeout and a heap cap, and always resolves
 * with a Trace. The caller (extension host, CLI) never hangs or crashes:
 * - the loop guards inside the worker stop a runaway loop at the deadline and still return the Trace so far;
 * - if the worker is stuck where no guard runs, the parent terminates it at deadline + 400 ms and reports the loop
 *   that was running (read from shared memory the guards write);
 * - if the worker runs out of heap, V8 stops it and the parent reports a memory error.
 *
 * Each worker serves exactly one snippet (fresh realm, engine and heap per run). Starting one costs more than most
 * runs (compiling the 10 MB bundle, even from the code cache), so a long-lived caller such as the extension host can
 * ask for a warm spare (`keepWarm`): the next worker is started ahead of time and a run then only posts its request.
 * The CLI does not ask, and a spare never keeps a process alive (it is unref'd until a run takes it).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { RunError, Trace } from "../protocol.js";
import { PROGRESS_LOOP_COLUMN, PROGRESS_LOOP_LINE, timeoutMessage } from "./hooks.js";
import { errorTrace } from "./errorTrace.js";
import { type ResolvedRunOptions, resolveOptions, type RunOptions } from "./options.js";
import type { WorkerRequest } from "./worker.js";
import { bundleIdentity, codeCachePaths, WORKER_LOADED, WORKER_LOADER_SOURCE } from "./workerLoader.js";

export type { RunOptions } from "./options.js";

/**
 * How long after the deadline the parent waits for the in-worker guard's Trace before it terminates the worker:
 * long enough for a big heap to unwind and post, short enough to answer within timeout + 0.5 s.
 */
export const HARD_KILL_GRACE_MS = 400;

let workerPathOverride: string | null = null;

/** Use this worker bundle instead of looking for dist/worker.js (tests, unusual layouts). */
export function setWorkerPath(p: string | null): void {
  workerPathOverride = p;
}

/** dist/worker.js next to the bundle that imports us (dist/cli.js, dist/extension.js), or the repo's dist/. */
export function findWorkerPath(): string | null {
  if (workerPathOverride !== null) return workerPathOverride;
  const here = typeof __dirname === "string" ? __dirname : process.cwd();
  const candidates = [path.join(here, "worker.js"), path.join(here, "..", "..", "dist", "worker.js"), path.join(process.cwd(), "dist", "worker.js")];
  return candidates.find((p) => existsSync(p)) ?? null;
}

function killedError(kind: "timeout" | "memory", opts: ResolvedRunOptions, progress: Int32Array): RunError {
  const line = progress[PROGRESS_LOOP_LINE] || null;
  const column = progress[PROGRESS_LOOP_COLUMN] || 1;
  if (kind === "timeout") return { kind, message: timeoutMessage(opts.timeoutMs, line), line: line ?? 1, column };
  const where = line === null ? "" : ` (the loop on line ${line} was running)`;
  return { kind, message: `Out of memory: the snippet needed more than ${opts.memoryMb} MB${where}`, line: line ?? 1, column };
}

/** A worker thread started through the loader, ahead of a run (a spare) or for one. */
interface RunnerWorker {
  worker: Worker;
  /** `bundleIdentity` of the bundle it loads: a rebuilt bundle makes a spare stale. */
  bundleId: string;
  /** Its heap cap: `resourceLimits` are fixed when a worker starts, so a spare fits only runs with the same cap. */
  memoryMb: number;
  /** The loader said WORKER_LOADED: a request posted now runs at once. */
  loaded: boolean;
  /** It failed or exited while nobody's run was using it. */
  dead: boolean;
}

function startWorker(bundle: string, bundleId: string, memoryMb: number): RunnerWorker {
  const worker = new Worker(WORKER_LOADER_SOURCE, {
    eval: true,
    workerData: { bundle, cachePaths: codeCachePaths(bundle, bundleId) },
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, memoryMb / 8)) },
    // Not the parent's flags: a loader such as tsx would re-transform the 10 MB bundle in every worker.
    execArgv: [],
    // The snippet's console is captured in the Trace; the worker itself has nothing to say on our streams.
    stdout: true,
    stderr: true,
  });
  return { worker, bundleId, memoryMb, loaded: false, dead: false };
}

/**
 * After a run, the spare starts this much later: the caller is busy with the Trace right then (the view paints it,
 * hovers and lenses refresh) and a spare compiling the bundle would compete for the CPU.
 */
export const SPARE_DELAY_MS = 250;

let warm = false;
let spareMemoryMb = resolveOptions(undefined).memoryMb;
let spare: RunnerWorker | null = null;
let spareTimer: NodeJS.Timeout | null = null;
/** Removes the listeners `startSpare` put on the current spare (a run or a replacement takes over). */
let detachSpare: () => void = () => undefined;

/** What `spareState` reports: "off" unless `keepWarm` was called. */
export type SpareState = "off" | "none" | "loading" | "ready";

/** Whether a warm spare exists and has compiled the bundle (for tests and diagnostics). */
export function spareState(): SpareState {
  if (!warm) return "off";
  if (spare === null || spare.dead) return "none";
  return spare.loaded ? "ready" : "loading";
}

function startSpare(): void {
  const bundle = findWorkerPath();
  if (!warm || spare !== null || bundle === null) return;
  let s: RunnerWorker;
  try {
    s = startWorker(bundle, bundleIdentity(bundle), spareMemoryMb);
  } catch {
    return; // The next run starts its own worker and reports the problem in its Trace.
  }
  const onMessage = (m: unknown): void => {
    if (m === WORKER_LOADED) s.loaded = true;
  };
  const onGone = (): void => {
    s.dead = true;
    if (spare === s) spare = null;
  };
  s.worker.on("message", onMessage);
  s.worker.once("error", onGone);
  s.worker.once("exit", onGone);
  // Idle, it must not keep a CLI or a test process alive; a run that takes it refs it again. (After `on`:
  // adding a message listener refs the worker's port.)
  s.worker.unref();
  detachSpare = (): void => {
    s.worker.off("message", onMessage);
    s.worker.off("error", onGone);
    s.worker.off("exit", onGone);
  };
  spare = s;
}

/** The spare, if it fits this run; a stale or unfitting spare is terminated. Cancels a pending spare start. */
function takeSpare(bundleId: string, memoryMb: number): RunnerWorker | null {
  if (spareTimer !== null) {
    clearTimeout(spareTimer);
    spareTimer = null;
  }
  const s = spare;
  if (s === null) return null;
  spare = null;
  detachSpare();
  if (s.dead || s.bundleId !== bundleId || s.memoryMb !== memoryMb) {
    void s.worker.terminate();
    return null;
  }
  s.worker.ref();
  return s;
}

/** Sets the heap cap future spares are made for; a spare made for another cap is terminated. */
function setSpareCap(memoryMb: number): void {
  if (spare !== null && spare.memoryMb !== memoryMb) {
    const stale = spare;
    spare = null;
    detachSpare();
    void stale.worker.terminate();
  }
  spareMemoryMb = memoryMb;
}

/** After a run: a spare for the same cap, SPARE_DELAY_MS later (unless one exists or is on its way). */
function scheduleSpare(memoryMb: number): void {
  if (!warm) return;
  setSpareCap(memoryMb);
  if (spare !== null || spareTimer !== null) return;
  spareTimer = setTimeout(() => {
    spareTimer = null;
    startSpare();
  }, SPARE_DELAY_MS);
  spareTimer.unref();
}

/**
 * Keeps one worker started ahead of the next run from now on (a new one after every run, SPARE_DELAY_MS later).
 * `memoryMb` is the heap cap the spare is made for (a run with another cap starts its own worker and the spare
 * after it follows that run's cap); `startNow` starts the spare at once instead of after the next run.
 */
export function keepWarm(o: { memoryMb?: number; startNow?: boolean } = {}): void {
  warm = true;
  if (o.memoryMb !== undefined) setSpareCap(resolveOptions({ memoryMb: o.memoryMb }).memoryMb);
  if (o.startNow === true) {
    if (spareTimer !== null) {
      clearTimeout(spareTimer);
      spareTimer = null;
    }
    startSpare();
  }
}

/** Stops keeping a spare and terminates the current one (extension deactivation, tests). */
export async function stopKeepingWarm(): Promise<void> {
  warm = false;
  if (spareTimer !== null) {
    clearTimeout(spareTimer);
    spareTimer = null;
  }
  const s = spare;
  spare = null;
  if (s !== null) {
    detachSpare();
    await s.worker.terminate();
  }
}

/**
 * Runs a snippet in a worker of its own (the warm spare when there is a fitting one) and resolves with its Trace.
 * Never rejects for the snippet's own failures (syntax, forbidden access, exceptions, timeout, memory): they are
 * in `trace.error`.
 */
export function runSnippet(source: string, options?: RunOptions): Promise<Trace> {
  const opts = resolveOptions(options);
  const startedAt = Date.now();
  const shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const progress = new Int32Array(shared);
  const timings = (): Trace["timings"] => ({ parseMs: 0, runMs: Date.now() - startedAt, totalMs: Date.now() - startedAt });
  const workerPath = findWorkerPath();
  if (workerPath === null) {
    const error: RunError = { kind: "internal", message: "dist/worker.js not found: build with `node esbuild.mjs`", line: 1, column: 1 };
    return Promise.resolve(errorTrace(error, opts.file, timings()));
  }
  return new Promise<Trace>((resolve) => {
    const bundleId = bundleIdentity(workerPath);
    let rw: RunnerWorker;
    try {
      rw = takeSpare(bundleId, opts.memoryMb) ?? startWorker(workerPath, bundleId, opts.memoryMb);
    } catch (e) {
      resolve(errorTrace({ kind: "internal", message: `Could not start the runner: ${(e as Error).message}`, line: 1, column: 1 }, opts.file, timings()));
      return;
    }
    const worker = rw.worker;
    let settled = false;
    const finish = (trace: Trace, workerDone: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(trace);
      if (!workerDone) void worker.terminate();
      // The worker ends by itself after posting (it may first refresh the code cache); make sure it does.
      else setTimeout(() => void worker.terminate(), 5000).unref();
      scheduleSpare(opts.memoryMb);
    };
    const timer = setTimeout(() => finish(errorTrace(killedError("timeout", opts, progress), opts.file, timings()), false), opts.timeoutMs + HARD_KILL_GRACE_MS);
    worker.on("message", (m: unknown) => {
      if (m !== WORKER_LOADED) finish(m as Trace, true);
    });
    worker.once("error", (err: Error & { code?: string }) => {
      const error: RunError =
        err.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? killedError("memory", opts, progress)
          : { kind: "internal", message: `The runner failed: ${err.message}`, line: 1, column: 1 };
      finish(errorTrace(error, opts.file, timings()), false);
    });
    worker.once("exit", (code) => {
      finish(errorTrace({ kind: "internal", message: `The runner stopped unexpectedly (exit code ${code})`, line: 1, column: 1 }, opts.file, timings()), true);
    });
    const request: WorkerRequest = { source, options: opts, startedAt, progress: shared };
    worker.postMessage(request);
  });
}
