/**
 * The whole pipeline (compile, instrument, run, record) on the calling thread, with the compiler loaded up front:
 * for unit tests and the bench. The loop guards and V8's watchdog still enforce the timeout; the memory cap needs
 * the child (its heap is the snippet's own). The child runs the same pipeline (pipeline.ts) with the compiler
 * loaded on demand (worker.ts).
 */
import type { Trace } from "../protocol.js";
import type { CompileResult } from "./compile.js";
import { compiler } from "./compiler.js";
import { type ResolvedRunOptions, resolveOptions, type RunOptions } from "./options.js";
import { compileWithin, explainError, type RunHost, runPipeline } from "./pipeline.js";
import { finishTrace, type RawTrace } from "./traceResult.js";

export type { RunHost } from "./pipeline.js";

/** The compile a run of `source` would do, or null for a source past the limits (its run fails before compiling). */
export function compileFor(source: string, options: ResolvedRunOptions): CompileResult | null {
  return compileWithin(source, options, compiler);
}

/**
 * Compiles and runs with resolved options (pipeline.ts `runPipeline`). `ahead`: this very source's compile, done
 * before (compileAhead.ts); the caller has checked it is the same source, language and file.
 */
export function traceWithOptions(source: string, options: ResolvedRunOptions, host: RunHost, ahead?: CompileResult): Trace | RawTrace {
  return runPipeline(source, options, host, ahead === undefined ? compiler : { ...compiler, compile: () => ahead });
}

/** Traces a snippet on this thread. Never throws for the snippet's own failures (they are in `trace.error`). */
export function traceInProcess(source: string, options?: RunOptions): Trace {
  const resolved = resolveOptions(options);
  return finishTrace(traceWithOptions(source, resolved, { startedAt: Date.now(), guardMemory: false }), (t) => explainError(t, source, resolved, compiler));
}
