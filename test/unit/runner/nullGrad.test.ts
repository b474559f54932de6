// `.grad` is typed as Tensor; before a backward it is still null, and using it says so on its line in PyTorch's words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { traceInProcess } from "../../../src/runner/inProcess.js";

const HEAD = 'import * as torch from "autograd-lens";\nconst x = torch.arange(4.0, { requires_grad: true });\n';

test("x.grad.zero_() before any backward: 'x.grad is None', on that expression", () => {
  const trace = traceInProcess(`${HEAD}console.log(x.grad);\nconst ok = x.grad === null;\nconsole.log(ok);\n  x.grad.zero_();\n`);
  assert.deepEqual(trace.console.map((c) => c.text), ["null", "true"], "printing and null checks keep working");
  const e = trace.error!;
  assert.equal(e.message, "x.grad is None: no backward() has reached x yet");
  assert.deepEqual([e.line, e.column, e.endLine, e.endColumn], [6, 3, 6, 15]);
});

test("after a backward the same line runs", () => {
  const trace = traceInProcess(`${HEAD}x.sum().backward();\nx.grad.zero_();\nconsole.log(x.grad);\n`);
  assert.equal(trace.error, null);
  assert.deepEqual(trace.console.map((c) => c.text), ["tensor([0., 0., 0., 0.])"]);
});

test("a non-leaf's .grad: names retain_grad()", () => {
  const trace = traceInProcess(`${HEAD}const y = x.mul(2);\ny.sum().backward();\nconsole.log(y.grad.sum());\n`);
  assert.match(trace.error!.message, /^y\.grad is None: y is not a leaf tensor.*y\.retain_grad\(\)/);
});

test("other null reads keep V8's message", () => {
  const trace = traceInProcess(`${HEAD}const o: { foo(): void } | null = null;\no!.foo();\n`);
  assert.equal(trace.error!.message, "TypeError: Cannot read properties of null (reading 'foo')");
});

test("y = 2 * t made a number: 'y.backward is not a function' says why and where", () => {
  const trace = traceInProcess(`${HEAD}const y = 2 * torch.dot(x, x);\nconsole.log(y);\ny.backward();\n`);
  const e = trace.error!;
  assert.match(e.message, /^y\.backward is not a function: y is a number, not a tensor\. JavaScript has no operator overloading, so `2 \* torch\.dot\(x, x\)` on line 3 computed a number/);
  assert.equal(e.line, 5, "still reported where it failed");
});

test("a tensor reassigned with arithmetic is explained too; other not-a-function errors keep V8's message", () => {
  const again = traceInProcess(`${HEAD}let y = x.sum();\ny = y * 2;\ny.backward();\n`);
  assert.match(again.error!.message, /^y\.backward is not a function: y is a number.*`y \* 2` on line 4/);
  const trace = traceInProcess(`${HEAD}let y = x.sum();\nconst o = { f: 1 };\n(o as unknown as { f(): void }).f();\n`);
  assert.equal(trace.error!.message, "TypeError: o.f is not a function");
});
