/**
 * Cold starts of two webviews in the real workbench, measured the same way: ours ("Autograd Lens: Show Gradient
 * Graph" on examples/02-dot-4x.ts → the graph painted) and VS Code's built-in Markdown preview ("Markdown: Open
 * Preview to the Side" on the README → the preview painted). Each sample is a fresh code-server (new extension host,
 * new user data) and a fresh browser context (empty HTTP cache), like VS Code started again: only the extensions'
 * global storage is kept from one start to the next (it is where the runner keeps its V8 code cache, as it would on
 * a real restart; the first start of a run pays for filling it). The file is opened through Quick Open and the
 * palette command is run at once, as a person would.
 *
 * The clock starts when Enter is pressed on the palette entry (Date.now(): the host, the webviews and this process
 * share the machine's clock). "Painted" is read inside the webview document by the same detector for both: a
 * requestAnimationFrame poll for the content (ours: `#app[data-painted]`, set by the view two frames after a trace
 * was applied; Markdown: the rendered `.markdown-body` has children), so both end at the first frame showing it.
 * Ours also reports every phase of its record (host marks sent with the trace + the view's own, webview/main.ts).
 */
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Frame, Page } from "playwright-core";
import { ROOT, startCodeServer, workbenchUrl } from "./codeServer";
import { openFile, waitForWorkbench } from "./browser";
import { median } from "./median";
import { makeWorkspace } from "./workspace";
import { rmSync } from "node:fs";

/**
 * "graph-fetched": ours with the bundle fetched by the view instead of inlined (AGL_VIEW_FETCH=1), to compare;
 * "graph-before": ours without the runner's spare warm-up and panel hold (AGL_SPARE_WARMUP=0, AGL_SPARE_HOLD=0);
 * "graph-nocache": ours without the runner's compile cache (AGL_COMPILE_CACHE=0: every cold child loads the
 * TypeScript compiler and compiles, as before the cache).
 */
export type ColdKind = "graph" | "graph-fetched" | "graph-before" | "graph-nocache" | "markdown";

/** The extension host's environment of each kind (the A/B switches). */
const KIND_ENV: Partial<Record<ColdKind, Record<string, string>>> = {
  "graph-fetched": { AGL_VIEW_FETCH: "1" },
  "graph-before": { AGL_SPARE_WARMUP: "0", AGL_SPARE_HOLD: "0" },
  "graph-nocache": { AGL_COMPILE_CACHE: "0" },
};

/** One cold start: total ms from Enter to painted, and (ours) each phase's time after Enter. */
export interface ColdSample {
  kind: ColdKind;
  paintedMs: number;
  /** Phase name → ms after Enter (negative: before the command, e.g. activation on opening the file). */
  phases: Record<string, number>;
}

const COMMANDS: Record<ColdKind, { file: string; title: string; painted: string }> = {
  graph: { file: "02-dot-4x.ts", title: "Autograd Lens: Show Gradient Graph", painted: "#app[data-painted]" },
  "graph-fetched": { file: "02-dot-4x.ts", title: "Autograd Lens: Show Gradient Graph", painted: "#app[data-painted]" },
  "graph-before": { file: "02-dot-4x.ts", title: "Autograd Lens: Show Gradient Graph", painted: "#app[data-painted]" },
  "graph-nocache": { file: "02-dot-4x.ts", title: "Autograd Lens: Show Gradient Graph", painted: "#app[data-painted]" },
  markdown: { file: "README.md", title: "Markdown: Open Preview to the Side", painted: ".markdown-body > *" },
};

