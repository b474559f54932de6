/**
 * Opens standalone view HTML in real headless Chromium (Debian's, through playwright-core), with every request that
 * is not a local file or 127.0.0.1 aborted. Shared by the webview tests and bench/view.bench.ts.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { build } from "esbuild";
import type { Trace } from "../../src/protocol.js";
import { buildStandaloneHtml } from "../../src/viewHtml.js";
import { viewScripts, viewBundleOptions } from "../../scripts/view-bundle.mjs";

/** The repository root: the nearest folder upward from the working directory that holds webview/main.ts. */
function findRoot(): string {
  for (let d = resolve(process.cwd()); ; d = resolve(d, "..")) {
    if (existsSync(join(d, "webview/main.ts"))) return d;
    if (d === resolve(d, "..")) throw new Error("run from inside the Autograd Lens checkout");
  }
}
const ROOT = findRoot();
export const ARTIFACTS = join(ROOT, "test-artifacts/webview");

/** Newest modification time under webview/ (to know whether dist/webview.js is stale). */
function newestSource(): number {
  return Math.max(...readdirSync(join(ROOT, "webview")).map((f) => statSync(join(ROOT, "webview", f)).mtimeMs), statSync(join(ROOT, "src/protocol.ts")).mtimeMs);
}

/**
 * The view bundle: dist/webview.js as `npm test` builds it; if it is missing or older than the sources (e.g. running
 * one test file alone while another part's entry does not build), this bundle alone is built the same way.
 */
export async function bundleText(): Promise<string> {
  const dist = join(ROOT, "dist/webview.js");
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestSource()) return readFileSync(dist, "utf8");
  const out = join(ARTIFACTS, "webview.js");
  mkdirSync(ARTIFACTS, { recursive: true });
  // The same build as esbuild.mjs (the app's and cytoscape's scripts carried by the view bundle).
  const { entryPoints: _entry, ...options } = viewBundleOptions(await viewScripts());
  await build({ ...options, entryPoints: [join(ROOT, "webview/main.ts")], outfile: out, logLevel: "error" });
  return readFileSync(out, "utf8");
}

export function cssText(): string {
  return readFileSync(join(ROOT, "media/view.css"), "utf8");
}

/** Writes the standalone HTML for a trace into the artifacts folder and returns its path. */
export async function writeHtml(trace: Trace, name: string, view: "computation" | "autograd" = "computation"): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const html = buildStandaloneHtml({ scriptText: await bundleText(), cssText: cssText(), trace, title: name, view });
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, html);
  return file;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export interface Opened {
  page: Page;
  /** Console errors and CSP violations seen while loading. */
  errors: string[];
}

/** Opens a file in a fresh context (1400×900 unless told) and waits until the view has drawn its trace. */
export async function open(
  browser: Browser,
  file: string,
  timeoutMs = 30_000,
  colorScheme: "light" | "dark" = "light",
  viewport: { width: number; height: number } = { width: 1400, height: 900 },
): Promise<Opened> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, colorScheme });
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "file:" || url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1") return route.continue();
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`file://${file}`, { timeout: timeoutMs });
  await page.waitForSelector("#app[data-ready=true], #app[data-failed]", { timeout: timeoutMs });
  const failed = await page.getAttribute("#app", "data-failed");
  if (failed) throw new Error(`view failed: ${failed}`);
  return { page, errors };
}
