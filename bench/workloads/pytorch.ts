/** Runs bench/torch_bench.py with /usr/bin/python3 (PyTorch eager CPU, 1 thread) and reads its JSON line. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export interface TorchTiming {
  ms: number;
  iterations: number;
}

export interface TorchResults {
  version: string;
  threads: number;
  defaultThreads: number;
  course: TorchTiming;
  mlp: TorchTiming;
  matmul: TorchTiming;
  nn: TorchTiming;
}

const PYTHON = "/usr/bin/python3";

function isTiming(v: unknown): v is TorchTiming {
  return typeof v === "object" && v !== null && typeof (v as TorchTiming).ms === "number" && typeof (v as TorchTiming).iterations === "number";
}

/** The measured numbers, or a reason why PyTorch could not be measured (not installed, crashed, …). */
export function runTorchBench(iterations: number, budgetMs: number): TorchResults | { unavailable: string } {
  const script = join(__dirname, "..", "torch_bench.py");
  const r = spawnSync(PYTHON, [script, String(iterations), String(budgetMs / 1000)], { encoding: "utf8", timeout: 120_000 });
  if (r.error) return { unavailable: `${PYTHON}: ${r.error.message}` };
  if (r.status !== 0) {
    const last = r.stderr.trim().split("\n").pop() ?? "";
    return { unavailable: last.includes("No module named 'torch'") ? "torch is not installed" : `exit ${r.status}: ${last}` };
  }
  const parsed: unknown = JSON.parse(r.stdout.trim().split("\n").pop() ?? "null");
  const p = parsed as Partial<TorchResults> | null;
  if (p === null || !isTiming(p.course) || !isTiming(p.mlp) || !isTiming(p.matmul) || !isTiming(p.nn)) return { unavailable: "unexpected output" };
  return p as TorchResults;
}
