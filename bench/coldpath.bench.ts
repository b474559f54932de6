/**
 * The cold-path section of `npm run bench` (issue 10): palette → painted, cold, in the real workbench (code-server
 * 4.100.3 + Chromium), ours ("Show Gradient Graph") against VS Code's built-in Markdown preview, median of 5
 * interleaved cold starts each (1 with --quick). Same measurement as test/vscode/coldpath.test.ts
 * (test/vscode/harness/coldPath.ts); target: ours within 1.2× Markdown. Needs code-server (scripts/setup.sh).
 */
import { launchBrowser } from "../test/vscode/harness/browser.js";
import { ensureBuilt } from "../test/vscode/harness/build.js";
import { compareColdStarts } from "../test/vscode/harness/coldPath.js";
import { registerBench } from "./registry.js";

registerBench({
  name: "cold path (workbench)",
  run: async ({ quick }) => {
    ensureBuilt();
    const n = quick ? 1 : 5;
    const { browser } = await launchBrowser();
    try {
      const r = await compareColdStarts(browser, n);
      const p = r.phaseMedians;
      const phase = (a: string, b: string): string => `${(p[b]! - p[a]!).toFixed(0)} ms`;
      return {
        rows: [
          {
            workload: `palette → painted, cold (median of ${n})`,
            msPerIter: { ours: r.graphMedianMs, markdown: r.markdownMedianMs },
            iterations: { ours: n, markdown: n },
            samples: { ours: r.graph.map((s) => s.paintedMs), markdown: r.markdown.map((s) => s.paintedMs) },
          },
        ],
        checks: [{ name: "ours within 1.2× the Markdown preview", pass: r.ratio <= 1.2, detail: `${r.ratio.toFixed(2)}×` }],
        notes: [
          `ours, medians after Enter: command in the host ${p["command"]?.toFixed(0)} ms, view document ${p["docStart"]?.toFixed(0)} ms, bundle running ${p["bundleEvalStart"]?.toFixed(0)} ms, painted ${p["painted"]?.toFixed(0)} ms`,
          `ours, phases: panel → document ${phase("panelCreated", "docStart")}, bundle eval ${phase("bundleEvalStart", "bundleEvaluated")}, trace received → painted ${phase("traceReceived", "painted")}; run: child start + load ${p["workerLoadMs"]?.toFixed(0)} ms, transpile ${p["transpileMs"]?.toFixed(0)} ms, snippet ${p["snippetMs"]?.toFixed(0)} ms`,
        ],
      };
    } finally {
      await browser.close();
    }
  },
});
