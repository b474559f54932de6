/** Timing helpers shared by bench sections. */
import { performance } from "node:perf_hooks";
import { median } from "../test/vscode/harness/median.js";

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

/**
 * As timeLoop, but each iteration is timed on its own and the median is reported: for steps of a few ms whose
 * mean a single GC pause or a neighbour's burst on a shared machine can double (the runner's traced-vs-plain rows).
 */
export function medianLoop(step: () => void, o: { warmup: number; budgetMs: number }): Timing {
  const warmStart = performance.now();
  for (let i = 0; i < o.warmup || performance.now() - warmStart < WARMUP_MS; i++) step();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 5 || performance.now() - start < o.budgetMs) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  return { msPerIter: median(times), iterations: times.length };
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
