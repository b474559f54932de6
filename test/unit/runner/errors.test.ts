// Errors come back in the Trace, positioned in the snippet (not the bundle), with the graph up to the failure.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { RunError, Trace } from "../../../src/protocol.js";
import { traceInProcess } from "../../../src/runner/inProcess.js";
import type { RunOptions } from "../../../src/runner/options.js";

const HEAD = 'import * as torch from "autograd-lens";\n';

function failing(body: string, options?: RunOptions): { trace: Trace; error: RunError } {
  const trace = traceInProcess(HEAD + body, options);
  assert.ok(trace.error !== null, "expected an error");
  return { trace, error: trace.error };
}

test("an engine error carries PyTorch's text, the call's range, the tensor involved and the usual fix", () => {
  const { trace, error } = failing("const x = torch.arange(3, { requires_grad: true });\nconst y = x.mul(2);\n\ny.backward();\n");
  assert.equal(error.kind, "runtime");
  assert.equal(error.message, "grad can be implicitly created only for scalar outputs");
  assert.deepEqual([error.line, error.column, error.endLine, error.endColumn], [5, 1, 5, 13]);
  const y = trace.tensors.find((t) => t.label === "y");
  assert.equal(error.tensor, y?.id);
  assert.equal(error.suggestion, "y.backward(torch.ones_like(y))");
  assert.deepEqual(trace.variables["y"]?.data, [0, 2, 4], "the graph up to the failure is kept");
});

test("an engine error inside a user function points into the function", () => {
  const { error } = failing("const x = torch.ones(3);\nfunction helper(t: torch.Tensor) {\n  return t.add(torch.ones(4));\n}\nconst q = helper(x);\n");
  assert.equal(error.message, "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0");
  assert.equal(error.line, 4);
  assert.equal(error.column, 10);
});

test("a plain JavaScript error: its name and message, at the snippet's line and column", () => {
  const { error } = failing("const x = torch.ones(3);\nconst o: { foo(): void } | null = null;\n\n  o!.foo();\n");
  assert.equal(error.kind, "runtime");
  assert.equal(error.message, "TypeError: Cannot read properties of null (reading 'foo')");
  assert.equal(error.line, 5);
  assert.equal(error.column, 3);
});

test("a thrown Error in a nested call, and a thrown non-Error value", () => {
  const a = failing("function inner() { throw new RangeError('too far'); }\nfunction outer() { inner(); }\nouter();\n").error;
  assert.equal(a.message, "RangeError: too far");
  assert.equal(a.line, 2);
  assert.equal(a.column, 26, "where the error was made");
  const b = failing("throw 42;\n").error;
  assert.equal(b.message, "Uncaught 42");
});

test("runaway recursion is a clean error, not a crash", () => {
  const { error } = failing("function f(n: number): number { return f(n + 1); }\nf(0);\n");
  assert.match(error.message, /^RangeError: Maximum call stack size exceeded/);
  assert.equal(error.line, 2);
});

test("syntax and forbidden-access errors come back from the same entry point", () => {
  const s = failing("const x = torch.ones(3;\n").error;
  assert.equal(s.kind, "syntax");
  assert.deepEqual([s.line, s.column], [2, 23]);
  const f = failing('\nconst cp = require("child_process");\n').error;
  assert.equal(f.kind, "forbidden");
  assert.deepEqual([f.line, f.column], [3, 12]);
});

test("the sandbox has no host globals even when reached indirectly", () => {
  // Statically fine (no forbidden names), dynamically absent: the context simply has no such globals.
  const { error } = failing('const name = "pro" + "cess";\nconst g = (function (this: unknown) { return this; })();\nconsole.log(typeof g);\nconst r = (Function as unknown as (s: string) => () => unknown)("return 1");\n');
  assert.match(error.message, /Code generation from strings disallowed/);
  const t = traceInProcess(HEAD + "console.log(typeof setTimeout, typeof setImmediate, typeof fs, typeof WebAssembly, typeof Math.max);\n");
  assert.equal(t.error, null);
  // No WebAssembly either: its Memory would allocate gigabytes in one call no guard sees.
  assert.deepEqual(t.console.map((c) => c.text), ["undefined undefined undefined undefined function"]);
});

test("torch.zeros(1e9) fails with a clear memory error instead of allocating", () => {
  const { error } = failing("const x = torch.ones(2);\nconst big = torch.zeros(1e9);\n");
  assert.equal(error.kind, "memory");
  assert.match(error.message, /1000000000 elements, more than the limit of \d+/);
  assert.equal(error.line, 3);
});

test("a runaway while loop stops at the timeout with the loop's line (in-process guard)", () => {
  const started = Date.now();
  const { trace, error } = failing(
    "const a = torch.tensor(0.0, { requires_grad: true });\nlet b = a.mul(2);\nwhile (Number(b.norm()) < 1000) {\n  b = b.mul(2);\n}\nconsole.log('never');\n",
    { timeoutMs: 400, maxNodes: 50 },
  );
  // From the snippet's start (compiling it does not count).
  const elapsed = trace.timings.runMs;
  assert.ok(Date.now() - started >= elapsed);
  assert.equal(error.kind, "timeout");
  assert.equal(error.message, "Timed out after 400 ms: loop on line 4 did not finish");
  assert.deepEqual([error.line, error.column], [4, 1]);
  assert.ok(elapsed < 400 + 500, `returned after ${elapsed} ms`);
  assert.deepEqual(trace.console, []);
  assert.ok(trace.truncated !== null, "the graph recorded up to the timeout is kept (and capped)");
});

test("catching the timeout does not keep a snippet running", () => {
  const { trace, error } = failing("let n = 0;\nfor (;;) {\n  try { n++; } catch (e) { n--; }\n  try { for (;;) {} } catch (e) { n++; }\n}\n", { timeoutMs: 300 });
  assert.equal(error.kind, "timeout");
  assert.ok([3, 5].includes(error.line), `line ${error.line}`);
  assert.ok(trace.timings.runMs < 300 + 500, `ran ${trace.timings.runMs} ms`);
});

test("code stuck outside every loop guard is stopped by V8's watchdog, naming the running loop", () => {
  // Array.from with a huge length runs inside a builtin: no guard gets a chance until it returns.
  const started = Date.now();
  const { trace, error } = failing("while (true) {\n  Array.from({ length: 3e8 }, (_, i) => i);\n}\n", { timeoutMs: 300 });
  assert.equal(error.kind, "timeout");
  assert.equal(error.line, 2);
  // From the snippet's start (compiling it does not count).
  assert.ok(trace.timings.runMs < 300 + 500, `ran ${trace.timings.runMs} ms (${Date.now() - started} ms with compiling)`);
});

test("an async main() that rejects is the run's error, positioned where it threw", () => {
  const { trace, error } = failing(
    "async function main() {\n  const x = await Promise.resolve(torch.ones(2, { requires_grad: true }));\n  const y = x.mul(3);\n  y.backward();\n}\nmain();\n",
  );
  assert.equal(error.message, "grad can be implicitly created only for scalar outputs");
  assert.deepEqual([error.line, error.column], [5, 3]);
  assert.equal(error.suggestion, "y.backward(torch.ones_like(y))");
  assert.ok(trace.tensors.some((t) => t.label === "y"));
  // A promise the snippet keeps and handles itself is its own business.
  const handled = traceInProcess(HEAD + "async function f() { throw new Error('x'); }\nconst p = f();\np.catch(() => console.log('caught'));\n");
  assert.equal(handled.error, null);
  assert.deepEqual(handled.console.map((c) => c.text), ["caught"]);
});
