// Python snippets through the runner: positions on the .py file, naming, loop tags, errors, timeouts, the worker.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import type { Trace } from "../../../src/protocol.js";
import { runSnippet } from "../../../src/runner/index.js";
import { traceInProcess } from "../../../src/runner/inProcess.js";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, repoRoot } from "../runner/build.js";

const py = (source: string, timeoutMs?: number): Trace => traceInProcess(source, { file: "snippet.py", ...(timeoutMs === undefined ? {} : { timeoutMs }) });

const COURSE = `import torch
def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c

a = torch.tensor(1.5, requires_grad=True)
d = f(a)
d.backward()
print(a.grad == d / a)
`;

test("the course's control-flow cell: names after Python variables, loop tags, ranges on the .py lines", () => {
  const t = py(COURSE);
  assert.equal(t.error, null);
  assert.deepEqual(t.console.map((c) => [c.line, c.text]), [[15, "tensor(True)"]]);
  const labels = t.tensors.map((x) => x.label);
  assert.ok(labels.includes("a") && labels.includes("b") && labels.includes("b#2") && labels.includes("d"), labels.join(", "));
  const b2 = t.tensors.find((x) => x.label === "b#2");
  // `b * 2` on line 5, columns 13-18 (1-based, end exclusive), made in the first iteration of the while on line 4.
  assert.deepEqual(b2?.range, { startLine: 5, startColumn: 13, endLine: 5, endColumn: 18 });
  assert.deepEqual(b2?.loop, { line: 4, iteration: 1 });
  assert.deepEqual(t.passes[0]?.range, { startLine: 14, startColumn: 1, endLine: 14, endColumn: 13 });
  assert.deepEqual(Object.keys(t.variables).sort(), ["a", "d"]);
  assert.deepEqual(t.variables["a"]?.grad, [1024]);
});

test("a runtime error names the Python line and the whole call that raised it", () => {
  const t = py("import torch\nx = torch.arange(4.0, requires_grad=True)\ny = x * x\n\ny.backward()\n");
  assert.equal(t.error?.message, "grad can be implicitly created only for scalar outputs");
  assert.deepEqual([t.error?.line, t.error?.column, t.error?.endLine, t.error?.endColumn], [5, 1, 5, 13]);
  assert.equal(t.error?.suggestion, "y.backward(torch.ones_like(y))");
});

test("Python's own errors: NameError, AttributeError on None, ZeroDivisionError, on their lines", () => {
  assert.deepEqual(pick(py("import torch\nx = 1\nprint(y)\n")), ["NameError: name 'y' is not defined", 3]);
  assert.deepEqual(pick(py("import torch\nz = torch.norm(z, 2, dim=1)\n")), ["NameError: name 'z' is not defined", 2]);
  assert.deepEqual(pick(py("import torch\nx = torch.ones(2, requires_grad=True)\nx.grad.zero_()\n")), ["AttributeError: 'NoneType' object has no attribute 'zero_'", 3]);
  assert.deepEqual(pick(py("import torch\n\nprint(1 / 0)\n")), ["ZeroDivisionError: division by zero", 3]);
  // Arity, checked before running for a def called by its name: never a silent undefined argument.
  assert.deepEqual(pick(py("import torch\ndef f(a, b):\n    return a * b\nprint(f(1))\n")), ["TypeError: f() missing 1 required positional argument: 'b'", 4]);
  assert.deepEqual(pick(py("import torch\ndef f(a, b=1):\n    return a * b\nprint(f(1, 2, 3))\n")), ["TypeError: f() takes 2 positional arguments but 3 were given", 4]);
});

function pick(t: Trace): [string | undefined, number | undefined] {
  return [t.error?.message, t.error?.line];
}

test("constructs outside the subset: a clear error on their line, nothing run", () => {
  const cases: Array<[string, string, number]> = [
    ["import torch\nx = 1\nclass A:\n    pass\n", "class definitions are not supported in Autograd Lens Python", 3],
    ["import torch\ntry:\n    x = 1\nexcept Exception:\n    pass\n", "try/except blocks are not supported in Autograd Lens Python", 2],
    ["import torch\nd = {'a': 1}\n", "dictionaries are not supported in Autograd Lens Python", 2],
    ["import numpy as np\n", "ModuleNotFoundError: only torch (and math) can be imported in Autograd Lens Python, not numpy", 1],
    ["import torch\nx = torch.ones(2)\nwhile x.sum() > 0:\n    break\nelse:\n    pass\n", "while … else is not supported in Autograd Lens Python", 3],
    ["import torch\nx = 1 +\n", "SyntaxError: unexpected end of line", 2],
  ];
  for (const [source, message, line] of cases) {
    const t = py(source);
    assert.equal(t.error?.message, message, source);
    assert.equal(t.error?.line, line, source);
    assert.equal(t.tensors.length, 0);
  }
});

