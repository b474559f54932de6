/**
 * Entry of the view's second script: cytoscape alone (about 430 KB minified, two thirds of the view's code). The
 * view bundle carries this script's text and runs it as a script of its own (webview/cytoscapeLate.ts), so the
 * browser compiles it off the main thread while the view posts `ready` and waits for the Trace.
 */
import cytoscape from "cytoscape";

declare global {
  /** Set by this script when it ran; read once by cytoscapeLate.ts. */
  var __aglCytoscape: typeof cytoscape | undefined;
}

globalThis.__aglCytoscape = cytoscape;
