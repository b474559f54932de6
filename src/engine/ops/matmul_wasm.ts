import type { DType, Storage } from "../dtype.js";
import { MATMUL_WASM } from "./matmul_wasm_bytes.js";

/**
 * The WebAssembly SIMD matrix product (matmul.wat), used by matmul_kernel.ts for float32 and float64 products big
 * enough to pay for copying the operands in and the result out (O(n²) against the product's O(n³)).
 *
 * It is instantiated once, when this module is evaluated, with the WebAssembly of the realm evaluating it. In the
 * snippet's realm that is the realm bundle's top level, before any snippet code exists; the sandbox then deletes
 * `globalThis.WebAssembly` (src/runner/sandbox.ts). What the engine keeps is only this closure: the two exported
 * kernels (plain functions of the realm) and the module's Memory, which never leaves it — no tensor's storage is a
 * view of the linear memory (results are copied out), nothing returns the instance, the memory or its buffer. The
 * module itself caps the memory at 64 MiB (its declared maximum), and it is grown here only, by what a product
 * needs; since the memory is outside the V8 heap, the engine's memory guard sees it in `external_memory` as it does
 * typed arrays. Where there is no WebAssembly (or it may not compile: `codeGeneration.wasm` off), `wasmMatmul`
 * returns null and the plain-JS kernel runs.
 */

/** The part of the JS WebAssembly API this module uses (the engine's tsconfig has no DOM types to lean on). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type Kernel = (a: number, b: number, c: number, mp: number, k: number, np: number, pk: number) => void;

const PAGE = 65536;
/** The module's declared maximum (matmul.wat: `(memory 1 1024)`). */
const MAX_BYTES = 1024 * PAGE;
/** Products smaller than this many multiply–adds stay in plain JS: the calls and copies would cost more. */
const MIN_MACS = 4096;

interface Instance {
  memory: WasmMemory;
  f32: Kernel;
  f64: Kernel;
}

function instantiate(): Instance | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return null;
  try {
    const { exports } = new api.Instance(new api.Module(new Uint8Array(MATMUL_WASM)));
    const memory = exports["memory"] as WasmMemory;
    const f32 = exports["mm_f32"];
    const f64 = exports["mm_f64"];
    if (typeof f32 !== "function" || typeof f64 !== "function") return null;
    return { memory, f32: f32 as Kernel, f64: f64 as Kernel };
  } catch {
    // Compiling is off in this realm (codeGeneration.wasm: false) or SIMD is unsupported: plain JS.
    return null;
  }
}

const wasm = instantiate();

/** True when the SIMD kernel is there (tests and the bench say which kernel they measured). */
export function wasmMatmulAvailable(): boolean {
  return wasm !== null;
}

/** The linear memory's size in bytes (0 without WebAssembly): the test that it never passes its cap reads it. */
export function wasmMemoryBytes(): number {
  return wasm === null ? 0 : wasm.memory.buffer.byteLength;
}

/** Grows the memory to at least `bytes` (≤ MAX_BYTES); false if the process cannot get it. */
function reserve(w: Instance, bytes: number): boolean {
  const have = w.memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    w.memory.grow(Math.ceil((bytes - have) / PAGE));
    return true;
  } catch {
    return false;
  }
}

const ceilTo = (x: number, q: number): number => Math.ceil(x / q) * q;

/**
 * A 2-D operand where it lies: element (i, j) at `buf[offset + i·rs + j·cs]`. A contiguous matrix has rs = its
 * width and cs = 1; a transposed one (`x.t()`, what mm's backward multiplies by) has rs = 1.
 */
export interface MatLayout { buf: Storage; offset: number; rs: number; cs: number }

/** The layout of row-major data with `cols` columns. */
export function rowMajor(buf: Storage, cols: number): MatLayout {
  return { buf, offset: 0, rs: cols, cs: 1 };
}

/**
 * C = A·B (row-major, A m×k, B k×n) with the SIMD kernel, into a new storage of `dtype`; null when this product is
 * for the plain-JS kernel (no WebAssembly, another dtype, too small or too thin, or B alone too big for the memory).
 */
export function wasmMatmul(a: Storage, b: Storage, m: number, k: number, n: number, dtype: DType): Storage | null {
  return wasmMatmulLayouts(rowMajor(a, k), rowMajor(b, n), m, k, n, dtype);
}