/** The phases of our record, in the order they happen, with what each one is. */
export const GRAPH_PHASES: ReadonlyArray<[string, string]> = [
  ["hostLoaded", "extension.js loaded (activation starts)"],
  ["activated", "activate() returned"],
  ["command", "Show Gradient Graph invoked in the host"],
  ["runStart", "snippet run started (worker)"],
  ["runDone", "Trace back in the host"],
  ["panelCreated", "webview panel created"],
  ["traceInHtml", "Trace embedded in the HTML (run done before the panel opened)"],
  ["htmlSet", "panel HTML set"],
  ["docStart", "view document started"],
  ["bundleFetched", "dist/webview.js fetched"],
  ["bundleEvalStart", "bundle parsed, starts running"],
  ["bundleEvaluated", "bundle's top level done (the view's code)"],
  ["readyPosted", "view posted ready"],
  ["appScriptLoaded", "app's script (app, model, dagre) compiled off-thread and run"],
  ["prepareStart", "first Trace's layout started (cytoscape's script still compiling)"],
  ["prepared", "first Trace laid out ahead"],
  ["appLoaded", "cytoscape's script run too (and the early layout done): the app is created"],
  ["appCreated", "view app + graph created"],
  ["viewReady", "host received ready"],
  ["traceSent", "host posted the Trace"],
  ["traceReceived", "view received the Trace"],
  ["applied", "layout + cytoscape load done"],
  ["painted", "frame drawn"],
];

/** Entries of the record that are 0/1 flags, not moments: kept as they are (src/extension/runs.ts sets them). */
export const FLAGS: ReadonlySet<string> = new Set(["spareReady", "compiledAhead", "compileCacheHit", "compilerLoaded"]);

/** Durations (ms) the record carries besides the marks. */
export const GRAPH_DURATIONS: ReadonlyArray<[string, string]> = [
  ["workerLoadMs", "child start + dist/worker.js + realm set-up + Trace transfer (a compile miss loads the compiler in transpileMs)"],
  ["transpileMs", "TypeScript transpile of the snippet"],
  ["snippetMs", "running the snippet"],
  ["hostStallMaxMs", "extension host thread's longest stall before the command"],
];

/**
 * The extension host thread's stalls before the command (src/extension/coldPath.ts records up to five, as starts
 * after Enter and durations), split where they began: before the first Trace arrived (activation: ours and the
 * TypeScript extension's, which activates on the same file open) or from then on (what runs when a Trace arrives,
 * and whatever the host does after it). Stalls the record has no start for are not counted.
 */
export function hostStalls(s: ColdSample): { beforeTraceMs: number; afterTraceMs: number } {
  let beforeTraceMs = 0;
  let afterTraceMs = 0;
  const traceAt = s.phases["runDone"] ?? Number.POSITIVE_INFINITY;
  // As many as the host listed (src/extension/coldPath.ts).
  for (let i = 1; s.phases[`hostStall${i}`] !== undefined; i++) {
    const at = s.phases[`hostStall${i}`];
    const ms = s.phases[`hostStall${i}Ms`];
    if (at === undefined || ms === undefined) continue;
    // 30 ms: the tick that saw the stall started up to one interval before the Trace's mark was taken.
    if (at >= traceAt - 30) afterTraceMs += ms;
    else beforeTraceMs += ms;
  }
  return { beforeTraceMs, afterTraceMs };
}

