/**
 * The runner's compiler part (dist/compiler.js): everything a run needs the TypeScript compiler for (9 MB of the
 * runner's 10 MB) — the compile + instrument pass, the Python translation that feeds it, and the number-slip
 * explanation that parses the source. The runner's child loads it, through the verified code cache, only when a run
 * has to compile (no compile cache entry, no compile made ahead) or a warm spare prepares (worker.ts); the rest of
 * the run (the realm, the recorder, the Trace) is the light bundle. In-process callers import it directly.
 */
import { compilePython } from "../python/compile.js";
import { compileSnippet } from "./compile.js";
import { explainNumberSlip } from "./numberSlip.js";
import type { Compiling } from "./pipeline.js";

/**
 * Set on this process's global object when this part's code runs (whoever loads it): the runner's child reports it
 * (its `compilerLoaded` mark), and the tests check a run from the compile cache never set it. Host realm only: the
 * snippet's realm has a global object of its own.
 */
export const COMPILER_LOADED = Symbol.for("autograd-lens.compilerLoaded");
(globalThis as Record<symbol, unknown>)[COMPILER_LOADED] = true;

export const compiler: Compiling = {
  compile: (source, options) => (options.language === "python" ? compilePython(source) : compileSnippet(source, options.file ?? "snippet.ts")),
  explainNumberSlip,
};
