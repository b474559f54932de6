/**
 * Workspace trust: in restricted mode the extension still loads (it declares limited support), runs nothing, and
 * the commands say why instead of silently doing nothing; the Run backward CodeLens still marks the calls.
 */
import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { graphFrame, openFile, runPaletteCommand, screenshot } from "./harness/browser";
import { workbenchSession } from "./harness/session";

const wb = workbenchSession({ codeServer: { workspaceTrust: true } });

describe("restricted mode (untrusted folder)", { timeout: 300_000 }, () => {
  before(() => wb.start());
  after(() => wb.close());

  it("Show Gradient Graph explains that snippets run only in trusted workspaces", async () => {
    const page = await wb.open();
    // The startup prompt: decline trust.
    const decline = page.locator(".monaco-dialog-box .dialog-buttons a, .monaco-dialog-box .dialog-buttons button", { hasText: /No, I don't trust|don't trust/i });
    await decline.first().waitFor({ timeout: 30_000 });
    await decline.first().click();
    await page.locator(".statusbar, .monaco-workbench").first().waitFor();
    await openFile(page, "02-dot-4x.ts");
    // The Run backward CodeLens is there all the same, on the one real call (the example also says "backward" in a
    // comment): found by the bundled lezer parser, which runs nothing of the workspace.
    const lens = page.locator(".monaco-editor .codelens-decoration a", { hasText: "Run backward" });
    await lens.first().waitFor({ timeout: 60_000 });
    assert.equal(await lens.count(), 1);
    await runPaletteCommand(page, "Autograd Lens: Show Gradient Graph");
    const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "trusted workspace" });
    await toast.first().waitFor({ timeout: 60_000 });
    await page.locator(".statusbar-item", { hasText: "Autograd: restricted mode" }).first().waitFor({ timeout: 60_000 });
    // The toast slides in with a CSS transition: wait for it (and any other animation in it) to finish.
    await toast.first().evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    await screenshot(page, "restricted-mode-explains");
    // Nothing ran: no graph panel, and the status bar never reported a run.
    assert.equal(await page.locator("iframe.webview").count(), 0);
    assert.equal(await graphFrame(page).locator('[data-testid="status"]').count(), 0);
    assert.equal(await page.locator(".statusbar-item", { hasText: /Autograd: \d+ ms/ }).count(), 0);
    await page.close();
  });
});
