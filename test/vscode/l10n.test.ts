/**
 * Simplified Chinese (the course notes' language): with the workbench in zh-cn, the manifest strings
 * (package.nls.zh-cn.json) and the runtime strings (l10n/bundle.l10n.zh-cn.json) are what the user sees.
 */
import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { ROOT, startCodeServer, workbenchUrl, type CodeServer } from "./harness/codeServer";
import { graphFrame, launchBrowser, openFile, runPaletteCommand, screenshot, waitForWorkbench } from "./harness/browser";
import { ensureBuilt } from "./harness/build";
import { makeWorkspace } from "./harness/workspace";
import { userDataWithChineseLocale } from "./harness/languagePack";

let cs: CodeServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let ws: string | undefined;
let dataDir: string | undefined;

describe("zh-cn", { timeout: 300_000 }, () => {
  before(async () => {
    ensureBuilt();
    dataDir = userDataWithChineseLocale();
    cs = await startCodeServer({ dataDir, args: ["--locale", "zh-cn"] });
    ({ browser, context } = await launchBrowser());
    ws = makeWorkspace();
    // One element, so the run itself succeeds (2 * x converts it to a number) and the hover shows only the plugin's words.
    writeFileSync(join(ws, "slip-zh.ts"), 'import * as torch from "autograd-lens";\nconst x = torch.ones(1);\nconst y = 2 * x;\nconsole.log(y);\n');
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await cs?.stop();
    if (ws) rmSync(ws, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the palette command, CodeLens and status bar in Simplified Chinese", async () => {
    const page = await context.newPage();
    await page.goto(workbenchUrl(cs!, ws!, { path: ROOT }));
    await waitForWorkbench(page);
    await openFile(page, "02-dot-4x.ts");
    await page.locator(".monaco-editor .codelens-decoration a", { hasText: "运行反向传播" }).first().waitFor({ timeout: 60_000 });
    await page.locator(".statusbar-item", { hasText: /Autograd：\d+ 毫秒 · \d+ 个节点/ }).first().waitFor({ timeout: 60_000 });
    await runPaletteCommand(page, "Autograd Lens: 显示梯度计算图");
    await graphFrame(page).locator('[data-testid="status"]').filter({ hasText: /[1-9]\d* nodes/ }).waitFor({ timeout: 60_000 });
    assert.match((await page.locator(".tabs-container .tab", { hasText: "梯度计算图" }).first().textContent()) ?? "", /梯度计算图：02-dot-4x\.ts/);
    await screenshot(page, "zh-cn");
    await page.close();
  });

  it("the TS plugin's diagnostics speak Simplified Chinese (tsserver runs with the workbench's locale)", async () => {
    const page = await context.newPage();
    await page.goto(workbenchUrl(cs!, ws!, { path: ROOT }));
    await waitForWorkbench(page);
    await openFile(page, "slip-zh.ts");
    await page.locator(".part.editor .squiggly-error").first().waitFor({ timeout: 90_000 });
    const line = page.locator(".part.editor .monaco-editor .view-line", { hasText: "const y = 2 * x;" }).first();
    await line.locator("span span", { hasText: /^x$/ }).last().hover();
    await page.locator(".monaco-hover", { hasText: "JavaScript 没有运算符重载" }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, "zh-cn-slip");
    await page.close();
  });
});
