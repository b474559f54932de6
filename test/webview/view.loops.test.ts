/**
 * Loop iterations in real headless Chromium: every compound box (loop, iteration, no_grad) as cytoscape draws it,
 * label included, must not intersect a sibling box or any node that is not inside it. Runs on examples/06 (the
 * course's `while (b.norm() < 1000) b = b.mul(2)`, recorded through the CLI) at 600 and 1400 px, and on synthetic
 * unrolled loops: a small one (all iterations open) and a big one (middle iterations collapsed, then opened).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { syntheticTrace } from "./synthetic.js";
import { ARTIFACTS, launch, open, writeHtml } from "./harness.js";
import { recordExample } from "./helpers.js";

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

interface Overlaps {
  groups: number;
  members: number;
  problems: string[];
  /** Top-down: each iteration box's top below the previous iteration's (by their numbers). */
  iterationsTopDown: boolean;
}

/**
 * Checks every compound box against its siblings and against every node outside it, in model coordinates.
 * Passed as source text: tsx would wrap named functions in a `__name` helper the page does not have.
 */
const BOX_OVERLAPS = `(() => {
  const cy = window.autogradLens && window.autogradLens.graph.cy;
  if (!cy) throw new Error("no view");
  const hit = (a, b) => a.x1 < b.x2 - 0.5 && b.x1 < a.x2 - 0.5 && a.y1 < b.y2 - 0.5 && b.y1 < a.y2 - 0.5;
  const opts = { includeLabels: true, includeOverlays: false };
  const groups = cy.nodes(":parent");
  const problems = [];
  let members = 0;
  groups.forEach((g) => {
    const box = g.boundingBox(opts);
    const inside = new Set(g.descendants().map((d) => d.id()));
    members += g.descendants().not(":parent").length;
    const parent = g.parent().nonempty() ? g.parent().id() : "";
    groups.forEach((o) => {
      if (o.id() <= g.id() || (o.parent().nonempty() ? o.parent().id() : "") !== parent) return;
      if (hit(box, o.boundingBox(opts))) problems.push("sibling boxes " + g.id() + " and " + o.id() + " intersect");
    });
    cy.nodes().not(":parent").forEach((n) => {
      if (!inside.has(n.id()) && hit(box, n.boundingBox(opts))) problems.push("node " + n.id() + " lies in box " + g.id());
    });
  });
  const its = groups.filter((g) => /^loop:\\d+:\\d+$/.test(g.id()))
    .map((g) => ({ loop: g.id().split(":")[1], it: Number(g.id().split(":")[2]), top: g.boundingBox({}).y1 }))
    .sort((a, b) => (a.loop === b.loop ? a.it - b.it : a.loop.localeCompare(b.loop)));
  const iterationsTopDown = its.every((v, k) => k === 0 || its[k - 1].loop !== v.loop || its[k - 1].top < v.top);
  return { groups: groups.length, members, problems, iterationsTopDown };
})()`;

async function boxOverlaps(page: Page): Promise<Overlaps> {
  return (await page.evaluate(BOX_OVERLAPS)) as Overlaps;
}

