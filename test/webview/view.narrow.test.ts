/**
 * The view in a narrow VS Code side panel (600×800) and a wide one (1400×900), in real headless Chromium on real
 * Traces of the examples: nothing overlaps the graph, the toolbar is one row, labels stay readable after Fit, the
 * narration stays visible while stepping, the less-used controls are reachable through the "⋯" menu.
 * Screenshots go to test-artifacts/webview/*-600.png and *-1400.png.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { Trace } from "../../src/protocol.js";
import { ARTIFACTS, launch, open, writeHtml } from "./harness.js";
import { exportVia, labelPx, nodeInView, overlaps, recordExample, settled, type Box } from "./helpers.js";
import { syntheticTrace } from "./synthetic.js";

const NARROW = { width: 600, height: 800 };
const WIDE = { width: 1400, height: 900 };

let browser: Browser;
const traces = new Map<string, Trace>();
before(async () => {
  browser = await launch();
  for (const name of ["01-manual-backward", "02-dot-4x", "06-control-flow"]) traces.set(name, recordExample(`examples/${name}.ts`));
});
after(async () => {
  await browser?.close();
});

async function openAt(name: string, viewport: { width: number; height: number }, trace?: Trace): Promise<Page> {
  const t = trace ?? traces.get(name);
  assert.ok(t, name);
  const { page, errors } = await open(browser, await writeHtml(t, `${name}-${viewport.width}`, "autograd"), 30_000, "dark", viewport);
  assert.deepEqual(errors, []);
  await settled(page, 60_000);
  return page;
}


async function box(page: Page, selector: string): Promise<Box | null> {
  const loc = page.locator(selector).first();
  if (!(await loc.isVisible())) return null;
  return loc.boundingBox();
}

/** Every visible piece of chrome, none of which may cover the graph canvas. */
const CHROME = ['[data-testid="toolbar"], .toolbar', ".side", ".text-alt", ".footer", '[data-testid="error"]', '[data-testid="truncated"]'];

async function assertGraphUnobstructed(page: Page, minWidthShare: number): Promise<Box> {
  const cy = await box(page, '[data-testid="graph"]');
  assert.ok(cy, "graph visible");
  const vw = page.viewportSize()?.width ?? 0;
  assert.ok(cy.width >= vw * minWidthShare, `graph is ${cy.width}px of ${vw}px`);
  for (const sel of CHROME) {
    const b = await box(page, sel);
    if (b) assert.ok(!overlaps(cy, b), `${sel} ${JSON.stringify(b)} overlaps the graph ${JSON.stringify(cy)}`);
  }
  return cy;
}

async function toolbarRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const tops = new Set<number>();
    for (const el of document.querySelectorAll<HTMLElement>(".toolbar > *")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) tops.add(Math.round(r.top + r.height / 2));
    }
    // Items on one row share (within a few px) a vertical centre.
    const sorted = [...tops].sort((a, b) => a - b);
    return sorted.filter((y, i) => i === 0 || y - (sorted[i - 1] ?? 0) > 8).length;
  });
}

/** The narration box is rendered, not clipped by the window, and says something. */
async function narrationVisible(page: Page): Promise<string> {
  const n = page.locator('[data-testid="narration"]');
  assert.ok(await n.isVisible(), "narration hidden");
  const b = await n.boundingBox();
  const vp = page.viewportSize();
  assert.ok(b && vp && b.y >= 0 && b.y + Math.min(b.height, 40) <= vp.height && b.height >= 20, `narration off-screen: ${JSON.stringify(b)}`);
  // Not covered by anything (e.g. the "⋯" menu or the drawer): the element at its top-left corner is inside it.
  const onTop = await page.evaluate(({ x, y }) => document.elementFromPoint(x + 4, y + 4)?.closest('[data-testid="narration"]') !== null, { x: b.x, y: b.y });
  assert.ok(onTop, "narration covered");
  return n.innerText();
}

