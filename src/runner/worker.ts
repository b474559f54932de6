/**
 * The runner's light bundle (dist/worker.js: running a compiled snippet in its realm, the recorder's Trace), loaded
 * by the child process (child.ts) through the code-cache loader. It serves exactly one snippet per process: a fresh
 * process, heap and snippet realm per run. The TypeScript compiler is not in it: the compiler part
 * (dist/compiler.js, compiler.ts) is loaded, through the same verified code cache, the first time something has to
 * compile — a run whose compile was neither made ahead nor in the compile cache (compileCache.ts), a `prepare`, a
 * spare's warm-up — so the cold child of a run whose text was compiled before (the example a restarted VS Code
 * opens again) never spends the CPU on loading 9 MB of compiler.
 */
import path from "node:path";
import type { Trace } from "../protocol.js";
import type { CompileResult } from "./compile.js";
import { CompileAhead } from "./compileAhead.js";
import { CompileCache } from "./compileCache.js";
import { type CachedModule, loadWithCodeCache } from "./codeCache.js";
import { readCompilerId } from "./compilerId.js";
import { mayBeNumberSlip } from "./numberSlipMatch.js";
import type { ResolvedRunOptions } from "./options.js";
import { compileWithin, type Compiling, runPipeline } from "./pipeline.js";
import { saveRealmCodeCache, useRealmCodeCache } from "./realmSource.js";
import type { RawTrace } from "./traceResult.js";
import { warmUpSteps as warmUpWith } from "./warmUp.js";

/** What the parent sends (over the child's IPC channel). */
export interface WorkerRequest {
  source: string;
  options: ResolvedRunOptions;
  /** False: neither read nor write the compile cache for this run (AGL_COMPILE_CACHE=0, the A/B; runner/index.ts). */
  compileCache?: boolean;
}

/** Where a run's compile came from (the run's phase record): made ahead, the compile cache, the compiler, or none. */
export type CompileSource = "ahead" | "hit" | "miss" | "none";

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
  useRealmCodeCache(c.cacheDir);
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
/** Where the request's compile came from (for the run's phase record). */
let compileSource: CompileSource = "none";
/** What to do with the compile cache once the Trace is out: keep a fresh compile, or mark a hit as used. */
let afterRun: (() => void) | null = null;

/** The compile cache of this process's cache folder, or null (no folder, or the compiler part has no identity). */
function openCompileCache(): CompileCache | null {
  const id = config.cacheDir === null ? null : readCompilerId(COMPILER_FILE);
  return config.cacheDir === null || id === null ? null : new CompileCache(config.cacheDir, id);
}

/**
 * The request's compile: the one made ahead, else the compile cache's, else the compiler's (kept in the cache
 * after the run, if the compiler part that made it is the one the cache key names).
 */
function compilingFor(req: WorkerRequest): Compiling {
  const made = ahead.take(req);
  const cache = req.compileCache === false ? null : openCompileCache();
  const keep = (compiled: CompileResult): void => {
    if (cache === null || !compiled.ok) return;
    // Only while the compiler part on disk is still the one the key names (not rebuilt while this child ran).
    afterRun = () => {
      if (readCompilerId(COMPILER_FILE) === cache.compilerSha256) cache.put(req.source, req.options, compiled);
    };
  };
  const compile = (source: string, options: ResolvedRunOptions): CompileResult => {
    if (made !== undefined) {
      compileSource = "ahead";
      keep(made);
      return made;
    }
    const hit = cache?.get(source, options);
    if (hit !== undefined) {
      compileSource = "hit";
      afterRun = () => cache?.touch(source, options);
      return hit;
    }
    compileSource = "miss";
    const compiled = lazy.compile(source, options);
    keep(compiled);
    return compiled;
  };
  return { ...lazy, compile };
}

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
  return runPipeline(req.source, req.options, { startedAt: Date.now(), guardMemory: true, onProgress: env.onProgress, onStart: env.onStart }, compilingFor(req));
}

/** A spare's warm-up (warmUp.ts), which loads the compiler part first. */
export function warmUpSteps(): Array<() => void> {
  return warmUpWith(lazy, () => void compiler());
}

/** After `serveRequest`: whether its compile had been made ahead. */
export function servedCompiledAhead(): boolean {
  return compileSource === "ahead";
}

/** After `serveRequest`: where its compile came from. */
export function servedCompileSource(): CompileSource {
  return compileSource;
}

/** After the Trace has been sent: refreshes the realm's and the compiler part's code caches and the compile cache. */
export function afterSent(): void {
  // The compile cache's entry first: a few KB, and what spares the next cold start the compiler. The compiler's
  // V8 cache (10 MB of script) last: a child killed meanwhile (the editor closing) loses only that.
  try {
    afterRun?.();
  } catch {
    // A cache only.
  }
  afterRun = null;
  saveRealmCodeCache();
  compilerModule?.saveCache();
}
