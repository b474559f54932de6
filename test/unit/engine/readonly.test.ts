/**
 * Engine objects are read-only where PyTorch's are (issue 12 §2 relies on it: a snippet must not be able to change
 * what the recorder and the view read): a tensor's id, shape, dtype, grad_fn; a grad_fn's id, next_functions and
 * variable. The PyTorch error texts are compared in test/conformance (edge_readonly_attributes); this checks the
 * JavaScript-only ways in (array mutation, the GradFn's own fields).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as torch from "../../../src/engine/index.js";

function assign(obj: object, key: string | number, value: unknown): void {
  (obj as Record<string | number, unknown>)[key] = value;
}

test("a tensor's shape array cannot be changed in place", () => {
  const x = torch.ones(2, 3);
  assert.throws(() => assign(x.shape, 0, 5), TypeError);
  assert.throws(() => (x.shape as number[]).push(1), TypeError);
  assert.deepEqual(x.shape, [2, 3]);
  // size() is a copy the caller owns.
  const s = x.size();
  s[0] = 7;
  assert.deepEqual(x.shape, [2, 3]);
});

test("id, shape, dtype and grad_fn refuse assignment with PyTorch's AttributeError", () => {
  const x = torch.ones([2], { requires_grad: true });
  const y = x.mul(2);
  for (const [obj, key] of [[x, "id"], [x, "shape"], [x, "dtype"], [y, "grad_fn"], [x, "is_leaf"], [x, "_version"]] as const) {
    assert.throws(() => assign(obj, key, null), (e: Error & { kind?: string }) => e.kind === "AttributeError" && e.message.includes(`'${key}'`));
  }
  assert.equal(y.grad_fn?.name(), "MulBackward0");
});

test("a grad_fn's id, next_functions and variable are read-only and its edges frozen", () => {
  const x = torch.ones([2], { requires_grad: true });
  const y = x.mul(2);
  const g = y.grad_fn!;
  const id = g.id;
  assert.throws(() => assign(g, "id", 99));
  assert.throws(() => assign(g, "next_functions", []));
  assert.throws(() => assign(g.next_functions, 0, [null, 0]), TypeError);
  assert.throws(() => assign(g.next_functions[0]!, 0, null), TypeError);
  const acc = g.next_functions[0]![0]!;
  assert.equal(acc.name(), "AccumulateGrad");
  assert.throws(() => assign(acc, "variable", null));
  assert.equal(acc.variable, x);
  assert.equal(g.id, id);
  y.sum().backward();
  assert.deepEqual(x.grad?.tolist(), [2, 2]);
});

test("a size array passed to a creation function stays the caller's", () => {
  const size = [2, 2];
  const z = torch.zeros(size);
  size[0] = 9;
  assert.deepEqual(z.shape, [2, 2]);
  size.push(1);
  assert.equal(Object.isFrozen(size), false);
});
