/**
 * Entry of the view's second script: the app (controller, model, layout, details, exports) and cytoscape, about
 * 600 KB minified, all of the view but its start. The view bundle carries this script's text and runs it as a
 * script of its own (webview/appLoader.ts), so the browser compiles it off the main thread while main.ts posts
 * `ready` and waits for the Trace.
 */
import { App } from "./app.js";

declare global {
  /** Set by this script when it ran; read once by appLoader.ts. */
  var __aglApp: typeof App | undefined;
}

globalThis.__aglApp = App;
