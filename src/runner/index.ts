/**
 * The runner's public face (light to import: TypeScript and the engine load only in the child): `runSnippet` runs
 * a snippet in a child process of its own (childProcess.ts, child.ts) and always resolves with a Trace. The caller
 * (extension host, CLI) never hangs or crashes, whatever the snippet does:
 * - the loop guards inside the child stop a runaway loop at the deadline and still return the Trace so far;
 * - the snippet's time starts when its first statement runs (the child says so): start-up and compilation never
 *   count against it;
 * - a child stuck where no guard runs is killed at timeout + HARD_KILL_GRACE_MS, and the error names the line its
 *   reporter thread last saw running;
 * - a child that runs out of memory (a fatal V8 abort), crashes, or is killed takes nothing else with it: the
 *   parent reports what happened, on the line that was running.
 *
 * Each child serves exactly one snippet (fresh process, realm, engine and heap per run). Starting one costs more
 * than most runs, so a long-lived caller such as the extension host can ask for a warm spare (`keepWarm`): the
 * next child is started ahead of time and a run then only sends its request. The CLI does not ask, and a spare
 * never keeps a process alive (it is unref'd until a run takes it).
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { RunError, Trace } from "../protocol.js";
import { childCommand, type ChildSpec, RunnerChild, specKey } from "./childProcess.js";
import type { ChildMessage, PrepareMessage } from "./childProtocol.js";
import { parseTrace } from "../traceSchema.js";
import { errorTrace } from "./errorTrace.js";
import { finishTrace, type RawTrace } from "./traceResult.js";
import { resolveOptions, type ResolvedRunOptions, type RunOptions } from "./options.js";
import { SparePool, type SpareState } from "./sparePool.js";
import type { WorkerRequest } from "./worker.js";

export type { RunOptions } from "./options.js";
export type { SpareState } from "./sparePool.js";

/**
 * How long after the deadline the parent waits for the in-child guard's Trace before it kills the child: long
 * enough for a big heap to unwind and send, short enough to answer within timeout + 0.5 s.
 */
export const HARD_KILL_GRACE_MS = 450;
/** A child that has not started the snippet this long after the request (loading, compiling) is killed. */
export const STARTUP_BUDGET_MS = 30_000;
/** After a run, the spare starts this much later (see sparePool.ts). */
export const SPARE_DELAY_MS = 250;

let workerPathOverride: string | null = null;
let cacheDirOverride: string | null | undefined;

/** Use this runner bundle instead of looking for dist/worker.js (tests, unusual layouts). */
export function setWorkerPath(p: string | null): void {
  workerPathOverride = p;
}

/**
 * Where children keep their verified code cache: the extension passes its `globalStorageUri` folder; `null`
 * disables the cache; `undefined` (the default) keeps it next to the bundle. Never the shared temp folder.
 */
export function setCodeCacheDir(dir: string | null | undefined): void {
  cacheDirOverride = dir;
}

const here = (): string => (typeof __dirname === "string" ? __dirname : process.cwd());

