/**
 * Every Python snippet of test/conformance/python/ runs in Autograd Lens exactly as real PyTorch 1.13 ran the same
 * file (python_fixtures.json, written by gen_py_fixtures.py): the same printed text (and the value of each
 * top-level expression, as a notebook shows it), the same uncaught error on the same line, and the same values,
 * gradients, requires_grad and grad_fn of every tensor left in a variable (relative 1e-5).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compilePython, pythonizeError } from "../../src/python/compile.js";
import { errorTrace } from "../../src/runner/errorTrace.js";
import { resolveOptions } from "../../src/runner/options.js";
import { runCompiled } from "../../src/runner/sandbox.js";
import type { Trace } from "../../src/protocol.js";
import { closeEnough } from "./compare.js";

interface PyTensor {
  shape: number[];
  dtype: string;
  data: Array<number | string>;
  grad: Array<number | string> | null;
  requires_grad: boolean;
  grad_fn: string | null;
}

interface SnippetFixture {
  stdout: string;
  error: { type: string; message: string; line: number } | null;
  variables: Record<string, PyTensor>;
}

const dir = join(__dirname, "python");
const fixtures = JSON.parse(readFileSync(join(__dirname, "python_fixtures.json"), "utf8")) as { torch: string; snippets: Record<string, SnippetFixture> };
const files = readdirSync(dir).filter((f) => f.endsWith(".py")).sort();

/** Runs a snippet the way the runner does, with each top-level expression's value shown (as the fixtures do). */
function run(file: string): Trace {
  const source = readFileSync(join(dir, file), "utf8");
  const options = resolveOptions({ file, language: "python", timeoutMs: 20000 });
  const compiled = compilePython(source, { displayTopLevel: true });
  if (!compiled.ok) return errorTrace(compiled.error, file, { parseMs: 0, runMs: 0, totalMs: 0 });
  return pythonizeError(runCompiled(compiled, { options, startedAt: Date.now(), parseMs: 0, guardMemory: false }));
}

/** Object addresses (`<MulBackward0 object at 0x7f…>`) differ from run to run and from PyTorch. */
const normalize = (s: string): string => s.replace(/ at 0x[0-9a-f]+>/g, " at 0x…>");

const num = (v: number | string): number => (v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : Number(v));

function sameNumbers(e: Array<number | string> | null, a: ArrayLike<number> | null | undefined): boolean {
  if (e === null || a === null || a === undefined) return e === null && (a === null || a === undefined);
  if (e.length !== a.length) return false;
  return e.every((x, i) => closeEnough(num(x), Number(a[i])));
}

test("at least 40 Python snippets, each with a PyTorch fixture", () => {
  assert.ok(files.length >= 40, `only ${files.length} snippets`);
  assert.deepEqual(Object.keys(fixtures.snippets).sort(), files, "run npm run fixtures");
});

for (const file of files) {
  test(`python conformance: ${file}`, () => {
    const expected = fixtures.snippets[file];
    assert.ok(expected !== undefined, `no fixture for ${file}`);
    const source = readFileSync(join(dir, file), "utf8");
    const trace = run(file);
    const printed = trace.console.map((c) => `${c.text}\n`).join("");
    assert.equal(normalize(printed), normalize(expected.stdout), "printed output");
    if (expected.error === null) assert.equal(trace.error, null, `unexpected error: ${JSON.stringify(trace.error)}`);
    else {
      const e = trace.error;
      assert.ok(e !== null, `expected ${expected.error.type}: ${expected.error.message}`);
      const texts = [`${expected.error.type}: ${expected.error.message}`, expected.error.message];
      assert.ok(texts.includes(e.message), `error text: expected ${JSON.stringify(texts[0])}, got ${JSON.stringify(e.message)}`);
      assert.equal(e.line, expected.error.line, "error line");
    }
    if (source.includes("# conformance: outputs only")) return;
    for (const [name, t] of Object.entries(expected.variables)) {
      const v = trace.variables[name];
      assert.ok(v !== undefined, `variable ${name} missing from the Trace`);
      assert.deepEqual(v.shape, t.shape, `${name}.shape`);
      assert.ok(sameNumbers(t.data, v.data), `${name} data: expected ${JSON.stringify(t.data)}, got ${JSON.stringify(v.data)}`);
      assert.ok(sameNumbers(t.grad, v.grad), `${name}.grad: expected ${JSON.stringify(t.grad)}, got ${JSON.stringify(v.grad)}`);
      assert.equal(v.requires_grad, t.requires_grad, `${name}.requires_grad`);
      assert.equal(v.grad_fn, t.grad_fn, `${name}.grad_fn`);
    }
  });
}
