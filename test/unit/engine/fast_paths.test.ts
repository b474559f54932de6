// The engine's fast paths give the numbers of the generic code bit for bit: binaryKernel's spelled-out loops
// (scalar operands, alpha, broadcast rows) against a per-element reference of the rule they replace; the in-place
// ops written straight into the tensor against the same op out of place; mm of transposed views (read where they
// lie) against mm of contiguous copies, for the SIMD and the plain-JS kernel sizes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Bin, binaryKernel } from "../../../src/engine/ops/kernels.js";
import { allocStorage, type DType, type Storage } from "../../../src/engine/dtype.js";
import { broadcastShapes, broadcastStrides, numelOf } from "../../../src/engine/shape.js";
import { state } from "../../../src/engine/state.js";
import * as torch from "../../../src/engine/index.js";

/** Values with the awkward ones in: NaN, ±0, ±Infinity, tiny and huge magnitudes, and a float32-inexact spread. */
function values(n: number, seed: number, dtype: DType): Storage {
  const special = [Number.NaN, -0, 0, Infinity, -Infinity, 1e-40, 3e38, -7.25];
  const out = allocStorage(dtype, n);
  for (let i = 0; i < n; i++) out[i] = i % 11 === 3 ? special[(i + seed) % special.length]! : Math.sin(seed * 3.7 + i * 1.91) * 5;
  return out;
}

/** The rule every loop of binaryKernel implements: out[i] = a (op) alpha·b, broadcast, as one double expression. */
function reference(code: Bin, a: Storage, as: number[], b: Storage, bs: number[], dtype: DType, alpha: number): Storage {
  const shape = broadcastShapes(as, bs);
  const n = numelOf(shape);
  const sa = broadcastStrides(as, shape);
  const sb = broadcastStrides(bs, shape);
  const out = allocStorage(dtype, n);
  for (let i = 0; i < n; i++) {
    let ia = 0;
    let ib = 0;
    for (let d = shape.length - 1, r = i; d >= 0; d--) {
      const x = r % shape[d]!;
      r = (r - x) / shape[d]!;
      ia += x * sa[d]!;
      ib += x * sb[d]!;
    }
    const x = a[ia]!;
    const y = alpha * b[ib]!;
    out[i] = code === Bin.Add ? x + y : code === Bin.Sub ? x - y : code === Bin.Mul ? x * y : x / y;
  }
  return out;
}

function sameBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) assert.ok(Object.is(got[i], want[i]), `${what} [${i}]: ${got[i]} vs ${want[i]}`);
}

test("binaryKernel's add/sub/mul/div loops equal the per-element rule bit for bit (scalars, alpha, broadcasts, float32 and float64)", () => {
  const shapes: Array<[number[], number[]]> = [
    [[6, 5], [6, 5]], [[6, 5], []], [[], [6, 5]], [[6, 5], [1]], [[1, 1], [6, 5]], [[6, 5], [5]], [[6, 1], [1, 5]],
    [[3, 4, 5], [4, 1]], [[2, 3, 4], [2, 1, 4]],
  ];
  for (const dtype of ["float32", "float64"] as const) {
    for (const code of [Bin.Add, Bin.Sub, Bin.Mul, Bin.Div]) {
      for (const alpha of [1, -0.375, 3]) {
        if (alpha !== 1 && code !== Bin.Add && code !== Bin.Sub) continue;
        for (const [as, bs] of shapes) {
          const a = values(numelOf(as), 1, dtype);
          const b = values(numelOf(bs), 2, dtype);
          const got = binaryKernel(code, a, as, b, bs, dtype, alpha);
          sameBits(got.data, reference(code, a, as, b, bs, dtype, alpha), `${dtype} op ${code} alpha ${alpha} [${as}] with [${bs}]`);
        }
      }
    }
  }
});

test("binaryKernel with `into` = a writes the same numbers into a", () => {
  for (const [as, bs] of [[[7, 3], [7, 3]], [[7, 3], []], [[7, 3], [3]]] as Array<[number[], number[]]>) {
    const a = values(numelOf(as), 4, "float32");
    const b = values(numelOf(bs), 5, "float32");
    const want = binaryKernel(Bin.Sub, a, as, b, bs, "float32", 0.5).data;
    const r = binaryKernel(Bin.Sub, a, as, b, bs, "float32", 0.5, a);
    assert.equal(r.data, a);
    sameBits(a, want, `into [${as}] with [${bs}]`);
  }
});

function leafOf(shape: number[], seed: number, dtype: DType): torch.Tensor {
  return torch.tensor(Array.from(values(numelOf(shape), seed, "float64")), { dtype }).reshape(shape);
}

