import { allocStorage, type DType, type Storage } from "../dtype.js";
import { rowMajor, wasmMatmulLayouts, type MatLayout } from "./matmul_wasm.js";

export { rowMajor, type MatLayout } from "./matmul_wasm.js";

/**
 * C[m,n] = A[m,k] · B[k,n] for row-major storages: the one loop behind mm, mv, matmul, bmm and addmm.
 *
 * V8 does not vectorize, so the speed of a scalar kernel is the number of loads per multiply–add. A 4×4 block of C
 * is kept in 16 local doubles (registers) while p runs over k: each step loads 4 values of A and 4 of B for 16
 * multiply–adds (the previous i-k-j kernel loaded and stored a row of C for every 8). B is packed once per
 * 4-column panel into a contiguous k×4 Float64Array (zero-padded past the last column), so the inner loop reads
 * two short streams that stay in L1. Measured (CPU time, node 20, on the bench's shapes): 256×256×256 10.8 → 8.2
 * ms, 64×784×128 4.1 → 3.3 ms, 784×64×128 4.2 → 3.2 ms; larger tiles spill registers, and packing A or blocking k
 * changed nothing measurable. That is about 2 G multiply–adds/s, the ceiling of scalar JS; so float32 and float64
 * products of at least 4×4×4 and 4096 multiply–adds go to the WebAssembly SIMD kernel (matmul_wasm.ts) wherever
 * the realm has WebAssembly, and this one runs where it has not, for int64 and bool, and for small or thin products.
 *
 * Every element is summed over p in order in float64 and rounded once when stored (close to BLAS's float32 results).
 * The SIMD kernel sums in the element type, as BLAS does: float64 gives the same numbers as here, float32 agrees to
 * float32 rounding.
 */
export function matmulKernel(a: Storage, b: Storage, m: number, k: number, n: number, dtype: DType): Storage {
  return matmulLayouts(rowMajor(a, k), rowMajor(b, n), m, k, n, dtype);
}

/**
 * `matmulKernel` for operands of any 2-D layout (mm of a transposed view, as mm's backward computes): the SIMD
 * kernel copies each straight into its memory; the plain-JS kernel gets row-major copies (the ones `Tensor.storage`
 * would have made), so both see the numbers they saw before and give the same results.
 */
export function matmulLayouts(a: MatLayout, b: MatLayout, m: number, k: number, n: number, dtype: DType): Storage {
  const simd = wasmMatmulLayouts(a, b, m, k, n, dtype);
  if (simd !== null) return simd;
  return matmulKernelJs(contiguous(a, m, k, dtype), contiguous(b, k, n, dtype), m, k, n, dtype);
}

/** The rows × cols elements of `x` in row-major order: its own buffer when they already are, else a copy. */
function contiguous(x: MatLayout, rows: number, cols: number, dtype: DType): Storage {
  if (x.cs === 1 && (x.rs === cols || rows === 1)) return x.buf.subarray(x.offset, x.offset + rows * cols);
  const out = allocStorage(dtype, rows * cols);
  for (let i = 0, o = 0; i < rows; i++) for (let j = 0, q = x.offset + i * x.rs; j < cols; j++, q += x.cs) out[o++] = x.buf[q]!;
  return out;
}

/** The plain-JS kernel (exported for the test that checks the SIMD kernel against it). */
export function matmulKernelJs(a: Storage, b: Storage, m: number, k: number, n: number, dtype: DType): Storage {
  if (m < 4 || n < 4 || k < 4) return matmulRows(a, b, m, k, n, dtype);
  const out = allocStorage(dtype, m * n);
  const panel = new Float64Array(k * 4);
  const m4 = m - (m % 4);
  for (let j = 0; j < n; j += 4) {
    const w = Math.min(4, n - j);
    if (w === 4) {
      for (let p = 0, q = j, o = 0; p < k; p++, q += n, o += 4) {
        panel[o] = b[q]!;
        panel[o + 1] = b[q + 1]!;
        panel[o + 2] = b[q + 2]!;
        panel[o + 3] = b[q + 3]!;
      }
    } else {
      panel.fill(0);
      for (let p = 0, q = j, o = 0; p < k; p++, q += n, o += 4) for (let c = 0; c < w; c++) panel[o + c] = b[q + c]!;
    }
    for (let i = 0; i < m4; i += 4) {
      const a0 = i * k;
      const a1 = a0 + k;
      const a2 = a1 + k;
      const a3 = a2 + k;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0, o = 0; p < k; p++, o += 4) {
        const b0 = panel[o]!, b1 = panel[o + 1]!, b2 = panel[o + 2]!, b3 = panel[o + 3]!;
        const x0 = a[a0 + p]!, x1 = a[a1 + p]!, x2 = a[a2 + p]!, x3 = a[a3 + p]!;
        c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
        c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
        c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
        c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
      }
      const o = i * n + j;
      if (w === 4) {
        out[o] = c00; out[o + 1] = c01; out[o + 2] = c02; out[o + 3] = c03;
        out[o + n] = c10; out[o + n + 1] = c11; out[o + n + 2] = c12; out[o + n + 3] = c13;
        const o2 = o + 2 * n;
        out[o2] = c20; out[o2 + 1] = c21; out[o2 + 2] = c22; out[o2 + 3] = c23;
        out[o2 + n] = c30; out[o2 + n + 1] = c31; out[o2 + n + 2] = c32; out[o2 + n + 3] = c33;
      } else {
        storePart(out, o, w, c00, c01, c02);
        storePart(out, o + n, w, c10, c11, c12);
        storePart(out, o + 2 * n, w, c20, c21, c22);
        storePart(out, o + 3 * n, w, c30, c31, c32);
      }
    }
    // The last m % 4 rows: one row at a time against the same panel.
    for (let i = m4; i < m; i++) {
      const a0 = i * k;
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let p = 0, o = 0; p < k; p++, o += 4) {
        const x = a[a0 + p]!;
        c0 += x * panel[o]!;
        c1 += x * panel[o + 1]!;
        c2 += x * panel[o + 2]!;
        c3 += x * panel[o + 3]!;
      }
      const o = i * n + j;
      if (w === 4) {
        out[o] = c0; out[o + 1] = c1; out[o + 2] = c2; out[o + 3] = c3;
      } else storePart(out, o, w, c0, c1, c2);
    }
  }
  return out;
}

/** The first `w` (< 4) of a row's four results: the last panel of a width that is not a multiple of 4. */
function storePart(out: Storage, o: number, w: number, c0: number, c1: number, c2: number): void {
  out[o] = c0;
  if (w > 1) out[o + 1] = c1;
  if (w > 2) out[o + 2] = c2;
}

/**
 * Small or thin products (fewer than 4 rows, columns or inner elements; mv): i-k-j order, the inner loop streaming
 * rows of B into a float64 row of C, rounded once.
 */
function matmulRows(a: Storage, b: Storage, m: number, k: number, n: number, dtype: DType): Storage {
  const out = allocStorage(dtype, m * n);
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    const a0 = i * k;
    for (let p = 0; p < k; p++) {
      const x = a[a0 + p]!;
      const bp = p * n;
      for (let j = 0; j < n; j++) row[j]! += x * b[bp + j]!;
    }
    out.set(row, i * n);
  }
  return out;
}
