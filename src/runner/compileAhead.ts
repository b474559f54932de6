/**
 * The compile of the text being edited, made by a warm spare child while it waits for its request (worker.ts): a
 * request for exactly that source, language and file runs it instead of compiling again, so a re-run on save does
 * not wait for TypeScript (or the Python translator and then TypeScript). Nothing of a compiled text runs before
 * that request, and a compile is used by one run at most.
 */
import type { CompileResult } from "./compile.js";
import type { ResolvedRunOptions } from "./options.js";

/** The part of a run request a compile depends on. */
export interface CompileRequest {
  source: string;
  options: ResolvedRunOptions;
}

export class CompileAhead {
  /** `compile`: the compile a run of the text would do, null past the source limits (pipeline.ts `compileWithin`). */
  constructor(private readonly compile: (source: string, options: ResolvedRunOptions) => CompileResult | null) {}

  private last: { source: string; language: string; file: string | null; compiled: CompileResult } | null = null;

  private fits(r: CompileRequest): boolean {
    const a = this.last;
    return a !== null && a.source === r.source && a.language === r.options.language && a.file === r.options.file;
  }

  /** Compiles `r` (replacing the last one) unless it is the last one; a source past the limits is not compiled. */
  prepare(r: CompileRequest): void {
    if (this.fits(r)) return;
    const compiled = this.compile(r.source, r.options);
    this.last = compiled === null ? null : { source: r.source, language: r.options.language, file: r.options.file, compiled };
  }

  /** The compile made ahead for exactly `r`, once; undefined if there is none (the run compiles for itself). */
  take(r: CompileRequest): CompileResult | undefined {
    const compiled = this.fits(r) ? this.last?.compiled : undefined;
    this.last = null;
    return compiled;
  }
}
