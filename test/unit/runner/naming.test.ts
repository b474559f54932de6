// Tensors are named after the variables that hold them, in every binding form the issue lists.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Trace, TraceTensor } from "../../../src/protocol.js";
import { traceInProcess } from "../../../src/runner/inProcess.js";

const HEAD = 'import * as torch from "autograd-lens";\n';

function run(body: string): Trace {
  const trace = traceInProcess(HEAD + body);
  assert.equal(trace.error, null, `ran without error: ${JSON.stringify(trace.error)}`);
  return trace;
}

function byLabel(trace: Trace, label: string): TraceTensor {
  const t = trace.tensors.find((x) => x.label === label);
  assert.ok(t, `no tensor labelled ${label}; labels: ${trace.tensors.map((x) => x.label).join(", ")}`);
  return t;
}

test("const/let declarations name the tensor and record where it was bound", () => {
  const trace = run("const x = torch.ones(2);\nlet y = x.mul(3);\n");
  const x = byLabel(trace, "x");
  assert.equal(x.name, "x");
  assert.equal(x.version, 1);
  assert.deepEqual(x.bindingRange, { startLine: 2, startColumn: 7, endLine: 2, endColumn: 8 });
  assert.deepEqual(x.range, { startLine: 2, startColumn: 11, endLine: 2, endColumn: 24 });
  const y = byLabel(trace, "y");
  assert.equal(y.op, "mul");
  assert.deepEqual(y.inputs, [x.id]);
});

test("reassignment in a loop makes versions b, b#2, b#3 … tagged with their loop iteration", () => {
  const trace = run("const a = torch.tensor(0.5, { requires_grad: true });\nlet b = a.mul(2);\nfor (let i = 0; i < 3; i++) {\n  b = b.mul(2);\n}\n");
  const labels = trace.tensors.filter((t) => t.name === "b").map((t) => t.label);
  assert.deepEqual(labels, ["b", "b#2", "b#3", "b#4"]);
  assert.deepEqual(
    trace.tensors.filter((t) => t.name === "b").map((t) => t.loop),
    [null, { line: 4, iteration: 1 }, { line: 4, iteration: 2 }, { line: 4, iteration: 3 }],
  );
  assert.equal(byLabel(trace, "b#3").version, 3);
  // The variable holds the last version.
  assert.equal(trace.variables["b"]?.tensor, byLabel(trace, "b#4").id);
  assert.deepEqual(trace.variables["b"]?.data, [8]);
});

test("the course's while loop: one version per iteration, on the while line", () => {
  // Written as the course writes it: a one-element tensor compared like a number (valueOf).
  const trace = run("let b = torch.tensor(1.0);\nwhile (b.norm() < 100) b = b.mul(2);\nconsole.log(b);\n");
  const versions = trace.tensors.filter((t) => t.name === "b");
  assert.equal(versions.length, 8); // 1, 2, 4, …, 128
  assert.ok(versions.slice(1).every((t) => t.loop?.line === 3));
  assert.deepEqual(trace.console.map((c) => c.text), ["tensor(128.)"]);
  // The condition's tensors belong to the iteration they decide (the 8th check ends the loop).
  assert.deepEqual(trace.tensors.filter((t) => t.op === "norm").map((t) => t.loop?.iteration), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(versions.slice(1).map((t) => t.loop?.iteration), [1, 2, 3, 4, 5, 6, 7]);
});

test("an alias keeps the first name: `c = b` does not rename b", () => {
  const trace = run("let b = torch.ones(1).mul(5);\nlet c;\nc = b;\n");
  assert.equal(trace.tensors.filter((t) => t.name === "c").length, 0);
  assert.equal(trace.variables["c"]?.tensor, byLabel(trace, "b").id);
  assert.deepEqual(byLabel(trace, "b").aliases, [{ name: "c", range: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 2 } }]);
});

test("a top-level variable names what a function returned; the function's local name becomes an alias", () => {
  const trace = run("function f(a: torch.Tensor) {\n  let c = a.mul(100);\n  return c;\n}\nconst d = f(torch.ones(1));\nd.sum().backward;\n");
  const d = byLabel(trace, "d");
  assert.equal(d.op, "mul");
  assert.deepEqual(d.bindingRange, { startLine: 6, startColumn: 7, endLine: 6, endColumn: 8 });
  assert.deepEqual(d.aliases?.map((x) => x.name), ["c"]);
  assert.equal(trace.tensors.filter((t) => t.name === "c").length, 0);
});

