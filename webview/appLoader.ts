/**
 * Loads the view's two scripts after the view has started. The bundle (scripts/view-bundle.mjs) carries the text of
 * the app's script (webview/appChunk.ts: the app, the model, the layout) and of cytoscape's (webview/cytoscapeChunk.ts)
 * as strings; each is handed to the browser as a script of its own (a blob: URL with the page's CSP nonce).
 * Chromium streams such scripts, parsing and compiling their top level on background threads, while the main thread
 * posts `ready`, waits for the Trace and checks it (scripts/view-bundle.mjs says why without V8's eager-compile hint).
 * The app's script is about a third of cytoscape's and arrives first: the Trace is laid out while cytoscape is still
 * compiling (webview/prepare.ts). Inlined into one script, the 630 KB were parsed and compiled on the main thread
 * before the view could say `ready` (test/vscode/coldpath.test.ts has the phases).
 */
import type { AppModule } from "./appChunk.js";

/** The scripts' texts (esbuild `define`: the built text of webview/appChunk.ts and webview/cytoscapeChunk.ts). */
declare const __AGL_APP_SOURCE__: string;
declare const __AGL_CYTOSCAPE_SOURCE__: string;

/** Runs `source` as a script of its own carrying `nonce`; resolves when it has run. */
function runScript(source: string, nonce: string, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    const script = document.createElement("script");
    // The attribute, not only the property: like the page's own scripts, this one visibly carries the nonce.
    script.setAttribute("nonce", nonce);
    script.async = true;
    script.src = url;
    script.onload = () => {
      URL.revokeObjectURL(url);
      script.remove();
      resolve();
    };
    script.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error(`${what} could not be loaded (blocked by the page's CSP?)`));
    };
    document.head.append(script);
  });
}

export interface Loading {
  /** The app's script has run: the App class and the Trace's early layout. */
  app: Promise<AppModule>;
  /** Both scripts have run: an App can be created. */
  all: Promise<AppModule>;
}

let loading: Loading | undefined;

/**
 * Starts running both scripts (once). `nonce` is the page's script nonce (its CSP allows scripts only with it); a
 * blob: URL needs no other CSP source.
 */
export function loadApp(nonce: string): Loading {
  if (loading !== undefined) return loading;
  const built = typeof __AGL_APP_SOURCE__ === "string" && typeof __AGL_CYTOSCAPE_SOURCE__ === "string";
  const missing = (): Promise<never> => Promise.reject(new Error("this view bundle was built without its scripts (build it with esbuild.mjs)"));
  // Both start now; the app's first, the one needed first.
  const app = built
    ? runScript(__AGL_APP_SOURCE__, nonce, "the app's script").then(() => {
        const m = globalThis.__aglApp;
        if (m === undefined) throw new Error("the app's script ran but did not register");
        return m;
      })
    : missing();
  const cy = built
    ? runScript(__AGL_CYTOSCAPE_SOURCE__, nonce, "cytoscape's script").then(() => {
        if (globalThis.__aglCytoscape === undefined) throw new Error("cytoscape's script ran but did not register");
      })
    : missing();
  // A rejection nobody waits on yet (the other script failed first) is still reported through `all`.
  cy.catch(() => undefined);
  loading = { app, all: Promise.all([app, cy]).then(([m]) => m) };
  return loading;
}
