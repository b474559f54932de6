/**
 * The engine section of `npm run bench` (issue 2): our engine vs TF.js (CPU backend) vs PyTorch eager (1 thread),
 * same workloads, same run. Targets are printed as PASS/MISS, never asserted.
 *
 * The machine is shared (2 cores, other jobs), so each implementation is measured in several interleaved rounds
 * (order alternating) and the best round counts: load that lands on one round does not decide a ratio.
 */
import { registerBench, type BenchCheck, type BenchRow, type SectionReport } from "./registry.js";
import { oursCourse, oursCourseHeap, oursMatmul, oursMlp, oursNnMlp } from "./workloads/ours.js";
import { tfjsCourse, tfjsMatmul, tfjsMlp, tfjsNnMlp, tfjsReady } from "./workloads/tfjs.js";
import { runTorchBench, type TorchResults } from "./workloads/pytorch.js";
import type { Timing } from "./timing.js";
import { wasmMatmulAvailable } from "../src/engine/ops/matmul_wasm.js";

const WORKLOADS = ["course", "mlp", "matmul", "nn"] as const;
type Workload = (typeof WORKLOADS)[number];
type Impl = "ours" | "tfjs" | "pytorch";

const LABELS: Record<Workload, (iters: number) => string> = {
  course: (n) => `(1) c = sum(x*y + z), 3×3, fwd+bwd ×${n}`,
  mlp: () => "(2) MLP 784-128-10, batch 64, SGD step",
  matmul: () => "(3) 256×256 matmul fwd+bwd",
  nn: () => "(4) MLP training step with torch.nn + optim.SGD",
};

type Samples = Record<Workload, Partial<Record<Impl, Timing[]>>>;

function add(samples: Samples, w: Workload, impl: Impl, t: Timing): void {
  (samples[w][impl] ??= []).push(t);
}

function best(ts: Timing[] | undefined): Timing | null {
  if (ts === undefined || ts.length === 0) return null;
  return ts.reduce((a, b) => (b.msPerIter < a.msPerIter ? b : a));
}

function faster(name: string, ours: Timing | null, peer: Timing | null, factor: number, peerName: string): BenchCheck {
  if (ours === null || peer === null) return { name, pass: false, detail: `${peerName} not measured` };
  const speedup = peer.msPerIter / ours.msPerIter;
  return {
    name,
    pass: speedup >= factor,
    detail: `ours ${ours.msPerIter.toFixed(4)} ms vs ${peerName} ${peer.msPerIter.toFixed(4)} ms: ${speedup.toFixed(2)}× (need ≥ ${factor}×)`,
  };
}

registerBench({
  name: "engine",
  async run({ quick }): Promise<SectionReport> {
    const iters1 = quick ? 2000 : 20_000;
    const budget = quick ? 300 : 2000;
    const rounds = quick ? 1 : 3;
    const notes: string[] = [
      `TF.js ${await tfjsReady()}`,
      `best of ${rounds} interleaved round(s) per implementation`,
      // The engine runs here in the bench's own realm; in a snippet's realm it compiles the same module (matmul_wasm.ts).
      `our matmul: ${wasmMatmulAvailable() ? "the WebAssembly SIMD kernel (src/engine/ops/matmul.wat)" : "the plain-JS kernel (no WebAssembly here)"}`,
    ];
    const samples: Samples = { course: {}, mlp: {}, matmul: {}, nn: {} };
    let torchInfo: TorchResults | null = null;
    let torchMissing: string | null = null;

    const runOurs = (): void => {
      add(samples, "course", "ours", oursCourse(iters1));
      add(samples, "mlp", "ours", oursMlp(budget));
      add(samples, "matmul", "ours", oursMatmul(budget));
      add(samples, "nn", "ours", oursNnMlp(budget));
    };
    const runTfjs = (): void => {
      add(samples, "course", "tfjs", tfjsCourse(iters1));
      add(samples, "mlp", "tfjs", tfjsMlp(budget));
      add(samples, "matmul", "tfjs", tfjsMatmul(budget));
      add(samples, "nn", "tfjs", tfjsNnMlp(budget));
    };
    const runTorch = (): void => {
      if (torchMissing !== null) return;
      const r = runTorchBench(iters1, budget);
      if ("unavailable" in r) {
        torchMissing = r.unavailable;
        return;
      }
      torchInfo = r;
      for (const w of WORKLOADS) add(samples, w, "pytorch", { msPerIter: r[w].ms, iterations: r[w].iterations });
    };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [runOurs, runTfjs, runTorch] : [runTorch, runTfjs, runOurs];
      for (const run of order) run();
    }
    const pt = torchInfo as TorchResults | null;
    notes.push(
      pt
        ? `PyTorch ${pt.version} eager CPU, torch.set_num_threads(1) for fairness with our single-threaded engine (its default here: ${pt.defaultThreads})`
        : `PyTorch not measured: ${torchMissing ?? "unknown"}`,
    );

    const rows: BenchRow[] = WORKLOADS.map((w) => {
      const impls: Impl[] = ["ours", "tfjs", "pytorch"];
      const msPerIter: Record<string, number | null> = {};
      const iterations: Record<string, number> = {};
      const all: Record<string, number[]> = {};
      for (const impl of impls) {
        const b = best(samples[w][impl]);
        msPerIter[impl] = b ? b.msPerIter : null;
        if (b) iterations[impl] = b.iterations;
        all[impl] = (samples[w][impl] ?? []).map((t) => t.msPerIter);
      }
      return { workload: LABELS[w](iters1), msPerIter, iterations, samples: all };
    });
    const b = (w: Workload, impl: Impl): Timing | null => best(samples[w][impl]);
    const checks: BenchCheck[] = [
      faster("(1) ≥ 2× faster than TF.js", b("course", "ours"), b("course", "tfjs"), 2, "TF.js"),
      faster("(1) faster than PyTorch eager", b("course", "ours"), b("course", "pytorch"), 1, "PyTorch"),
      faster("(2) at least as fast as TF.js", b("mlp", "ours"), b("mlp", "tfjs"), 1, "TF.js"),
      faster("(3) at least as fast as TF.js", b("matmul", "ours"), b("matmul", "tfjs"), 1, "TF.js"),
      faster("(4) at least as fast as TF.js (tf.train.sgd)", b("nn", "ours"), b("nn", "tfjs"), 1, "TF.js"),
    ];

    const heap = oursCourseHeap(iters1);
    if (heap.after1k === null || heap.afterAll === null) {
      checks.push({ name: "heap after 20,000 within 20% of after 1,000", pass: false, detail: "run with node --expose-gc (npm run bench does)" });
    } else {
      const growth = heap.afterAll / heap.after1k - 1;
      checks.push({
        name: `heap after ${iters1} iterations of (1) within 20% of after 1,000`,
        pass: growth <= 0.2,
        // Bytes per iteration too: the heap holds TF.js and tsx as well, so 20% alone is a loose bound.
        detail: `${(heap.after1k / 1e6).toFixed(2)} MB → ${(heap.afterAll / 1e6).toFixed(2)} MB (${(growth * 100).toFixed(1)}%, ${((heap.afterAll - heap.after1k) / (iters1 - 1000)).toFixed(1)} bytes/iteration)`,
      });
    }
    return { rows, checks, notes };
  },
});
