// What the Trace holds beyond names: graph structure, passes, limits, console, warnings, determinism.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Trace, TraceTensor } from "../../../src/protocol.js";
import { traceInProcess } from "../../../src/runner/inProcess.js";
import type { RunOptions } from "../../../src/runner/options.js";

const HEAD = 'import * as torch from "autograd-lens";\n';

function run(body: string, options?: RunOptions): Trace {
  return traceInProcess(HEAD + body, options);
}

function named(trace: Trace, label: string): TraceTensor {
  const t = trace.tensors.find((x) => x.label === label);
  assert.ok(t, `no tensor ${label}`);
  return t;
}

const COURSE = `const x = torch.tensor([[1, 2], [3, 4]], { requires_grad: true });
const y = torch.tensor([[5, 6], [7, 8]]);
const z = torch.tensor([[0.5, 0.5], [0.5, 0.5]]);
const a = x.mul(y);
const b = a.add(z);
const c = torch.sum(b);
c.backward();
`;

test("grad functions: PyTorch names, next_functions with AccumulateGrad for leaves, saved tensors, formulas", () => {
  const trace = run(COURSE);
  assert.equal(trace.error, null);
  const fn = (label: string) => trace.gradFns.find((g) => g.id === named(trace, label).gradFn);
  const mul = fn("a");
  const add = fn("b");
  const sum = fn("c");
  assert.deepEqual([mul?.name, add?.name, sum?.name], ["MulBackward0", "AddBackward0", "SumBackward0"]);
  assert.deepEqual(sum?.nextFunctions, [{ gradFn: add?.id, inputIndex: 0 }]);
  assert.deepEqual(add?.nextFunctions, [{ gradFn: mul?.id, inputIndex: 0 }, { gradFn: null, inputIndex: 1 }], "z needs no grad: PyTorch's (None, 0)");
  const acc = trace.gradFns.find((g) => g.id === mul?.nextFunctions[0]?.gradFn);
  assert.equal(acc?.name, "AccumulateGrad");
  assert.equal(acc?.tensor, named(trace, "x").id);
  assert.equal(mul?.nextFunctions[1]?.gradFn, null);
  assert.deepEqual(mul?.saved.map((s) => s.role).sort(), ["other", "self"]);
  assert.ok(mul?.formulas.some((f) => /other/.test(f)));
  assert.deepEqual(mul?.range, named(trace, "a").range);
});

test("a backward pass: the course's manual walkthrough, step by step", () => {
  const trace = run(COURSE);
  assert.equal(trace.passes.length, 1);
  const p = trace.passes[0]!;
  assert.equal(p.kind, "backward");
  assert.deepEqual(p.roots, [named(trace, "c").id]);
  assert.deepEqual(p.seeds[0]?.data, [1], "grad_c = 1");
  assert.deepEqual(p.range, { startLine: 8, startColumn: 1, endLine: 8, endColumn: 13 });
  const names = p.steps.map((s) => trace.gradFns.find((g) => g.id === s.gradFn)?.name);
  assert.deepEqual(names, ["SumBackward0", "AddBackward0", "MulBackward0", "AccumulateGrad"]);
  const fromSum = p.flows.find((f) => f.step === 0);
  assert.deepEqual(fromSum?.grad.data, [1, 1, 1, 1], "grad_b = ones");
  const fromMul = p.flows.find((f) => f.step === 2 && f.inputIndex === 0);
  assert.deepEqual(fromMul?.grad.data, [5, 6, 7, 8], "grad_x = grad_a · y");
  assert.equal(p.accumulations.length, 1);
  assert.equal(p.accumulations[0]?.before, null);
  assert.deepEqual(p.accumulations[0]?.after.data, [5, 6, 7, 8]);
  assert.deepEqual(named(trace, "x").grads, [{ pass: 1, grad: p.accumulations[0]?.after }]);
  assert.ok(p.freed.length > 0, "saved tensors are freed after the pass");
  for (const id of p.freed) assert.equal(trace.gradFns.find((g) => g.id === id)?.freedAfterPass, 1);
  assert.equal(p.options.retainGraph, false);
});

