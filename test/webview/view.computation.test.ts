/**
 * The computation view (the default) in real headless Chromium on real Traces of every example: the drawn graph is
 * the course's (input → op → output), the whole graph fits on open at ≥ 12 px text, no label covers a node or
 * another label at any step of any pass, the console section lists the run's output with links to its lines, and
 * the grad_fn graph is one toggle away with selection and step kept. Screenshots: test-artifacts/webview/comp-*.png.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import type { Trace } from "../../src/protocol.js";
import { opId } from "../../webview/computation.js";
import { ARTIFACTS, launch, open, writeHtml } from "./harness.js";
import { labelPx, recordExample, settled } from "./helpers.js";
import { COURSE } from "./course.js";
import { GRAD_FIXTURES, expectedLines, gradTensors } from "./intermediateGrads.js";

const examples = readdirSync("examples").filter((f) => /^\d\d-.*\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, "")).sort();
let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});


/**
 * Overlaps among what is drawn: node boxes against each other, every edge label and group title against every node
 * box and every other label, and every node's own label against its box (a record's text must fit in it). Plain JS text: tsx's helpers
 * don't exist in the page.
 */
const OVERLAPS = `(() => {
  const cy = window.autogradLens.graph.cy;
  const hit = (a, b) => a.x1 < b.x2 - 0.5 && b.x1 < a.x2 - 0.5 && a.y1 < b.y2 - 0.5 && b.y1 < a.y2 - 0.5;
  const body = { includeLabels: false, includeOverlays: false };
  const labelOnly = { includeNodes: false, includeEdges: false, includeLabels: true, includeMainLabels: true, includeSourceLabels: false, includeTargetLabels: false, includeOverlays: false };
  const nodes = [];
  const labels = [];
  const problems = [];
  cy.nodes().forEach((n) => {
    const text = String(n.style("label") || "");
    if (n.isParent()) {
      if (text) labels.push({ id: "title of " + n.id(), b: n.boundingBox(labelOnly), own: n.descendants().map((d) => d.id()) });
      return;
    }
    const b = n.boundingBox(body);
    nodes.push({ id: n.id(), b });
    if (text) {
      const l = n.boundingBox(labelOnly);
      if (l.x1 < b.x1 - 1 || l.x2 > b.x2 + 1 || l.y1 < b.y1 - 1 || l.y2 > b.y2 + 1) problems.push("label of " + n.id() + " sticks out of its box");
    }
  });
  cy.edges().forEach((e) => {
    if (String(e.style("label") || "") === "" || !e.visible()) return;
    const b = e.boundingBox(labelOnly);
    if (b.w > 0) labels.push({ id: "label of edge " + e.id(), b, own: [] });
    // At 1400 px every example fits whole: an edge label past the canvas edge would be cut off.
    const ext = cy.extent();
    if (b.w > 0 && (b.x1 < ext.x1 || b.x2 > ext.x2 || b.y1 < ext.y1 || b.y2 > ext.y2)) problems.push("label of edge " + e.id() + " past the canvas edge");
  });
  // A record grows during playback (its grad line appears): it must not run into a neighbour.
  nodes.forEach((a, i) => {
    for (const b of nodes.slice(i + 1)) if (hit(a.b, b.b)) problems.push("node " + a.id + " overlaps node " + b.id);
  });
  labels.forEach((l, i) => {
    for (const n of nodes) if (!l.own.includes(n.id) && hit(l.b, n.b)) problems.push(l.id + " covers node " + n.id);
    for (const m of labels.slice(i + 1)) if (hit(l.b, m.b)) problems.push(l.id + " overlaps " + m.id);
  });
  return problems;
})()`;

/** Every visible element inside the canvas (rendered coordinates). */
async function fitsWhole(page: Page): Promise<{ ok: boolean; box: unknown; size: unknown }> {
  return page.evaluate(() => {
    const cy = window.autogradLens?.graph.cy;
    if (!cy) throw new Error("no view");
    const b = cy.elements(":visible").renderedBoundingBox({});
    return { ok: b.x1 >= -1 && b.y1 >= -1 && b.x2 <= cy.width() + 1 && b.y2 <= cy.height() + 1, box: b, size: [cy.width(), cy.height()] };
  });
}