/** dist/worker.js next to the bundle that imports us (dist/cli.js, dist/extension.js), or the repo's dist/. */
export function findWorkerPath(): string | null {
  if (workerPathOverride !== null) return workerPathOverride;
  const candidates = [path.join(here(), "worker.js"), path.join(here(), "..", "..", "dist", "worker.js"), path.join(process.cwd(), "dist", "worker.js")];
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** dist/runner-child.js: next to the bundle, else next to us. */
function findLoader(bundle: string): string | null {
  const candidates = [path.join(path.dirname(bundle), "runner-child.js"), path.join(here(), "runner-child.js"), path.join(here(), "..", "..", "dist", "runner-child.js")];
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** Path, size and mtime of a bundle: a rebuilt bundle has another identity (spares of it are stale). */
export function bundleIdentity(bundle: string): string {
  try {
    const s = statSync(bundle);
    return `${bundle}:${s.size}:${s.mtimeMs}`;
  } catch {
    return bundle;
  }
}

/**
 * The folder of the verified code caches (and the compile cache) for scripts loaded by `bundle` (the runner's
 * child): the one set by setCodeCacheDir, else next to the bundle; null for none (also without a bundle).
 */
export function codeCacheDirFor(bundle: string | null): string | null {
  if (cacheDirOverride !== undefined) return cacheDirOverride;
  return bundle === null ? null : path.dirname(bundle);
}

function specFor(bundle: string, loader: string, memoryMb: number): ChildSpec {
  return { loader, bundle, bundleId: bundleIdentity(bundle), memoryMb, cacheDir: codeCacheDirFor(bundle) };
}

const pool = new SparePool<ChildSpec, RunnerChild>((s) => new RunnerChild(s, childCommand(s), true), specKey, SPARE_DELAY_MS);
let spareMemoryMb = resolveOptions(undefined).memoryMb;

/** Whether a warm spare exists and has loaded the bundle (for tests and diagnostics). */
export function spareState(): SpareState {
  return pool.state();
}

/**
 * Keeps one child started ahead of the next run from now on (a new one after every run, SPARE_DELAY_MS later).
 * `memoryMb` is the heap cap the spare is made for (a run with another cap starts its own child and the spare
 * after it follows that run's cap); `startNow` starts the spare at once instead of after the next run.
 */
export function keepWarm(o: { memoryMb?: number; startNow?: boolean } = {}): void {
  if (o.memoryMb !== undefined) spareMemoryMb = resolveOptions({ memoryMb: o.memoryMb }).memoryMb;
  const bundle = findWorkerPath();
  const loader = bundle === null ? null : findLoader(bundle);
  const spec = bundle === null || loader === null ? null : specFor(bundle, loader, spareMemoryMb);
  pool.keepWarm(spec, o.startNow === true);
}

/**
 * Starts no spare child until the returned function is called: loading one (a 10 MB bundle) competes for the CPU
 * with what the caller is waiting for (the graph panel's first paint). Runs still start their own child at once.
 */
export function holdSpare(): () => void {
  // AGL_SPARE_HOLD=0: no hold (the cold-path measurement's before/after, test/vscode/coldpath.test.ts).
  if (process.env["AGL_SPARE_HOLD"] === "0") return () => undefined;
  return pool.hold();
}

/** Stops keeping a spare and kills the current one (extension deactivation, tests). */
export async function stopKeepingWarm(): Promise<void> {
  pool.stop();
}

/**
 * Hands the text being edited to the warm spare, to compile (not run) while the learner is still typing: the run
 * that then asks for exactly this source, language and file (a save) skips its compile. Nothing happens without a
 * fitting spare; the newest text replaces the last. The spare still runs one snippet only, the one its request
 * carries, and compiling runs none of the snippet's code.
 */
export function prepareRun(source: string, options?: RunOptions): void {
  // AGL_COMPILE_AHEAD=0: no compile ahead (the re-run measurement's before/after, test/vscode/rerun.test.ts).
  if (process.env["AGL_COMPILE_AHEAD"] === "0") return;
  const bundle = findWorkerPath();
  const loader = bundle === null ? null : findLoader(bundle);
  if (bundle === null || loader === null) return;
  const opts = resolveOptions(options);
  const spare = pool.peek(specKey(specFor(bundle, loader, opts.memoryMb)));
  const message: PrepareMessage = { type: "prepare", request: { source, options: opts } };
  spare?.send(message);
}

/** A finished run with what the parent saw of its child. */
export interface RunDetails {
  trace: Trace;
  /** Highest resident memory of the child while it ran, in bytes (0 if it never reported). */
  peakRssBytes: number;
  /** The child was killed by the parent (timeout, cancellation, start-up budget). */
  killed: boolean;
  /** From the snippet's start (as the child said) to the answer, in ms; null if it never started. */
  sinceStartMs: number | null;
  /** Epoch ms of the run's phases as this process saw them (the record of a re-run, coldPath.ts): for logs only. */
  marks: RunMarks;
}

/**
 * When a run's request went to its child, whether that child was a ready spare, when the child got the request and
 * sent the Trace (its clock is this machine's), and when the Trace had arrived and had been checked here.
 */
export interface RunMarks {
  requested: number;
  spareReady: boolean;
  childReceived?: number;
  childSent?: number;
  /** The child had compiled this source ahead of the request (runner `prepareRun`). */
  compiledAhead?: boolean;
  /** The child loaded the compiler part (false: the run needed no compile in that process). */
  compilerLoaded?: boolean;
  /** Where its compile came from: "ahead", "hit" (the compile cache), "miss" (compiled), "none" (never compiled). */
  compileSource?: string;
  received?: number;
  checked?: number;
}

function internal(message: string, line = 1): RunError {
  return { kind: "internal", message, line, column: 1 };
}

/**
 * The line the child's reporter last saw running, or null: the innermost running loop if there is one (the line the
 * loop guard names too, so a run reads the same whether the guard or the kill ended it), else the statement.
 */
function runningAt(child: RunnerChild): { line: number; column: number } | null {
  const p = child.progress;
  if (p.loopLine > 0) return { line: p.loopLine, column: p.loopColumn || 1 };
  if (p.line > 0) return { line: p.line, column: p.column || 1 };
  return null;
}

const OOM_BANNER = /heap out of memory|Allocation failed|Reached heap limit|invalid array length|invalid table size|Fatal JavaScript invalid size error/i;

/** What a child that ended without a Trace ran into. */
function exitError(child: RunnerChild, opts: ResolvedRunOptions, code: number | null, signal: NodeJS.Signals | null): RunError {
  const at = runningAt(child);
  const where = at === null ? "" : ` at line ${at.line}`;
  const pos = { line: at?.line ?? 1, column: at?.column ?? 1 };
  if (child.memoryKilled || OOM_BANNER.test(child.stderr)) return { kind: "memory", message: `The snippet ran out of memory (limit ${opts.memoryMb} MB)${where}`, ...pos };
  const how = signal !== null ? `signal ${signal}` : `exit code ${code}`;
  return { kind: "internal", message: `The runner stopped unexpectedly (${how})${where}`, ...pos };
}

function killedError(child: RunnerChild, opts: ResolvedRunOptions): RunError {
  const at = runningAt(child);
  return {
    kind: "timeout",
    message: `The snippet did not stop after ${opts.timeoutMs} ms: killed${at === null ? "" : ` at line ${at.line}`}`,
    line: at?.line ?? 1,
    column: at?.column ?? 1,
  };
}

/**
 * Runs a snippet in a child of its own (the warm spare when there is a fitting one) and resolves with its Trace
 * and what the parent saw. Never rejects. `signal` cancels the run (the child is killed; the Trace says so).
 */
export function runSnippetDetailed(source: string, options?: RunOptions, signal?: AbortSignal): Promise<RunDetails> {
  const opts = resolveOptions(options);
  const requestedAt = Date.now();
  const timings = (): Trace["timings"] => ({ parseMs: 0, runMs: 0, totalMs: Date.now() - requestedAt });
  const bundle = findWorkerPath();
  const loader = bundle === null ? null : findLoader(bundle);
  if (bundle === null || loader === null || !existsSync(bundle)) {
    const trace = errorTrace(internal("dist/worker.js or dist/runner-child.js not found: build with `node esbuild.mjs`"), opts.file, timings());
    return Promise.resolve({ trace, peakRssBytes: 0, killed: false, sinceStartMs: null, marks: { requested: requestedAt, spareReady: false } });
  }
  const spec = specFor(bundle, loader, opts.memoryMb);
  return new Promise<RunDetails>((resolve) => {
    let child: RunnerChild;
    try {
      child = pool.take(specKey(spec)) ?? new RunnerChild(spec);
    } catch (e) {
      resolve({ trace: errorTrace(internal(`Could not start the runner: ${(e as Error).message}`), opts.file, timings()), peakRssBytes: 0, killed: false, sinceStartMs: null, marks: { requested: requestedAt, spareReady: false } });
      return;
    }
    let settled = false;
    let killed = false;
    const marks: RunMarks = { requested: requestedAt, spareReady: child.spare && child.loaded };
    const finish = (trace: Trace): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (marks.received !== undefined) marks.checked = Date.now();
      resolve({ trace, peakRssBytes: child.peakRss, killed, sinceStartMs: child.startedAt === null ? null : performance.now() - child.startedAt, marks });
      // The child ends by itself after sending (it first refreshes the code cache); make sure it does.
      if (!child.exited) setTimeout(() => child.kill(), 5000).unref();
      pool.afterRun(spec);
    };
    const kill = (error: RunError): void => {
      killed = true;
      child.kill();
      finish(errorTrace(error, opts.file, timings()));
    };
    let timer = setTimeout(() => kill(internal(`The runner did not start the snippet within ${STARTUP_BUDGET_MS / 1000} s`)), STARTUP_BUDGET_MS);
    const onAbort = (): void => kill(internal("Cancelled: a newer run replaced this one"));
    if (signal?.aborted === true) {
      onAbort();
      return;
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    child.onStarted = () => {
      // The snippet's own time starts now.
      clearTimeout(timer);
      timer = setTimeout(() => kill(killedError(child, opts)), opts.timeoutMs + HARD_KILL_GRACE_MS);
    };
    child.onMessage = (m: ChildMessage) => {
      if (m.type === "trace" || m.type === "traceText") {
        marks.received = Date.now();
        // Numbers for the record only (a lying child changes nothing but its own log line).
        const cm = m.marks;
        if (typeof cm?.childReceived === "number" && typeof cm.childSent === "number") Object.assign(marks, { childReceived: cm.childReceived, childSent: cm.childSent, compiledAhead: cm.compiledAhead === true, compilerLoaded: cm.compilerLoaded === true, compileSource: typeof cm.compileSource === "string" ? cm.compileSource.slice(0, 8) : undefined });
      }
      // Untrusted until checked: the child ran the snippet.
      if (m.type === "trace") {
        const checked = parseTrace(m.trace);
        finish(checked.ok ? checked.trace : errorTrace(internal(`The runner sent a malformed Trace (${checked.problem})`), opts.file, timings()));
      } else if (m.type === "traceText") {
        const raw = m.raw as Partial<RawTrace> | null;
        if (typeof raw !== "object" || raw === null || typeof raw.text !== "string") finish(errorTrace(internal("The runner sent a malformed Trace"), opts.file, timings()));
        else {
          const t = raw.timings;
          const ms = (x: unknown): number => (typeof x === "number" && Number.isFinite(x) ? x : 0);
          const checkedTimings = { parseMs: ms(t?.parseMs), runMs: ms(t?.runMs), totalMs: Date.now() - requestedAt };
          // Worded already in the child if it had a runtime error (then it came as a "trace"): only checked here.
          finish(finishTrace({ text: raw.text, errorKind: "", file: opts.file, timings: checkedTimings }));
        }
      }
      else if (m.type === "failed") finish(errorTrace(internal(`The runner failed: ${String(m.message)}`), opts.file, timings()));
    };
    child.onExit = (code, sig) => finish(errorTrace(exitError(child, opts, code, sig), opts.file, timings()));
    // AGL_COMPILE_CACHE=0: the child neither reads nor writes the compile cache (the cold path's A/B,
    // test/vscode/coldpath.test.ts "graph-nocache"). Read here: the child's environment is empty.
    const request: WorkerRequest = { source, options: opts, compileCache: process.env["AGL_COMPILE_CACHE"] !== "0" };
    child.send(request);
  });
}

/**
 * Runs a snippet in a child of its own and resolves with its Trace. Never rejects for the snippet's own failures
 * (syntax, forbidden access, exceptions, timeout, memory): they are in `trace.error`.
 */
export async function runSnippet(source: string, options?: RunOptions, signal?: AbortSignal): Promise<Trace> {
  return (await runSnippetDetailed(source, options, signal)).trace;
}
