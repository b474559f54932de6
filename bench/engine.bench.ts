/**
 * The engine section of `npm run bench` (issue 2): our engine vs TF.js (CPU backend) vs PyTorch eager (1 thread),
 * same workloads, same run. Targets are printed as PASS/MISS, never asserted.
 */
import { registerBench, type BenchCheck, type BenchRow, type SectionReport } from "./registry.js";
import { oursCourse, oursCourseHeap, oursMatmul, oursMlp } from "./workloads/ours.js";
import { tfjsCourse, tfjsMatmul, tfjsMlp, tfjsReady } from "./workloads/tfjs.js";
import { runTorchBench } from "./workloads/pytorch.js";

function row(workload: string, ours: { msPerIter: number; iterations: number }, tfjs: { msPerIter: number; iterations: number }, torch: { ms: number; iterations: number } | null): BenchRow {
  return {
    workload,
    msPerIter: { ours: ours.msPerIter, tfjs: tfjs.msPerIter, pytorch: torch ? torch.ms : null },
    iterations: { ours: ours.iterations, tfjs: tfjs.iterations, ...(torch ? { pytorch: torch.iterations } : {}) },
  };
}

function faster(name: string, ours: number, peer: number | null, factor: number, peerName: string): BenchCheck {
  if (peer === null) return { name, pass: false, detail: `${peerName} not measured` };
  const speedup = peer / ours;
  return { name, pass: speedup >= factor, detail: `ours ${ours.toFixed(4)} ms vs ${peerName} ${peer.toFixed(4)} ms: ${speedup.toFixed(2)}× (need ≥ ${factor}×)` };
}

registerBench({
  name: "engine",
  async run({ quick }): Promise<SectionReport> {
    const iters1 = quick ? 2000 : 20_000;
    const budget = quick ? 300 : 2000;
    const notes: string[] = [];
    notes.push(`TF.js ${await tfjsReady()}`);
    // Each implementation runs its workloads back to back so one's garbage does not land in another's timing.
    const o1 = oursCourse(iters1);
    const o2 = oursMlp(budget);
    const o3 = oursMatmul(budget);
    const t1 = tfjsCourse(iters1);
    const t2 = tfjsMlp(budget);
    const t3 = tfjsMatmul(budget);
    const torch = runTorchBench(iters1, budget);
    const pt = "unavailable" in torch ? null : torch;
    if (pt) notes.push(`PyTorch ${pt.version} eager CPU, torch.set_num_threads(1) for fairness with our single-threaded engine (its default here: ${pt.defaultThreads})`);
    else notes.push(`PyTorch not measured: ${"unavailable" in torch ? torch.unavailable : ""}`);

    const rows = [
      row(`(1) c = sum(x*y + z), 3×3, fwd+bwd ×${iters1}`, o1, t1, pt ? pt.course : null),
      row("(2) MLP 784-128-10, batch 64, SGD step", o2, t2, pt ? pt.mlp : null),
      row("(3) 256×256 matmul fwd+bwd", o3, t3, pt ? pt.matmul : null),
    ];
    const checks: BenchCheck[] = [
      faster("(1) ≥ 2× faster than TF.js", o1.msPerIter, t1.msPerIter, 2, "TF.js"),
      faster("(1) faster than PyTorch eager", o1.msPerIter, pt ? pt.course.ms : null, 1, "PyTorch"),
      faster("(2) at least as fast as TF.js", o2.msPerIter, t2.msPerIter, 1, "TF.js"),
      faster("(3) at least as fast as TF.js", o3.msPerIter, t3.msPerIter, 1, "TF.js"),
    ];

    const heap = oursCourseHeap(iters1);
    if (heap.after1k === null || heap.afterAll === null) {
      checks.push({ name: "heap after 20,000 within 20% of after 1,000", pass: false, detail: "run with node --expose-gc (npm run bench does)" });
    } else {
      const growth = heap.afterAll / heap.after1k - 1;
      checks.push({
        name: `heap after ${iters1} iterations of (1) within 20% of after 1,000`,
        pass: growth <= 0.2,
        detail: `${(heap.after1k / 1e6).toFixed(2)} MB → ${(heap.afterAll / 1e6).toFixed(2)} MB (${(growth * 100).toFixed(1)}%)`,
      });
    }
    return { rows, checks, notes };
  },
});
