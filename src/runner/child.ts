/**
 * The runner's child process (dist/runner-child.js): one process per snippet, so that a fatal out-of-memory abort,
 * a crash or a built-in that will not stop ends this process only, never the editor's extension host.
 *
 *   node runner-child.js BUNDLE CACHE_DIR RSS_LIMIT_MB [spare]
 *
 * It loads the runner's bundle (dist/worker.js: realm driving and the Trace; the compiler part dist/compiler.js
 * comes later, only if the run has to compile, see worker.ts) with a verified code cache (codeCache.ts), says
 * `loaded`, serves the first request it gets over IPC with the bundle's `serveRequest`, sends the Trace back,
 * refreshes the caches and exits. The parent may start it ahead of time (a warm spare), and send it texts to
 * compile ahead of that request (`prepare` messages: the document being edited), none of which it runs.
 *
 * Besides IPC the parent reads one more pipe, fd PROGRESS_FD, of short lines it can read even while this process's
 * main thread is stuck or dying:
 *   `S`                                   the snippet starts running now (its timeout starts);
 *   `P line column loopLine loopColumn rss`  every REPORT_EVERY_MS, from a reporter thread reading the progress array;
 *   `M rss`                               the process went over RSS_LIMIT_MB: the reporter kills it right after.
 * Writes under PIPE_BUF bytes are atomic, so the two threads' lines never interleave.
 */
import fs from "node:fs";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { Trace } from "../protocol.js";
import { type ChildMessage, isPrepareMessage, PROGRESS_FD, REPORT_EVERY_MS, RSS_CHECK_EVERY_MS } from "./childProtocol.js";
import { type CachedModule, loadWithCodeCache } from "./codeCache.js";
import { PROGRESS } from "./lensNames.js";
import type { RawTrace } from "./traceResult.js";
import type { ServeEnv, WorkerConfig, WorkerRequest } from "./worker.js";

/** What the child calls of its bundle (worker.ts); all but `serveRequest` optional (a test's stand-in bundle). */
interface WorkerExports {
  serveRequest: (r: WorkerRequest, env: ServeEnv) => Trace | RawTrace;
  configure?: (c: WorkerConfig) => void;
  servedCompiledAhead?: () => boolean;
  servedCompileSource?: () => string;
  afterSent?: () => void;
  prepareRequest?: (r: WorkerRequest) => void;
  warmUpSteps?: () => Array<() => void>;
}

function writeLine(line: string): void {
  try {
    fs.writeSync(PROGRESS_FD, line);
  } catch {
    // The parent is gone: nobody to tell.
    process.exit(1);
  }
}

/**
 * The reporter thread: the running statement, loop and memory, as seen from outside the snippet's thread. The
 * progress array is made inside the snippet's realm (nothing of this realm may be reachable from there) and comes
 * in as a message once that realm exists.
 */
function report(rssLimitBytes: number): void {
  let p: Int32Array<ArrayBufferLike> = new Int32Array(PROGRESS.slots);
  parentPort?.on("message", (memory: SharedArrayBuffer) => {
    p = new Int32Array(memory);
  });
  parentPort?.unref();
  let ticks = 0;
  const tick = (): void => {
    const rss = process.memoryUsage.rss();
    const over = rssLimitBytes > 0 && rss > rssLimitBytes;
    if (over || ticks++ % (REPORT_EVERY_MS / RSS_CHECK_EVERY_MS) === 0) {
      const at = `${Atomics.load(p, PROGRESS.line)} ${Atomics.load(p, PROGRESS.column)} ${Atomics.load(p, PROGRESS.loopLine)} ${Atomics.load(p, PROGRESS.loopColumn)}`;
      writeLine(`P ${at} ${rss}\n`);
    }
    if (over) {
      // Memory outside every other limit (typed arrays filled in one call, a string V8 had room for): the last
      // wall. Say so first, so the parent reports memory, on the line just written.
      writeLine(`M ${rss}\n`);
      process.kill(process.pid, "SIGKILL");
    }
  };
  tick();
  setInterval(tick, RSS_CHECK_EVERY_MS);
}

/** Whether the compiler part's code has run in this process (compiler.ts sets the mark; importing it would load it). */
function compilerRan(): boolean {
  return (globalThis as Record<symbol, unknown>)[Symbol.for("autograd-lens.compilerLoaded")] === true;
}

function send(m: ChildMessage, then?: () => void): void {
  if (process.send === undefined) process.exit(1);
  process.send(m, undefined, undefined, () => then?.());
}

