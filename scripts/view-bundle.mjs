// The browser bundle of the graph view (dist/webview.js) in three scripts, shared by esbuild.mjs and the Chromium
// tests' harness (test/webview/harness.ts), so both build it the same way:
// - the app's script (webview/appChunk.ts) and cytoscape's (webview/cytoscapeChunk.ts), built first and carried by
//   the view bundle as strings;
// - the view bundle (webview/main.ts), which runs those strings as scripts of their own as soon as it starts (the
//   browser compiles them off the main thread while the view says ready and waits for the Trace; see appLoader.ts).
import * as esbuild from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/*
 * No V8 compile hint (`//# allFunctionsCalledOnLoad`): compiling all 600 KB (then one script) eagerly on the background thread kept
 * the main thread freer (task time -30 ms) but made the script arrive later (headless Chromium at load 17, 02-dot-4x,
 * 300 ms host round trip, median of 7: app loaded 270 ms after navigation without the hint, 492 with it; painted
 * 558 vs 814, the one-script bundle 714). Streamed without the hint, the background thread parses and compiles the
 * top level and pre-parses the rest; what the first paint calls is compiled on first use.
 */

/** One of the view's two loaded scripts, built minified and self-contained, named for the developer tools. */
async function chunk(entry, name, alias) {
  const r = await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "warning",
    legalComments: "none",
    ...(alias ? { alias } : {}),
  });
  // A name for the blob: script in the browser's developer tools (it has no source map: the view bundle's map covers
  // main.ts's start only; an unminified build of the entry is the way to debug the rest).
  return `${r.outputFiles[0].text}//# sourceURL=${name}\n`;
}

/**
 * The texts of the two scripts the view bundle carries:
 * - `app` (webview/appChunk.ts, about 170 KB: the app, the model, dagre; sets `globalThis.__aglApp`), which reaches
 *   cytoscape through webview/cytoscapeShim.ts;
 * - `cytoscape` (webview/cytoscapeChunk.ts, about 430 KB; sets `globalThis.__aglCytoscape`).
 * Two scripts, streamed side by side: the smaller app arrives first and lays the first Trace out while cytoscape is
 * still compiling (webview/prepare.ts).
 */
export async function viewScripts() {
  const [app, cytoscape] = await Promise.all([
    chunk("webview/appChunk.ts", "autograd-lens-view-app.js", { cytoscape: join(ROOT, "webview/cytoscapeShim.ts") }),
    chunk("webview/cytoscapeChunk.ts", "autograd-lens-view-cytoscape.js"),
  ]);
  return { app, cytoscape };
}

/** esbuild options for the view bundle (entry webview/main.ts), given the texts of its two scripts (viewScripts). */
export function viewBundleOptions(scripts) {
  return {
    entryPoints: { webview: join(ROOT, "webview/main.ts") },
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    // Minified even in development: the webview parses it on every panel open (cold paint).
    minify: true,
    define: { __AGL_APP_SOURCE__: JSON.stringify(scripts.app), __AGL_CYTOSCAPE_SOURCE__: JSON.stringify(scripts.cytoscape) },
    // Marks when the bundle starts running (so parse + compile is visible in the cold-path record).
    banner: { js: "var __aglBundleStart=performance.now();" },
  };
}
