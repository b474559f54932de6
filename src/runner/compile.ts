/**
 * TypeScript source → instrumented JavaScript, in one pass of the TypeScript compiler (parse, strip types,
 * instrument, emit with a source map). Syntax errors come back as TypeScript diagnostics with line and column;
 * forbidden constructs as the instrumenter's errors.
 */
import ts from "typescript";
import type { RunError } from "../protocol.js";
import { instrumentTransformer } from "./instrument.js";
import type { Segment } from "../python/emit.js";
import type { SiteTables } from "./sites.js";
import { type PositionMap, SnippetSourceMap } from "./sourceMap.js";

/** A snippet ready to run. */
export interface CompiledSnippet {
  ok: true;
  code: string;
  sourceMap: PositionMap;
  tables: SiteTables;
  /** `sourceMap` as plain data: the snippet's realm, which shares no object with the host, rebuilds it from this. */
  positions: PositionSpec;
}

/**
 * How to rebuild a snippet's position map inside its realm. A Python snippet's also says that realm needs the
 * Python runtime (`$py`), which must live there too, on that realm's engine.
 */
export type PositionSpec =
  | { kind: "typescript"; mappings: string }
  | { kind: "python"; mappings: string; generated: string; source: string; segments: Segment[] };

export type CompileResult = CompiledSnippet | { ok: false; error: RunError };

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  sourceMap: true,
  inlineSources: false,
  removeComments: false,
  // Keep `const enum`s and friends working without a checker.
  isolatedModules: true,
  useDefineForClassFields: true,
};

function diagnosticToError(d: ts.Diagnostic): RunError {
  const message = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  if (d.file && d.start !== undefined) {
    const s = d.file.getLineAndCharacterOfPosition(d.start);
    const e = d.file.getLineAndCharacterOfPosition(d.start + (d.length ?? 0));
    return { kind: "syntax", message, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  }
  return { kind: "syntax", message, line: 1, column: 1 };
}

/** Compiles a snippet; never throws for problems in the snippet itself. */
export function compileSnippet(source: string, fileName = "snippet.ts"): CompileResult {
  const tables: SiteTables = { calls: [], binds: [], loops: [] };
  const problems: RunError[] = [];
  const out = ts.transpileModule(source, {
    compilerOptions: COMPILER_OPTIONS,
    fileName: fileName.endsWith(".ts") || fileName.endsWith(".tsx") ? fileName : `${fileName}.ts`,
    reportDiagnostics: true,
    transformers: { before: [instrumentTransformer(tables, problems)] },
  });
  const syntax = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  const firstSyntax = syntax[0];
  if (firstSyntax !== undefined) return { ok: false, error: diagnosticToError(firstSyntax) };
  const firstProblem = problems.sort((a, b) => a.line - b.line || a.column - b.column)[0];
  if (firstProblem !== undefined) return { ok: false, error: firstProblem };
  if (out.sourceMapText === undefined) return { ok: false, error: { kind: "internal", message: "TypeScript produced no source map", line: 1, column: 1 } };
  const map = JSON.parse(out.sourceMapText) as { mappings: string };
  // TypeScript keeps ES-module-ness with an `export {};` when every import was rewritten; the vm runs a script.
  const code = out.outputText.replace(/^export \{\};\s*$/m, "").replace(/^\/\/# sourceMappingURL=.*$/m, "");
  return { ok: true, code, sourceMap: new SnippetSourceMap(map.mappings), tables, positions: { kind: "typescript", mappings: map.mappings } };
}