/** Waits, inside the webview document, for `selector`; resolves with the epoch of the first frame showing it. */
async function paintedAt(page: Page, selector: string, timeout: number): Promise<{ frame: Frame; at: number }> {
  const end = Date.now() + timeout;
  // The webview's inner document (fake.html) appears some time after the command: wait for the frame to attach.
  let frame: Frame | undefined;
  while ((frame = page.frames().find((f) => f.url().includes("fake.html") && !f.isDetached())) === undefined) {
    if (Date.now() > end) throw new Error(`no webview document appeared within ${timeout} ms; frames: ${page.frames().map((f) => f.url()).join(", ")}`);
    // Any frame event may be the one (attach, then navigate to fake.html); re-check after each, at least every 100 ms.
    await Promise.race([page.waitForEvent("framenavigated", { timeout: 100 }), page.waitForEvent("frameattached", { timeout: 100 })]).catch(() => undefined);
  }
  for (;;) {
    try {
      const handle = await frame.waitForFunction(
        (sel) => (document.querySelector(sel) !== null ? performance.timeOrigin + performance.now() : false),
        selector,
        { polling: "raf", timeout: Math.max(1, end - Date.now()) },
      );
      return { frame, at: (await handle.jsonValue()) as number };
    } catch (e) {
      // The workbench may replace a webview's document (the Markdown preview sets its content again): wait in the
      // document that replaced it.
      if (!frame.isDetached() || Date.now() > end) throw e;
      let next: Frame | undefined;
      while ((next = page.frames().find((f) => f.url().includes("fake.html") && !f.isDetached())) === undefined) {
        if (Date.now() > end) throw e;
        await Promise.race([page.waitForEvent("framenavigated", { timeout: 100 }), page.waitForEvent("frameattached", { timeout: 100 })]).catch(() => undefined);
      }
      frame = next;
    }
  }
}

