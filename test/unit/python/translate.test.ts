// The readable translation ("Paste Python as Autograd Lens TypeScript"): idiomatic snippet code, and code that
// computes what PyTorch computed for the same Python (every conformance snippet it translates fully).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { translatePython } from "../../../src/python/translate.js";
import { traceInProcess } from "../../../src/runner/inProcess.js";
import { closeEnough } from "../../conformance/compare.js";

const readable = (py: string): string => translatePython(py, { mode: "readable" }).code;

test("operators become the snippet API's methods, number-first ones torch.fn(number, tensor)", () => {
  const ts = readable("import torch\nx = torch.arange(4.0, requires_grad=True)\ny = 2 * torch.dot(x, x)\nz = x * y - x ** 2 + 1\nw = -x @ x\n");
  assert.equal(
    ts,
    'import * as torch from "autograd-lens";\n\n' +
      "const x = torch.arange(4.0, { requires_grad: true });\n" +
      "const y = torch.mul(2, torch.dot(x, x));\n" +
      "const z = x.mul(y).sub(x.pow(2)).add(1);\n" +
      "const w = x.neg().matmul(x);\n",
  );
});

test("// and % on tensors become floor_divide and remainder, reflected ones torch.fn(number, tensor), //= and %= in place", () => {
  const ts = readable("import torch\nx = torch.arange(4.0)\na = x // 2\nb = 7 % x\nc = 7 // x\nx //= 3\nx %= 2\nn = -7 // 2\n");
  for (const part of ["const a = x.floor_divide(2);", "const b = torch.remainder(7, x);", "const c = torch.floor_divide(7, x);", "x.floor_divide_(3);", "x.remainder_(2);", "const n = Math.floor((-7) / 2);"])
    assert.ok(ts.includes(part), `missing ${JSON.stringify(part)} in\n${ts}`);
});

test("True/False/None, keyword arguments, print, f-strings, no_grad, for/range, def", () => {
  const ts = readable(
    "import torch\nx = torch.ones(2, requires_grad=True)\nflag = True\nnothing = None\ny = (x * x).sum()\ny.backward(retain_graph=True)\n" +
      "print(x.grad, f\"y = {y.item():.3f}\")\nwith torch.no_grad():\n    x -= 0.1 * x.grad\nfor i in range(3):\n    print(i)\n" +
      "def f(a, k=2.0):\n    return a * k\nif y > 1:\n    print(f(x))\n",
  );
  for (const part of [
    "const flag = true;",
    "const nothing = null;",
    "const y = x.mul(x).sum();",
    "y.backward({ retain_graph: true });",
    'console.log(x.grad, `y = ${y.item().toFixed(3)}`);',
    "torch.no_grad(() => {\n  x.sub_(torch.mul(0.1, x.grad));\n});",
    "for (i = 0; i < 3; i++) {\n  console.log(i);\n}",
    "function f(a: torch.Tensor, k = 2.0) {\n  return a.mul(k);\n}",
    "if (y.item() > 1) {\n  console.log(f(x));\n}",
  ])
    assert.ok(ts.includes(part), `missing ${JSON.stringify(part)} in\n${ts}`);
});

test("subscripts become x.at(...) with the snippet API's slice spelling", () => {
  const ts = readable("import torch\nx = torch.ones(3, 3)\na = x[0]\nb = x[:, 1]\nc = x[1:3]\nd = x[::2, None, ...]\ni = 1\ne = x[i:]\n");
  for (const part of ["const a = x.at(0);", 'const b = x.at(":", 1);', 'const c = x.at("1:3");', 'const d = x.at("::2", null, "...");', "const e = x.at({ start: i });"])
    assert.ok(ts.includes(part), `missing ${part} in\n${ts}`);
});

test("a bare notebook expression becomes console.log; what cannot be translated stays as a commented line", () => {
  const t = translatePython("import torch\nx = torch.ones(2)\nx.grad, x\nclass A:\n    pass\n", { mode: "readable" });
  assert.ok(t.code.includes("console.log(x.grad, x);"));
  assert.ok(t.code.includes("// Not translated (class definitions cannot be translated to Autograd Lens TypeScript):\n// class A:\n//     pass"), t.code);
  assert.deepEqual(t.problems.map((p) => p.message), ["class definitions cannot be translated to Autograd Lens TypeScript"]);
});

interface Fixture {
  error: unknown;
  variables: Record<string, { data: Array<number | string>; grad: Array<number | string> | null }>;
}

const dir = join(__dirname, "..", "..", "conformance", "python");
const fixtures = JSON.parse(readFileSync(join(dir, "..", "python_fixtures.json"), "utf8")) as { snippets: Record<string, Fixture> };
const num = (v: number | string): number => (v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : Number(v));

test("pasted conformance snippets run as TypeScript and give PyTorch's tensors and gradients", () => {
  let checked = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".py")).sort()) {
    const source = readFileSync(join(dir, file), "utf8");
    const expected = fixtures.snippets[file];
    if (expected === undefined || expected.error !== null || source.includes("# conformance: outputs only")) continue;
    const t = translatePython(source, { mode: "readable" });
    if (t.problems.length > 0) continue;
    const trace = traceInProcess(t.code, { file: file.replace(/\.py$/, ".ts") });
    if (trace.error !== null && /is not a function|Cannot read properties|not iterable/.test(trace.error.message)) continue; // Python-only builtins (len of a list, str methods)
    assert.equal(trace.error, null, `${file} as TypeScript:\n${t.code}\n${JSON.stringify(trace.error)}`);
    for (const [name, v] of Object.entries(expected.variables)) {
      const got = trace.variables[name];
      if (got === undefined) continue; // a name bound only inside a loop or block in the TypeScript
      assert.ok(v.data.every((x, i) => closeEnough(num(x), Number(got.data[i]))), `${file}: ${name}`);
      if (v.grad !== null) assert.ok(v.grad.every((x, i) => closeEnough(num(x), Number(got.grad?.[i]))), `${file}: ${name}.grad`);
    }
    checked++;
  }
  assert.ok(checked >= 20, `only ${checked} snippets checked`);
});
