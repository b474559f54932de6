// The WebAssembly SIMD matmul kernel (matmul.wat → matmul_wasm_bytes.ts → matmul_wasm.ts): the checked-in bytes
// are what the WAT compiles to; float64 gives the plain-JS kernel's numbers exactly (same sums in the same order),
// float32 agrees within float32 summation error; row blocking and the fallback past the memory's cap give the same
// numbers, and the memory never grows past its cap.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { matmulKernel, matmulKernelJs } from "../../../src/engine/ops/matmul_kernel.js";
import { wasmMatmul, wasmMatmulAvailable, wasmMemoryBytes } from "../../../src/engine/ops/matmul_wasm.js";

const ROOT = path.join(__dirname, "..", "..", "..");
const CAP = 64 * 1024 * 1024;

function filled(n: number, seed: number, f64: boolean): Float32Array | Float64Array {
  const x = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.sin(seed * 7.1 + i * 1.37) * 3;
  return x;
}

/** SIMD against plain JS: float64 bit for bit, float32 within k·2⁻²³·Σ|a·b| per element (plus one rounding). */
function compare(got: ArrayLike<number>, want: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, f64: boolean): void {
  assert.equal(got.length, want.length);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    const g = got[i * n + j]!;
    const w = want[i * n + j]!;
    if (f64) {
      assert.equal(g, w, `${m}×${k}×${n} [${i},${j}]`);
      continue;
    }
    let abs = 0;
    for (let p = 0; p < k; p++) abs += Math.abs(a[i * k + p]! * b[p * n + j]!);
    assert.ok(Math.abs(g - w) <= (k + 1) * 2 ** -23 * abs + 1e-30, `${m}×${k}×${n} [${i},${j}]: ${g} vs ${w}`);
  }
}

function check(m: number, k: number, n: number, f64: boolean): void {
  const a = filled(m * k, m + 3 * k, f64);
  const b = filled(k * n, n + 5 * k, f64);
  const dtype = f64 ? "float64" : "float32";
  const got = wasmMatmul(a, b, m, k, n, dtype);
  assert.ok(got !== null, `${m}×${k}×${n} ${dtype} took the SIMD kernel`);
  assert.equal(got instanceof (f64 ? Float64Array : Float32Array), true, "output dtype");
  compare(got, matmulKernelJs(a, b, m, k, n, dtype), a, b, m, k, n, f64);
}

test("the checked-in module is what matmul.wat compiles to (node scripts/gen-matmul-wasm.mjs)", () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "gen-matmul-wasm.mjs"), "--check"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});

test("Node has the SIMD kernel, and matmulKernel uses it for float32 and float64 (not for int64, bool or tiny products)", () => {
  assert.equal(wasmMatmulAvailable(), true);
  const a = filled(32 * 32, 1, false);
  const b = filled(32 * 32, 2, false);
  // float32 sums differ from the JS kernel's float64 sums in the last bits somewhere: this tells which one ran.
  const viaKernel = matmulKernel(a, b, 32, 32, 32, "float32");
  assert.deepEqual(viaKernel, wasmMatmul(a, b, 32, 32, 32, "float32"));
  assert.notDeepEqual(viaKernel, matmulKernelJs(a, b, 32, 32, 32, "float32"));
  assert.equal(wasmMatmul(filled(1024, 1, true), filled(1024, 2, true), 32, 32, 32, "int64"), null);
  assert.equal(wasmMatmul(a, b, 8, 8, 8, "float32"), null, "below the size that pays for the copies");
  assert.equal(wasmMatmul(a, b, 3, 32, 32, "float32"), null, "fewer than 4 rows: the JS row kernel");
});

test("every tail of the 4-row and 8-column (4 for float64) blocks, float32 and float64", () => {
  for (const m of [4, 5, 6, 7, 8, 9, 13]) for (const n of [4, 5, 7, 8, 9, 12, 15, 17]) for (const k of [256, 301]) {
    check(m, k, n, false);
    check(m, k, n, true);
  }
});

test("the bench's shapes and odd big ones", () => {
  for (const [m, k, n] of [[64, 784, 128], [784, 64, 128], [64, 128, 10], [64, 10, 128], [128, 64, 10], [37, 53, 29], [256, 256, 256]] as const) {
    check(m, k, n, false);
  }
  check(33, 70, 18, true);
  check(129, 65, 31, true);
});

test("operands that are views into a larger storage (bmm's subarrays) and a memory reused by a wider product", () => {
  const big = filled(3 * 40 * 50, 9, false) as Float32Array;
  const bs = filled(3 * 50 * 12, 8, false) as Float32Array;
  for (let i = 0; i < 3; i++) {
    const a = big.subarray(i * 2000, (i + 1) * 2000);
    const b = bs.subarray(i * 600, (i + 1) * 600);
    compare(wasmMatmul(a, b, 40, 50, 12, "float32")!, matmulKernelJs(a, b, 40, 50, 12, "float32"), a, b, 40, 50, 12, false);
  }
  // After a product that left non-zero values everywhere, a narrower one still sees zero padding.
  check(64, 64, 64, false);
  check(9, 100, 5, false);
});

test("past the memory's 64 MiB cap: A and C in blocks of rows, or plain JS when B alone does not fit; never grows past the cap", () => {
  // A: 2100×4096 float64 (69 MB) does not fit beside B and C: blocks of rows, the same numbers.
  const a = filled(2100 * 4096, 3, true);
  const b = filled(4096 * 4, 4, true);
  const got = wasmMatmul(a, b, 2100, 4096, 4, "float64");
  assert.ok(got !== null);
  assert.deepEqual(got, matmulKernelJs(a, b, 2100, 4096, 4, "float64"));
  assert.ok(wasmMemoryBytes() <= CAP, `${wasmMemoryBytes()} bytes`);
  // B: 2048×4100 float64 (67 MB) alone is more than the cap: the JS kernel does it.
  const b2 = filled(2048 * 4100, 5, true);
  const a2 = filled(4 * 2048, 6, true);
  assert.equal(wasmMatmul(a2, b2, 4, 2048, 4100, "float64"), null);
  assert.deepEqual(matmulKernel(a2, b2, 4, 2048, 4100, "float64"), matmulKernelJs(a2, b2, 4, 2048, 4100, "float64"));
  assert.ok(wasmMemoryBytes() <= CAP, `${wasmMemoryBytes()} bytes`);
});
