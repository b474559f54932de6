/** Page-side probes shared by the webview tests: what the text alternative, status and cytoscape say. */
import { execFileSync } from "node:child_process";
import type { Page } from "playwright-core";
import type { Trace } from "../../src/protocol.js";
import { decodeTrace } from "../../src/traceJson.js";

/** Edges the view must draw for a trace, derived here straight from the Trace's rules (see webview/model.ts). */
export function expectedEdgeCount(trace: Trace): number {
  const ids = new Set([...trace.tensors.map((t) => t.id), ...trace.gradFns.map((g) => g.id)]);
  const keys = new Set<string>();
  for (const g of trace.gradFns) {
    if (ids.has(g.tensor)) keys.add(`out|${g.id}`);
    g.nextFunctions.forEach((nf, i) => nf.gradFn && ids.has(nf.gradFn) && keys.add(`next|${nf.gradFn}|${g.id}|${i}`));
    for (const s of g.saved) if (s.tensor && s.tensor !== g.tensor && ids.has(s.tensor)) keys.add(`saved|${s.tensor}|${g.id}`);
  }
  const byId = new Map(trace.tensors.map((t) => [t.id, t]));
  for (const t of trace.tensors) {
    if (t.detachedFrom && ids.has(t.detachedFrom)) keys.add(`detach|${t.id}`);
    // Constant inputs are tied to the op that used them (its grad fn, or the result when there is none).
    for (const i of t.inputs) if (byId.get(i)?.requiresGrad === false) keys.add(`input|${i}|${t.id}`);
  }
  return keys.size;
}

export async function textCounts(page: Page): Promise<{ nodes: number; edges: number; status: string }> {
  return {
    nodes: await page.locator('[data-testid="graph-text"] li[data-node-id]').count(),
    edges: await page.locator('[data-testid="graph-text"] li[data-edge-id]').count(),
    status: (await page.textContent('[data-testid="status"]')) ?? "",
  };
}

/** Steps back to the seed, then forward through the pass; returns the active node after each forward step. */
export async function walkPass(page: Page): Promise<{ active: string[]; narration: string[] }> {
  while (!(await page.isDisabled('[data-testid="step-back"]'))) await page.click('[data-testid="step-back"]');
  const active: string[] = [];
  const narration: string[] = [(await page.textContent('[data-testid="narration"]')) ?? ""];
  while (!(await page.isDisabled('[data-testid="step-forward"]'))) {
    await page.click('[data-testid="step-forward"]');
    active.push(((await page.textContent('[data-testid="active-node"]')) ?? "").trim());
    narration.push((await page.innerText('[data-testid="narration"]')) ?? "");
  }
  return { active, narration };
}

/** Clicks a graph node on the canvas at its rendered position (a real mouse click, not a synthetic event). */
export async function clickNode(page: Page, id: string): Promise<void> {
  const pos = await page.evaluate((nodeId) => {
    const cy = window.autogradLens?.graph.cy;
    if (!cy) throw new Error("no view");
    const n = cy.getElementById(nodeId);
    cy.center(n);
    const rp = n.renderedPosition();
    const box = cy.container()?.getBoundingClientRect();
    return { x: (box?.left ?? 0) + rp.x, y: (box?.top ?? 0) + rp.y };
  }, id);
  await page.mouse.click(pos.x, pos.y);
}

/** Exports through the toolbar button and returns the downloaded bytes. */
export async function exportVia(page: Page, format: "png" | "svg" | "json" | "dot"): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(`[data-testid="export-${format}"]`)]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** Records a snippet through the CLI (exit code 1 means the snippet itself failed, which some examples do). */
export function recordExample(file: string): Trace {
  let out: string;
  try {
    out = execFileSync("node", ["dist/cli.js", "trace", file, "--json"], { encoding: "utf8", maxBuffer: 64 << 20 });
  } catch (err) {
    out = String((err as { stdout?: unknown }).stdout ?? "");
  }
  return decodeTrace(out);
}

/** A page element's box in CSS pixels (null when it is not rendered). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** True when two boxes share area (touching edges don't count). */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
}

/** Rendered label font size (px) of graph nodes at the current zoom, and the zoom itself. */
export async function labelPx(page: Page): Promise<{ zoom: number; px: number }> {
  return page.evaluate(() => {
    const cy = window.autogradLens?.graph.cy;
    if (!cy) throw new Error("no view");
    const n = cy.nodes().not(".group").first();
    return { zoom: cy.zoom(), px: parseFloat(String(n.style("font-size"))) * cy.zoom() };
  });
}

/** Whether a graph node is fully inside the canvas viewport. */
export async function nodeInView(page: Page, id: string): Promise<boolean> {
  return page.evaluate((nodeId) => {
    const cy = window.autogradLens?.graph.cy;
    if (!cy) throw new Error("no view");
    const n = cy.getElementById(window.autogradLens?.graph.representative(nodeId) ?? nodeId);
    if (n.empty()) return false;
    const b = n.renderedBoundingBox({});
    return b.x1 >= -1 && b.y1 >= -1 && b.x2 <= cy.width() + 1 && b.y2 <= cy.height() + 1;
  }, id);
}

/**
 * Waits until the graph's viewport (size, zoom, pan) has stopped changing for a few frames: the first paint's
 * automatic fit and the panel's resize observers finish after the status line appears, and a "Fit" clicked in
 * between measures a viewport that is still moving (a person cannot click that fast).
 */
export async function settled(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(() => {
    const cy = window.autogradLens?.graph.cy;
    if (!cy) return false;
    const key = JSON.stringify([cy.width(), cy.height(), cy.zoom(), cy.pan()]);
    const w = window as unknown as { __aglViewport?: { key: string; frames: number } };
    const last = w.__aglViewport;
    w.__aglViewport = { key, frames: last && last.key === key ? last.frames + 1 : 0 };
    return w.__aglViewport.frames >= 5;
  }, undefined, { polling: "raf", timeout: timeoutMs });
}
