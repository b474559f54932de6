/**
 * A Python snippet in the real workbench (code-server 4.100.3 + chromium), driven like a person: open the .py
 * file, Show Gradient Graph from the palette (the graph's node count is the Trace's), the Run backward CodeLens
 * with its result on the .py line, a hover with the value and grad, and the "Paste Python as Autograd Lens
 * TypeScript" command from the palette. Screenshots go to test-artifacts/vscode/.
 */
import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { graphFrame, openFile, runPaletteCommand, screenshot } from "./harness/browser";
import { workbenchSession } from "./harness/session";
import { expectedCounts } from "./harness/expected";

const wb = workbenchSession();
let page: Page;

describe("a Python snippet in VS Code (code-server 4.100.3 + chromium)", { timeout: 240_000 }, () => {
  before(async () => {
    await wb.start();
    page = await wb.open();
  });
  after(() => wb.close());

  it("palette → Show Gradient Graph paints the .py file's graph, its node count matches the Trace", async () => {
    await openFile(page, "09-course-python.py");
    await runPaletteCommand(page, "Autograd Lens: Show Gradient Graph");
    const status = graphFrame(page).locator('[data-testid="status"]');
    await status.filter({ hasText: /[1-9]\d* nodes/ }).waitFor({ timeout: 60_000 });
    const expected = await expectedCounts(`${wb.ws}/examples/09-course-python.py`);
    const text = (await status.textContent()) ?? "";
    assert.match(text, new RegExp(`^${expected.nodes} nodes · ${expected.edges} edges`), `status "${text}"`);
    await screenshot(page, "python-show-graph");
  });

  it("the Run backward CodeLens sits on the .py backward lines with their results", async () => {
    const lens = page.locator(".monaco-editor .codelens-decoration a", { hasText: "Run backward" });
    await lens.first().waitFor({ timeout: 20_000 });
    assert.equal(await lens.count(), 2);
    await page.locator(".monaco-editor .codelens-decoration", { hasText: "∇ x = [0, 4, 8, 12]" }).first().waitFor({ timeout: 20_000 });
    await lens.first().click();
    await graphFrame(page).locator('[data-testid="status"]', { hasText: "pass 1/2" }).waitFor({ timeout: 20_000 });
    await screenshot(page, "python-codelens");
  });

  it("hovering x where it is assigned shows its value and grad", async () => {
    // The first character of `x = torch.arange(4.0)` (the Python grammar may not give `x` a span of its own).
    const line = page.locator(".monaco-editor .view-line", { hasText: "x = torch.arange(4.0)" }).first();
    const box = await line.boundingBox();
    assert.ok(box !== null);
    await page.mouse.move(box.x + 3, box.y + box.height / 2);
    await page.locator(".monaco-hover", { hasText: "grad = [0, 4, 8, 12]" }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, "python-hover");
    await page.mouse.move(5, 5);
    await page.keyboard.press("Escape");
  });

  it("Paste Python as Autograd Lens TypeScript opens the translation as a new TypeScript snippet", async () => {
    // The clipboard of the page is the workbench's: write it from the page (the origin is granted clipboard access).
    await wb.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
    await page.evaluate(() => navigator.clipboard.writeText("import torch\nx = torch.ones(3, requires_grad=True)\ny = (2 * x).sum()\ny.backward()\nprint(x.grad)\n"));
    await runPaletteCommand(page, "Autograd Lens: Paste Python as Autograd Lens TypeScript");
    const editor = page.locator(".monaco-editor .view-lines").first();
    await page.locator(".monaco-editor .view-line", { hasText: "const y = torch.mul(2, x).sum();" }).first().waitFor({ timeout: 15_000 });
    // Monaco renders spaces as no-break spaces.
    const text = ((await editor.textContent()) ?? "").replace(/\u00a0/g, " ");
    assert.ok(text.includes("const x = torch.ones(3, { requires_grad: true });"), text);
    assert.ok(text.includes("console.log(x.grad);"), text);
    await screenshot(page, "python-paste");
  });
});