test("detach boundaries and no_grad are recorded", () => {
  const trace = run(
    "const x = torch.arange(4, { requires_grad: true });\nconst y = x.mul(x);\nconst u = y.detach();\nconst w = torch.no_grad(() => x.mul(2));\n",
  );
  assert.equal(trace.error, null);
  const u = named(trace, "u");
  assert.equal(u.detachedFrom, named(trace, "y").id);
  assert.equal(u.requiresGrad, false);
  assert.equal(u.op, "detach");
  const w = named(trace, "w");
  assert.equal(w.createdUnderNoGrad, true);
  assert.equal(w.requiresGrad, false);
  assert.equal(named(trace, "y").createdUnderNoGrad, false);
});

test("console output is captured in order, with levels, lines and PyTorch-like tensor text", () => {
  const trace = run('const x = torch.arange(3);\nconsole.log("x is", x, 42, [1, "a"], { k: x.sum() });\nconsole.warn("careful");\nconsole.error(new Error("bad"));\n');
  assert.equal(trace.error, null);
  assert.deepEqual(trace.console, [
    { level: "log", text: 'x is tensor([0., 1., 2.]) 42 [ 1, "a" ] { k: tensor(3.) }', line: 3 },
    { level: "warn", text: "careful", line: 4 },
    { level: "error", text: "Error: bad", line: 5 },
  ]);
});

test("console.assert, dir, table and trace are captured too", () => {
  const trace = run("console.assert(1 > 2, \"math\");\nconsole.assert(true, \"silent\");\nconsole.dir({ a: 1 });\nconsole.table([1]);\nconsole.trace(\"here\");\n");
  assert.equal(trace.error, null);
  assert.deepEqual(trace.console.map((c) => [c.level, c.text, c.line]), [
    ["error", "Assertion failed math", 2],
    ["log", "{ a: 1 }", 4],
    ["log", "[ 1 ]", 5],
    ["debug", "here", 6],
  ]);
});

test("warnings carry the engine's text, the line, and the tensor involved", () => {
  const trace = run("const x = torch.ones(2, { requires_grad: true });\nconst y = x.mul(2);\n\nconst g = y.grad;\n");
  assert.equal(trace.warnings.length, 1);
  const w = trace.warnings[0]!;
  assert.match(w.message, /^The \.grad attribute of a Tensor that is not a leaf Tensor is being accessed/);
  assert.equal(w.line, 5);
  assert.equal(w.tensor, named(trace, "y").id);
});

test("tensor data is capped, stats always cover every element", () => {
  const trace = run("const big = torch.arange(2000);\nconst odd = torch.tensor([NaN, Infinity, -Infinity, 1, 3]);\n", { dataCap: 10 });
  const big = named(trace, "big").value;
  assert.equal(big.data.length, 10);
  assert.equal(big.truncated, true);
  assert.equal(big.numel, 2000);
  assert.deepEqual(big.stats, { min: 0, max: 1999, mean: 999.5, nanCount: 0, infCount: 0 });
  assert.equal(trace.variables["big"]?.data.length, 10);
  const odd = named(trace, "odd").value;
  assert.equal(odd.truncated, false);
  assert.deepEqual(odd.stats, { min: -Infinity, max: Infinity, mean: NaN, nanCount: 1, infCount: 2 });
});

test("stats: a sum that overflows, only NaN, only Inf, empty (the fast pass falls back to counting)", () => {
  const trace = run(
    "const huge = torch.tensor([1e308, 1e308, -1], { dtype: torch.float64 });\nconst nan = torch.tensor([NaN, NaN]);\nconst inf = torch.tensor([Infinity, 2]);\nconst none = torch.zeros(0);\n",
  );
  assert.deepEqual(named(trace, "huge").value.stats, { min: -1, max: 1e308, mean: Infinity, nanCount: 0, infCount: 0 });
  assert.deepEqual(named(trace, "nan").value.stats, { min: null, max: null, mean: null, nanCount: 2, infCount: 0 });
  assert.deepEqual(named(trace, "inf").value.stats, { min: 2, max: Infinity, mean: Infinity, nanCount: 0, infCount: 1 });
  assert.deepEqual(named(trace, "none").value.stats, { min: null, max: null, mean: null, nanCount: 0, infCount: 0 });
});

