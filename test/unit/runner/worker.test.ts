// runSnippet: the real child process (dist/runner-child.js loading dist/worker.js), its timeout, its memory cap,
// and a caller that never hangs or dies with it.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Trace } from "../../../src/protocol.js";
import { HARD_KILL_GRACE_MS, runSnippet, runSnippetDetailed, setWorkerPath } from "../../../src/runner/index.js";
import { traceInProcess } from "../../../src/runner/inProcess.js";
import { ensureBuilt, repoRoot } from "./build.js";
import { withSchedulerLag } from "./schedulerLag.js";

const HEAD = 'import * as torch from "autograd-lens";\n';

before(() => ensureBuilt());

const strip = (t: Trace) => JSON.stringify({ ...t, timings: null });

test("the worker produces the same Trace as the in-process pipeline", async () => {
  const source = readFileSync(join(repoRoot, "examples", "06-control-flow.ts"), "utf8");
  const inWorker = await runSnippet(source, { file: "06-control-flow.ts" });
  assert.equal(inWorker.error, null);
  assert.equal(strip(inWorker), strip(traceInProcess(source, { file: "06-control-flow.ts" })));
  assert.deepEqual(inWorker.variables["a"]?.grad, [102400]);
});

test("the course's while loop started at a = 0 comes back as an error on the while line within timeout + 0.5 s", async () => {
  const source =
    HEAD +
    "function f(a: torch.Tensor) {\n  let b = a.mul(2);\n  while (Number(b.norm()) < 1000) {\n    b = b.mul(2);\n  }\n  return b;\n}\n" +
    "const a = torch.tensor(0.0, { requires_grad: true });\nconst d = f(a);\n";
  const { value, lagMs } = await withSchedulerLag(() => runSnippetDetailed(source)); // default timeout: 5000 ms
  const { trace, sinceStartMs } = value;
  // Counted from the snippet's start: the child's start-up and the compilation are not the snippet's time.
  const elapsed = sinceStartMs ?? Infinity;
  assert.ok(trace.error !== null);
  assert.equal(trace.error.kind, "timeout");
  // The guard's error, or (on a loaded machine with this loop's ~600 MB heap) the parent's kill: same line.
  assert.match(trace.error.message, /^(Timed out after 5000 ms: loop on line 4 did not finish|The snippet did not stop after 5000 ms: killed at line [45])$/);
  assert.ok([4, 5].includes(trace.error.line), `line ${trace.error.line}`);
  assert.ok(elapsed >= 5000 && elapsed < 5500 + lagMs, `came back after ${elapsed} ms (this process's timers ran up to ${lagMs.toFixed(0)} ms late)`);
  // Usually the guard's Trace (with the graph so far) arrives; on a loaded machine with this loop's ~600 MB heap
  // the parent's hard kill may come first, with the same error and no graph. Either way: the while line, in time.
});

