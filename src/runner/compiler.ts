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

export const compiler: Compiling = {
  compile: (source, options) => (options.language === "python" ? compilePython(source) : compileSnippet(source, options.file ?? "snippet.ts")),
  explainNumberSlip,
};
