/**
 * A `.py` snippet → the same CompiledSnippet the TypeScript path produces: translate (translate.ts), then the
 * runner's own compile + instrument pass on the translation, then every position the run will report (call,
 * binding and loop sites; stack frames through the composed source map) moved to the Python file.
 */
import type { RunError, SourceRange } from "../protocol.js";
import { type CompileResult, compileSnippet } from "../runner/compile.js";
import { PythonProblem } from "./parse.js";
import { ComposedMap, LineIndex, PythonPositions } from "./positionMap.js";
import { translatePython } from "./translate.js";

export interface PythonCompileOptions {
  /** Show every top-level expression statement's value, as a notebook cell would (conformance tests). */
  displayTopLevel?: boolean;
}

function problemError(p: PythonProblem, source: string): RunError {
  const lines = new LineIndex(source);
  const a = lines.position(p.from);
  const b = lines.position(p.to);
  return { kind: p.kind === "syntax" ? "syntax" : "forbidden", message: p.message, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

export function compilePython(source: string, opts: PythonCompileOptions = {}): CompileResult {
  let translation;
  try {
    translation = translatePython(source, { mode: "run", displayTopLevel: opts.displayTopLevel === true });
  } catch (e) {
    if (e instanceof PythonProblem) return { ok: false, error: problemError(e, source) };
    throw e;
  }
  const compiled = compileSnippet(translation.code, "snippet.ts");
  const positions = new PythonPositions(translation.code, source, translation.out.segments);
  const range = (r: SourceRange): SourceRange => positions.range(r);
  if (!compiled.ok) {
    // A name the sandbox forbids (`process`, `globalThis`) or, if the translator slipped, TypeScript's syntax error.
    const e = compiled.error;
    const p = positions.position(e.line, e.column);
    return { ok: false, error: { ...e, line: p?.line ?? 1, column: p?.column ?? 1, endLine: undefined, endColumn: undefined } };
  }
  const pyName = (n: string): string => translation.renamed.get(n) ?? n;
  const tables = {
    calls: compiled.tables.calls.map(range),
    binds: compiled.tables.binds.map((b) => ({ ...b, name: pyName(b.name), range: range(b.range) })),
    loops: compiled.tables.loops.map((l) => {
      const p = positions.position(l.line, l.column);
      return { ...l, line: p?.line ?? l.line, column: p?.column ?? l.column };
    }),
  };
  return {
    ok: true,
    code: compiled.code,
    sourceMap: new ComposedMap(compiled.sourceMap, positions),
    tables,
    // The runtime helpers (`$py`) are installed by the snippet's realm itself (runner/realmRun.ts).
    positions: { kind: "python", mappings: compiled.positions.mappings, generated: translation.code, source, segments: translation.out.segments },
  };
}

// Kept light (no compiler) for the runner's parent, which words a child's Trace: see pythonize.ts.
export { pythonizeError } from "./pythonize.js";