test("tensor storage beyond the memory cap stops the snippet with a memory error on its line", async () => {
  const source = HEAD + "const keep: torch.Tensor[] = [];\nfor (let i = 0; i < 100000; i++) {\n  keep.push(torch.ones(1000000));\n}\n";
  const trace = await runSnippet(source, { memoryMb: 128 });
  assert.ok(trace.error !== null);
  assert.equal(trace.error.kind, "memory");
  assert.match(trace.error.message, /^Out of memory: the snippet's tensors used more than 128 MB$/);
  assert.equal(trace.error.line, 4);
});

test("recording does not keep a loop's big temporaries alive: garbage is not counted against the cap", async () => {
  // 160 × 4 MB allocated, one alive at a time: fine under a 128 MB cap, as it would be without Autograd Lens.
  const source = HEAD + "let total = 0;\nfor (let i = 0; i < 160; i++) {\n  const t = torch.ones(1000000);\n  total += t.sum().item() as number;\n}\nconsole.log(total);\n";
  const trace = await runSnippet(source, { memoryMb: 128, timeoutMs: 30_000 });
  assert.equal(trace.error, null, JSON.stringify(trace.error));
  assert.deepEqual(trace.console.map((c) => c.text), ["160000000"]);
  assert.equal(trace.tensors.filter((t) => t.name === "t").length, 160, "every temporary is still in the Trace");
});

test("a JavaScript heap that grows without bound is stopped too", async () => {
  const source = "const keep: number[][] = [];\nwhile (true) {\n  keep.push(new Array(100000).fill(1.5));\n}\n";
  const trace = await runSnippet(source, { memoryMb: 128 });
  assert.ok(trace.error !== null);
  // "memory", not "timeout": the memory guard stopped it, before the run's time limit would have (no wall-clock
  // bound here: on a loaded machine the same stop can take seconds).
  assert.equal(trace.error.kind, "memory");
  // The guard in the loop (line 2) or the allocation (line 3) notices first, depending on GC timing.
  assert.ok([2, 3].includes(trace.error.line), `line ${trace.error.line}`);
});

test("torch.zeros(1e9) in the worker: a clear error, no allocation", async () => {
  const trace = await runSnippet(HEAD + "const z = torch.zeros(1e9);\n");
  assert.equal(trace.error?.kind, "memory");
  assert.match(trace.error?.message ?? "", /1000000000 elements, more than the limit/);
});

test("syntax and forbidden errors come back through the worker", async () => {
  const s = await runSnippet(HEAD + "let = ;\n");
  assert.equal(s.error?.kind, "syntax");
  assert.equal(s.error?.line, 2);
  const f = await runSnippet(HEAD + 'import { readFileSync } from "fs";\n');
  assert.equal(f.error?.kind, "forbidden");
  assert.equal(f.error?.line, 2);
});

test("several runs at once resolve independently", async () => {
  const runs = await Promise.all([1, 2, 3].map((k) => runSnippet(HEAD + `const x = torch.full([2], ${k});\nconsole.log(x);\n`)));
  assert.deepEqual(runs.map((t) => t.console[0]?.text), ["tensor([1., 1.])", "tensor([2., 2.])", "tensor([3., 3.])"]);
});

test("a missing worker bundle is an internal error in the Trace, not a rejection", async () => {
  setWorkerPath(join(repoRoot, "dist", "no-such-worker.js"));
  try {
    const trace = await runSnippet(HEAD + "const x = torch.ones(1);\n");
    assert.equal(trace.error?.kind, "internal");
  } finally {
    setWorkerPath(null);
  }
});

test("the parent's hard kill leaves the reply inside the issue's timeout + 0.5 s", () => {
  assert.ok(HARD_KILL_GRACE_MS > 0 && HARD_KILL_GRACE_MS <= 450);
});

test("in the child, a computed `constructor` key leads only to the snippet realm's Function, which compiles nothing", async () => {
  const source = HEAD + 'const k = "constr" + "uctor";\nconst F = (torch.ones as unknown as Record<string, unknown>)[k];\nconsole.log(typeof F);\n(F as (s: string) => () => unknown)("return process")();\n';
  const trace = await runSnippet(source);
  assert.deepEqual(trace.console.map((c) => c.text), ["function"]);
  assert.match(trace.error?.message ?? "", /^EvalError: Code generation from strings disallowed for this context/);
  assert.equal(trace.error?.line, 5);
});

test("a fatal out-of-memory abort ends the child only: the error names the cap and the line", async () => {
  const source = "const keep: number[][] = [];\nfor (let i = 0; ; i++) {\n  keep.push(new Array(16e6).fill(1.5));\n}\n";
  const { trace, peakRssBytes } = await runSnippetDetailed(source, { memoryMb: 256, timeoutMs: 30_000 });
  assert.equal(trace.error?.kind, "memory");
  assert.match(trace.error?.message ?? "", /^The snippet ran out of memory \(limit 256 MB\) at line [23]$/);
  assert.ok(peakRssBytes > 0 && peakRssBytes < (256 + 256) * 1024 * 1024, `peak ${peakRssBytes}`);
  // This process is alive and the next run works.
  const next = await runSnippet(HEAD + "console.log(torch.ones(1));\n");
  assert.deepEqual(next.console.map((c) => c.text), ["tensor([1.])"]);
});

test("a built-in that cannot be interrupted is killed at timeout + grace, naming its line", async () => {
  const { value, lagMs } = await withSchedulerLag(() => runSnippetDetailed("const x = 1;\nconst a = Array.from({ length: 1e9 });\nconsole.log(a.length);\n", { timeoutMs: 500 }));
  const { trace, killed, sinceStartMs } = value;
  assert.equal(killed, true);
  assert.equal(trace.error?.kind, "timeout");
  assert.equal(trace.error?.message, "The snippet did not stop after 500 ms: killed at line 2");
  assert.equal(trace.error?.line, 2);
  // From the snippet's start (after start-up and compilation, which do not count), within timeout + 0.5 s.
  assert.ok(sinceStartMs !== null && sinceStartMs >= 500 && sinceStartMs < 1000 + lagMs, `answered ${sinceStartMs} ms after the snippet started (timers up to ${lagMs.toFixed(0)} ms late)`);
});

test("a timeout outside every loop names the statement that was running", async () => {
  const trace = await runSnippet("const x = 1;\n\nconst m = /^(a+)+$/.test('a'.repeat(40) + 'b');\n", { timeoutMs: 300 });
  assert.equal(trace.error?.kind, "timeout");
  // V8's watchdog names it; on a busy machine the parent's kill may come first, naming the same line.
  assert.match(trace.error?.message ?? "", /^(Timed out after 300 ms: line 3 was still running|The snippet did not stop after 300 ms: killed at line 3)$/);
  assert.equal(trace.error?.line, 3);
});

test("a cancelled run kills its child and says so", async () => {
  const ac = new AbortController();
  const running = runSnippetDetailed("while (true) {}\n", { timeoutMs: 60_000 }, ac.signal);
  ac.abort();
  const { trace, killed } = await running;
  assert.equal(killed, true);
  assert.match(trace.error?.message ?? "", /^Cancelled/);
});
