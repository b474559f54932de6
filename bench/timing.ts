/** Timing helpers shared by bench sections. */
import { performance } from "node:perf_hooks";

export interface Timing {
  msPerIter: number;
  iterations: number;
}

/** Untimed warm-up before every measurement: at least this long, so the JIT has settled on optimized code. */
export const WARMUP_MS = 500;

/**
 * Runs `step` untimed for at least `warmup` iterations and WARMUP_MS (JIT, caches), then either exactly
 * `iterations` times or as many times as fit in `budgetMs`, and returns the mean time per iteration.
 */
export function timeLoop(step: () => void, o: { warmup: number; iterations?: number; budgetMs?: number }): Timing {
  const warmStart = performance.now();
  for (let i = 0; i < o.warmup || performance.now() - warmStart < WARMUP_MS; i++) step();
  const start = performance.now();
  let n = 0;
  if (o.iterations !== undefined) {
    for (; n < o.iterations; n++) step();
  } else {
    const budget = o.budgetMs ?? 2000;
    while (n === 0 || performance.now() - start < budget) {
      step();
      n++;
    }
  }
  return { msPerIter: (performance.now() - start) / n, iterations: n };
}

/** Deterministic pseudo-random values in [-0.25, 0.25] (the same formula as torch_bench.py `det`). */
export function det(n: number, seed: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const s = Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453;
    out[i] = Math.abs(s - Math.trunc(s) - 0.5) - 0.25;
  }
  return out;
}

/** Heap in use after a full collection; null when node was not started with --expose-gc. */
export function heapAfterGc(): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return null;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