describe("graph view in a narrow (600 px) VS Code side panel", () => {
  it("02-dot-4x: one-row toolbar, nothing over the graph, readable labels, legend collapsed, screenshot", async () => {
    const page = await openAt("02-dot-4x", NARROW);
    assert.equal(await toolbarRows(page), 1);
    const cy = await assertGraphUnobstructed(page, 0.95);
    assert.ok(cy.height >= 400, `graph only ${cy.height}px high`);
    assert.ok((await labelPx(page)).px >= 10, `labels ${(await labelPx(page)).px}px`);
    assert.equal(await page.locator('[data-testid="legend"]').getAttribute("open"), null, "legend collapsed in narrow mode");
    assert.ok(!(await page.locator('[data-testid="details"]').isVisible()), "details drawer closed until something is selected");
    await page.screenshot({ path: `${ARTIFACTS}/narrow-02-dot-4x-600.png` });
    await page.context().close();
  });

  it("01-manual-backward: the narration stays visible and the active step in view while stepping, drawer open or not", async () => {
    const page = await openAt("01-manual-backward", NARROW);
    const trace = traces.get("01-manual-backward") as Trace;
    const steps = trace.passes[0]?.steps.length ?? 0;
    assert.ok(steps >= 3);
    while (!(await page.isDisabled('[data-testid="step-back"]'))) await page.click('[data-testid="step-back"]');
    assert.match(await narrationVisible(page), /seed grad_c = 1/);
    // Open the drawer on a node: details must not push the narration out of sight.
    await page.locator(".text-alt summary").click();
    await page.locator('[data-testid="graph-text"] li[data-node-id]').first().click();
    await page.locator(".text-alt summary").click();
    assert.ok(await page.locator('[data-testid="details"]').isVisible(), "selecting opens the details drawer");
    await assertGraphUnobstructed(page, 0.95);
    let shot = false;
    for (let i = 0; i < steps; i++) {
      await page.click('[data-testid="step-forward"]');
      const text = await narrationVisible(page);
      const active = ((await page.textContent('[data-testid="active-node"]')) ?? "").trim();
      assert.match(text, /receives/);
      // The step's follow animation (150 ms) is over when cytoscape says nothing animates.
      await page.waitForFunction(() => window.autogradLens?.graph.cy.animated() === false);
      assert.ok(await nodeInView(page, active), `active ${active} out of view at step ${i + 1}`);
      if (!shot && text.includes("MulBackward0 receives")) {
        await page.screenshot({ path: `${ARTIFACTS}/narrow-01-manual-backward-step-600.png` });
        shot = true;
      }
    }
    await page.context().close();
  });

  it("06-control-flow and a 100-node synthetic graph: Fit keeps labels ≥ 10 px and centres on the pass's root", async () => {
    const synthetic = syntheticTrace({ nodes: 100 });
    for (const [name, trace] of [["06-control-flow", traces.get("06-control-flow")], ["synthetic-100", synthetic]] as const) {
      const page = await openAt(name, NARROW, trace);
      const root = trace?.passes[0]?.roots[0];
      assert.ok(root, `${name} has a backward pass`);
      await page.click('[data-testid="fit"]');
      const fitted = await labelPx(page);
      assert.ok(fitted.px >= 10, `${name}: labels ${fitted.px.toFixed(1)}px at zoom ${fitted.zoom}`);
      assert.ok(await nodeInView(page, root), `${name}: root ${root} not in view after Fit`);
      await assertGraphUnobstructed(page, 0.95);
      await page.screenshot({ path: `${ARTIFACTS}/narrow-${name}-fit-600.png` });
      // Fit again: the whole graph (an overview), smaller than readable for the big one.
      await page.click('[data-testid="fit"]');
      const whole = await labelPx(page);
      if (name === "synthetic-100") assert.ok(whole.zoom < fitted.zoom, "second Fit shows the whole graph");
      await page.screenshot({ path: `${ARTIFACTS}/narrow-${name}-overview-600.png` });
      await page.context().close();
    }
  });

  it("the ⋯ menu holds the toggles and exports; they work from there and the menu closes after an action", async () => {
    const page = await openAt("02-dot-4x", NARROW);
    assert.ok(!(await page.locator('[data-testid="export-json"]').isVisible()), "exports tucked away");
    await page.click('[data-testid="more"]');
    assert.equal(await page.getAttribute('[data-testid="more"]', "aria-expanded"), "true");
    await page.screenshot({ path: `${ARTIFACTS}/narrow-menu-600.png` });
    const json = await exportVia(page, "json");
    assert.equal((JSON.parse(json.toString("utf8")) as Trace).file !== undefined, true);
    assert.ok(!(await page.locator('[data-testid="more-menu"]').isVisible()), "menu closes after an export");
    await page.click('[data-testid="more"]');
    await page.uncheck('[data-testid="toggle-accumulate"]');
    await page.keyboard.press("Escape");
    assert.ok(!(await page.locator('[data-testid="more-menu"]').isVisible()), "Escape closes the menu");
    const accs = await page.evaluate(() => window.autogradLens?.graph.cy.nodes(".accumulate").length ?? -1);
    assert.equal(accs, 0);
    await page.context().close();
  });
});

describe("graph view in a wide (1400 px) panel", () => {
  it("details and legend in a column beside the graph, everything in one toolbar row, screenshot", async () => {
    const page = await openAt("02-dot-4x", WIDE);
    assert.equal(await toolbarRows(page), 1);
    const cy = await assertGraphUnobstructed(page, 0.6);
    const side = await box(page, ".side");
    assert.ok(side && side.x >= cy.x + cy.width - 1, "side column right of the graph");
    assert.equal(await page.locator('[data-testid="legend"]').getAttribute("open"), "", "legend open when there is room");
    assert.ok(await page.locator('[data-testid="export-png"]').isVisible(), "exports on the toolbar");
    assert.ok(!(await page.locator('[data-testid="more"]').isVisible()), "no ⋯ menu when wide");
    assert.ok((await labelPx(page)).px >= 10);
    await page.screenshot({ path: `${ARTIFACTS}/wide-02-dot-4x-1400.png` });
    await page.context().close();
  });

  it("at 1100 px (between the breakpoints): side column kept, toolbar still one row thanks to the ⋯ menu", async () => {
    const page = await openAt("06-control-flow", { width: 1100, height: 800 });
    assert.equal(await toolbarRows(page), 1);
    const cy = await assertGraphUnobstructed(page, 0.6);
    const side = await box(page, ".side");
    assert.ok(side && side.x >= cy.x + cy.width - 1, "side column right of the graph");
    assert.ok(await page.locator('[data-testid="more"]').isVisible(), "⋯ menu in the compact toolbar");
    assert.ok((await labelPx(page)).px >= 10);
    await page.screenshot({ path: `${ARTIFACTS}/mid-06-control-flow-1100.png` });
    await page.context().close();
  });
});
