/**
 * Finds the `.backward(...)` and `torch.autograd.grad(...)` calls of a snippet with the TypeScript parser, so that
 * calls inside strings and comments are never mistaken for real ones. The compiler is loaded on first use, not at
 * activation, from VS Code's own installation (see `compilerSearch`), in a worker thread (parseWorker.ts).
 */
import type * as ts from "typescript";
import { loadWithCodeCache } from "../runner/codeCache";
import { codeCacheDirFor } from "../runner/index";
import { findParseWorker, parseInWorker } from "./parseWorker";
import { collectPythonGradCalls } from "../python/gradCalls";
import { collectGradCalls, type GradCall } from "./tsGradCalls";

export { collectGradCalls, type GradCall };

let compiler: typeof ts | null = null;

/**
 * Fallback when no parser worker can be started: the compiler on this thread. VS Code's typescript.js is 9 MB and
 * compiling it here blocks the extension host's thread (150 ms quiet, 700 ms while the workbench starts), so it goes
 * through the same verified code cache as the worker (codeCache.ts); the cache is refreshed after the first parse
 * (so it holds what parsing compiled lazily), off the critical path.
 */
function requireWithCodeCache(file: string): unknown {
  const mod = loadWithCodeCache(file, codeCacheDirFor(findParseWorker()));
  if (!mod.cacheUsed) setTimeout(() => mod.saveCache(), 5000).unref();
  return mod.exports;
}

/**
 * VS Code ships the TypeScript compiler with its built-in TypeScript extension (appRoot/extensions/node_modules);
 * using that one keeps ours out of the extension bundle (it would add 9 MB to parse at activation). Set by
 * extension.ts; tests may point it elsewhere.
 */
export const compilerSearch: { paths: string[] } = { paths: [] };

/** Loads the TypeScript compiler once; later calls are free. Throws when no compiler is found. */
export async function loadCompiler(): Promise<typeof ts> {
  if (compiler !== null) return compiler;
  for (const p of compilerSearch.paths) {
    try {
      // Read at run time from VS Code's installation: never bundled.
      const mod = requireWithCodeCache(p) as typeof ts;
      if (typeof mod.createSourceFile === "function") return (compiler = mod);
    } catch {
      // Try the next location.
    }
  }
  throw new Error(`TypeScript compiler not found in ${compilerSearch.paths.join(", ")}`);
}

/** Whether a parser worker (and VS Code's compiler) may be started: not in a restricted workspace. */
export const parserPolicy: { workerAllowed: () => boolean } = { workerAllowed: () => true };

/** Which parser found the calls of the last text parsed (tests, diagnostics). */
export type ParsedBy = "worker" | "in-process" | "scan" | "python";
let parsedBy: ParsedBy | null = null;
export function lastParsedBy(): ParsedBy | null {
  return parsedBy;
}

/** Parse cache: CodeLens, quick fixes and runs ask for the same text repeatedly. */
let cache: { text: string; calls: GradCall[] } | null = null;

/** All gradient calls in `text`, in source order. A Python snippet is parsed here with @lezer/python (light and fast). */
export async function findGradCalls(text: string, languageId = "typescript"): Promise<GradCall[]> {
  if (languageId === "python") {
    parsedBy = "python";
    return collectPythonGradCalls(text);
  }
  if (cache !== null && cache.text === text) return cache.calls;
  if (!parserPolicy.workerAllowed()) {
    parsedBy = "scan";
    return scanGradCalls(text);
  }
  // Off the extension host's thread first; in this thread only if no worker could be started.
  let calls = compiler === null ? await parseInWorker(text, compilerSearch.paths) : null;
  let by: ParsedBy = "worker";
  if (calls === null) {
    try {
      calls = collectGradCalls(await loadCompiler(), text);
      by = "in-process";
    } catch {
      // A VS Code without its TypeScript extension: a line scan still finds the calls (comments are skipped).
      calls = scanGradCalls(text);
      by = "scan";
    }
  }
  parsedBy = by;
  cache = { text, calls };
  return calls;
}

/** Fallback without a parser: `.backward(` and `autograd.grad(` outside line and block comments, line by line. */
export function scanGradCalls(text: string): GradCall[] {
  const calls: GradCall[] = [];
  const lines = text.split("\n");
  let offset = 0;
  let inBlock = false;
  for (let line = 0; line < lines.length; line++) {
    const raw = lines[line]!;
    // Blank out comments, keeping columns.
    let code = "";
    for (let i = 0; i < raw.length; i++) {
      if (inBlock) {
        if (raw.startsWith("*/", i)) (inBlock = false), (code += "  "), i++;
        else code += " ";
      } else if (raw.startsWith("/*", i)) (inBlock = true), (code += "  "), i++;
      else if (raw.startsWith("//", i)) break;
      else code += raw[i];
    }
    for (const m of code.matchAll(/\.(backward|autograd\.grad)\s*\(/g)) {
      const kind: GradCall["kind"] = m[1] === "backward" ? "backward" : "autograd.grad";
      const open = m.index + m[0].length;
      const rest = code.slice(open).trimStart();
      const from = receiverStart(code, m.index);
      if (from === m.index) continue; // no receiver: not a call on a tensor
      calls.push({
        kind,
        start: { line, character: from },
        end: { line, character: Math.max(code.indexOf(")", open) + 1, open) },
        receiver: kind === "backward" ? code.slice(from, m.index) : null,
        argsStart: offset + open,
        argCount: rest.startsWith(")") ? 0 : 1,
        firstArgIsOptions: rest.startsWith("{"),
      });
    }
    offset += raw.length + 1;
  }
  return calls;
}

/** Start of the member-access chain ending at `end` (`y.sum()` in `y.sum().backward(`), balancing brackets. */
function receiverStart(code: string, end: number): number {
  let i = end;
  let depth = 0;
  while (i > 0) {
    const c = code[i - 1]!;
    if (c === ")" || c === "]") depth++;
    else if (c === "(" || c === "[") {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && !/[\w$.!]/.test(c)) break;
    i--;
  }
  return i;
}
