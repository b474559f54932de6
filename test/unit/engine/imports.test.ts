/**
 * The engine's module graph (value imports only: `import type` and all-type specifiers vanish at run time):
 * - no import cycle (issue 9: ops used to import Tensor while tensor.ts imported every op, a 14-file cycle);
 * - tensor.ts imports no op (methods are installed by the op modules, see ops/method.ts);
 * - nothing outside src/engine, so the engine can load inside the snippet's realm (no Node built-ins).
 * Until the repository's ESLint config carries import-x/no-cycle, this test is the rule.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(__dirname, "../../../src/engine");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : n.endsWith(".ts") ? [p] : [];
  });
}

/** Specifiers of the imports and re-exports of `file` that exist at run time. */
export function valueImports(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, false);
  const out: string[] = [];
  for (const st of src.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const c = st.importClause;
      if (c === undefined) { out.push(st.moduleSpecifier.text); continue; } // side-effect import
      if (c.isTypeOnly) continue;
      const nb = c.namedBindings;
      const allTypes = c.name === undefined && nb !== undefined && ts.isNamedImports(nb) && nb.elements.length > 0 && nb.elements.every((e) => e.isTypeOnly);
      if (!allTypes) out.push(st.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier !== undefined && ts.isStringLiteral(st.moduleSpecifier)) {
      if (st.isTypeOnly) continue;
      const ec = st.exportClause;
      if (ec !== undefined && ts.isNamedExports(ec) && ec.elements.length > 0 && ec.elements.every((e) => e.isTypeOnly)) continue;
      out.push(st.moduleSpecifier.text);
    }
  }
  return out;
}

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of files(ROOT)) {
    g.set(f, valueImports(f).map((s) => (s.startsWith(".") ? resolve(dirname(f), s.replace(/\.js$/, ".ts")) : s)));
  }
  return g;
}

const rel = (p: string): string => (p.startsWith("/") ? relative(ROOT, p) : p);

test("the engine has no import cycle", () => {
  const g = graph();
  const state = new Map<string, 1 | 2>();
  const cycles: string[] = [];
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 1);
    stack.push(f);
    for (const d of g.get(f) ?? []) {
      if (!g.has(d)) continue;
      if (state.get(d) === 1) cycles.push([...stack.slice(stack.indexOf(d)), d].map(rel).join(" → "));
      else if (state.get(d) === undefined) visit(d);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of g.keys()) if (state.get(f) === undefined) visit(f);
  assert.deepEqual(cycles, []);
});

test("tensor.ts imports no op module", () => {
  const deps = graph().get(join(ROOT, "tensor.ts"))!.map(rel);
  assert.deepEqual(deps.filter((d) => d.startsWith("ops/") || d === "autograd/backward.ts" || d === "autograd/record.ts"), []);
});

test("the engine imports nothing outside src/engine (it may run inside the snippet's realm)", () => {
  const outside: string[] = [];
  for (const [f, deps] of graph()) for (const d of deps) if (!d.startsWith(ROOT)) outside.push(`${rel(f)} → ${rel(d)}`);
  assert.deepEqual(outside, []);
});

test("the cycle check sees value imports and ignores type-only ones", () => {
  // Guards the parser above: a test that cannot see imports could never fail.
  assert.ok(valueImports(join(ROOT, "ops/unary.ts")).includes("../tensor.js"));
  assert.ok(!valueImports(join(ROOT, "tensor.ts")).includes("./autograd/node.js"), "import type must not count");
  assert.ok(valueImports(join(ROOT, "index.ts")).includes("./ops/inplace.js"), "side-effect imports count");
});
