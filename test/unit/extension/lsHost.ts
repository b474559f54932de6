/**
 * A real TypeScript LanguageService over one in-memory snippet, with `autograd-lens` resolved to the engine's
 * sources (as examples/node_modules/autograd-lens does), wrapped by the TS plugin's `withSlips`. What tsserver does
 * with the plugin, minus the server.
 */
import * as ts from "typescript";
import { join } from "node:path";
import { withSlips } from "../../../src/extension/tsPlugin";

export const ROOT = join(__dirname, "..", "..", "..");
const ENGINE = join(ROOT, "src", "engine", "index.ts");
const FILE = join(ROOT, "test", "unit", "extension", "__snippet__.ts");

export interface Snippet {
  ls: ts.LanguageService;
  file: string;
  text(): string;
  /** Replaces the snippet's text (a new version). */
  set(text: string): void;
}

export function snippet(initial: string): Snippet {
  let text = initial;
  let version = 1;
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true, skipLibCheck: true, types: ["node"], noEmit: true,
  };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [FILE],
    getScriptVersion: (f) => (f === FILE ? String(version) : "1"),
    getScriptSnapshot: (f) => {
      const content = f === FILE ? text : ts.sys.readFile(f);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === FILE || ts.sys.fileExists(f),
    readFile: (f) => (f === FILE ? text : ts.sys.readFile(f)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    resolveModuleNames: (names, containing) =>
      names.map((n) => (n === "autograd-lens" ? { resolvedFileName: ENGINE, extension: ts.Extension.Ts, isExternalLibraryImport: false } : ts.resolveModuleName(n, containing, options, ts.sys).resolvedModule)),
  };
  const ls = withSlips(ts, ts.createLanguageService(host, ts.createDocumentRegistry()));
  return { ls, file: FILE, text: () => text, set: (t) => { text = t; version++; } };
}

/** Applies every text change of one code fix to the snippet's text. */
export function applyFix(s: Snippet, fix: ts.CodeFixAction): string {
  const changes = fix.changes.flatMap((c) => c.textChanges).sort((a, b) => b.span.start - a.span.start);
  let out = s.text();
  for (const c of changes) out = out.slice(0, c.span.start) + c.newText + out.slice(c.span.start + c.span.length);
  return out;
}
