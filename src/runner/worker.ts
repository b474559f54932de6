/**
 * The runner's light bundle (dist/worker.js: running a compiled snippet in its realm, the recorder's Trace), loaded
 * by the child process (child.ts) through the code-cache loader. It serves exactly one snippet per process: a fresh
 * process, heap and snippet realm per run. The TypeScript compiler is not in it: the compiler part
 * (dist/compiler.js, compiler.ts) is loaded, through the same verified code cache, the first time something has to
 * compile — a run whose compile was not made ahead, a `prepare`, a spare's warm-up — so the cold child of a run that
 * needs no compile never spends the CPU on loading 9 MB of compiler.
 */
import path from "node:path";
import type { Trace } from "../protocol.js";
import type { CompileResult } from "./compile.js";
import { CompileAhead } from "./compileAhead.js";
import { type CachedModule, loadWithCodeCache } from "./codeCache.js";
import { mayBeNumberSlip } from "./numberSlipMatch.js";
import type { ResolvedRunOptions } from "./options.js";
import { compileWithin, type Compiling, runPipeline } from "./pipeline.js";
import type { RawTrace } from "./traceResult.js";
import { warmUpSteps as warmUpWith } from "./warmUp.js";

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

/** Where the child keeps its verified caches (child.ts passes its CACHE_DIR; null: none). */
export interface WorkerConfig {
  cacheDir: string | null;
}

/** The compiler part, next to this bundle (esbuild.mjs builds both into dist/). */
const COMPILER_FILE = path.join(__dirname, "compiler.js");

let config: WorkerConfig = { cacheDir: null };
let compilerModule: CachedModule | null = null;

/** Called by the child right after loading this bundle, before anything else. */
export function configure(c: WorkerConfig): void {
  config = { cacheDir: c.cacheDir };
}

/** The compiler part, loaded on first use (throws if dist/compiler.js cannot be loaded: the run reports it). */
function compiler(): Compiling {
  if (compilerModule === null) compilerModule = loadWithCodeCache(COMPILER_FILE, config.cacheDir);
  const c = (compilerModule.exports as { compiler?: Compiling }).compiler;
  if (c === undefined) throw new Error(`${COMPILER_FILE} has no compiler`);
  return c;
}

/** The compiler part's functions, each loading it only when called (the number slip: only for an error it may reword). */
const lazy: Compiling = {
  compile: (source, options) => compiler().compile(source, options),
  explainNumberSlip: (trace, source) => (mayBeNumberSlip(trace) ? compiler().explainNumberSlip(trace, source) : trace),
};

let served = false;
/** Whether the request was served with its compile made ahead (for the run's phase record). */
let usedAhead = false;

const ahead = new CompileAhead((source, options) => compileWithin(source, options, lazy));

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
  const made = ahead.take(req);
  usedAhead = made !== undefined;
  const compiling: Compiling = made === undefined ? lazy : { ...lazy, compile: (): CompileResult => made };
  return runPipeline(req.source, req.options, { startedAt: Date.now(), guardMemory: true, onProgress: env.onProgress, onStart: env.onStart }, compiling);
}

/** A spare's warm-up (warmUp.ts), which loads the compiler part first. */
export function warmUpSteps(): Array<() => void> {
  return warmUpWith(lazy, () => void compiler());
}

/** After `serveRequest`: whether its compile had been made ahead. */
export function servedCompiledAhead(): boolean {
  return usedAhead;
}

/** Whether this process has loaded the compiler part (a run served without compiling has not). */
export function compilerLoaded(): boolean {
  return compilerModule !== null;
}

/** After the Trace has been sent: refreshes the compiler part's code cache. Never throws. */
export function afterSent(): void {
  compilerModule?.saveCache();
}
