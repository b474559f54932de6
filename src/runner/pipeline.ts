/**
 * One run's pipeline (limits, compile, realm run, wording of a runtime error) with the compiler handed in, so that
 * this file and what it imports stay free of the TypeScript compiler: in the runner's child it is the light bundle
 * (dist/worker.js), which loads the compiler part (dist/compiler.js, compiler.ts) only when a run has to compile
 * (worker.ts); tests, the bench and `traceInProcess` hand in the compiler itself (inProcess.ts).
 */
import type { Trace } from "../protocol.js";
import { pythonizeError } from "../python/pythonize.js";
import type { CompileResult } from "./compile.js";
import { errorTrace } from "./errorTrace.js";
import { explainNullGrad } from "./nullGrad.js";
import type { ResolvedRunOptions } from "./options.js";
import { openRun } from "./sandbox.js";
import { checkSourceLimits } from "./sourceLimits.js";
import { finishTrace, isRawTrace, type RawTrace } from "./traceResult.js";

/** What a run needs of the compiler part (compiler.ts). */
export interface Compiling {
  /** The compile of a source within the limits (TypeScript, or Python translated). */
  compile(source: string, options: ResolvedRunOptions): CompileResult;
  /** A runtime error that is a number-from-arithmetic slip, explained (it parses the source); else `trace`. */
  explainNumberSlip(trace: Trace, source: string): Trace;
}

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

/** The compile a run of `source` would do, or null for a source past the limits (its run fails before compiling). */
export function compileWithin(source: string, options: ResolvedRunOptions, compiling: Compiling): CompileResult | null {
  return checkSourceLimits(source) === null ? compiling.compile(source, options) : null;
}

/**
 * Compiles and runs with resolved options. A run that got as far as the snippet's realm comes back as that realm's
 * unchecked JSON text (`RawTrace`): the child sends it on as it is, and `finishTrace` reads it where it is used.
 * `compiling.compile` may answer from a compile made before the request (ahead, or the compile cache): then
 * `parseMs` is what the run waited for, not a compile.
 */
export function runPipeline(source: string, options: ResolvedRunOptions, host: RunHost, compiling: Compiling): Trace | RawTrace {
  const t0 = performance.now();
  const tooBig = checkSourceLimits(source);
  if (tooBig !== null) return errorTrace(tooBig, options.file, { parseMs: performance.now() - t0, runMs: 0, totalMs: Date.now() - host.startedAt });
  const compiled = compiling.compile(source, options);
  const parseMs = performance.now() - t0;
  if (!compiled.ok) return errorTrace(compiled.error, options.file, { parseMs, runMs: 0, totalMs: Date.now() - host.startedAt });
  const r = openRun(compiled, { options, startedAt: host.startedAt, parseMs, guardMemory: host.guardMemory, onProgress: host.onProgress, onStart: host.onStart }).run();
  // Only a runtime error gets worded; any other run goes on as the realm's text, unread.
  return isRawTrace(r) && r.errorKind === "runtime" ? finishTrace(r, (t) => explainError(t, source, options, compiling)) : r;
}

/** A runtime error in the learner's words (Python's names; a number where a tensor was meant; a null `.grad`). */
export function explainError(trace: Trace, source: string, options: ResolvedRunOptions, compiling: Compiling): Trace {
  return options.language === "python" ? pythonizeError(trace) : compiling.explainNumberSlip(explainNullGrad(trace, source), source);
}