test("int data makes an int64 tensor as in PyTorch, and a Python float operand makes the result float", () => {
  const t = py("import torch\nx = torch.arange(4)\ni = torch.tensor([[1, 2]])\nf = torch.full((2,), 3)\nprint(x, i.dtype, f)\nprint(x * 2, x * 2.0, 2.0 * x, x + 1.0, x - 1.0, x ** 2.0)\n");
  assert.equal(t.error, null);
  assert.deepEqual(t.console.map((c) => c.text), [
    "tensor([0, 1, 2, 3]) torch.int64 tensor([3, 3])",
    "tensor([0, 2, 4, 6]) tensor([0., 2., 4., 6.]) tensor([0., 2., 4., 6.]) tensor([1., 2., 3., 4.]) tensor([-1.,  0.,  1.,  2.]) tensor([0., 1., 4., 9.])",
  ]);
  assert.equal(t.tensors.find((v) => v.label === "x")?.value.dtype, "int64");
});

test("int data with a float dtype, or float data, makes a float tensor as in PyTorch", () => {
  const t = py("import torch\nx = torch.tensor([1, 2], dtype=torch.float32)\ny = torch.tensor([1., 2])\nz = torch.arange(0, 4.0)\nprint(x, y, z)\n");
  assert.equal(t.error, null);
  assert.deepEqual(t.console.map((c) => c.text), ["tensor([1., 2.]) tensor([1., 2.]) tensor([0., 1., 2., 3.])"]);
});

test("tensor slicing goes to the engine's __getitem__, with PyTorch's grad_fns, on the .py line", () => {
  const t = py("import torch\nx = torch.ones(3, 2, requires_grad=True)\nprint(x[0])\ny = x[1:3, 1]\ny.sum().backward()\nprint(x.grad)\n");
  assert.equal(t.error, null);
  assert.deepEqual(t.console.map((c) => c.text), ["tensor([1., 1.], grad_fn=<SelectBackward0>)", "tensor([[0., 0.],\n        [0., 1.],\n        [0., 1.]])"]);
  assert.deepEqual(t.tensors.find((v) => v.label === "y")?.range, { startLine: 4, startColumn: 5, endLine: 4, endColumn: 14 });
});

test("a Python while loop that never ends times out on its own line", () => {
  const t = py("import torch\nb = torch.tensor(0.0)\nn = 0\nwhile b.norm() < 1000:\n    b = b * 2\n    n += 1\n", 300);
  assert.equal(t.error?.kind, "timeout");
  assert.equal(t.error?.message, "Timed out after 300 ms: loop on line 4 did not finish");
  assert.ok(t.tensors.some((x) => x.loop?.line === 4 && x.loop.iteration > 1));
});

test("no_grad blocks: tensors made inside are marked, grad mode comes back after the block (also on errors)", () => {
  const t = py("import torch\nx = torch.ones(2, requires_grad=True)\nwith torch.no_grad():\n    y = x * 2\nz = x * 2\nprint(y.requires_grad, z.requires_grad, torch.is_grad_enabled())\n");
  assert.deepEqual(t.console.map((c) => c.text), ["False True True"]);
  const y = t.tensors.find((v) => v.label === "y");
  assert.equal(y?.createdUnderNoGrad, true);
});

test("a name a Python snippet may use but JavaScript reserves is renamed and still shown as the Python name", () => {
  const t = py("import torch\nnew = torch.ones(2)\nthis = new * 2\nprint(this)\n");
  assert.equal(t.error, null);
  assert.deepEqual(Object.keys(t.variables).sort(), ["new", "this"]);
});

test("the sandbox holds for Python too: no way out through JavaScript globals", () => {
  // JavaScript's globals are no Python names: a NameError, as in Python.
  for (const name of ["process", "globalThis", "Function", "Object", "require"]) assert.equal(py(`import torch\n${name}.x\n`).error?.message, `NameError: name '${name}' is not defined`, name);
  for (const attr of ["constructor", "__proto__", "prototype"]) {
    const e = py(`import torch\nx = torch.ones(1)\nprint(x.${attr}.${attr})\n`).error;
    assert.equal(e?.line, 3, attr);
    assert.match(e?.message ?? "", /is not available in snippets \(it reaches outside the sandbox\)/);
  }
  assert.equal(py("import torch\nx = torch.ones(1)\nf = x.constructor('return 1')\n").error?.line, 3);
});

before(() => ensureBuilt());

test("a .py file runs in the worker with the same Trace as in process", async () => {
  const inWorker = await runSnippet(COURSE, { file: "course.py" });
  const inProcess = traceInProcess(COURSE, { file: "course.py" });
  assert.equal(inWorker.error, null);
  assert.equal(JSON.stringify({ ...inWorker, timings: null }), JSON.stringify({ ...inProcess, timings: null }));
});

test("the CLI traces a .py file", () => {
  const out = join(mkdtempSync(join(tmpdir(), "agl-py-")), "trace.json");
  const r = spawnSync(process.execPath, [join(repoRoot, "dist", "cli.js"), "trace", join(repoRoot, "examples", "09-course-python.py"), "--out", out], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const trace = JSON.parse(readFileSync(out, "utf8")) as Trace;
  assert.equal(trace.error, null);
  assert.deepEqual(trace.variables["x"]?.grad, [0, 4, 8, 12]);
  assert.deepEqual(trace.console.map((c) => c.line), [8, 25]);
});
