// Every example, traced by the runner, against real PyTorch 1.13 (example-fixtures.json, made by the committed
// test/gen_example_twins.py, one twin per example): each top-level tensor variable's shape, values, grad,
// requires_grad, is_leaf and grad_fn, the printed lines, and the number of backward calls.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { traceInProcess } from "../../../src/runner/inProcess.js";

interface FixtureVariable {
  shape: number[];
  data: number[];
  grad: number[] | null;
  requires_grad: boolean;
  is_leaf: boolean;
  grad_fn: string | null;
}
interface Fixtures {
  examples: Record<string, { variables: Record<string, FixtureVariable>; console: string[]; passes: number }>;
}

const root = join(__dirname, "..", "..", "..");
const fixtures = JSON.parse(readFileSync(join(__dirname, "example-fixtures.json"), "utf8")) as Fixtures;
const exampleFiles = readdirSync(join(root, "examples")).filter((f) => /^\d\d-.*\.ts$/.test(f)).sort();

function close(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    assert.ok(Math.abs(a - e) <= 1e-5 * Math.max(1, Math.abs(e)), `${what}[${i}]: ${a} vs PyTorch ${e}`);
  });
}

test("there is one fixture per example and eight examples", () => {
  assert.equal(exampleFiles.length, 8);
  assert.deepEqual(exampleFiles.map((f) => f.replace(/\.ts$/, "")), Object.keys(fixtures.examples).sort());
});

for (const file of exampleFiles) {
  const name = file.replace(/\.ts$/, "");
  test(`example ${name} matches PyTorch`, () => {
    const source = readFileSync(join(root, "examples", file), "utf8");
    assert.match(source, /^import \* as torch from "autograd-lens";\n/, "examples start with the engine import");
    const trace = traceInProcess(source, { file });
    const fx = fixtures.examples[name];
    assert.ok(fx, `fixture for ${name}`);
    assert.equal(trace.error, null, `ran without error: ${JSON.stringify(trace.error)}`);
    assert.deepEqual(Object.keys(trace.variables).sort(), Object.keys(fx.variables).sort(), "top-level tensor variables");
    for (const [v, want] of Object.entries(fx.variables)) {
      const got = trace.variables[v];
      assert.ok(got, v);
      assert.deepEqual(got.shape, want.shape, `${v}.shape`);
      close(got.data, want.data, `${v}.data`);
      if (want.grad === null) assert.equal(got.grad, null, `${v}.grad`);
      else {
        assert.ok(got.grad !== null, `${v}.grad is set`);
        close(got.grad, want.grad, `${v}.grad`);
      }
      assert.equal(got.requires_grad, want.requires_grad, `${v}.requires_grad`);
      assert.equal(got.is_leaf, want.is_leaf, `${v}.is_leaf`);
      assert.equal(got.grad_fn, want.grad_fn, `${v}.grad_fn`);
      // The variable's tensor is in the graph, named after it (or after the name it was first bound to).
      const t = trace.tensors.find((x) => x.id === got.tensor);
      assert.ok(t, `${v}: tensor ${got.tensor} recorded`);
      assert.ok(t.name !== null, `${v}: tensor is named`);
    }
    assert.deepEqual(trace.console.map((c) => c.text), fx.console, "printed lines");
    assert.equal(trace.passes.length, fx.passes, "backward calls");
    for (const p of trace.passes) assert.ok(p.range !== null, `pass ${p.index} has a source range`);
  });
}
