/**
 * Entry of the view's cytoscape script (about 430 KB minified): the library alone, registered for the app's script,
 * which reaches it through webview/cytoscapeShim.ts. The view bundle carries this script's text and runs it as a
 * script of its own beside the app's (webview/appLoader.ts), so the browser compiles both off the main thread.
 */
import cytoscape from "cytoscape";

globalThis.__aglCytoscape = cytoscape;
