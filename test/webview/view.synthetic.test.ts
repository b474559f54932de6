/**
 * The graph view in real headless Chromium on synthetic Traces (no engine needed): counts, stepping order,
 * details on click and keyboard, exports, banners, CSP cleanliness, webview-mode messages.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { syntheticTrace } from "./synthetic.js";
import { ARTIFACTS, launch, open, writeHtml } from "./harness.js";
import { clickNode, expectedEdgeCount, exportVia, textCounts, walkPass } from "./helpers.js";
import { decodeTrace } from "../../src/traceJson.js";
import { buildComputation } from "../../webview/computation.js";
import type { Trace } from "../../src/protocol.js";

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe("graph view on a synthetic 100-node loop", () => {
  const trace = syntheticTrace({ nodes: 100 });

  it("draws every node and edge, lists them in the text alternative, and says so in the status line", async () => {
    const { page, errors } = await open(browser, await writeHtml(trace, "synthetic-100", "autograd"));
    const c = await textCounts(page);
    assert.equal(c.nodes, trace.tensors.length + trace.gradFns.length);
    assert.equal(c.edges, expectedEdgeCount(trace));
    assert.equal(c.status, `${c.nodes} nodes · ${c.edges} edges · pass 1/1`);
    assert.deepEqual(errors, [], "no console errors or CSP violations");
    await page.screenshot({ path: `${ARTIFACTS}/synthetic-100.png` });
    await page.context().close();
  });

  it("steps through the pass in execution order, forwards and back", async () => {
    const { page } = await open(browser, await writeHtml(trace, "synthetic-100", "autograd"));
    const walk = await walkPass(page);
    const pass = trace.passes[0];
    assert.ok(pass);
    // Positions 1…n are the steps, the last position ("done") has no active node.
    assert.deepEqual(walk.active.slice(0, -1), pass.steps.map((s) => s.gradFn));
    assert.equal(walk.active.at(-1), "");
    assert.match(walk.narration.at(-1) ?? "", /finished after \d+ steps/);
    await page.click('[data-testid="step-back"]');
    assert.equal((await page.textContent('[data-testid="active-node"]'))?.trim(), pass.steps.at(-1)?.gradFn);
    // Play from the end restarts at the seed and advances by itself; pause stops it.
    await page.click('[data-testid="step-forward"]');
    await page.click('[data-testid="play"]');
    await page.waitForFunction((first) => document.querySelector('[data-testid="active-node"]')?.textContent === first, pass.steps[0]?.gradFn);
    await page.waitForFunction((second) => document.querySelector('[data-testid="active-node"]')?.textContent === second, pass.steps[1]?.gradFn);
    await page.click('[data-testid="pause"]');
    const paused = await page.textContent('[data-testid="active-node"]');
    // Playback advances only from its timer: once the view says it stopped playing, nothing moves by itself.
    await page.waitForFunction(() => document.getElementById("app")?.dataset["playing"] === undefined);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(await page.textContent('[data-testid="active-node"]'), paused);
    // Keyboard: → steps forward when focus is on the page, not in a control.
    await page.locator('[data-testid="graph"]').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("ArrowRight");
    assert.notEqual(await page.textContent('[data-testid="active-node"]'), paused);
    await page.context().close();
  });

  it("opens details on a click on the canvas and on Enter in the text alternative", async () => {
    const { page } = await open(browser, await writeHtml(trace, "synthetic-100", "autograd"));
    await clickNode(page, "t1");
    assert.equal(await page.getAttribute('[data-testid="details"]', "data-node-id"), "t1");
    const text = await page.innerText('[data-testid="details"]');
    assert.match(text, /requires_grad\s+True/);
    assert.match(text, /is_leaf\s+True/);
    await page.click(".text-alt summary");
    await page.focus('[data-testid="graph-text"] li[data-node-id="g3"]');
    await page.keyboard.press("Enter");
    assert.equal(await page.getAttribute('[data-testid="details"]', "data-node-id"), "g3");
    assert.match(await page.innerText('[data-testid="details"]'), /MulBackward0/);
    await page.context().close();
  });

  it("toggles saved tensors (orange, with their edges) and AccumulateGrad nodes without changing the counts", async () => {
    const { page } = await open(browser, await writeHtml(trace, "synthetic-100", "autograd"));
    const probe = (): Promise<{ saved: number; savedEdges: number; acc: number; status: string }> =>
      page.evaluate(() => {
        const cy = window.autogradLens?.graph.cy;
        return {
          saved: cy?.nodes(".savedtensor").length ?? -1,
          savedEdges: cy?.edges("edge.saved").length ?? -1,
          acc: cy?.nodes(".accumulate").length ?? -1,
          status: document.querySelector('[data-testid="status"]')?.textContent ?? "",
        };
      });
    const before = await probe();
    assert.equal(before.saved, 0);
    assert.equal(before.savedEdges, 0);
    assert.equal(before.acc, 2);
    await page.check('[data-testid="toggle-saved"]');
    await page.uncheck('[data-testid="toggle-accumulate"]');
    await page.waitForFunction(() => (window.autogradLens?.graph.cy.nodes(".accumulate").length ?? -1) === 0);
    const after = await probe();
    assert.ok(after.saved > 0 && after.savedEdges > 0, JSON.stringify(after));
    assert.equal(after.status, before.status);
    await page.context().close();
  });

  it("exports a PNG, an SVG, the Trace as JSON and Graphviz DOT", async () => {
    const { page } = await open(browser, await writeHtml(trace, "synthetic-100", "autograd"));
    const png = await exportVia(page, "png");
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svg = (await exportVia(page, "svg")).toString("utf8");
    const parsed = await page.evaluate((s) => {
      const doc = new DOMParser().parseFromString(s, "image/svg+xml");
      return { error: doc.querySelector("parsererror")?.textContent ?? null, root: doc.documentElement.nodeName, nodes: doc.querySelectorAll("g.node").length };
    }, svg);
    assert.equal(parsed.error, null);
    assert.equal(parsed.root, "svg");
    assert.ok(parsed.nodes > 10, `svg has ${parsed.nodes} nodes`);
    const json = decodeTrace((await exportVia(page, "json")).toString("utf8"));
    assert.equal(json.tensors.length, trace.tensors.length);
    assert.deepEqual(json.passes[0]?.steps, trace.passes[0]?.steps);
    const dot = (await exportVia(page, "dot")).toString("utf8");
    assert.match(dot, /^digraph /);
    assert.equal((dot.match(/ -> /g) ?? []).length, expectedEdgeCount(trace));
    // The other view exports its own graph: records and ops, input → op → output (saved links are a toggle).
    await page.click('[data-testid="view-computation"]');
    await page.waitForFunction(() => document.getElementById("app")?.dataset["mode"] === "computation");
    const comp = (await exportVia(page, "dot")).toString("utf8");
    assert.match(comp, /^digraph computation \{/);
    assert.equal((comp.match(/ -> /g) ?? []).length, buildComputation(trace).edges.filter((e) => e.kind !== "saved").length);
    assert.ok(!comp.includes("AccumulateGrad"));
    await page.context().close();
  });
});

describe("graph view banners and big loops", () => {
  it("shows the error with its suggestion and marks the tensor involved", async () => {
    const base = syntheticTrace({ nodes: 30 });
    const trace: Trace = {
      ...base,
      passes: [],
      error: { kind: "runtime", message: "grad can be implicitly created only for scalar outputs", line: 9, column: 1, tensor: "t5", suggestion: "b.backward(torch.ones_like(b))" },
      truncated: { limit: 30, droppedTensors: 4, droppedGradFns: 2 },
    };
    const { page } = await open(browser, await writeHtml(trace, "synthetic-error", "autograd"));
    const banner = await page.innerText('[data-testid="error"]');
    assert.match(banner, /grad can be implicitly created only for scalar outputs/);
    assert.match(banner, /b\.backward\(torch\.ones_like\(b\)\)/);
    assert.equal(await page.evaluate(() => window.autogradLens?.graph.cy.getElementById("t5").hasClass("error-node")), true);
    assert.match(await page.innerText('[data-testid="truncated"]'), /truncated.*30 nodes/);
    assert.equal(await page.textContent('[data-testid="status"]'), `${trace.tensors.length + trace.gradFns.length} nodes · ${expectedEdgeCount(trace)} edges · pass 0/0`);
    await page.screenshot({ path: `${ARTIFACTS}/synthetic-error.png` });
    await page.context().close();
  });

  it("groups a 1,000-node unrolled loop into collapsible iterations and expands one on click", async () => {
    const trace = syntheticTrace({ nodes: 1000 });
    const { page } = await open(browser, await writeHtml(trace, "synthetic-1000", "autograd"));
    const visible = await page.evaluate(() => window.autogradLens?.graph.cy.nodes(":visible").length ?? 0);
    assert.ok(visible < 300, `collapsed view shows ${visible} nodes`);
    const c = await textCounts(page);
    assert.equal(c.nodes, trace.tensors.length + trace.gradFns.length, "the text alternative still lists every node");
    await page.screenshot({ path: `${ARTIFACTS}/synthetic-1000.png` });
    // The long loop starts as one box; opening it shows the first and last iterations, the middle still closed.
    await clickNode(page, "proxy:loop:5");
    await page.waitForFunction(() => window.autogradLens?.graph.collapsed.has("loop:5") === false);
    const opened = await page.evaluate(() => window.autogradLens?.graph.cy.nodes(":visible").length ?? 0);
    assert.ok(opened > visible, `opening the loop shows more nodes (${visible} → ${opened})`);
    await page.screenshot({ path: `${ARTIFACTS}/synthetic-1000-loop-open.png` });
    await clickNode(page, "proxy:loop:5:2");
    await page.waitForFunction(() => window.autogradLens?.graph.collapsed.has("loop:5:2") === false);
    const after = await page.evaluate(() => window.autogradLens?.graph.cy.nodes(":visible").length ?? 0);
    assert.ok(after > opened, `expanding iteration 2 shows more nodes (${opened} → ${after})`);
    await page.context().close();
  });
});
