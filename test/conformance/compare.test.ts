/** The comparison itself must be able to fail: tolerance edges, NaN, shapes, names, error texts. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { closeEnough, diff } from "./compare.js";
import type { Encoded } from "./harness.js";

function tensor(data: Encoded[], extra: Record<string, Encoded> = {}): Encoded {
  return { $: "tensor", shape: [data.length], dtype: "float32", data, requires_grad: false, grad_fn: null, ...extra };
}

test("numbers: relative 1e-5, absolute 1e-6 near zero, NaN equals NaN, infinities exact", () => {
  assert.ok(closeEnough(1000, 1000.009));
  assert.ok(!closeEnough(1000, 1000.02));
  assert.ok(closeEnough(0, 9e-7));
  assert.ok(!closeEnough(0, 2e-6));
  assert.ok(closeEnough(NaN, NaN));
  assert.ok(!closeEnough(NaN, 0));
  assert.ok(closeEnough(Infinity, Infinity));
  assert.ok(!closeEnough(Infinity, -Infinity));
  assert.ok(!closeEnough(1e300, Infinity));
});

test("tensors: data within tolerance pass, shape/dtype/grad_fn/values mismatches are reported", () => {
  assert.deepEqual(diff(tensor([1, "NaN", "-Infinity"]), tensor([1.000001, "NaN", "-Infinity"]), "t"), []);
  assert.equal(diff(tensor([1, 2]), tensor([1, 2.1]), "t").length, 1);
  assert.equal(diff(tensor([1, 2]), tensor([1, 2], { dtype: "float64" }), "t").length, 1);
  assert.equal(diff(tensor([1, 2]), tensor([1, 2], { grad_fn: "MulBackward0" }), "t").length, 1);
  assert.equal(diff(tensor([1, 2]), tensor([1, 2], { shape: [2, 1] }), "t").length, 1);
  assert.equal(diff(tensor([1, 2]), tensor([1]), "t").length > 0, true);
  assert.equal(diff(tensor([1]), null, "t").length, 1);
});

test("strings, error texts, lists and scalars compare exactly", () => {
  assert.deepEqual(diff("tensor([0., 4.])", "tensor([0., 4.])", "s"), []);
  assert.equal(diff("tensor([0., 4.])", "tensor([0, 4])", "s").length, 1);
  assert.equal(diff({ $: "error", message: "a" }, { $: "error", message: "a." }, "e").length, 1);
  assert.equal(diff({ $: "error", message: "a" }, { $: "no_error" }, "e").length, 1);
  assert.equal(diff([1, null], [1, 0], "l").length, 1);
  assert.equal(diff([1, 2], [1, 2, 3], "l").length, 1);
  assert.deepEqual(diff({ $: "float", v: "NaN" }, { $: "float", v: "NaN" }, "f"), []);
  assert.equal(diff(true, false, "b").length, 1);
});
