// J and v·J of small `y.backward(v)` passes in the Trace, against real PyTorch 1.13 (jacobian-fixtures.json, made by
// the committed gen_jacobian_fixtures.py with torch.autograd.functional.jacobian), and the cases where J is not
// computed (too big, user code in the graph) say why without changing what the snippet computes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { traceInProcess } from "../../../src/runner/inProcess.js";
import type { PassJacobian, Trace } from "../../../src/protocol.js";

interface LeafFixture {
  jacobian: { shape: number[]; data: number[] };
  vjp: number[];
  grad_after: number[];
}
interface Case {
  file?: string;
  source?: string;
  passes: Array<Record<string, LeafFixture> | null>;
}
const root = join(__dirname, "..", "..", "..");
const fixtures = JSON.parse(readFileSync(join(__dirname, "jacobian-fixtures.json"), "utf8")) as { torch: string; cases: Record<string, Case> };

function close(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    assert.ok(Math.abs(a - e) <= 1e-5 * Math.max(1, Math.abs(e)), `${what}[${i}]: ${a} vs PyTorch ${e}`);
  });
}

function gradAfter(trace: Trace, tensor: string, pass: number): number[] | undefined {
  return trace.tensors.find((t) => t.id === tensor)?.grads.find((g) => g.pass === pass)?.grad?.data;
}

test("the fixtures come from PyTorch 1.13", () => {
  assert.match(fixtures.torch, /^1\.13/);
  assert.equal(Object.keys(fixtures.cases).length, 3);
});

for (const [name, c] of Object.entries(fixtures.cases)) {
  test(`${name}: each backward(v) pass records PyTorch's J and v·J`, () => {
    const source = c.source ?? readFileSync(join(root, c.file!), "utf8");
    const trace = traceInProcess(source, { file: `${name}.ts` });
    assert.equal(trace.error, null, JSON.stringify(trace.error));
    assert.equal(trace.passes.length, c.passes.length, "passes");
    c.passes.forEach((want, i) => {
      const pass = trace.passes[i]!;
      if (want === null) {
        assert.equal(pass.jacobian, undefined, `pass ${pass.index} has a scalar root: no J`);
        return;
      }
      const j: PassJacobian | undefined = pass.jacobian;
      assert.ok(j, `pass ${pass.index} has J`);
      assert.equal(j.skipped, null);
      assert.deepEqual(j.leaves.map((l) => trace.tensors.find((t) => t.id === l.tensor)?.name).sort(), Object.keys(want).sort(), "one J per leaf");
      for (const [leafName, fx] of Object.entries(want)) {
        const id = trace.variables[leafName]!.tensor;
        const leaf: PassJacobian["leaves"][number] | undefined = j.leaves.find((l) => l.tensor === id);
        assert.ok(leaf, `J w.r.t. ${leafName}`);
        assert.deepEqual(leaf.jacobian.shape, fx.jacobian.shape, `${leafName}: J's shape is y.shape + x.shape`);
        close(leaf.jacobian.data, fx.jacobian.data, `pass ${pass.index} J w.r.t. ${leafName}`);
        close(leaf.vjp.data, fx.vjp, `pass ${pass.index} v·J for ${leafName}`);
        close(gradAfter(trace, id, pass.index) ?? [], fx.grad_after, `${leafName}.grad after pass ${pass.index}`);
      }
    });
  });
}

test("a graph with a hook: no J (computing it would run the hook once per element of y), and the hook ran once", () => {
  const trace = traceInProcess(`import * as torch from "autograd-lens";
const x = torch.tensor([1.0, 2.0], { requires_grad: true });
let calls = 0;
x.register_hook((g) => { calls += 1; return g.mul(10); });
const y = x.mul(3);
y.backward(torch.tensor([1.0, 1.0]));
console.log(calls);
`);
  assert.equal(trace.error, null, JSON.stringify(trace.error));
  assert.deepEqual(trace.console.map((c) => c.text), ["1"], "the hook ran once: computing J ran no user code");
  const j = trace.passes[0]!.jacobian;
  assert.ok(j);
  assert.deepEqual(j.leaves, []);
  assert.match(j.skipped ?? "", /hook/);
});

test("too many elements: no J, with the reason; the pass itself is unchanged", () => {
  const trace = traceInProcess(`import * as torch from "autograd-lens";
const x = torch.arange(20.0, { requires_grad: true });
const y = x.mul(2);
y.backward(torch.ones_like(y));
const w = torch.arange(20.0, { requires_grad: true });
const z = w.reshape(4, 5).sum(1);
z.backward(torch.ones_like(z));
`);
  assert.equal(trace.error, null, JSON.stringify(trace.error));
  assert.match(trace.passes[0]!.jacobian?.skipped ?? "", /y has 20 elements.*at most 16/);
  assert.match(trace.passes[1]!.jacobian?.skipped ?? "", /x has 20 elements/);
  assert.deepEqual(trace.variables["x"]!.grad, new Array(20).fill(2));
});

test("computing J adds no tensor, grad function or pass to the Trace", () => {
  const src = `import * as torch from "autograd-lens";
const x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
const y = x.mul(x).exp();
y.backward(torch.tensor([1.0, 0.0, 1.0]));
`;
  const trace = traceInProcess(src);
  const scalar = traceInProcess(src.replace("y.backward(torch.tensor([1.0, 0.0, 1.0]));", "torch.tensor([1.0, 0.0, 1.0]);\ny.sum().backward();"));
  assert.ok(trace.passes[0]!.jacobian?.leaves.length === 1);
  assert.deepEqual(trace.tensors.map((t) => t.id), ["t1", "t2", "t3", "t4"]);
  assert.deepEqual(trace.gradFns.map((g) => g.name), ["MulBackward0", "AccumulateGrad", "ExpBackward0"]);
  assert.equal(trace.passes.length, 1);
  assert.equal(trace.passes[0]!.steps.length, scalar.passes[0]!.steps.length - 1, "the same steps (less the scalar run's SumBackward0)");
});