test("array and object destructuring, declarations and assignments", () => {
  const trace = run(
    [
      "const x = torch.arange(3, { requires_grad: true });",
      "const y = x.mul(x).sum();",
      "const [g] = torch.autograd.grad(y, [x]);",
      "const { p, q: r } = { p: x.mul(2), q: x.mul(3) };",
      "let s, t;",
      "[s, t] = [x.add(1), x.add(2)];",
    ].join("\n"),
  );
  const g = byLabel(trace, "g");
  assert.deepEqual(g.value.data, [0, 2, 4]);
  assert.equal(g.bindingRange?.startLine, 4);
  assert.deepEqual(byLabel(trace, "p").value.data, [0, 2, 4]);
  assert.deepEqual(byLabel(trace, "r").value.data, [0, 3, 6]);
  assert.deepEqual(byLabel(trace, "s").value.data, [1, 2, 3]);
  assert.deepEqual(byLabel(trace, "t").value.data, [2, 3, 4]);
  assert.deepEqual(Object.keys(trace.variables).sort(), ["g", "p", "r", "s", "t", "x", "y"]);
});

test("function parameters name unnamed arguments; returns name unbound results; a later binding wins", () => {
  const trace = run(
    [
      "function scale(t: torch.Tensor) { const k = t.mul(2); return k.add(1); }",
      "scale(torch.ones(2)).sum();",
      "const out = scale(torch.zeros(2));",
      "const sq = (u: torch.Tensor) => u.mul(u);",
      "sq(torch.full([2], 3)).sum();",
    ].join("\n"),
  );
  const params = trace.tensors.filter((t) => t.name === "t");
  assert.equal(params.length, 2, "both unnamed arguments are named after the parameter");
  assert.deepEqual(params[0]?.value.data, [1, 1]);
  assert.equal(trace.tensors.filter((t) => t.name === "k").length, 2, "locals inside the function are named");
  assert.deepEqual(byLabel(trace, "scale()").value.data, [3, 3], "an unbound result is named after its function");
  assert.deepEqual(byLabel(trace, "out").value.data, [1, 1], "a variable binding beats the return name");
  assert.equal(byLabel(trace, "u").op, "full");
  assert.deepEqual(byLabel(trace, "sq()").value.data, [9, 9]);
  // Only top-level variables are variables.
  assert.deepEqual(Object.keys(trace.variables).sort(), ["out"]);
});

test("for-of loop variables are named each iteration", () => {
  const trace = run("const xs = [torch.ones(1), torch.zeros(1)];\nfor (const item of xs) { item.add(1); }\n");
  const items = trace.tensors.filter((t) => t.name === "item");
  assert.deepEqual(items.map((t) => t.label), ["item", "item#2"]);
  assert.deepEqual(items.map((t) => t.op), ["ones", "zeros"]);
  assert.equal(items[0]?.bindingRange?.startLine, 3);
});

test("unnamed intermediates are labelled by op and place", () => {
  const trace = run("const x = torch.ones(3, { requires_grad: true });\nconst s = x.mul(x).sum();\n");
  const mul = byLabel(trace, "mul @ 3:11");
  assert.equal(mul.name, null);
  assert.deepEqual(mul.range, { startLine: 3, startColumn: 11, endLine: 3, endColumn: 19 });
  assert.equal(byLabel(trace, "s").op, "sum");
});

test("a shadowing local does not become a top-level variable", () => {
  const trace = run("const y = torch.ones(1);\nfunction g() { const y = torch.zeros(1); return y; }\nconst z = g();\n");
  assert.deepEqual(trace.variables["y"]?.data, [1]);
  assert.deepEqual(trace.variables["z"]?.data, [0]);
});

test("torch.nn parameters carry PyTorch's names (fc1.weight) in the Trace; a variable bound to one is an alias", () => {
  const trace = traceInProcess(`import * as torch from "autograd-lens";
class Net extends torch.nn.Module {
  fc1 = new torch.nn.Linear(3, 2);
  out = new torch.nn.Linear(2, 1);
  override forward(x: torch.Tensor): torch.Tensor { return this.out(this.fc1(x).relu()); }
}
const model = new Net();
const w = model.fc1.weight;
const loss = model(torch.ones(4, 3)).sum();
loss.backward();
`);
  assert.equal(trace.error, null);
  const labels = trace.tensors.map((t) => t.label);
  for (const n of ["fc1.weight", "fc1.bias", "out.weight", "out.bias"]) assert.ok(labels.includes(n), `${n} in ${labels.join(", ")}`);
  const fc1w = trace.tensors.find((t) => t.label === "fc1.weight")!;
  assert.ok(fc1w.aliases?.some((a) => a.name === "w"), "w is an alias of fc1.weight");
});
