/**
 * The in-host test runner: VS Code loads this (bundled to dist/test/suite/index.js) in the extension host and calls
 * `run()`. Each result is logged as one line, and a final `AGL-RESULTS {json}` line carries the summary, so the
 * node-side driver (test/vscode/workbench.test.ts) can print and check them.
 */
import Mocha from "mocha";

interface Result {
  title: string;
  state: "passed" | "failed" | "pending";
  ms: number;
  error?: string;
}

/** Called by VS Code; rejects when any test failed. */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", timeout: 60_000, color: false, reporter: "base" });
  // The specs are bundled with this file, so hand mocha's globals over before evaluating them.
  mocha.suite.emit("pre-require", globalThis, "bundle", mocha);
  await import("./extension.spec.js");
  await import("./python.spec.js");
  const results: Result[] = [];
  const metrics: Record<string, number> = {};
  (globalThis as { __aglMetric?: (k: string, v: number) => void }).__aglMetric = (k, v) => {
    metrics[k] = v;
    console.log(`AGL-METRIC ${k} = ${v.toFixed(1)}`);
  };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on("pass", (t) => {
      results.push({ title: t.fullTitle(), state: "passed", ms: t.duration ?? 0 });
      console.log(`AGL-TEST passed ${t.fullTitle()} (${t.duration ?? 0} ms)`);
    });
    runner.on("fail", (t, err: Error) => {
      results.push({ title: t.fullTitle(), state: "failed", ms: t.duration ?? 0, error: String(err?.stack ?? err) });
      console.log(`AGL-TEST failed ${t.fullTitle()}: ${String(err?.stack ?? err)}`);
    });
    runner.on("pending", (t) => results.push({ title: t.fullTitle(), state: "pending", ms: 0 }));
  });
  console.log(`AGL-RESULTS ${JSON.stringify({ results, metrics })}`);
  const failed = results.filter((r) => r.state === "failed").length;
  if (failed > 0) throw new Error(`${failed} of ${results.length} tests failed`);
}