/** "inputs -op-> output" of the drawn operand/result edges, in the notation of course.ts. */
async function drawnAdjacency(page: Page, trace: Trace): Promise<string[]> {
  // Open every folded group but the checks: the course draws every iteration.
  await page.evaluate(async () => {
    const g = window.autogradLens?.graph;
    if (!g) return;
    for (let round = 0; round < 4; round++) for (const id of [...g.collapsed]) if (id !== "checks") await g.toggleGroup(id);
  });
  const edges = await page.evaluate(() =>
    (window.autogradLens?.graph.cy.edges(".operand, .result, .detach").map((e) => [String(e.data("kind")), String(e.data("source")), String(e.data("target")), String(e.id())]) ?? []),
  );
  const label = (id: string | undefined): string => trace.tensors.find((t) => t.id === id)?.label ?? String(id);
  const out: string[] = [];
  for (const t of trace.tensors) {
    const op = opId(t.id);
    const ins = edges.filter(([k, , target]) => k === "operand" && target === op).sort((a, b) => Number(a[3]?.split("#")[1]) - Number(b[3]?.split("#")[1]));
    const produced = edges.some(([k, source, target]) => k === "result" && source === op && target === t.id);
    if (produced) out.push(`${ins.map(([, s]) => label(s)).join(", ")} -${t.op}-> ${t.label}`);
  }
  for (const [k, s, t] of edges) if (k === "detach") out.push(`${label(s)} ~detach~> ${label(t)}`);
  return out;
}

