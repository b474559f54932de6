/**
 * cytoscape, loaded after the view's own code: the browser bundle (esbuild.mjs) resolves every `import … from
 * "cytoscape"` to this module, and carries the text of a second script, webview/cytoscapeChunk.ts (cytoscape itself),
 * as a string. `loadCytoscape()` hands that text to the browser as a script of its own (a blob: URL with the page's
 * CSP nonce): Chromium streams such a script, parsing and compiling it on a background thread (all of it, eagerly:
 * the chunk starts with V8's `allFunctionsCalledOnLoad` hint) while the main thread posts `ready`, waits for the Trace
 * and checks it. Inlined into the bundle, cytoscape's parse and compile ran on the main thread before anything else
 * could (test/vscode/coldpath.test.ts has the phases). The Node builds (the CLI's headless render) use the real package.
 */
import type cytoscapeLib from "cytoscape";

/** cytoscape's own script (esbuild `define`: the built text of webview/cytoscapeChunk.ts, as a string literal). */
declare const __AGL_CYTOSCAPE_SOURCE__: string;

type Cytoscape = typeof cytoscapeLib;
let lib: Cytoscape | undefined;
let loading: Promise<void> | undefined;

/**
 * Starts running cytoscape's script (once); resolves when it has run. `nonce` is the page's script nonce (its CSP
 * allows scripts only with it); a blob: URL needs no other CSP source.
 */
export function loadCytoscape(nonce: string): Promise<void> {
  loading ??= new Promise<void>((resolve, reject) => {
    if (globalThis.__aglCytoscape !== undefined) {
      lib = globalThis.__aglCytoscape;
      return resolve();
    }
    if (typeof __AGL_CYTOSCAPE_SOURCE__ !== "string") return reject(new Error("this view bundle was built without cytoscape's script (build it with esbuild.mjs)"));
    const url = URL.createObjectURL(new Blob([__AGL_CYTOSCAPE_SOURCE__], { type: "text/javascript" }));
    const script = document.createElement("script");
    script.nonce = nonce;
    script.async = true;
    script.src = url;
    script.onload = () => {
      URL.revokeObjectURL(url);
      lib = globalThis.__aglCytoscape;
      if (lib === undefined) reject(new Error("cytoscape's script ran but did not register"));
      else resolve();
    };
    script.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("cytoscape's script could not be loaded (blocked by the page's CSP?)"));
    };
    document.head.append(script);
  });
  return loading;
}

function loaded(): Cytoscape {
  if (lib === undefined) throw new Error("cytoscape is not loaded yet: await loadCytoscape() first");
  return lib;
}

/** Stands in for the package's default export: the same calls, forwarded once the script has run. */
const cytoscape = ((options?: cytoscapeLib.CytoscapeOptions) => loaded()(options)) as Cytoscape;
cytoscape.warnings = (on: boolean) => loaded().warnings(on);

export default cytoscape;
