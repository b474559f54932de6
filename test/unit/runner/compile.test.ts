// The instrumentation pass on its own (no engine): syntax diagnostics, the sandbox's static checks, and the
// naming / call / loop tables every naming form produces.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileSnippet, type CompileResult, type CompiledSnippet } from "../../../src/runner/compile.js";

const HEAD = 'import * as torch from "autograd-lens";\n';

function compiled(src: string): CompiledSnippet {
  const r = compileSnippet(src);
  assert.ok(r.ok, `expected to compile: ${r.ok ? "" : JSON.stringify(r.error)}`);
  return r;
}

function failure(src: string): Extract<CompileResult, { ok: false }>["error"] {
  const r = compileSnippet(src);
  assert.ok(!r.ok, "expected a compile failure");
  return r.error;
}

test("syntax errors come back as TypeScript diagnostics with 1-based line and column", () => {
  const e = failure(HEAD + "const x = torch.ones(3;\n");
  assert.equal(e.kind, "syntax");
  assert.equal(e.line, 2);
  assert.equal(e.column, 23);
  assert.match(e.message, /^TS1005: '\)' expected\.$/);
});

test("an unterminated string is reported where it starts", () => {
  const e = failure(HEAD + "\nconst s = 'abc\n");
  assert.equal(e.kind, "syntax");
  assert.equal(e.line, 3);
  assert.ok(e.column >= 11 && e.column <= 15, `column ${e.column}`);
});

const forbidden: Array<[string, string, number, number, RegExp]> = [
  ["another module", 'import * as fs from "fs";\n', 1, 21, /Only "autograd-lens" can be imported in a snippet, not "fs"/],
  ["a named import of node:child_process", HEAD + 'import { exec } from "node:child_process";\n', 2, 22, /not "node:child_process"/],
  ["require", HEAD + 'const fs = require("fs");\n', 2, 12, /`require` is not available/],
  ["process", HEAD + "\nconsole.log(process.env.HOME);\n", 3, 13, /`process` is not available/],
  ["globalThis", HEAD + "const g = globalThis;\n", 2, 11, /`globalThis` is not available/],
  ["fetch", HEAD + 'fetch("http://example.com");\n', 2, 1, /no network access/],
  ["a dynamic import", HEAD + 'const m = import("fs");\n', 2, 11, /Dynamic `import\(\)`/],
  ["import = require", 'import fs = require("fs");\n', 1, 1, /Only "autograd-lens"/],
  [".constructor", HEAD + 'const F = torch.ones.constructor;\n', 2, 22, /`\.constructor` is not available/],
  ['["constructor"]', HEAD + 'const F = torch.ones["constructor"];\n', 2, 22, /not available in snippets/],
  ["export", HEAD + "export const x = torch.ones(2);\n", 2, 1, /`export` is not supported/],
  ["the reserved __lens name", HEAD + "__lens.torch;\n", 2, 1, /reserved/],
];
for (const [what, src, line, column, message] of forbidden) {
  test(`forbidden: ${what} fails on its line`, () => {
    const e = failure(src);
    assert.equal(e.kind, "forbidden");
    assert.equal(e.line, line, `line of ${what}`);
    assert.equal(e.column, column, `column of ${what}`);
    assert.match(e.message, message);
  });
}

test("names the snippet declares itself are not mistaken for forbidden globals", () => {
  compiled(HEAD + "const process = torch.ones(2);\nfunction f(require: number) { return require; }\nconst o = { fetch: 1 };\nconsole.log(o.fetch, process);\n");
});

test("types may mention anything: they vanish before run time", () => {
  compiled(HEAD + "type P = typeof process;\nlet b: Buffer | null = null;\nconsole.log(b);\n");
});

test("the engine import resolves to the embedded engine, in every import form", () => {
  const c = compiled('import torch, { tensor, ones as o, type Tensor } from "autograd-lens";\nimport type { Tensor as T2 } from "autograd-lens";\nexport {};\nconst t: Tensor = tensor([1]);\n');
  assert.match(c.code, /const torch = __lens\.torch, \{ tensor, ones: o \} = __lens\.torch;/);
  assert.doesNotMatch(c.code, /import|export|require/);
  assert.match(c.code, /^"use strict";/);
});

