/**
 * Simplified Chinese (the course notes' language): with the workbench in zh-cn, the manifest strings
 * (package.nls.zh-cn.json) and the runtime strings (l10n/bundle.l10n.zh-cn.json) are what the user sees.
 */
import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { graphFrame, openFile, runPaletteCommand, screenshot } from "./harness/browser";
import { userDataWithChineseLocale } from "./harness/languagePack";
import { workbenchSession } from "./harness/session";

// code-server's user data (removed by its stop()) holds the Chinese language pack and the locale.
const wb = workbenchSession({
  codeServer: () => ({ dataDir: userDataWithChineseLocale(), args: ["--locale", "zh-cn"] }),
  // One element, so the run itself succeeds (2 * x converts it to a number) and the hover shows only the plugin's words.
  prepare: (ws) => writeFileSync(join(ws, "slip-zh.ts"), 'import * as torch from "autograd-lens";\nconst x = torch.ones(1);\nconst y = 2 * x;\nconsole.log(y);\n'),
});

describe("zh-cn", { timeout: 300_000 }, () => {
  before(() => wb.start());
  after(() => wb.close());

  it("shows the palette command, CodeLens and status bar in Simplified Chinese", async () => {
    const page = await wb.open();
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
    const page = await wb.open();
    await openFile(page, "slip-zh.ts");
    await page.locator(".part.editor .squiggly-error").first().waitFor({ timeout: 90_000 });
    const line = page.locator(".part.editor .monaco-editor .view-line", { hasText: "const y = 2 * x;" }).first();
    await line.locator("span span", { hasText: /^x$/ }).last().hover();
    await page.locator(".monaco-hover", { hasText: "JavaScript 没有运算符重载" }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, "zh-cn-slip");
    await page.close();
  });
});
