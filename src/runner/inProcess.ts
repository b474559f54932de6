/**
 * The whole pipeline (compile, instrument, run, record) on the calling thread: for unit tests and the bench.
 * The loop guards and V8's watchdog still enforce the timeout; there is no memory cap (that needs a worker).
 */
import type { Trace } from "../protocol.js";
import { compilePython, pythonizeError } from "../python/compile.js";
import { compileSnippet } from "./compile.js";
import { embeddedEngine } from "./engineRuntime.js";
import { errorTrace } from "./errorTrace.js";
import { type ResolvedRunOptions, resolveOptions, type RunOptions } from "./options.js";
import { explainNullGrad } from "./nullGrad.js";
import { runCompiled } from "./sandbox.js";

/**
 * Compiles and runs with resolved options, starting the clock at `startedAt` (the parent's, for a worker).
 * `beforeRun` is called between a successful compile and the run (the worker locks its realm down there).
 */
export function traceWithOptions(
  source: string,
  options: ResolvedRunOptions,
  startedAt: number,
  progress: Int32Array,
  guardMemory: boolean,
  beforeRun?: () => void,
): Trace {
  const t0 = performance.now();
  const python = options.language === "python";
  const compiled = python ? compilePython(source) : compileSnippet(source, options.file ?? "snippet.ts");
  const parseMs = performance.now() - t0;
  if (!compiled.ok) return errorTrace(compiled.error, options.file, { parseMs, runMs: 0, totalMs: Date.now() - startedAt });
  beforeRun?.();
  const trace = runCompiled(compiled, embeddedEngine, { options, startedAt, parseMs, progress, guardMemory });
  // Python has its own words for its errors (`AttributeError: 'NoneType' object has no attribute 'zero_'`).
  return python ? pythonizeError(trace) : explainNullGrad(trace, source);
}

/** Traces a snippet on this thread. Never throws for the snippet's own failures (they are in `trace.error`). */
export function traceInProcess(source: string, options?: RunOptions): Trace {
  return traceWithOptions(source, resolveOptions(options), Date.now(), new Int32Array(2), false);
}
