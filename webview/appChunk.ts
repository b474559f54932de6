/**
 * Entry of the view's app script: the app (controller, model, layout, details, exports), about 170 KB minified, all
 * of the view but its start and cytoscape (a script of its own, webview/cytoscapeChunk.ts). The view bundle carries
 * this script's text and runs it as a script of its own (webview/appLoader.ts), so the browser compiles it off the
 * main thread while main.ts posts `ready` and waits for the Trace.
 */
import { App } from "./app.js";
import { prepareFirstLayout } from "./prepare.js";

/** What the app's script gives main.ts. */
export interface AppModule {
  App: typeof App;
  /** Lays the first Trace out while cytoscape's script still compiles (prepare.ts). */
  prepareFirstLayout: typeof prepareFirstLayout;
}

declare global {
  /** Set by this script when it ran; read once by appLoader.ts. */
  var __aglApp: AppModule | undefined;
}

globalThis.__aglApp = { App, prepareFirstLayout };
