/**
 * The walkthrough in the real workbench: "Welcome: Open Walkthrough…" lists "Learn autograd with Autograd Lens"
 * with one step per course example; a step's button opens its example beside its graph, and the graph paints.
 */
import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { graphFrame, runPaletteCommand, screenshot } from "./harness/browser";
import { workbenchSession } from "./harness/session";

const wb = workbenchSession();

describe("walkthrough: Learn autograd with Autograd Lens", { timeout: 300_000 }, () => {
  before(() => wb.start());
  after(() => wb.close());

  it("lists a step per course example; a step opens its example beside its painted graph", async () => {
    const page = await wb.open();
    await runPaletteCommand(page, "Welcome: Open Walkthrough...");
    const pick = page.locator(".quick-input-list .monaco-list-row", { hasText: "Learn autograd with Autograd Lens" }).first();
    await pick.waitFor({ timeout: 60_000 });
    await pick.click();
    const steps = page.locator(".gettingStartedContainer .getting-started-step");
    await steps.first().waitFor({ timeout: 60_000 });
    const titles = await page.locator(".gettingStartedContainer .getting-started-step .step-title").allTextContents();
    assert.equal(titles.length, 8, titles.join(" | "));
    assert.match(titles[0] ?? "", /manual backward pass/);
    assert.match(titles[4] ?? "", /detach\(\) cuts the graph/);
    // Step 5: expand it, then its button opens examples/05-detach.ts beside its graph.
    await steps.nth(4).click();
    const open = page.locator(".gettingStartedContainer .getting-started-step.expanded", { hasText: "detach() cuts the graph" }).locator("a, button", { hasText: "Open 05-detach.ts beside its graph" }).first();
    await open.waitFor({ timeout: 30_000 });
    await screenshot(page, "walkthrough-step-05");
    await open.click();
    await page.locator(".tabs-container .tab", { hasText: "05-detach.ts" }).first().waitFor({ timeout: 60_000 });
    await graphFrame(page).locator("#app[data-painted]").waitFor({ timeout: 120_000 });
    const status = (await graphFrame(page).locator('[data-testid="status"]').textContent()) ?? "";
    assert.match(status, /[1-9]\d* nodes/);
    await screenshot(page, "walkthrough-05-detach-beside-graph");
    await page.close();
  });
});
