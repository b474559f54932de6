/**
 * The runner's public face (light to import: TypeScript and the engine load only inside the worker): `runSnippet` runs a snippet in a worker thread (dist/worker.js) with a wall-clock
 * timeout and a heap cap, and always resolves with a Trace. The caller (extension host, CLI) never hangs or crashes:
 * - the loop guards inside the worker stop a runaway loop at the deadline and still return the Trace so far;
 * - if the worker is stuck where no guard runs, the parent terminates it at deadline + 400 ms and reports the loop
 *   that was running (read from shared memory the guards write);
 * - if the worker runs out of heap, V8 stops it and the parent reports a memory error.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { RunError, Trace } from "../protocol.js";
import { PROGRESS_LOOP_COLUMN, PROGRESS_LOOP_LINE, timeoutMessage } from "./hooks.js";
import { errorTrace } from "./errorTrace.js";
import { type ResolvedRunOptions, resolveOptions, type RunOptions } from "./options.js";
import type { WorkerRequest } from "./worker.js";
import { codeCachePaths, WORKER_LOADER_SOURCE } from "./workerLoader.js";

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

/**
 * Runs a snippet in a fresh worker and resolves with its Trace. Never rejects for the snippet's own failures
 * (syntax, forbidden access, exceptions, timeout, memory): they are in `trace.error`.
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
    const request: WorkerRequest & { bundle: string; cachePaths: string[] } = {
      source,
      options: opts,
      startedAt,
      progress: shared,
      bundle: workerPath,
      cachePaths: codeCachePaths(workerPath),
    };
    let settled = false;
    let worker: Worker;
    try {
      worker = new Worker(WORKER_LOADER_SOURCE, {
        eval: true,
        workerData: request,
        resourceLimits: { maxOldGenerationSizeMb: opts.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, opts.memoryMb / 8)) },
        // Not the parent's flags: a loader such as tsx would re-transform the 10 MB bundle in every worker.
        execArgv: [],
        // The snippet's console is captured in the Trace; the worker itself has nothing to say on our streams.
        stdout: true,
        stderr: true,
      });
    } catch (e) {
      resolve(errorTrace({ kind: "internal", message: `Could not start the runner: ${(e as Error).message}`, line: 1, column: 1 }, opts.file, timings()));
      return;
    }
    const finish = (trace: Trace, workerDone: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(trace);
      if (!workerDone) {
        void worker.terminate();
        return;
      }
      // The worker ends by itself after posting (it may first refresh the code cache); make sure it does.
      setTimeout(() => void worker.terminate(), 5000).unref();
    };
    const timer = setTimeout(() => finish(errorTrace(killedError("timeout", opts, progress), opts.file, timings()), false), opts.timeoutMs + HARD_KILL_GRACE_MS);
    worker.once("message", (trace: Trace) => finish(trace, true));
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
  });
}
