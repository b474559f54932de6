/** Page-side probes shared by the webview tests: what the text alternative, status and cytoscape say. */
import type { Page } from "playwright-core";
import type { Trace } from "../../src/protocol.js";

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