function main(): void {
  const [bundle, cacheDirArg, rssLimitArg, role] = process.argv.slice(2);
  const spare = role === "spare";
  if (bundle === undefined || process.send === undefined) {
    process.stderr.write("usage: runner-child.js BUNDLE CACHE_DIR (started by the runner, with an IPC channel)\n");
    process.exit(2);
  }
  // The parent went away (the editor closed, a spare was dropped): nothing left to do.
  process.on("disconnect", () => process.exit(0));
  const reporter = new Worker(__filename, { stdout: true, stderr: true, workerData: { rssLimitBytes: Number(rssLimitArg ?? 0) * 2 ** 20 } });
  reporter.unref();

  let request: WorkerRequest | null = null;
  let receivedAt = 0;
  let loaded: CachedModule | null = null;
  const serve = (): void => {
    if (request === null || loaded === null) return;
    const req = request;
    const mod = loaded;
    request = null;
    const exports = mod.exports as WorkerExports;
    const env: ServeEnv = { onProgress: (memory) => reporter.postMessage(memory), onStart: () => writeLine("S\n") };
    let result: Trace | RawTrace;
    try {
      result = exports.serveRequest(req, env);
    } catch (e) {
      send({ type: "failed", message: e instanceof Error ? e.message : "the runner failed" }, () => process.exit(1));
      return;
    }
    // After the run, so the cache also holds what compiling and running the snippet compiled lazily.
    // When the request arrived and the Trace left (epoch ms, the parent's clock too): the run's phase record.
    const marks = { childReceived: receivedAt, childSent: Date.now(), compiledAhead: exports.servedCompiledAhead?.() === true, compilerLoaded: compilerRan(), compileSource: exports.servedCompileSource?.() };
    const message: ChildMessage = typeof (result as RawTrace).text === "string" ? { type: "traceText", raw: result as RawTrace, marks } : { type: "trace", trace: result as Trace, marks };
    send(message, () => {
      try {
        exports.afterSent?.();
      } catch {
        // Caches only: the Trace is out.
      }
      mod.saveCache();
      process.exit(0);
    });
  };
  // Texts to compile ahead (childProtocol.ts): only the newest is kept, compiled on a later turn of the event loop
  // once the bundle is loaded and warm, and never once the request is here.
  let toPrepare: WorkerRequest | null = null;
  let preparing = false;
  let requested = false;
  const prepare = (): void => {
    if (preparing || toPrepare === null || loaded === null || requested) return;
    preparing = true;
    setImmediate(() => {
      preparing = false;
      const next = toPrepare;
      toPrepare = null;
      if (next === null || loaded === null || requested) return;
      const exports = loaded.exports as WorkerExports;
      try {
        exports.prepareRequest?.(next);
      } catch {
        // An optimisation only: the request compiles for itself.
      }
      prepare();
    });
  };
  const onMessage = (m: unknown): void => {
    if (isPrepareMessage(m)) {
      toPrepare = m.request;
      prepare();
      return;
    }
    // The one request; anything after it is not for this process.
    process.off("message", onMessage);
    requested = true;
    toPrepare = null;
    request = m as WorkerRequest;
    receivedAt = Date.now();
    serve();
  };
  process.on("message", onMessage);
  let mod: CachedModule;
  const cacheDir = cacheDirArg === undefined || cacheDirArg === "" ? null : cacheDirArg;
  try {
    mod = loadWithCodeCache(bundle, cacheDir);
    (mod.exports as WorkerExports).configure?.({ cacheDir });
  } catch (e) {
    send({ type: "failed", message: `could not load ${bundle}: ${e instanceof Error ? e.message : String(e)}` }, () => process.exit(1));
    return;
  }
  // A spare warms up while no request is waiting (warmUp.ts), one step per turn of the event loop so that a
  // request arriving meanwhile is served after the current step; then it says `loaded` (ready to serve at once).
  const warmUp = (mod.exports as WorkerExports).warmUpSteps;
  const steps = spare && typeof warmUp === "function" ? warmUp() : [];
  const next = (): void => {
    const step = request === null ? steps.shift() : undefined;
    if (step !== undefined) {
      step();
      setImmediate(next);
      return;
    }
    loaded = mod;
    send({ type: "loaded", cacheUsed: mod.cacheUsed });
    serve();
    prepare();
  };
  next();
}

if (isMainThread) main();
else report(Number((workerData as { rssLimitBytes?: unknown } | null)?.rssLimitBytes) || 0);
