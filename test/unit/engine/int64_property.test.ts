/**
 * fast-check properties of the int64 dtype: integer arithmetic on random int64 tensors is exact and stays int64
 * (add, sub, mul, neg, abs, sum, prod, cumsum), any float operand makes the result float (PyTorch's promotion by
 * category), true division is always float, and an int64 tensor indexes exactly like the plain index list.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as torch from "../../../src/engine/index.js";

const ints = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 12 });
const i64 = { dtype: torch.int64 };
// `+ 0`: a product or negation of 0 may hold -0 in the Float64Array; as an integer it is 0 (printing shows 0 too).
const values = (t: torch.Tensor): number[] => Array.from(t.dataView(), (v) => v + 0);

test("int64 arithmetic is exact and stays int64", () => {
  fc.assert(
    fc.property(ints, fc.integer({ min: -50, max: 50 }), (xs, k) => {
      const ys = xs.map((v, i) => v * 3 - i);
      const x = torch.tensor(xs, i64);
      const y = torch.tensor(ys, i64);
      const cases: Array<[torch.Tensor, number[]]> = [
        [x.add(y), xs.map((v, i) => v + ys[i]!)],
        [x.sub(y), xs.map((v, i) => v - ys[i]!)],
        [x.mul(y), xs.map((v, i) => v * ys[i]!)],
        [x.mul(k), xs.map((v) => v * k)],
        [torch.sub(k, x), xs.map((v) => k - v)],
        [x.neg(), xs.map((v) => -v)],
        [x.abs(), xs.map((v) => Math.abs(v))],
        [x.pow(2), xs.map((v) => v * v)],
        [x.sum(), [xs.reduce((a, b) => a + b, 0)]],
        [x.cumsum(0), xs.map((_v, i) => xs.slice(0, i + 1).reduce((a, b) => a + b, 0))],
      ];
      for (const [t, expected] of cases) {
        assert.equal(t.dtype, "int64");
        assert.deepEqual(values(t), expected.map((v) => v + 0));
        assert.ok(!String(t).includes("."), String(t));
      }
    }),
  );
});

test("a float operand, a fractional number or true division makes the result float", () => {
  fc.assert(
    fc.property(ints, fc.double({ min: -10, max: 10, noNaN: true }).filter((v) => !Number.isInteger(v)), (xs, f) => {
      const x = torch.tensor(xs, i64);
      assert.equal(x.mul(f).dtype, "float32");
      assert.equal(x.add(torch.tensor(xs.map((v) => v + 0.5))).dtype, "float32");
      assert.equal(x.add(torch.tensor(xs, { dtype: torch.float64 })).dtype, "float64");
      assert.equal(x.add(torch.tensor(f)).dtype, "float32");
      assert.equal(x.div(2).dtype, "float32");
      assert.equal(x.exp().dtype, "float32");
      const d = x.div(4);
      values(d).forEach((v, i) => assert.ok(Math.abs(v - xs[i]! / 4) < 1e-3));
    }),
  );
});

test("an int64 index tensor selects like the plain list, and the gradient counts each pick", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (n, raw) => {
      const picks = raw.map((v) => v % n);
      const x = torch.arange(n, { dtype: torch.float64 }).mul(1.5).requires_grad_();
      const y = x.at(torch.tensor(picks, i64));
      assert.deepEqual(values(y), picks.map((p) => p * 1.5));
      y.sum().backward();
      assert.deepEqual(values(x.grad), Array.from({ length: n }, (_v, i) => picks.filter((p) => p === i).length));
    }),
  );
});
