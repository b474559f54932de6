/**
 * How bench sections plug into `npm run bench`: each bench/*.bench.ts file calls `registerBench` at import time;
 * bench/index.ts imports them all, runs the sections in file order, prints their tables and writes --json.
 * (The runner owner adds bench/runner.bench.ts the same way.)
 */

/** One workload measured on one or more implementations ("ours", "tfjs", "pytorch", …). */
export interface BenchRow {
  workload: string;
  /** Milliseconds per iteration by implementation; null when that implementation could not run. */
  msPerIter: Record<string, number | null>;
  iterations: Record<string, number>;
  /** Every round's ms/iter by implementation, when the section measured several rounds and kept the best. */
  samples?: Record<string, number[]>;
}

/** A target from the issue, reported as PASS/MISS (benchmarks are not tests, they never fail the run). */
export interface BenchCheck {
  name: string;
  pass: boolean;
  detail: string;
}

export interface SectionReport {
  rows: BenchRow[];
  checks: BenchCheck[];
  notes: string[];
}

export interface BenchOptions {
  /** Quick mode (--quick): fewer iterations, for smoke runs. Numbers are then not the issue's workloads. */
  quick: boolean;
}

export interface BenchSection {
  name: string;
  run(options: BenchOptions): Promise<SectionReport>;
}

const sections: BenchSection[] = [];

/** Adds a section; called by bench/*.bench.ts files when imported. */
export function registerBench(section: BenchSection): void {
  sections.push(section);
}

/** Registered sections in registration order. */
export function registeredBenches(): readonly BenchSection[] {
  return sections;
}
