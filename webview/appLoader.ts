/**
 * Loads the view's app after the view has started. The bundle (scripts/view-bundle.mjs) carries the text of a
 * second script, webview/appChunk.ts (the app and cytoscape: all of the view but main.ts), as a string;
 * `loadApp()` hands that text to the browser as a script of its own (a blob: URL with the page's CSP nonce).
 * Chromium streams such a script, parsing and compiling its top level on a background thread, while the main thread
 * posts `ready`, waits for the Trace and checks it (scripts/view-bundle.mjs says why without V8's eager-compile hint). Inlined into one script, the 630 KB were parsed and compiled on the main thread before the view could
 * say `ready` (test/vscode/coldpath.test.ts has the phases).
 */
import type { App } from "./app.js";

/** The app's script (esbuild `define`: the built text of webview/appChunk.ts, as a string literal). */
declare const __AGL_APP_SOURCE__: string;

let loading: Promise<typeof App> | undefined;

/**
 * Starts running the app's script (once); resolves with the App class when it has run. `nonce` is the page's script
 * nonce (its CSP allows scripts only with it); a blob: URL needs no other CSP source.
 */
export function loadApp(nonce: string): Promise<typeof App> {
  loading ??= new Promise<typeof App>((resolve, reject) => {
    if (globalThis.__aglApp !== undefined) return resolve(globalThis.__aglApp);
    if (typeof __AGL_APP_SOURCE__ !== "string") return reject(new Error("this view bundle was built without the app's script (build it with esbuild.mjs)"));
    const url = URL.createObjectURL(new Blob([__AGL_APP_SOURCE__], { type: "text/javascript" }));
    const script = document.createElement("script");
    // The attribute, not only the property: like the page's own scripts, this one visibly carries the nonce.
    script.setAttribute("nonce", nonce);
    script.async = true;
    script.src = url;
    script.onload = () => {
      URL.revokeObjectURL(url);
      script.remove();
      const app = globalThis.__aglApp;
      if (app === undefined) reject(new Error("the app's script ran but did not register"));
      else resolve(app);
    };
    script.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("the app's script could not be loaded (blocked by the page's CSP?)"));
    };
    document.head.append(script);
  });
  return loading;
}
