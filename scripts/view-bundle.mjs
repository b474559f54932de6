// The browser bundle of the graph view (dist/webview.js) in two scripts, shared by esbuild.mjs and the Chromium
// tests' harness (test/webview/harness.ts), so both build it the same way:
// - the app's script (webview/appChunk.ts: the app and cytoscape, all of the view but its start), built first and
//   carried by the view bundle as a string;
// - the view bundle (webview/main.ts), which runs that string as a script of its own as soon as it starts (the
//   browser compiles it off the main thread while the view says ready and waits for the Trace; see appLoader.ts).
import * as esbuild from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/*
 * No V8 compile hint (`//# allFunctionsCalledOnLoad`): compiling all 600 KB eagerly on the background thread kept
 * the main thread freer (task time -30 ms) but made the script arrive later (headless Chromium at load 17, 02-dot-4x,
 * 300 ms host round trip, median of 7: app loaded 270 ms after navigation without the hint, 492 with it; painted
 * 558 vs 814, the one-script bundle 714). Streamed without the hint, the background thread parses and compiles the
 * top level and pre-parses the rest; what the first paint calls is compiled on first use.
 */

/** The built text of the app's script (minified, self-contained, sets `globalThis.__aglApp`). */
export async function appScript() {
  const r = await esbuild.build({
    entryPoints: [join(ROOT, "webview/appChunk.ts")],
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "warning",
    legalComments: "none",
  });
  // A name for the blob: script in the browser's developer tools (it has no source map: the view bundle's map covers
  // main.ts's start only; an unminified build of webview/appChunk.ts is the way to debug the rest).
  return `${r.outputFiles[0].text}//# sourceURL=autograd-lens-view-app.js\n`;
}

/** esbuild options for the view bundle (entry webview/main.ts), given the app's script text. */
export function viewBundleOptions(appText) {
  return {
    entryPoints: { webview: join(ROOT, "webview/main.ts") },
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    // Minified even in development: the webview parses it on every panel open (cold paint).
    minify: true,
    define: { __AGL_APP_SOURCE__: JSON.stringify(appText) },
    // Marks when the bundle starts running (so parse + compile is visible in the cold-path record).
    banner: { js: "var __aglBundleStart=performance.now();" },
  };
}
