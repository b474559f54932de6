/**
 * Webview mode in real Chromium: the VS Code HTML shell (buildWebviewHtml) with a stand-in acquireVsCodeApi. The
 * view must say `ready`, render a `trace` message, answer every HostToView message, send `exported`/`reveal`/
 * `selected`, and restore its step from webview state after a reload.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildWebviewHtml } from "../../src/viewHtml.js";
import type { HostToView, ViewToHost } from "../../src/shared/messages.js";
import { ARTIFACTS, bundleText, cssText, launch } from "./harness.js";
import { syntheticTrace } from "./synthetic.js";

let browser: Browser;
let htmlFile: string;
before(async () => {
  browser = await launch();
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, "webview-bundle.js"), await bundleText());
  writeFileSync(join(ARTIFACTS, "webview-view.css"), cssText());
  htmlFile = join(ARTIFACTS, "webview-mode.html");
  writeFileSync(
    htmlFile,
    buildWebviewHtml({ nonce: "abc123", cspSource: "file:", scriptUri: `file://${ARTIFACTS}/webview-bundle.js`, cssUri: `file://${ARTIFACTS}/webview-view.css` }),
  );
});
after(async () => {
  await browser?.close();
});

/** Opens the shell with a fake VS Code API that records messages and keeps state in sessionStorage (survives reload). */
async function openWebview(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  await context.route("**/*", (r) => (new URL(r.request().url()).protocol === "file:" ? r.continue() : r.abort()));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  // A string, not a function: tsx's transform would add helpers (__name) that don't exist in the page.
  await page.addInitScript({
    content: `window.__posted = [];
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__posted.push(m),
        getState: () => JSON.parse(sessionStorage.getItem("state") || "null"),
        setState: (s) => sessionStorage.setItem("state", JSON.stringify(s)),
      });`,
  });
  await page.goto(`file://${htmlFile}`);
  return { page, errors };
}

const posted = (page: Page): Promise<ViewToHost[]> => page.evaluate(() => (window as unknown as { __posted: ViewToHost[] }).__posted);
const send = (page: Page, msg: HostToView): Promise<void> => page.evaluate((m) => window.postMessage(m, "*"), msg);