describe("computation view on every example", () => {
  for (const name of examples) {
    it(`${name}: the course's graph, fits on open at ≥ 12 px, no label overlap at any step, console listed`, async () => {
      const trace = recordExample(`examples/${name}.ts`);
      const { page, errors } = await open(browser, await writeHtml(trace, `comp-${name}`));
      await settled(page, 10_000);
      assert.equal(await page.getAttribute("#app", "data-mode"), "computation");
      const fit = await fitsWhole(page);
      assert.ok(fit.ok, `${name}: the whole graph fits on open (${JSON.stringify(fit)})`);
      const px = await labelPx(page);
      assert.ok(px.px >= 12 - 1e-6, `${name}: labels at ${px.px.toFixed(1)} px`);
      assert.deepEqual(await page.evaluate(OVERLAPS), [], `${name} on open`);
      await page.screenshot({ path: `${ARTIFACTS}/comp-${name}.png` });

      // The console section: every entry with its line.
      assert.equal(await page.locator('[data-testid="console"] li.console-entry').count(), trace.console.length);
      const lines = await page.locator('[data-testid="console-line"]').allTextContents();
      assert.deepEqual(lines, trace.console.filter((c) => c.line !== null).map((c) => `line ${c.line}`));

      for (const pass of trace.passes) {
        await page.selectOption('[data-testid="pass-select"]', String(pass.index));
        if (!(await page.isDisabled('[data-testid="step-start"]'))) await page.click('[data-testid="step-start"]');
        assert.equal(await page.textContent('[data-testid="position"]'), "seed");
        for (let pos = 0; ; pos++) {
          const problems = (await page.evaluate(OVERLAPS)) as string[];
          assert.deepEqual(problems, [], `${name} pass ${pass.index} position ${pos}`);
          if (pass.index === 1 && pos === Math.max(1, pass.steps.length - 1)) await page.screenshot({ path: `${ARTIFACTS}/comp-${name}-step.png` });
          if (await page.isDisabled('[data-testid="step-forward"]')) break;
          await page.click('[data-testid="step-forward"]');
        }
        // At the end of the pass, every tensor's gradient on the page is PyTorch's (retain_grad() fixtures): in
        // the text alternative for all of them, and on the drawn record for those not folded away.
        const fp = GRAD_FIXTURES[name]?.passes.find((p) => p.index === pass.index);
        assert.ok(fp, `${name}: PyTorch fixture of pass ${pass.index}`);
        if (fp.error !== null) continue;
        const shown = await page.evaluate((ids) => ids.map((id) => ({ id, words: document.querySelector(`[data-testid="graph-text"] li[data-node-id="${CSS.escape(id)}"] .grad`)?.textContent ?? null, record: (window.autogradLens?.graph.cy.getElementById(id).data("label") as string | undefined) ?? null })), gradTensors(trace).map((t) => t.id));
        for (const t of gradTensors(trace)) {
          const s = shown.find((x) => x.id === t.id);
          for (const line of expectedLines(t, fp.grads[t.label] ?? null) ?? []) {
            assert.ok(s?.words?.includes(line.trim()), `${name} pass ${pass.index} ${t.label}: text alternative ${JSON.stringify(s?.words)} lacks PyTorch's ${JSON.stringify(line)}`);
            if (s?.record !== null) assert.ok(s?.record?.includes(line.trim()), `${name} pass ${pass.index} ${t.label}: record ${JSON.stringify(s?.record)} lacks PyTorch's ${JSON.stringify(line)}`);
          }
        }
      }
      assert.deepEqual(await drawnAdjacency(page, trace), COURSE[name], `${name}: drawn adjacency`);
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  }

  it("01: opens at the seed (grad_c = 1); the flowing edge says grad_x = grad_a × y; the grad_fn graph keeps step and selection", async () => {
    const trace = recordExample("examples/01-manual-backward.ts");
    const { page } = await open(browser, await writeHtml(trace, "comp-01-toggle"));
    assert.match(await page.innerText('[data-testid="narration"]'), /seed grad_c = 1/);
    for (let i = 0; i < 3; i++) await page.click('[data-testid="step-forward"]');
    const x = trace.tensors.find((t) => t.name === "x");
    const a = trace.tensors.find((t) => t.name === "a");
    assert.ok(x && a);
    const flow = await page.evaluate((id) => window.autogradLens?.graph.cy.getElementById(id).data("flow"), `${x.id}>op:${a.id}#0`);
    assert.equal(flow, "grad_x = grad_a × y = [[1, 2, -1], …]");
    await page.click('[data-testid="graph-text"] >> xpath=..'); // open "Graph as text"
    await page.locator(`[data-testid="graph-text"] li[data-node-id="op:${a.id}"]`).click();
    await page.click('[data-testid="view-autograd"]');
    await page.waitForFunction(() => window.autogradLens?.mode === "autograd" && (window.autogradLens.graph.cy.nodes(".function").length ?? 0) > 0);
    assert.equal(await page.textContent('[data-testid="position"]'), `step 3/${trace.passes[0]?.steps.length}`);
    assert.equal(await page.getAttribute('[data-testid="details"]', "data-node-id"), a.gradFn, "the op's grad fn is selected");
    await page.click('[data-testid="view-computation"]');
    await page.waitForFunction(() => window.autogradLens?.mode === "computation");
    assert.equal(await page.getAttribute('[data-testid="details"]', "data-node-id"), a.gradFn);
    await page.context().close();
  });

  it("07: pass 3's error names the ops pass 2 freed and marks them; later passes show them freed", async () => {
    const trace = recordExample("examples/07-graph-freeing.ts");
    const { page } = await open(browser, await writeHtml(trace, "comp-07-freed"));
    await page.selectOption('[data-testid="pass-select"]', "3");
    const banner = await page.innerText('[data-testid="error"]');
    assert.match(banner, /Trying to backward through the graph a second time/);
    assert.match(banner, /Freed by pass 2: y \(MulBackward0\), v \(MulBackward0\), u \(MulBackward0\)|Freed by pass 2: .*u \(MulBackward0\)/);
    const freed = trace.gradFns.filter((g) => g.freedAfterPass === 2).map((g) => opId(g.tensor));
    assert.equal(freed.length, 3);
    const marks = await page.evaluate((ids) => ids.map((id) => { const n = window.autogradLens?.graph.cy.getElementById(id); return [n?.hasClass("error-node"), n?.hasClass("freed")]; }), freed);
    assert.deepEqual(marks, freed.map(() => [true, true]));
    await page.screenshot({ path: `${ARTIFACTS}/comp-07-pass3-error.png` });
    await page.context().close();
  });
});