/** One cold start of `kind` on a fresh code-server + browser context. */
export async function coldStart(browser: Browser, kind: ColdKind, timeout = 60_000, globalStorage?: string): Promise<ColdSample> {
  const ws = makeWorkspace();
  copyFileSync(join(ROOT, "README.md"), join(ws, "README.md"));
  const dataDir = mkdtempSync(join(tmpdir(), "agl-cs-cold-"));
  if (globalStorage !== undefined) {
    mkdirSync(join(dataDir, "User"), { recursive: true });
    symlinkSync(globalStorage, join(dataDir, "User", "globalStorage"));
  }
  const env = KIND_ENV[kind];
  const cs = await startCodeServer({ dataDir, ...(env === undefined ? {} : { env }) });
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  try {
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (/^(http|ws)s?:$/.test(url.protocol) && url.hostname !== "127.0.0.1") return route.abort();
      return route.continue();
    });
    const page = await context.newPage();
    await page.goto(workbenchUrl(cs, ws, { path: ROOT }));
    await waitForWorkbench(page);
    const c = COMMANDS[kind];
    await openFile(page, c.file);
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input.input");
    await input.waitFor({ state: "visible", timeout: 10_000 });
    await input.fill(`>${c.title}`);
    await page.locator(".quick-input-list .monaco-list-row", { hasText: c.title }).first().waitFor({ timeout: 10_000 });
    const t0 = Date.now();
    await page.keyboard.press("Enter");
    const { frame, at } = await paintedAt(page, c.painted, timeout);
    const phases: Record<string, number> = {};
    if (kind !== "markdown") {
      const raw = await frame.evaluate(() => document.getElementById("app")?.dataset["phases"] ?? "{}");
      for (const [k, v] of Object.entries(JSON.parse(raw) as Record<string, number>)) phases[k] = k.endsWith("Ms") || FLAGS.has(k) ? v : v - t0;
    } else {
      const fcp = await frame.evaluate(() => {
        const p = performance.getEntriesByName("first-contentful-paint")[0];
        return { docStart: performance.timeOrigin, fcp: p === undefined ? null : performance.timeOrigin + p.startTime };
      });
      phases["docStart"] = fcp.docStart - t0;
      if (fcp.fcp !== null) phases["firstContentfulPaint"] = fcp.fcp - t0;
    }
    return { kind, paintedMs: at - t0, phases };
  } finally {
    await context.close().catch(() => undefined);
    await cs.stop();
    rmSync(ws, { recursive: true, force: true });
    // The link only: the shared global storage stays for the next start.
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The result of `n` cold starts of each, interleaved (ours, Markdown, Markdown, ours, …) so load hits both alike. */
export interface ColdComparison {
  graph: ColdSample[];
  markdown: ColdSample[];
  /** Only with `withFetched`: ours with the bundle fetched, interleaved with the others. */
  graphFetched: ColdSample[];
  graphFetchedMedianMs: number;
  /** Only with `withBefore`: ours without the spare warm-up and hold, interleaved with the others. */
  graphBefore: ColdSample[];
  graphBeforeMedianMs: number;
  /** Median of each phase of the "before" kind. */
  beforePhaseMedians: Record<string, number>;
  /** Only with `withNoCache`: ours without the runner's compile cache, interleaved with the others. */
  graphNoCache: ColdSample[];
  graphNoCacheMedianMs: number;
  noCachePhaseMedians: Record<string, number>;
  graphMedianMs: number;
  markdownMedianMs: number;
  /** graph / markdown (the target is ≤ 1.2). */
  ratio: number;
  /** Median of each phase of ours (ms after Enter; durations as they are). */
  phaseMedians: Record<string, number>;
}

export async function compareColdStarts(browser: Browser, n = 5, onSample?: (s: ColdSample, i: number) => void, withFetched = false, withBefore = false, withNoCache = false): Promise<ColdComparison> {
  const samples: Record<ColdKind, ColdSample[]> = { graph: [], "graph-fetched": [], "graph-before": [], "graph-nocache": [], markdown: [] };
  const kinds: ColdKind[] = [
    "graph",
    "markdown",
    ...(withFetched ? (["graph-fetched"] as const) : []),
    ...(withBefore ? (["graph-before"] as const) : []),
    ...(withNoCache ? (["graph-nocache"] as const) : []),
  ];
  const globalStorage = mkdtempSync(join(tmpdir(), "agl-cold-global-"));
  // One untimed start fills the global storage (the runner's code cache), as a first use after installing would.
  await coldStart(browser, "graph", 60_000, globalStorage);
  for (let i = 0; i < n; i++) {
    // Rotate the order so that a burst of load elsewhere does not always hit the same kind.
    const order = kinds.map((_, j) => kinds[(i + j) % kinds.length]!);
    for (const kind of order) {
      const s = await coldStart(browser, kind, 60_000, globalStorage);
      samples[kind].push(s);
      onSample?.(s, i);
    }
  }
  rmSync(globalStorage, { recursive: true, force: true });
  const { graph, markdown } = samples;
  const graphFetched = samples["graph-fetched"];
  const phaseMedians: Record<string, number> = {};
  for (const [k] of [...GRAPH_PHASES, ...GRAPH_DURATIONS]) phaseMedians[k] = median(graph.map((s) => s.phases[k] ?? Number.NaN));
  const graphMedianMs = median(graph.map((s) => s.paintedMs));
  const markdownMedianMs = median(markdown.map((s) => s.paintedMs));
  const graphFetchedMedianMs = median(graphFetched.map((s) => s.paintedMs));
  const graphBefore = samples["graph-before"];
  const beforePhaseMedians: Record<string, number> = {};
  for (const [k] of [...GRAPH_PHASES, ...GRAPH_DURATIONS]) beforePhaseMedians[k] = median(graphBefore.map((s) => s.phases[k] ?? Number.NaN));
  const graphBeforeMedianMs = median(graphBefore.map((s) => s.paintedMs));
  const graphNoCache = samples["graph-nocache"];
  const noCachePhaseMedians: Record<string, number> = {};
  for (const [k] of [...GRAPH_PHASES, ...GRAPH_DURATIONS]) noCachePhaseMedians[k] = median(graphNoCache.map((s) => s.phases[k] ?? Number.NaN));
  const graphNoCacheMedianMs = median(graphNoCache.map((s) => s.paintedMs));
  return { graph, markdown, graphFetched, graphFetchedMedianMs, graphBefore, graphBeforeMedianMs, beforePhaseMedians, graphNoCache, graphNoCacheMedianMs, noCachePhaseMedians, graphMedianMs, markdownMedianMs, ratio: graphMedianMs / markdownMedianMs, phaseMedians };
}