describe("graph view in webview mode", () => {
  const trace = syntheticTrace({ nodes: 40 });

  it("says ready, renders a trace message, answers select/showPass/highlightLine/running/export", async () => {
    const { page, errors } = await openWebview();
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === "ready"));
    await send(page, { type: "trace", trace });
    await page.waitForSelector("#app[data-ready=true]");
    assert.match((await page.textContent('[data-testid="status"]')) ?? "", /^\d+ nodes · \d+ edges · pass 1\/1$/);

    await send(page, { type: "select", nodeIds: ["t2"] });
    await page.waitForFunction(() => document.querySelector('[data-testid="details"]')?.getAttribute("data-node-id") === "t2");
    assert.ok((await posted(page)).some((m) => m.type === "selected" && m.nodeId === "t2"));

    await page.click('[data-testid="reveal"]');
    assert.ok((await posted(page)).some((m) => m.type === "reveal" && m.range.startLine === 1));

    await send(page, { type: "showPass", pass: 1, play: false });
    await page.waitForFunction(() => document.querySelector('[data-testid="position"]')?.textContent === "seed");

    await send(page, { type: "highlightLine", line: 1 });
    await page.waitForFunction(() => (window.autogradLens?.graph.cy.nodes(".line-highlight").length ?? 0) > 0);

    await send(page, { type: "running" });
    await page.waitForSelector('[data-testid="busy"]:not([hidden])');

    await send(page, { type: "export", format: "png" });
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === "exported"));
    const exp = (await posted(page)).find((m) => m.type === "exported");
    assert.ok(exp && exp.type === "exported" && exp.format === "png" && exp.encoding === "base64");
    assert.equal(Buffer.from(exp.data, "base64").subarray(1, 4).toString("latin1"), "PNG");
    // At 1200 px the exports sit in the toolbar's "⋯" menu.
    if (!(await page.isVisible('[data-testid="export-dot"]'))) await page.click('[data-testid="more"]');
    await page.click('[data-testid="export-dot"]');
    const dot = (await posted(page)).find((m) => m.type === "exported" && m.format === "dot");
    assert.ok(dot && dot.type === "exported" && dot.encoding === "utf8" && dot.data.startsWith("digraph"));
    assert.deepEqual(errors, [], "no CSP violations or errors under the webview CSP");
    await page.context().close();
  });

  it("keeps the positions of unchanged nodes when a new Trace of the same snippet arrives", async () => {
    const { page } = await openWebview();
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === "ready"));
    await send(page, { type: "trace", trace });
    await page.waitForSelector("#app[data-ready=true]");
    // The user drags x somewhere else; a re-run with a different value must leave every node where it is.
    await page.evaluate(() => window.autogradLens?.graph.cy.getElementById("t1").position({ x: -500, y: -400 }));
    // Sorted by id: the order cytoscape lists its nodes in follows the order they were added, not the picture.
    const placed = (): Promise<Array<[string, number, number]> | undefined> =>
      page.evaluate(() =>
        window.autogradLens?.graph.cy
          .nodes()
          .map((n): [string, number, number] => [n.id(), n.position().x, n.position().y])
          .sort((a, b) => (a[0] < b[0] ? -1 : 1)),
      );
    const before = await placed();
    const rerun = structuredClone(trace);
    const w = rerun.tensors.find((t) => t.name === "w");
    assert.ok(w);
    w.value.data = [2, 2, 2];
    await page.evaluate(() => document.getElementById("app")?.removeAttribute("data-ready"));
    await send(page, { type: "trace", trace: rerun });
    await page.waitForSelector("#app[data-ready=true]");
    const after = await placed();
    assert.deepEqual(after, before);
    assert.match((await page.textContent('[data-testid="graph-text"]')) ?? "", /\[2, 2, 2\]/);
    // Only values changed: the elements stayed (no remove, re-add and layout) and took the new labels.
    const label = (): Promise<string | undefined> => page.evaluate((id) => window.autogradLens?.graph.cy.getElementById(id).data("label") as string | undefined, w.id);
    assert.match((await label()) ?? "", /2, 2, 2/);
    const probe = (): Promise<unknown> => page.evaluate(() => window.autogradLens?.graph.cy.getElementById("t1").scratch("_probe"));
    await page.evaluate(() => window.autogradLens?.graph.cy.getElementById("t1").scratch("_probe", 1));
    const again = structuredClone(rerun);
    const w2 = again.tensors.find((t) => t.id === w.id);
    assert.ok(w2);
    w2.value.data = [3, 3, 3];
    await page.evaluate(() => document.getElementById("app")?.removeAttribute("data-ready"));
    await send(page, { type: "trace", trace: again });
    await page.waitForSelector("#app[data-ready=true]");
    assert.equal(await probe(), 1, "same structure: the same cytoscape elements");
    assert.match((await label()) ?? "", /3, 3, 3/);
    assert.deepEqual(await placed(), before);
    // A changed structure (a tensor renamed: another signature) is laid out afresh: new elements.
    const renamed = structuredClone(again);
    const w3 = renamed.tensors.find((t) => t.id === w.id);
    assert.ok(w3);
    w3.label = "w_renamed";
    await page.evaluate(() => document.getElementById("app")?.removeAttribute("data-ready"));
    await send(page, { type: "trace", trace: renamed });
    await page.waitForSelector("#app[data-ready=true]");
    assert.equal(await probe(), undefined, "changed structure: elements made again");
    await page.context().close();
  });

  it("restores pass step and selection from webview state after a reload", async () => {
    const { page } = await openWebview();
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === "ready"));
    await send(page, { type: "trace", trace });
    await page.waitForSelector("#app[data-ready=true]");
    await send(page, { type: "showPass", pass: 1, play: false });
    for (let i = 0; i < 3; i++) await page.click('[data-testid="step-forward"]');
    const active = await page.textContent('[data-testid="active-node"]');
    await send(page, { type: "select", nodeIds: ["t1"] });
    await page.waitForFunction(() => document.querySelector('[data-testid="details"]')?.getAttribute("data-node-id") === "t1");
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === "ready"));
    await send(page, { type: "trace", trace });
    await page.waitForSelector("#app[data-ready=true]");
    assert.equal(await page.textContent('[data-testid="active-node"]'), active);
    assert.equal(await page.textContent('[data-testid="position"]'), "step 3/" + String(trace.passes[0]?.steps.length));
    assert.equal(await page.getAttribute('[data-testid="details"]', "data-node-id"), "t1");
    await page.context().close();
  });
});
