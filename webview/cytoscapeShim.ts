/**
 * What `import cytoscape from "cytoscape"` means inside the view's app script (scripts/view-bundle.mjs aliases the
 * package to this file there): cytoscape is a script of its own (webview/cytoscapeChunk.ts), streamed beside the
 * app's, so the app can lay the first Trace out while cytoscape is still compiling. This forwards the two entry
 * points the view uses (webview/graph.ts) to the library that script registered. The CLI's headless bundle and the
 * tests import the package itself.
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

// Only these two are forwarded (a cast, because the package's type also declares the extension-registering
// overloads and every static the view never calls).
const cytoscape = Object.assign((options?: cytoscapeLib.CytoscapeOptions) => lib()(options), { warnings: (on: boolean) => lib().warnings(on) }) as unknown as Cytoscape;

export default cytoscape;