test("add_/sub_/mul_/div_ written in place give the out-of-place numbers, the version bump, and the same later tensor ids", () => {
  const cases: Array<[string, (x: torch.Tensor, o: torch.Tensor | number) => torch.Tensor, (x: torch.Tensor, o: torch.Tensor | number) => torch.Tensor]> = [
    ["add_", (x, o) => x.add_(o), (x, o) => x.add(o)],
    ["add_ alpha", (x, o) => x.add_(o, { alpha: -0.25 }), (x, o) => x.add(o, { alpha: -0.25 })],
    ["sub_", (x, o) => x.sub_(o), (x, o) => x.sub(o)],
    ["sub_ alpha", (x, o) => x.sub_(o, { alpha: 3 }), (x, o) => x.sub(o, { alpha: 3 })],
    ["mul_", (x, o) => x.mul_(o), (x, o) => x.mul(o)],
    ["div_", (x, o) => x.div_(o), (x, o) => x.div(o)],
  ];
  for (const dtype of ["float32", "float64"] as const) {
    for (const [name, inplace, outOfPlace] of cases) {
      for (const other of [leafOf([4, 6], 7, dtype), leafOf([6], 8, dtype), 0.01, -3]) {
        const x = leafOf([4, 6], 6, dtype);
        const want = outOfPlace(x, other).storage.slice();
        const v = x._version;
        const idBefore = state.nextTensorId;
        const r = torch.no_grad(() => inplace(x, other));
        assert.equal(r, x, name);
        assert.equal(x._version, v + 1, `${name}: version`);
        sameBits(x.storage, want, `${dtype} ${name} with ${typeof other === "number" ? other : `[${other._shape}]`}`);
        // Out of place: a wrapped number (if any) and the result took ids; in place takes the same count.
        const outIds = (() => { const s = state.nextTensorId; outOfPlace(x, other); return state.nextTensorId - s; })();
        assert.equal(state.nextTensorId - idBefore - outIds, outIds, `${name}: ids taken`);
      }
    }
  }
  // An int64 tensor divided in place still raises PyTorch's cast error (the out-of-place route runs).
  const i = torch.tensor([1, 2, 3], { dtype: torch.int64 });
  assert.throws(() => torch.no_grad(() => i.div_(2)), /result type Float can't be cast to the desired output type Long/);
  // A leaf that requires grad, with grad mode on, still raises; under no_grad it is written (the SGD update).
  const w = torch.tensor([1, 2, 3], { requires_grad: true });
  assert.throws(() => w.sub_(1), /a leaf Variable that requires grad is being used in an in-place operation/);
  torch.no_grad(() => w.sub_(torch.tensor([0.5, 0.5, 0.5])));
  assert.deepEqual(Array.from(w.storage), [0.5, 1.5, 2.5]);
});

test("mm of transposed views (read where they lie) equals mm of contiguous copies bit for bit, SIMD and plain-JS sizes", () => {
  for (const dtype of ["float32", "float64"] as const) {
    for (const [m, k, n] of [[64, 40, 24], [13, 9, 17], [3, 5, 2], [33, 64, 10]] as Array<[number, number, number]>) {
      const at = leafOf([k, m], 1, dtype);
      const bt = leafOf([n, k], 2, dtype);
      const a = leafOf([m, k], 3, dtype);
      const b = leafOf([k, n], 4, dtype);
      const what = `${dtype} ${m}×${k}×${n}`;
      sameBits(at.t().mm(b).storage, at.t().contiguous().mm(b).storage, `${what} Aᵀ·B`);
      sameBits(a.mm(bt.t()).storage, a.mm(bt.t().contiguous()).storage, `${what} A·Bᵀ`);
      sameBits(at.t().mm(bt.t()).storage, at.t().contiguous().mm(bt.t().contiguous()).storage, `${what} Aᵀ·Bᵀ`);
      const bias = leafOf([n], 5, dtype);
      sameBits(torch.addmm(bias, a, bt.t()).storage, torch.addmm(bias, a, bt.t().contiguous()).storage, `${what} addmm`);
      // A column slice (row stride ≠ width) and a row-broadcast (stride 0) operand.
      const wide = leafOf([k, n + 3], 6, dtype).narrow(1, 1, n);
      sameBits(a.mm(wide).storage, a.mm(wide.contiguous()).storage, `${what} A·B[:, 1:]`);
      const row = leafOf([1, k], 7, dtype).expand(m, k);
      sameBits(row.mm(b).storage, row.contiguous().mm(b).storage, `${what} expanded A`);
    }
  }
});
