// The plain-JS register-tiled matmul kernel against the textbook triple loop (float64 sums, rounded once) on every
// shape from 1 to 9 in each of m, k, n (every tail of the 4×4 tiles and the small path) and on the bench's shapes,
// in float32 and float64. (matmul_wasm.test.ts checks the SIMD kernel, which takes the bigger ones, against it.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { matmulKernelJs } from "../../../src/engine/ops/matmul_kernel.js";

function filled(n: number, seed: number, f64: boolean): Float32Array | Float64Array {
  const x = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.sin(seed * 7.1 + i * 1.37) * 3;
  return x;
}

function naive(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
    out.push(s);
  }
  return out;
}

function check(m: number, k: number, n: number, f64: boolean): void {
  const a = filled(m * k, m + 3 * k, f64);
  const b = filled(k * n, n + 5 * k, f64);
  const got = matmulKernelJs(a, b, m, k, n, f64 ? "float64" : "float32");
  assert.equal(got instanceof (f64 ? Float64Array : Float32Array), true, "output dtype");
  const want = naive(a, b, m, k, n);
  assert.equal(got.length, want.length);
  const round = f64 ? (x: number): number => x : Math.fround;
  want.forEach((w, i) => {
    const tol = f64 ? 1e-12 * Math.max(1, Math.abs(w)) * k : 0;
    assert.ok(Math.abs(got[i]! - round(w)) <= tol + (f64 ? 0 : Math.abs(round(w)) * 2 ** -23 + 1e-30), `${m}×${k}×${n} [${i}]: ${got[i]} vs ${round(w)}`);
  });
}

test("every shape up to 9×9×9, float32 and float64", () => {
  for (let m = 1; m <= 9; m++) for (let k = 1; k <= 9; k++) for (let n = 1; n <= 9; n++) {
    check(m, k, n, false);
    check(m, k, n, true);
  }
});

test("the bench's shapes and an odd big one", () => {
  for (const [m, k, n] of [[64, 784, 128], [784, 64, 128], [64, 128, 10], [128, 64, 10], [37, 53, 29]] as const) check(m, k, n, false);
  check(33, 70, 18, true);
});
