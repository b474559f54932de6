/**
 * The graph view section of `npm run bench` (issue 4), in real headless Chromium on synthetic Traces:
 * - layout + first paint of a new Trace at 100 / 1,000 / 5,000 nodes (flat, and as an unrolled loop that the view
 *   groups), measured in the page from `setTrace` to the next animation frame; plus time-to-first-paint of the
 *   standalone HTML from navigation (bundle parse and JSON decode included);
 * - one playback step at 1,000 nodes (classes, labels, narration, then the frame), mean over 20 steps;
 * - the layout engines alone on the same graphs (Node, same V8): our layered layout vs dagre vs ELK.
 * Targets: 1,000 nodes < 1 s, 5,000 < 4 s, a step < 50 ms. Runs standalone too: `node --import tsx bench/view.bench.ts`.
 */
import type { Browser } from "playwright-core";
import { syntheticTrace } from "../test/webview/synthetic.js";
import { launch, open, writeHtml } from "../test/webview/harness.js";
import { buildModel } from "../webview/model.js";
import { layoutDagre, layoutEdges, type LayoutInput } from "../webview/layout.js";
import { layoutLayered } from "../webview/layered.js";
import { layoutElk } from "../webview/layoutElk.js";
import { registerBench, type BenchCheck, type BenchRow, type SectionReport } from "./registry.js";

/** Same node sizing as the view (graph.ts) so the engine comparison lays out the same boxes. */
function layoutInputOf(nodes: number): LayoutInput {
  const m = buildModel(syntheticTrace({ nodes, loop: false }));
  return {
    nodes: m.nodes.map((n) => ({ id: n.id, width: n.kind === "tensor" ? 150 : 110, height: n.kind === "tensor" ? 54 : 26, parent: null })),
    groups: [],
    edges: layoutEdges(m.edges.filter((e) => e.kind !== "saved").map((e) => ({ source: e.source, target: e.target }))),
  };
}

/** Wall time of one layout; null when the engine throws (dagre overflows its stack on long chains). */
async function timeEngine(fn: () => unknown): Promise<number | null> {
  const t = performance.now();
  try {
    await fn();
  } catch {
    return null;
  }
  return performance.now() - t;
}

/** Fresh layout + first paint of a trace inside an already open page. */
async function paintInPage(browser: Browser, nodes: number, loop: boolean): Promise<{ inPage: number; fromNavigation: number; visible: number }> {
  const trace = syntheticTrace({ nodes, loop });
  const { page } = await open(browser, await writeHtml(trace, `bench-${nodes}-${loop ? "loop" : "flat"}`), 180_000);
  await page.waitForSelector("#app[data-painted-ms]");
  const fromNavigation = Number(await page.getAttribute("#app", "data-painted-ms"));
  const r = await page.evaluate(async () => {
    const app = window.autogradLens;
    if (!app?.trace) throw new Error("no view");
    // A different file name makes it a new snippet: full layout, no kept positions.
    const fresh = { ...app.trace, file: `${app.trace.file ?? ""}-again` };
    const t = performance.now();
    await app.setTrace(fresh);
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    return { ms: performance.now() - t, visible: app.graph.cy.nodes(":visible").length };
  });
  await page.context().close();
  return { inPage: r.ms, fromNavigation, visible: r.visible };
}

/** Mean of 20 steps: the step's own work (classes, labels, narration), and including the next frame drawn. */
async function stepInPage(browser: Browser, nodes: number): Promise<{ work: number; withFrame: number }> {
  const { page } = await open(browser, await writeHtml(syntheticTrace({ nodes, loop: false }), `bench-step-${nodes}`), 180_000);
  const ms = await page.evaluate(async () => {
    const app = window.autogradLens;
    if (!app) throw new Error("no view");
    app.setPosition(0);
    await new Promise((res) => requestAnimationFrame(res));
    let work = 0;
    let withFrame = 0;
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      app.setPosition(app.position + 1);
      work += performance.now() - t;
      await new Promise((res) => requestAnimationFrame(res));
      withFrame += performance.now() - t;
    }
    return { work: work / 20, withFrame: withFrame / 20 };
  });
  await page.context().close();
  return ms;
}

export async function runViewBench(quick: boolean): Promise<SectionReport> {
  const sizes = quick ? [100, 1000] : [100, 1000, 5000];
  const rows: BenchRow[] = [];
  const checks: BenchCheck[] = [];
  const notes: string[] = [];
  const load = (await import("node:os")).loadavg()[0] ?? 0;
  notes.push(`load average at start: ${load.toFixed(1)} on ${(await import("node:os")).cpus().length} cores (the machine is shared; frames and layouts slow down with it)`);
  const browser = await launch();
  try {
    for (const n of sizes) {
      for (const loop of [false, true]) {
        const r = await paintInPage(browser, n, loop);
        rows.push({ workload: `layout+first paint ${n} nodes ${loop ? "loop (grouped)" : "flat"}`, msPerIter: { ours: r.inPage }, iterations: { ours: 1 } });
        rows.push({ workload: `  same, from navigation`, msPerIter: { ours: r.fromNavigation }, iterations: { ours: 1 } });
        notes.push(`${n} nodes ${loop ? "loop" : "flat"}: ${r.visible} nodes visible after grouping`);
        const target = n === 1000 ? 1000 : n === 5000 ? 4000 : null;
        if (target !== null) checks.push({ name: `${n} nodes ${loop ? "loop" : "flat"} layout + first paint < ${target} ms`, pass: r.inPage < target, detail: `${r.inPage.toFixed(0)} ms in page, ${r.fromNavigation.toFixed(0)} ms from navigation` });
      }
    }
    const step = await stepInPage(browser, 1000);
    rows.push({ workload: "one playback step, 1,000 nodes (work)", msPerIter: { ours: step.work }, iterations: { ours: 20 } });
    rows.push({ workload: "one playback step, 1,000 nodes (+ next frame)", msPerIter: { ours: step.withFrame }, iterations: { ours: 20 } });
    checks.push({ name: "step at 1,000 nodes < 50 ms (work + next frame)", pass: step.withFrame < 50, detail: `${step.withFrame.toFixed(1)} ms mean of 20, of which the step's own work ${step.work.toFixed(1)} ms` });
  } finally {
    await browser.close();
  }
  for (const n of sizes) {
    const input = layoutInputOf(n);
    const layered = await timeEngine(() => layoutLayered(input));
    const dagre = await timeEngine(() => layoutDagre(input));
    const elk = n <= 1000 ? await timeEngine(() => layoutElk(input)) : null;
    // "ours" is the layered layout, so the table's ratio columns read "ours vs dagre" / "ours vs elk".
    rows.push({ workload: `layout engine alone, ${n} nodes (Node)`, msPerIter: { ours: layered, dagre, elk }, iterations: { ours: 1, dagre: 1, elk: 1 } });
  }
  notes.push("engine rows: null = failed (dagre: stack overflow on a 5,000-node chain) or not run (ELK at 5,000: over a minute at this rate)");
  return { rows, checks, notes };
}

registerBench({ name: "view", run: ({ quick }) => runViewBench(quick) });

if (require.main === module) {
  runViewBench(process.argv.includes("--quick")).then(
    (r) => {
      for (const row of r.rows) console.log(row.workload.padEnd(48), Object.entries(row.msPerIter).map(([k, v]) => `${k} ${v === null ? "—" : `${v.toFixed(1)} ms`}`).join("  "));
      for (const c of r.checks) console.log(`${c.pass ? "PASS" : "MISS"}  ${c.name}: ${c.detail}`);
      for (const n of r.notes) console.log(`note: ${n}`);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
