/**
 * fast-check properties of Python-style indexing (`x.at(...)`, `x.__setitem__`): random shapes and random basic
 * subscripts (integers, slices with steps, negative bounds) agree with a plain nested-array reference, a read then a
 * write of the same region round-trips, and the gradient of a read counts how often each element was read — also
 * checked against finite differences with advanced (index-tensor) subscripts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as torch from "../../../src/engine/index.js";
import type { IndexItem } from "../../../src/engine/index.js";
import { gradError } from "./gradcheck_util.js";

type Item = { kind: "int"; v: number } | { kind: "slice"; start: number | null; stop: number | null; step: number };

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });
const itemArb = (size: number): fc.Arbitrary<Item> =>
  fc.oneof(
    fc.integer({ min: -size, max: size - 1 }).map((v) => ({ kind: "int" as const, v })),
    fc.record({
      kind: fc.constant("slice" as const),
      start: fc.option(fc.integer({ min: -size - 1, max: size + 1 }), { nil: null }),
      stop: fc.option(fc.integer({ min: -size - 1, max: size + 1 }), { nil: null }),
      step: fc.integer({ min: 1, max: 3 }),
    }),
  );
const caseArb = shapeArb.chain((shape) =>
  fc.tuple(fc.constant(shape), fc.integer({ min: 1, max: shape.length }).chain((k) => fc.tuple(...shape.slice(0, k).map(itemArb)))),
);

/** Python's slice indices (the reference). */
function range(size: number, it: Item): number[] {
  if (it.kind === "int") return [it.v < 0 ? it.v + size : it.v];
  const norm = (v: number | null, d: number) => (v === null ? d : Math.min(Math.max(v < 0 ? v + size : v, 0), size));
  const out: number[] = [];
  for (let i = norm(it.start, 0); i < norm(it.stop, size); i += it.step) out.push(i);
  return out;
}

/** The reference result: nested arrays read position by position (an int drops its dim). */
function reference(data: unknown, shape: number[], items: Item[], d = 0): unknown {
  if (d === items.length) return data;
  const arr = data as unknown[];
  const it = items[d]!;
  const picked = range(shape[d]!, it).map((i) => reference(arr[i], shape, items, d + 1));
  return it.kind === "int" ? picked[0] : picked;
}

const spell = (it: Item): IndexItem => (it.kind === "int" ? it.v : `${it.start ?? ""}:${it.stop ?? ""}:${it.step}`);

test("x.at(...) with random integers and slices reads what Python's x[...] reads", () => {
  fc.assert(fc.property(caseArb, ([shape, items]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const x = torch.arange(n * 1.0).reshape(shape);
    const got = x.at(...items.map(spell));
    assert.deepEqual(got.tolist(), reference(x.tolist(), shape, items));
  }), { numRuns: 300 });
});

test("writing a region with __setitem__ then reading it back gives the written values; the rest is unchanged", () => {
  fc.assert(fc.property(caseArb, ([shape, items]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const key = items.map(spell);
    const y = torch.arange(n * 1.0).reshape(shape);
    const region = y.at(...key);
    const v = torch.arange(region.numel() * 1.0).add(100).reshape(region.shape.slice());
    y.__setitem__(key, v);
    assert.deepEqual(y.at(...key).tolist(), v.tolist());
    // Elements outside the region (whose positions the untouched region of an arange names) keep their value.
    const inside = new Set(torch.arange(n * 1.0).reshape(shape).at(...key).reshape(-1).tolist() as number[]);
    (y.reshape(-1).tolist() as number[]).forEach((val, i) => { if (!inside.has(i)) assert.equal(val, i); });
  }), { numRuns: 200 });
});

test("the gradient of sum(x.at(...)) is 1 exactly where a basic subscript reads", () => {
  fc.assert(fc.property(caseArb, ([shape, items]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const x = torch.zeros(shape, { requires_grad: true });
    x.at(...items.map(spell)).sum().backward();
    const marks = torch.arange(n * 1.0).reshape(shape).at(...items.map(spell)).reshape(-1).tolist() as number[];
    const expected = new Array<number>(n).fill(0);
    for (const m of marks) expected[m] = 1;
    assert.deepEqual(x.grad.reshape(-1).tolist(), expected);
  }), { numRuns: 200 });
});

test("advanced subscripts with repeated random indices pass gradcheck (repeats accumulate)", () => {
  const arb = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 })).chain(([r, c]) =>
    fc.tuple(fc.constant([r, c]), fc.array(fc.integer({ min: 0, max: r - 1 }), { minLength: 1, maxLength: 5 }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: r * c, maxLength: r * c })),
  );
  fc.assert(fc.property(arb, ([shape, rows, data]) => {
    const err = gradError((a) => a!.at(torch.tensor(rows)).mul(a!.at(torch.tensor(rows)).sum()), [{ data, shape: [...shape] }]);
    assert.ok(err < 1e-6, `gradcheck error ${err}`);
  }), { numRuns: 60 });
});
