// The runner's warm spare (keepWarm): a child process started ahead of the next run. Each worker still serves one snippet;
// a spare made for another heap cap or an older bundle is not used; an idle spare never keeps a process alive.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Trace } from "../../../src/protocol.js";
import { keepWarm, runSnippet, setWorkerPath, SPARE_DELAY_MS, spareState, stopKeepingWarm, type SpareState } from "../../../src/runner/index.js";
import { traceInProcess } from "../../../src/runner/inProcess.js";
import { ensureBuilt, repoRoot } from "./build.js";
import { removeDir } from "./removeDir.js";

const HEAD = 'import * as torch from "autograd-lens";\n';
const strip = (t: Trace): string => JSON.stringify({ ...t, timings: null });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(state: SpareState, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (spareState() !== state) {
    if (Date.now() > end) assert.fail(`spare state stayed ${spareState()}, expected ${state}`);
    await sleep(20);
  }
}

before(() => ensureBuilt());
after(() => stopKeepingWarm());

test("off until asked; a ready spare runs the snippet with the same Trace, and the next spare follows", async () => {
  assert.equal(spareState(), "off");
  const source = readFileSync(join(repoRoot, "examples", "02-dot-4x.ts"), "utf8");
  const t0 = performance.now();
  const cold = await runSnippet(source, { file: "02-dot-4x.ts" });
  const coldMs = performance.now() - t0;
  assert.equal(spareState(), "off", "a run alone does not start spares");

  keepWarm({ startNow: true });
  assert.equal(spareState(), "loading");
  await until("ready");
  const t1 = performance.now();
  const warm = await runSnippet(source, { file: "02-dot-4x.ts" });
  const done = performance.now();
  const warmMs = done - t1;
  assert.equal(spareState(), "none", "the spare was used up");
  console.log(`  [number] 02-dot-4x through runSnippet: cold child ${coldMs.toFixed(0)} ms, warm spare ${warmMs.toFixed(0)} ms`);
  // A timer never fires early: however busy the machine, the next spare cannot exist before SPARE_DELAY_MS.
  while (spareState() === "none") await sleep(5);
  assert.ok(performance.now() - done >= SPARE_DELAY_MS - 2, "the next spare waits SPARE_DELAY_MS");
  await until("ready");
  assert.equal(warm.error, null);
  assert.equal(strip(warm), strip(cold));
  assert.equal(strip(warm), strip(traceInProcess(source, { file: "02-dot-4x.ts" })));
});

test("every run gets a worker of its own: a hard-killed run leaves the next spare working, concurrent runs stay apart", async () => {
  keepWarm();
  await until("ready");
  // Catastrophic regex backtracking: no loop guard runs inside it, so the worker is stopped from outside.
  const stuck = await runSnippet(HEAD + "const x = torch.ones(2);\nconst m = /^(a+)+$/.test('a'.repeat(40) + 'b');\n", { timeoutMs: 200 });
  assert.equal(stuck.error?.kind, "timeout");
  await until("ready");
  const runs = await Promise.all([1, 2, 3].map((k) => runSnippet(HEAD + `const x = torch.full([2], ${k});\nconsole.log(x);\n`)));
  assert.deepEqual(runs.map((t) => t.console[0]?.text), ["tensor([1., 1.])", "tensor([2., 2.])", "tensor([3., 3.])"]);
  // Tensor ids start at 1 in each: nothing of one run's engine is seen by another.
  assert.deepEqual(runs.map((t) => t.tensors[0]?.id), ["t1", "t1", "t1"]);
});

test("a spare made for another heap cap is not used: the run gets the cap it asked for", async () => {
  // ~320 MB of JS arrays: fine under the default 1024 MB cap, fatal under 128 MB.
  const big = "const keep: number[][] = [];\nfor (let i = 0; i < 40; i++) {\n  keep.push(new Array(1000000).fill(1.5));\n}\nconsole.log(keep.length);\n";
  keepWarm({ memoryMb: 128, startNow: true });
  await until("ready");
  const roomy = await runSnippet(big, { timeoutMs: 20_000 });
  assert.equal(roomy.error, null, JSON.stringify(roomy.error));
  assert.deepEqual(roomy.console.map((c) => c.text), ["40"]);
  // The spare after that run follows its cap (1024 MB); a 128 MB run must not take it either.
  await until("ready");
  const capped = await runSnippet(big, { memoryMb: 128, timeoutMs: 20_000 });
  assert.equal(capped.error?.kind, "memory");
  keepWarm({ memoryMb: 1024 });
});

test("a spare of a bundle that was rebuilt since is not used", async () => {
  const dir = mkdtempSync(join(tmpdir(), "agl-spare-"));
  const bundle = join(dir, "worker.js");
  try {
    copyFileSync(join(repoRoot, "dist", "worker.js"), bundle);
    setWorkerPath(bundle);
    await stopKeepingWarm();
    keepWarm({ startNow: true });
    await until("ready");
    // "Rebuild": a bundle whose serveRequest answers differently. A run on the stale spare would not say "v2".
    const fake = { version: 1, file: null, tensors: [], gradFns: [], passes: [], variables: {}, console: [{ level: "log", text: "v2", line: 1 }], warnings: [], error: null, truncated: null, timings: { parseMs: 0, runMs: 0, totalMs: 0 } };
    writeFileSync(bundle, `exports.serveRequest = () => (${JSON.stringify(fake)});\n`);
    const trace = await runSnippet(HEAD + "const x = torch.ones(1);\n");
    assert.deepEqual(trace.console.map((c) => c.text), ["v2"]);
  } finally {
    await stopKeepingWarm();
    setWorkerPath(null);
    // A finished worker refreshes its caches after posting its Trace: removeDir retries while the folder gains files.
    await removeDir(dir);
  }
});

test("an idle spare does not keep a process alive", () => {
  const script = [
    `const r = require(${JSON.stringify(join(repoRoot, "src", "runner", "index.ts"))});`,
    `r.setWorkerPath(${JSON.stringify(join(repoRoot, "dist", "worker.js"))});`,
    "r.keepWarm({ startNow: true });",
    "r.runSnippet('const a = 1 + 1;\\nconsole.log(a);\\n').then((t) => { console.log('ran', t.console[0].text, r.spareState()); const wait = () => (r.spareState() === 'ready' ? console.log('spare ready') : setTimeout(wait, 20)); wait(); });",
  ].join("\n");
  // A child still alive at the timeout is killed (status null): status 0 says it exited by itself.
  const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: repoRoot, encoding: "utf8", timeout: 30_000 });
  assert.equal(child.status, 0, child.stderr);
  // It saw a new spare loaded after its run, and still exited by itself once its own work was done.
  assert.deepEqual(child.stdout.trim().split("\n"), ["ran 2 none", "spare ready"]);
});