test("declarations, reassignments, destructuring, parameters and returns are all reported as bindings", () => {
  const src =
    HEAD +
    [
      "const x = torch.ones(2);", // 2
      "let b = x.mul(2);", // 3
      "b = b.mul(2);", // 4
      "const [g] = torch.autograd.grad(b.sum(), [x]);", // 5
      "const { shape } = x;", // 6
      "let p, q;", // 7
      "[p, q] = [x, b];", // 8
      "function f(a: torch.Tensor, { k }: { k: number }) { const h = a.mul(k); return h.add(1); }", // 9
      "const sq = (t: torch.Tensor) => t.mul(t);", // 10
      "for (const item of [x]) console.log(item);", // 11
    ].join("\n") +
    "\n";
  const c = compiled(src);
  const binds = c.tables.binds.map((b) => `${b.name}:${b.kind}:${b.topLevel ? "top" : "local"}@${b.range.startLine}:${b.range.startColumn}`);
  for (const expected of [
    "x:declaration:top@2:7",
    "b:declaration:top@3:5",
    "b:assignment:top@4:1",
    "g:declaration:top@5:8",
    "shape:declaration:top@6:9",
    "p:assignment:top@8:2",
    "q:assignment:top@8:5",
    "a:parameter:local@9:12",
    "k:parameter:local@9:31",
    "h:declaration:local@9:59",
    "f():return:local@9:80",
    "t:parameter:local@10:13",
    "sq():return:local@10:33",
    "item:declaration:local@11:12",
  ])
    assert.ok(binds.includes(expected), `missing ${expected} in\n${binds.join("\n")}`);
});

test("a shadowing local is not a top-level variable", () => {
  const c = compiled(HEAD + "let y = torch.ones(1);\nfunction g() { let y = torch.zeros(1); y = y.add(1); return y; }\ny = g();\n");
  const ys = c.tables.binds.filter((b) => b.name === "y").map((b) => `${b.range.startLine}:${b.topLevel}`);
  assert.deepEqual(ys, ["2:true", "3:false", "3:false", "4:true"]);
});

test("every loop form gets a guard that knows its line", () => {
  const src = HEAD + "let i = 0;\nwhile (i < 3) i++;\ndo { i--; } while (i > 0);\nfor (let j = 0; j < 2; j++) {}\nfor (const k in { a: 1 }) {}\nouter: for (const v of [1, 2]) { for (;;) { continue outer; } }\n";
  const c = compiled(src);
  assert.deepEqual(
    c.tables.loops.map((l) => `${l.keyword}@${l.line}:${l.column}`),
    // Inner loops are numbered first (the walk rewrites children before parents).
    ["while@3:1", "do@4:1", "for@5:1", "for@6:1", "for@7:34", "for@7:8"],
  );
  assert.equal((c.code.match(/__lens\.t\(/g) ?? []).length, 6);
  assert.equal((c.code.match(/__lens\.e\(/g) ?? []).length, 6);
  // The labelled loop is wrapped outside its label, so `continue outer` still names a loop.
  assert.match(c.code, /try \{\s*outer: for/);
  // The compiled code is valid JavaScript.
  assert.doesNotThrow(() => new Function(c.code.replace(/^"use strict";/, "")));
});

test("every call is reported with its range, innermost first", () => {
  const c = compiled(HEAD + "const y = torch.dot(x, x).mul(2);\n");
  assert.deepEqual(
    c.tables.calls.map((r) => `${r.startLine}:${r.startColumn}-${r.endLine}:${r.endColumn}`),
    ["2:11-2:26", "2:11-2:33"],
  );
});

test("the source map leads from the compiled code back to the snippet", () => {
  const src = HEAD + "const a = torch.ones(2);\n\n\nconst b = a.mul(3);\n";
  const c = compiled(src);
  const lines = c.code.split("\n");
  const genLine = lines.findIndex((l) => l.includes("a.mul(3)")) + 1;
  const genCol = (lines[genLine - 1] ?? "").indexOf("a.mul(3)") + 1;
  assert.deepEqual(c.sourceMap.originalPosition(genLine, genCol), { line: 5, column: 11 });
});
