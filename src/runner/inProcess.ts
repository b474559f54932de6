/**
 * The whole pipeline (compile, instrument, run, record) on the calling thread: for unit tests and the bench, and
 * inside the runner's child process. The loop guards and V8's watchdog still enforce the timeout; the memory cap
 * needs the child (its heap is the snippet's own).
 */
import type { Trace } from "../protocol.js";
import { compilePython, pythonizeError } from "../python/compile.js";
import { compileSnippet } from "./compile.js";
import { errorTrace } from "./errorTrace.js";
import { type ResolvedRunOptions, resolveOptions, type RunOptions } from "./options.js";
import { explainNullGrad } from "./nullGrad.js";
import { explainNumberSlip } from "./numberSlip.js";
import { runCompiled } from "./sandbox.js";
import { checkSourceLimits } from "./sourceLimits.js";

/** How one run is hosted: the clock, the progress array, and what happens around the snippet's start. */
export interface RunHost {
  /** `Date.now()` when the run was asked for (for `timings.totalMs`). */
  startedAt: number;
  guardMemory: boolean;
  /** Called with the progress array's memory (the child's reporter thread reads it). */
  onProgress?: (memory: SharedArrayBuffer) => void;
  /** Called when the snippet's first statement is about to run. */
  onStart?: () => void;
}

/** Compiles and runs with resolved options. */
export function traceWithOptions(source: string, options: ResolvedRunOptions, host: RunHost): Trace {
  const t0 = performance.now();
  const tooBig = checkSourceLimits(source);
  if (tooBig !== null) return errorTrace(tooBig, options.file, { parseMs: performance.now() - t0, runMs: 0, totalMs: Date.now() - host.startedAt });
  const python = options.language === "python";
  const compiled = python ? compilePython(source) : compileSnippet(source, options.file ?? "snippet.ts");
  const parseMs = performance.now() - t0;
  if (!compiled.ok) return errorTrace(compiled.error, options.file, { parseMs, runMs: 0, totalMs: Date.now() - host.startedAt });
  const trace = runCompiled(compiled, { options, startedAt: host.startedAt, parseMs, guardMemory: host.guardMemory, onProgress: host.onProgress, onStart: host.onStart });
  // Python has its own words for its errors (`AttributeError: 'NoneType' object has no attribute 'zero_'`).
  return python ? pythonizeError(trace) : explainNumberSlip(explainNullGrad(trace, source), source);
}

/** Traces a snippet on this thread. Never throws for the snippet's own failures (they are in `trace.error`). */
export function traceInProcess(source: string, options?: RunOptions): Trace {
  return traceWithOptions(source, resolveOptions(options), { startedAt: Date.now(), guardMemory: false });
}