/**
 * `wasmMatmul` for operands of any 2-D layout: each is copied straight from where it lies into the linear memory
 * (a transposed operand is not first gathered into a contiguous copy, which the kernel would then copy again).
 * Rows of A are padded to a multiple of 4 and B's and C's rows to a multiple of 8 floats (4 doubles) with zeros,
 * so the kernel has no edge code; when A, B and C do not fit together, A and C go through in blocks of rows.
 * (Copying B in row by row and letting the kernel pack each strip is cheaper than packing here in JS.) The kernel
 * sees the same numbers whatever the layout, so the result is too.
 */
export function wasmMatmulLayouts(a: MatLayout, b: MatLayout, m: number, k: number, n: number, dtype: DType): Storage | null {
  if (wasm === null || m < 4 || n < 4 || k < 4 || m * n * k < MIN_MACS) return null;
  let f64: boolean;
  if (dtype === "float32" && a.buf instanceof Float32Array && b.buf instanceof Float32Array) f64 = false;
  else if (dtype === "float64" && a.buf instanceof Float64Array && b.buf instanceof Float64Array) f64 = true;
  else return null;
  const size = f64 ? 8 : 4;
  const np = ceilTo(n, f64 ? 4 : 8);
  // The layout: B (rows padded to np), the kernel's packed strip of B (k rows of 32 bytes), a block of A's rows, the
  // same block of C's rows.
  const bBytes = ceilTo(k * np * size, 16);
  const pkOff = bBytes;
  const aOff = pkOff + k * 32;
  // Rows per block: all of them if they fit, else as many (a multiple of 4) as fit beside B.
  const perRow = (k + np) * size;
  const fit = Math.floor((MAX_BYTES - aOff - 16) / perRow / 4) * 4;
  if (fit < 4) return null;
  const mb = Math.min(ceilTo(m, 4), fit);
  const cOff = aOff + ceilTo(mb * k * size, 16);
  if (!reserve(wasm, cOff + mb * np * size)) return null;

  const heap = f64 ? new Float64Array(wasm.memory.buffer) : new Float32Array(wasm.memory.buffer);
  const out = f64 ? new Float64Array(m * n) : new Float32Array(m * n);
  // B, its rows padded with zeros to np (the pad must be rewritten: the memory keeps the previous product).
  copyRows(heap, 0, np, b, 0, k, n);
  if (np !== n) for (let p = 0; p < k; p++) heap.fill(0, p * np + n, p * np + np);
  const aAt = aOff / size;
  const cAt = cOff / size;
  const kernel = f64 ? wasm.f64 : wasm.f32;
  for (let i0 = 0; i0 < m; i0 += mb) {
    const rows = Math.min(mb, m - i0);
    const rowsPadded = ceilTo(rows, 4);
    copyRows(heap, aAt, k, a, i0, rows, k);
    if (rowsPadded > rows) heap.fill(0, aAt + rows * k, aAt + rowsPadded * k);
    kernel(aOff, 0, cOff, rowsPadded, k, np, pkOff);
    if (np === n) out.set(heap.subarray(cAt, cAt + rows * n), i0 * n);
    else for (let i = 0; i < rows; i++) out.set(heap.subarray(cAt + i * np, cAt + i * np + n), (i0 + i) * n);
  }
  return out;
}

/**
 * Rows r0 … r0+rows-1 (each `cols` wide) of the operand `x` into `heap` from `at` on, one every `ld` elements:
 * whole-row copies when its rows are contiguous, else element by element through its strides (a transposed
 * operand reads down its buffer's columns).
 */
function copyRows(heap: Float32Array | Float64Array, at: number, ld: number, x: MatLayout, r0: number, rows: number, cols: number): void {
  const { buf, rs, cs } = x;
  const start = x.offset + r0 * rs;
  if (cs === 1) {
    if (rs === cols && ld === cols) heap.set(buf.subarray(start, start + rows * cols), at);
    else for (let i = 0; i < rows; i++) heap.set(buf.subarray(start + i * rs, start + i * rs + cols), at + i * ld);
    return;
  }
  for (let i = 0; i < rows; i++) {
    const o = at + i * ld;
    let q = start + i * rs;
    for (let j = 0; j < cols; j++, q += cs) heap[o + j] = buf[q]!;
  }
}
