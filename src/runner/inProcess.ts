/**
 * The whole pipeline (compile, instrument, run, record) on the calling thread: for unit tests and the bench, and
 * inside the runner's child process. The loop guards and V8's watchdog still enforce the timeout; the memory cap
 * needs the child (its heap is the snippet's own).
 */
import type { Trace } from "../protocol.js";
import { compilePython } from "../python/compile.js";
import { type CompileResult, compileSnippet } from "./compile.js";
import { errorTrace } from "./errorTrace.js";
import { type ResolvedRunOptions, resolveOptions, type RunOptions } from "./options.js";
import { explainNullGrad } from "./nullGrad.js";
import { explainNumberSlip } from "./numberSlip.js";
import { openRun } from "./sandbox.js";
import { finishTrace, isRawTrace, type RawTrace } from "./traceResult.js";
import { pythonizeError } from "../python/pythonize.js";
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

/** The compile of a source within the limits, as the run does it (TypeScript, or Python translated). */
function compileChecked(source: string, options: ResolvedRunOptions): CompileResult {
  return options.language === "python" ? compilePython(source) : compileSnippet(source, options.file ?? "snippet.ts");
}

/** The compile a run of `source` would do, or null for a source past the limits (its run fails before compiling). */
export function compileFor(source: string, options: ResolvedRunOptions): CompileResult | null {
  return checkSourceLimits(source) === null ? compileChecked(source, options) : null;
}

/**
 * Compiles and runs with resolved options. A run that got as far as the snippet's realm comes back as that realm's
 * unchecked JSON text (`RawTrace`): the child sends it on as it is, and `finishTrace` reads it where it is used.
 * `ahead`: this very source's compile, done before the request came (a spare compiles the text being edited,
 * worker.ts); the caller has checked it is the same source, language and file.
 */
export function traceWithOptions(source: string, options: ResolvedRunOptions, host: RunHost, ahead?: CompileResult): Trace | RawTrace {
  const t0 = performance.now();
  const tooBig = checkSourceLimits(source);
  if (tooBig !== null) return errorTrace(tooBig, options.file, { parseMs: performance.now() - t0, runMs: 0, totalMs: Date.now() - host.startedAt });
  const compiled = ahead ?? compileChecked(source, options);
  // What the run waited for: with a compile done ahead, only the check above.
  const parseMs = performance.now() - t0;
  if (!compiled.ok) return errorTrace(compiled.error, options.file, { parseMs, runMs: 0, totalMs: Date.now() - host.startedAt });
  const r = openRun(compiled, { options, startedAt: host.startedAt, parseMs, guardMemory: host.guardMemory, onProgress: host.onProgress, onStart: host.onStart }).run();
  // Only a runtime error gets worded (and those explanations need the compiler, which only this side has); any other
  // run goes on as the realm's text, unread.
  return isRawTrace(r) && r.errorKind === "runtime" ? finishTrace(r, (t) => explain(t, source, options)) : r;
}

/** A runtime error in the learner's words (Python's names; a number where a tensor was meant; a null `.grad`). */
function explain(trace: Trace, source: string, options: ResolvedRunOptions): Trace {
  return options.language === "python" ? pythonizeError(trace) : explainNumberSlip(explainNullGrad(trace, source), source);
}

/** Traces a snippet on this thread. Never throws for the snippet's own failures (they are in `trace.error`). */
export function traceInProcess(source: string, options?: RunOptions): Trace {
  const resolved = resolveOptions(options);
  return finishTrace(traceWithOptions(source, resolved, { startedAt: Date.now(), guardMemory: false }), (t) => explain(t, source, resolved));
}
