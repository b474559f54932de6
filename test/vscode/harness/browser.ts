/**
 * Debian chromium driven by playwright-core, locked to 127.0.0.1, plus the workbench gestures the UI tests share
 * (palette, webview frame, screenshots).
 */
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./codeServer";

export const ARTIFACTS = join(ROOT, "test-artifacts", "vscode");

/** A browser with one context whose requests may only go to 127.0.0.1 (and data:/blob:). */
export async function launchBrowser(): Promise<{ browser: Browser; context: BrowserContext }> {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "http:" || url.protocol === "https:" || url.protocol === "ws:" || url.protocol === "wss:") {
      if (url.hostname !== "127.0.0.1") return route.abort();
    }
    return route.continue();
  });
  return { browser, context };
}

/** Waits for the workbench to be interactive (the editor area and the status bar are drawn). */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector(".monaco-workbench .part.editor", { timeout: 120_000 });
  await page.waitForSelector(".statusbar", { timeout: 120_000 });
}

/** Runs a palette command by its title ("Autograd Lens: Show Gradient Graph"). */
export async function runPaletteCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input.input");
  await input.waitFor({ state: "visible", timeout: 30_000 });
  await input.fill(`>${title}`);
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
  await row.waitFor({ timeout: 30_000 });
  await page.keyboard.press("Enter");
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its tab. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input.input");
  await input.waitFor({ state: "visible", timeout: 30_000 });
  await input.fill(name);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press("Enter");
  await page.locator(".tabs-container .tab.active", { hasText: name }).waitFor({ timeout: 30_000 });
  await page.locator(".monaco-editor .view-lines").first().waitFor();
}

/** The graph view's document inside the workbench's webview iframes. */
export function graphFrame(page: Page): FrameLocator {
  return page.frameLocator("iframe.webview.ready").frameLocator("#active-frame");
}

/** Saves a screenshot to test-artifacts/vscode/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