describe("loop iterations never overlap in the graph view", () => {
  for (const viewport of [
    { width: 1400, height: 900 },
    { width: 600, height: 800 },
  ]) {
    it(`06-control-flow at ${viewport.width} px: iteration boxes stack top-down, no box holds a stranger`, async () => {
      const trace = recordExample("examples/06-control-flow.ts");
      assert.ok(trace.tensors.some((t) => t.loop?.iteration === 10), "the while loop ran 10 iterations");
      const { page, errors } = await open(browser, await writeHtml(trace, "06-control-flow", "autograd"), 30_000, "light", viewport);
      const o = await boxOverlaps(page);
      assert.equal(o.groups, 11, "one loop box with 10 iteration boxes");
      assert.deepEqual(o.problems, []);
      assert.ok(o.iterationsTopDown, "iteration k+1 below iteration k");
      assert.deepEqual(errors, []);
      await page.screenshot({ path: `${ARTIFACTS}/loops-06-${viewport.width}.png` });
      // The whole graph, so the screenshot shows every box.
      await page.evaluate(() => window.autogradLens?.graph.cy.fit(undefined, 10));
      await page.screenshot({ path: `${ARTIFACTS}/loops-06-${viewport.width}-all.png` });
      await page.context().close();
    });
  }

  it("a no_grad block: its shaded box holds only what ran under no_grad", async () => {
    const file = join(ARTIFACTS, "loops-no-grad-block.ts");
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(
      file,
      [
        'import * as torch from "autograd-lens";',
        "const w = torch.tensor([1, 2, 3], { requires_grad: true });",
        "const x = w.mul(2);",
        "const shift = torch.no_grad(() => {",
        "  const m = x.mean();",
        "  const s = x.sum().mul(0.1);",
        "  return m.add(s);",
        "});",
        "const z = x.sub(shift);",
        "const y = z.pow(2).sum();",
        "y.backward();",
        "",
      ].join("\n"),
    );
    const trace = recordExample(file);
    assert.equal(trace.error, null);
    assert.ok(trace.tensors.filter((t) => t.createdUnderNoGrad).length >= 3, "the block's tensors are marked");
    const { page, errors } = await open(browser, await writeHtml(trace, "loops-no-grad-block", "autograd"));
    const o = await boxOverlaps(page);
    assert.equal(o.groups, 1);
    assert.deepEqual(o.problems, []);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: `${ARTIFACTS}/loops-no-grad-block.png` });
    await page.context().close();
  });

  it("a synthetic 12-iteration loop (all open): no overlaps, forward edges point down", async () => {
    const trace = syntheticTrace({ nodes: 66 });
    const { page } = await open(browser, await writeHtml(trace, "loops-synthetic-66", "autograd"));
    const o = await boxOverlaps(page);
    assert.equal(o.groups, 13);
    assert.deepEqual(o.problems, []);
    assert.ok(o.iterationsTopDown);
    // Edges inside the loop's chain (not the shared weight's, which skips the layout) go downward.
    const upward = await page.evaluate(() => {
      const cy = window.autogradLens?.graph.cy;
      if (!cy) throw new Error("no view");
      return cy.edges().filter((e) => e.source().indegree(false) > 0 && e.source().outdegree(false) <= 8 && e.source().position().y >= e.target().position().y).map((e) => e.id());
    });
    assert.deepEqual(upward, []);
    await page.evaluate(() => window.autogradLens?.graph.cy.fit(undefined, 10));
    await page.screenshot({ path: `${ARTIFACTS}/loops-synthetic-66.png` });
    await page.context().close();
  });

  it("a synthetic 1,000-node loop: collapsed iterations and opened ones never overlap", async () => {
    const trace = syntheticTrace({ nodes: 1000 });
    const { page } = await open(browser, await writeHtml(trace, "loops-synthetic-1000", "autograd"));
    let o = await boxOverlaps(page);
    assert.deepEqual(o.problems, []);
    // Open the loop box, then two middle iterations: each relayout keeps the bands apart.
    await page.evaluate(async () => {
      const g = window.autogradLens?.graph;
      if (!g) throw new Error("no view");
      if (g.collapsed.has("loop:5")) await g.toggleGroup("loop:5");
    });
    o = await boxOverlaps(page);
    assert.ok(o.groups >= 3, `loop box and the open iterations (${o.groups})`);
    assert.deepEqual(o.problems, []);
    await page.evaluate(async () => {
      const g = window.autogradLens?.graph;
      if (!g) throw new Error("no view");
      for (const id of ["loop:5:50", "loop:5:51", "loop:5:120"]) if (g.collapsed.has(id)) await g.toggleGroup(id);
    });
    o = await boxOverlaps(page);
    assert.ok(o.groups >= 6, `three more iterations open (${o.groups})`);
    assert.deepEqual(o.problems, []);
    assert.ok(o.iterationsTopDown);
    await page.context().close();
  });
});
