/**
 * What `import cytoscape from "cytoscape"` means inside the view's app script (scripts/view-bundle.mjs aliases the
 * package to this file there): cytoscape is a script of its own (webview/cytoscapeChunk.ts), streamed beside the
 * app's, so the app can lay the first Trace out while cytoscape is still compiling. This forwards every call and
 * static to the library that script registered. The CLI's headless bundle and the tests import the package itself.
 */
import type cytoscapeLib from "cytoscape";

type Cytoscape = typeof cytoscapeLib;

declare global {
  /** Set by cytoscape's script when it has run (webview/cytoscapeChunk.ts). */
  var __aglCytoscape: Cytoscape | undefined;
}

function lib(): Cytoscape {
  const c = globalThis.__aglCytoscape;
  // main.ts creates the app only after both scripts ran: reaching this means a new caller skipped that wait.
  if (c === undefined) throw new Error("cytoscape's script has not run yet");
  return c;
}

// Everything is forwarded, calls and statics alike (`cytoscape(...)`, `cytoscape.warnings`, ...), so the app's code
// means what it means with the package itself. The target is only the Proxy's shape: a function, so it can be called.
const cytoscape = new Proxy(function cytoscapeShim() {} as unknown as Cytoscape, {
  apply: (_target, _this, args: unknown[]) => Reflect.apply(lib(), undefined, args),
  get: (_target, key) => Reflect.get(lib(), key),
});

export default cytoscape;
