/**
 * Finds the `.backward(...)` and `torch.autograd.grad(...)` calls of a snippet with the TypeScript parser, so that
 * calls inside strings and comments are never mistaken for real ones. The compiler is loaded on first use, not at
 * activation, from VS Code's own installation (see `compilerSearch`), in a worker thread (parseWorker.ts).
 */
import type * as ts from "typescript";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import Module from "node:module";
import path from "node:path";
import vm from "node:vm";
import { compilerCachePath, parseInWorker } from "./parseWorker";
import { collectPythonGradCalls } from "../python/gradCalls";

/** One gradient call, 0-based positions as in the editor. */
export interface GradCall {
  kind: "backward" | "autograd.grad";
  /** Range of the whole call expression. */
  start: { line: number; character: number };
  end: { line: number; character: number };
  /** Source text of the tensor `backward` is called on (`y` in `y.backward()`); null for autograd.grad. */
  receiver: string | null;
  /** Offsets (in the document text) just inside the call's parentheses, and the argument count. */
  argsStart: number;
  argCount: number;
  /** True when the first argument is an object literal (options only, no gradient given). */
  firstArgIsOptions: boolean;
}

let compiler: typeof ts | null = null;

/**
 * Fallback when no parser worker can be started. Loads a CommonJS file like `require` but compiled with a V8 code
 * cache in the OS temp folder. VS Code's
 * typescript.js is 9 MB and `require` compiles it on the extension host's thread: measured 150 ms on a quiet
 * machine and 700 ms while the workbench starts, which delays the graph view's first paint (its messages wait for
 * this thread). From the cache the same load takes a third of that. The cache is written after the first parse
 * (so it holds what parsing compiled lazily), off the critical path; a stale or foreign cache is rejected by V8.
 */
function requireWithCodeCache(file: string): unknown {
  const cachePath = compilerCachePath(file);
  let cached: Buffer | undefined;
  try {
    cached = readFileSync(cachePath);
  } catch {
    cached = undefined;
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, cachedData: cached });
  const mod = { exports: {} as unknown };
  (script.runInThisContext() as (...a: unknown[]) => void).call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  if (cached === undefined || script.cachedDataRejected === true) {
    setTimeout(() => {
      try {
        const tmp = `${cachePath}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cachePath);
      } catch {
        // No cache next time; loading still works.
      }
    }, 5000).unref();
  }
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

/** Parse cache: CodeLens, quick fixes and runs ask for the same text repeatedly. */
let cache: { text: string; calls: GradCall[] } | null = null;

/** All gradient calls in `text`, in source order. A Python snippet is parsed here with @lezer/python (light and fast). */
export async function findGradCalls(text: string, languageId = "typescript"): Promise<GradCall[]> {
  if (languageId === "python") return collectPythonGradCalls(text);
  if (cache !== null && cache.text === text) return cache.calls;
  if (!parserPolicy.workerAllowed()) return scanGradCalls(text);
  // Off the extension host's thread first; in this thread only if no worker could be started.
  let calls = compiler === null ? await parseInWorker(text, compilerSearch.paths, collectGradCalls) : null;
  if (calls === null) {
    try {
      calls = collectGradCalls(await loadCompiler(), text);
    } catch {
      // A VS Code without its TypeScript extension: a line scan still finds the calls (comments are skipped).
      calls = scanGradCalls(text);
    }
  }
  cache = { text, calls };
  return calls;
}

/**
 * The gradient calls in the parse tree of `text`. Self-contained (no module-level names): its source text also runs
 * in the parser worker (parseWorker.ts).
 */
export function collectGradCalls(t: typeof ts, text: string): GradCall[] {
  const sf = t.createSourceFile("snippet.ts", text, t.ScriptTarget.Latest, true, t.ScriptKind.TS);
  const calls: GradCall[] = [];
  const visit = (node: ts.Node): void => {
    if (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression)) {
      const callee = node.expression;
      const name = callee.name.text;
      let kind: GradCall["kind"] | null = null;
      if (name === "backward") kind = "backward";
      else if (name === "grad" && t.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === "autograd") kind = "autograd.grad";
      if (kind !== null) {
        const s = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        const e = sf.getLineAndCharacterOfPosition(node.getEnd());
        const first = node.arguments[0];
        calls.push({
          kind,
          start: { line: s.line, character: s.character },
          end: { line: e.line, character: e.character },
          receiver: kind === "backward" ? callee.expression.getText(sf) : null,
          argsStart: node.arguments.pos,
          argCount: node.arguments.length,
          firstArgIsOptions: first !== undefined && t.isObjectLiteralExpression(first),
        });
      }
    }
    t.forEachChild(node, visit);
  };
  visit(sf);
  calls.sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
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
