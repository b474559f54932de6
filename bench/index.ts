/**
 * `npm run bench [-- --json] [-- --quick]`: imports every bench/*.bench.ts (each registers a section), runs them in
 * file order, prints a table per section with ratios against the peers, and with --json writes
 * bench/results/latest.json. Benchmarks print targets as PASS/MISS; they never fail the run.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import os from "node:os";
import { registeredBenches, type BenchRow, type SectionReport } from "./registry.js";

function fmt(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 0.1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(3)} ms`;
}

/** "ours vs X" as a speedup: >1 means we are faster. */
function ratio(r: BenchRow, peer: string): string {
  const ours = r.msPerIter.ours;
  const other = r.msPerIter[peer];
  if (ours === null || ours === undefined || other === null || other === undefined) return "—";
  const s = other / ours;
  return s >= 1 ? `${s.toFixed(2)}× faster` : `${(1 / s).toFixed(2)}× slower`;
}

function printSection(name: string, report: SectionReport): void {
  const peers = [...new Set(report.rows.flatMap((r) => Object.keys(r.msPerIter)))];
  const others = peers.filter((p) => p !== "ours");
  const header = ["workload", ...peers.map((p) => `${p} /iter`), ...(peers.includes("ours") ? others.map((p) => `ours vs ${p}`) : [])];
  const lines = report.rows.map((r) => [
    r.workload,
    ...peers.map((p) => fmt(r.msPerIter[p] ?? null)),
    ...(peers.includes("ours") ? others.map((p) => ratio(r, p)) : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const show = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  console.log(`\n== ${name} ==`);
  console.log(show(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(show(l));
  for (const c of report.checks) console.log(`${c.pass ? "PASS" : "MISS"}  ${c.name}: ${c.detail}`);
  for (const n of report.notes) console.log(`note: ${n}`);
}

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const quick = process.argv.includes("--quick");
  const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith(".bench.ts")).sort()) {
    await import(pathToFileURL(join(__dirname, file)).href);
  }
  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"} ×${os.cpus().length}${quick ? ", QUICK mode (not the issue's workloads)" : ""}`);
  const results: Record<string, SectionReport | { error: string }> = {};
  for (const section of registeredBenches()) {
    if (only !== undefined && section.name !== only) continue;
    try {
      const report = await section.run({ quick });
      results[section.name] = report;
      printSection(section.name, report);
    } catch (e) {
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      results[section.name] = { error: message };
      console.log(`\n== ${section.name} ==\nFAILED: ${message}`);
    }
  }
  if (json) {
    const dir = join(__dirname, "results");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "latest.json");
    writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, quick, sections: results }, null, 2)}\n`);
    console.log(`\nwrote ${file}`);
  }
}

void main();
