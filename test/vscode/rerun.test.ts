/**
 * Re-run on save → repainted, in the real workbench (issue 10; target under 100 ms on a quiet machine): every
 * example is shown, then edited and saved with Ctrl+S five times (test/vscode/harness/rerun.ts says how), with the
 * phases of each re-run. Numbers are logged and written to test-artifacts/vscode/rerun.json; the target is
 * reported, not asserted (a loaded machine moves it). What is asserted: every save repaints, with the phase record
 * complete and in order. `AGL_RERUN_SAMPLES=N` changes the number of timed saves per example; `AGL_COMPILE_AHEAD=0`
 * (the spare does not compile the edited text ahead) and `AGL_SPARE_WARMUP=0` give the befores.
 */
import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { ARTIFACTS } from "./harness/browser";
import { ROOT } from "./harness/codeServer";
import { measureReruns, RERUN_PHASES } from "./harness/rerun";
import { workbenchSession } from "./harness/session";

const SAMPLES = Number(process.env.AGL_RERUN_SAMPLES ?? 5);
// AGL_SPARE_WARMUP=0: the runner's spare only loads its bundle (no warm-up); AGL_COMPILE_AHEAD=0: it does not
// compile the edited text ahead of the save. For the before/after.
const env: Record<string, string> = {};
for (const k of ["AGL_SPARE_WARMUP", "AGL_COMPILE_AHEAD"]) if (process.env[k] === "0") env[k] = "0";
const wb = workbenchSession({ codeServer: Object.keys(env).length > 0 ? { env } : {} });

describe(`re-run on save → repainted (median of ${SAMPLES} per example)`, { timeout: 20 * 60_000 }, () => {
  before(() => wb.start());
  after(() => wb.close());

  it("every save repaints; phases recorded in order; logs the medians", { timeout: 20 * 60_000 }, async () => {
    const page = await wb.open();
    const files = readdirSync(join(ROOT, "examples")).filter((f) => /^\d\d-.*\.(ts|py)$/.test(f)).sort();
    const load = loadavg();
    const r = await measureReruns(page, files, SAMPLES, (s) => console.log(`  [sample] ${s.file}: ${s.totalMs.toFixed(0)} ms${s.spare ? "" : " (spare not ready: not counted)"}${s.otherPaints > 0 ? ` (${s.otherPaints} paint(s) of another run skipped)` : ""}`));
    console.log(`  machine load (1-minute average, ${cpus().length} cores): ${load[0]!.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after`);
    for (const f of files) console.log(`  [number] re-run on save → repainted, ${f}, median (ms): ${r.medianByFile[f]?.toFixed(0)}`);
    const counted = r.samples.filter((s) => s.spare);
    console.log(`  saves whose text the spare had compiled while it was typed: ${counted.filter((s) => s.compiledAhead).length} of ${counted.length} counted`);
    console.log("  phase (median ms over all examples)");
    for (const [k, what] of RERUN_PHASES) console.log(`    ${`${k}: ${what}`.padEnd(86)} ${r.phaseMedians[k]?.toFixed(1).padStart(7)}`);
    console.log(`  [number] re-run on save → repainted, all examples, median (ms): ${r.medianMs.toFixed(0)} (target < 100: ${r.medianMs < 100 ? "PASS" : "MISS"})`);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, "rerun.json"), `${JSON.stringify({ date: new Date().toISOString(), load: [load[0], loadavg()[0]], ...r }, null, 2)}\n`);
    for (const s of r.samples) {
      // `saved` is the host's save event; every other mark belongs to the run and its paint.
      for (const [k] of RERUN_PHASES.filter(([k]) => k !== "saved")) assert.ok(s.phaseMs[k] !== undefined, `${s.file}: phase ${k} recorded (${JSON.stringify(s.phaseMs)})`);
      // One clock for all; 5 ms for the rounding of the webview's clock.
      for (const [k, ms] of Object.entries(s.phaseMs)) assert.ok(ms >= -5, `${s.file}: ${k} after the mark before it (${ms} ms)`);
    }
    // A machine busy enough that no save found a ready spare gives no median: said, not failed.
    for (const f of files) if (!Number.isFinite(r.medianByFile[f])) console.log(`  ${f}: no save was served by a ready spare (machine too busy)`);
    await page.close();
  });
});
