/**
 * Re-run on save → repainted, measured in the real workbench (issue 10): for each example, the graph is shown,
 * then the file is edited and saved with Ctrl+S several times, as a person would, and each save is timed from the
 * key press to the frame that shows the new Trace (`#app[data-painted]` counting up, set by the view once the
 * first animation frame after the trace was applied has been rendered). Every phase in between comes from the
 * record the host sends with the trace and the view completes (webview/main.ts): one clock (`Date.now()`), shared
 * by the host, the webview and this process.
 *
 * A re-run is served by the runner's warm spare child when it is ready (the usual case: a person edits for longer
 * than the spare takes to start). The record says whether it was (`spare`); a save that came before the spare was
 * ready is kept in the samples but not in the medians, and the example is saved again (the edit itself, typed at a
 * person's pace, takes the time), up to a limit: no fixed waits.
 */
import type { Page } from "playwright-core";
import { graphFrame, openFile, runPaletteCommand } from "./browser";
import { median } from "./median";

/** The phases of one re-run, in order: [mark, what ends at that mark]. */
export const RERUN_PHASES: ReadonlyArray<[string, string]> = [
  ["saved", "Ctrl+S → the host's onWillSave (workbench → extension host)"],
  ["runStart", "save event → run requested (no debounce on an explicit save)"],
  ["childReceived", "request → the spare child has it (IPC)"],
  ["childSent", "compile + instrument + run + record + serialise (in the child)"],
  ["traceArrived", "Trace text → the host (IPC)"],
  ["traceChecked", "decoded + validated against the schema"],
  ["runDone", "run finished in the host (listeners)"],
  ["traceSent", "run done → posted to the webview"],
  ["traceReceived", "postMessage → the view has it"],
  ["applied", "model + layout (kept positions) + cytoscape + side panels"],
  ["painted", "the next frame drawn"],
];

export interface RerunSample {
  file: string;
  /** Ctrl+S → painted, as this process saw it (ms). */
  totalMs: number;
  /** Each phase's duration (ms): the mark minus the previous mark present. */
  phaseMs: Record<string, number>;
  /** The run was served by a spare that had finished loading and warming up. */
  spare: boolean;
  /** That spare had compiled the saved text while it was typed (the run skipped its compile). */
  compiledAhead: boolean;
  /** Paints of other runs seen between the key press and this save's paint (skipped). */
  otherPaints: number;
}

export interface RerunResult {
  samples: RerunSample[];
  /** Per example: the median of the samples served by a ready spare. */
  medianByFile: Record<string, number>;
  /** Per phase: the median over all those samples (all examples). */
  phaseMedians: Record<string, number>;
  /** Median over all those samples. */
  medianMs: number;
}

/** The view's painted count and the record of that paint, read together (a later paint can't split them). */
async function lastPaint(page: Page): Promise<{ seq: number; phases: Record<string, number> }> {
  const [seq, phases] = await graphFrame(page).locator("#app").evaluate((el) => [el.dataset["painted"] ?? "0", el.dataset["phases"] ?? "{}"] as const);
  return { seq: Number(seq), phases: JSON.parse(phases) as Record<string, number> };
}

/**
 * One Ctrl+S re-run of the active editor (a comment line appended: same graph, new version). The sample is the
 * first paint whose record carries this save's event (`saved` at or after the key press): a paint of anything
 * else that lands meanwhile (a run still going for an earlier version, a view that reloaded) is skipped and
 * counted, not timed as this save's.
 */
async function saveOnce(page: Page, file: string, n: number): Promise<RerunSample> {
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+End");
  // At a person's pace (a fast typist): the edit takes about as long as it does for them, which is also when the
  // runner's next spare gets ready.
  await page.keyboard.type(`\n${file.endsWith(".py") ? "#" : "//"} edit ${n}`, { delay: 60 });
  let seen = (await lastPaint(page)).seq;
  const t0 = Date.now();
  await page.keyboard.press("Control+S");
  let otherPaints = 0;
  let paint: { seq: number; phases: Record<string, number> };
  for (;;) {
    await graphFrame(page).locator(`#app[data-painted]:not([data-painted="${seen}"])`).waitFor({ state: "attached", timeout: 60_000 });
    paint = await lastPaint(page);
    // 5 ms for the rounding of the clocks (the host's and this process's are the same machine clock).
    if ((paint.phases["saved"] ?? -Infinity) >= t0 - 5) break;
    otherPaints += paint.seq - seen;
    seen = paint.seq;
  }
  const { phases } = paint;
  const phaseMs: Record<string, number> = {};
  let prev = t0;
  for (const [k] of RERUN_PHASES) {
    const at = phases[k];
    if (at === undefined) continue;
    phaseMs[k] = at - prev;
    prev = at;
  }
  return { file, totalMs: (phases["painted"] ?? Date.now()) - t0, phaseMs, spare: phases["spareReady"] === 1, compiledAhead: phases["compiledAhead"] === 1, otherPaints };
}

/** Opens each file, shows its graph, then times `n` re-runs served by a ready spare (at most 3n saves). */
export async function measureReruns(page: Page, files: string[], n: number, onSample?: (s: RerunSample) => void): Promise<RerunResult> {
  const samples: RerunSample[] = [];
  let edit = 0;
  for (const file of files) {
    await openFile(page, file);
    const before = await graphFrame(page).locator("#app").getAttribute("data-painted", { timeout: 1000 }).catch(() => null);
    await runPaletteCommand(page, "Autograd Lens: Show Gradient Graph");
    // The panel shows this file's trace (a new document or the open one): its status line names it.
    const name = file.split("/").pop() ?? file;
    await page.locator(".tabs-container .tab", { hasText: `Gradient Graph: ${name}` }).waitFor({ timeout: 90_000 });
    await graphFrame(page).locator(before === null ? "#app[data-painted]" : `#app:not([data-painted="${before}"])`).waitFor({ state: "attached", timeout: 90_000 });
    let good = 0;
    for (let i = 0; i < 3 * n && good < n; i++) {
      const s = await saveOnce(page, file, ++edit);
      samples.push(s);
      if (s.spare) good++;
      onSample?.(s);
    }
  }
  const ready = samples.filter((s) => s.spare);
  const medianByFile: Record<string, number> = {};
  for (const f of files) medianByFile[f] = median(ready.filter((s) => s.file === f).map((s) => s.totalMs));
  const phaseMedians: Record<string, number> = {};
  for (const [k] of RERUN_PHASES) phaseMedians[k] = median(ready.map((s) => s.phaseMs[k] ?? Number.NaN));
  return { samples, medianByFile, phaseMedians, medianMs: median(ready.map((s) => s.totalMs)) };
}