test("beyond maxNodes the first nodes are kept, the rest counted, and the snippet still finishes", () => {
  const trace = run(
    "const x = torch.ones(2, { requires_grad: true });\nlet b = x;\nfor (let i = 0; i < 2000; i++) b = b.add(1);\nb.sum().backward();\nconsole.log(x.grad);\n",
    { maxNodes: 100 },
  );
  assert.equal(trace.error, null);
  assert.ok(trace.tensors.length + trace.gradFns.length <= 100);
  assert.ok(trace.truncated !== null);
  assert.equal(trace.truncated.limit, 100);
  assert.ok(trace.truncated.droppedTensors > 1900, `dropped ${trace.truncated.droppedTensors}`);
  assert.ok(trace.truncated.droppedGradFns > 1900);
  assert.equal(trace.tensors[0]?.label, "x", "the first nodes are the ones kept");
  assert.deepEqual(trace.console.map((c) => c.text), ["tensor([1., 1.])"], "the snippet ran to the end");
  assert.deepEqual(trace.variables["b"]?.data, [2001, 2001], "variables are read from the live tensors");
  // Every id the kept graph mentions exists.
  const gradFnIds = new Set(trace.gradFns.map((g) => g.id));
  for (const p of trace.passes) for (const s of p.steps) assert.ok(gradFnIds.has(s.gradFn));
});

test("the same snippet gives the same ids and the same Trace (timings aside)", () => {
  const src = COURSE + "const d = torch.randn(3);\nconsole.log(d);\n";
  const strip = (t: Trace) => JSON.stringify({ ...t, timings: null });
  const first = run(src);
  const second = run(src);
  assert.equal(strip(first), strip(second));
  assert.deepEqual(first.tensors.slice(0, 3).map((t) => t.id), ["t1", "t2", "t3"]);
});

test("timings are measured", () => {
  const trace = run(COURSE);
  assert.ok(trace.timings.parseMs > 0);
  assert.ok(trace.timings.runMs > 0);
  assert.ok(trace.timings.totalMs >= trace.timings.runMs);
});

test("hooks, retain_grad and create_graph passes are recorded", () => {
  const trace = run(
    [
      "const x = torch.tensor([1.0, 2.0], { requires_grad: true });",
      "const y = x.mul(x);",
      "y.retain_grad();",
      "y.register_hook((g: torch.Tensor) => g.mul(10));",
      "y.sum().backward();",
      "const [gx] = torch.autograd.grad(x.pow(3).sum(), [x], { create_graph: true });",
      "const [ggx] = torch.autograd.grad(gx.sum(), [x]);",
    ].join("\n"),
  );
  assert.equal(trace.error, null);
  const y = named(trace, "y");
  const p1 = trace.passes[0]!;
  assert.deepEqual(p1.hooks.map((h) => [h.tensor, h.grad.data, h.replacedWith?.data]), [[y.id, [1, 1], [10, 10]]]);
  assert.equal(y.retainsGrad, true);
  // PyTorch 1.13: retain_grad() registered before the hook keeps the gradient as it arrived (the hook's replacement
  // flows on to x but is not what y.grad holds); conformance hooks_order_and_targets checks this against PyTorch.
  assert.deepEqual(y.grads.map((g) => g.grad?.data), [[1, 1]]);
  assert.deepEqual(trace.variables["x"]?.grad, [20, 40], "the hook's replacement flowed on");
  const p2 = trace.passes[1]!;
  assert.equal(p2.kind, "autograd.grad");
  assert.equal(p2.options.createGraph, true);
  assert.deepEqual(p2.options.inputs, [named(trace, "x").id]);
  const gx = named(trace, "gx");
  assert.deepEqual(gx.value.data, [3, 12]);
  // The graph the create_graph pass built is in the Trace, so the second-order pass has somewhere to run.
  const ids = new Set(trace.gradFns.map((g) => g.id));
  assert.ok(gx.gradFn !== null && ids.has(gx.gradFn));
  for (const s of trace.passes[2]!.steps) assert.ok(ids.has(s.gradFn), `step ${s.gradFn} is a recorded grad fn`);
  assert.deepEqual(named(trace, "ggx").value.data, [6, 12]);
});

test("async code runs to completion inside the run and is recorded", () => {
  const trace = run("async function main() {\n  const x = await Promise.resolve(torch.ones(2));\n  const y = x.mul(3);\n  console.log(y);\n}\nvoid main();\nconsole.log(\"sync end\");\n");
  assert.equal(trace.error, null);
  assert.deepEqual(trace.console.map((c) => c.text), ["sync end", "tensor([3., 3.])"]);
  assert.equal(named(trace, "y").op, "mul");
});
