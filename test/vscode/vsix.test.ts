/**
 * Packaging: the .vsix made with @vscode/vsce stays under 5 MB, installs into a clean code-server with its CLI, and
 * the installed (not development) extension activates and shows the graph. Also the README's main command in its
 * smoke mode (code-server path, since this machine has no desktop `code`).
 */
import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { installVsix, ROOT, startCodeServer, workbenchUrl, type CodeServer } from "./harness/codeServer";
import { graphFrame, launchBrowser, openFile, runPaletteCommand, screenshot, waitForWorkbench } from "./harness/browser";
import { ensureBuilt } from "./harness/build";
import { makeWorkspace } from "./harness/workspace";

const tmp = mkdtempSync(join(tmpdir(), "agl-vsix-"));
const vsix = join(tmp, "autograd-lens.vsix");
let cs: CodeServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let ws: string | undefined;

describe("the .vsix", { timeout: 600_000 }, () => {
  before(() => {
    ensureBuilt();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await cs?.stop();
    if (ws) rmSync(ws, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  });

  it("is packaged by vsce and is under 5 MB", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "@vscode", "vsce", "vsce"), "package", "--no-dependencies", "--skip-license", "--allow-missing-repository", "--no-rewrite-relative-links", "--out", vsix], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    const mb = statSync(vsix).size / 1e6;
    console.log(`  [number] vsix size (development build; npm run package minifies): ${mb.toFixed(2)} MB`);
    assert.ok(mb < 5, `${mb} MB`);
  });

  it("installs with code-server --install-extension into a clean extensions dir", () => {
    const extensionsDir = join(tmp, "extensions");
    installVsix(vsix, extensionsDir);
    const installed = readdirSync(extensionsDir).find((d) => d.startsWith("autograd-lens.autograd-lens-"));
    assert.ok(installed, readdirSync(extensionsDir).join(", "));
    for (const f of ["dist/extension.js", "dist/worker.js", "dist/compiler.js", "dist/runner-child.js", "dist/realm.js", "dist/webview.js", "media/view.css", "dist/types/index.d.ts", "dist/types/ts-plugin.js", "package.nls.zh-cn.json", "l10n/bundle.l10n.zh-cn.json", "examples/02-dot-4x.ts"]) {
      assert.ok(existsSync(join(extensionsDir, installed, f)), `${f} is in the installed extension`);
    }
    assert.ok(!existsSync(join(extensionsDir, installed, "src")), "sources are not shipped");
  });

  it("activates when installed and shows the graph from the palette", async () => {
    cs = await startCodeServer({ extensionsDir: join(tmp, "extensions") });
    ({ browser, context } = await launchBrowser());
    ws = makeWorkspace();
    const page = await context.newPage();
    await page.goto(workbenchUrl(cs, ws));
    await waitForWorkbench(page);
    await openFile(page, "03-accumulation.ts");
    // Upper bounds only (a fresh install's first run compiles the runner's code cache; a loaded machine is slow):
    // the waits end on the events, the status bar's run line and the view's painted marker.
    await page.locator(".statusbar-item", { hasText: "Autograd:" }).first().waitFor({ timeout: 180_000 });
    await runPaletteCommand(page, "Autograd Lens: Show Gradient Graph");
    await graphFrame(page).locator("#app[data-painted]").waitFor({ timeout: 180_000 });
    await graphFrame(page).locator('[data-testid="status"]').filter({ hasText: /[1-9]\d* nodes/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, "vsix-installed-03-accumulation");
    // Types for snippets: the installed extension wrote the stub package tsserver loads its plugin from.
    const installed = readdirSync(join(tmp, "extensions")).find((d) => d.startsWith("autograd-lens.autograd-lens-"))!;
    const stub = join(tmp, "extensions", installed, "node_modules", "autograd-lens-ts-plugin", "index.js");
    assert.ok(existsSync(stub), `${stub} written at activation`);
  });

  it("the README's main command serves the workbench on 127.0.0.1 (smoke mode)", () => {
    const r = spawnSync("bash", [join(ROOT, "scripts", "start-vscode.sh")], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, AGL_SMOKE: "1", PORT: "0" },
    });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /http:\/\/127\.0\.0\.1:\d+\/\?folder=.*examples&payload=/);
    assert.match(r.stdout, /smoke check ok/);
  });
});
