/**
 * The HTML shell of the graph view, in its two homes: the VS Code webview panel and the self-contained file written
 * by `autograd-lens render`. Both run the same bundle (dist/webview.js) under a strict CSP: scripts only with the
 * nonce, no remote content, no eval.
 */
import type { Trace } from "./protocol.js";
import { encodeTraceText } from "./shared/traceCodec.js";

/**
 * Inputs for the VS Code panel HTML. `cspSource` is `webview.cspSource`; the URIs come from `asWebviewUri`.
 * With `scriptText`/`cssText` the bundle and the stylesheet are inlined instead of fetched (see GraphPanel.html).
 */
export interface WebviewHtmlOptions {
  nonce: string;
  cspSource: string;
  scriptUri: string;
  cssUri: string;
  scriptText?: string;
  cssText?: string;
  /** A trace known when the panel is created, embedded so the view paints it without waiting for a message. */
  initial?: { trace: Trace; meta: { pass?: number; play?: boolean; phases?: Record<string, number> } };
}

/** Inputs for the standalone HTML: the bundle and stylesheet are inlined, the trace embedded as JSON. */
export interface StandaloneHtmlOptions {
  scriptText: string;
  cssText: string;
  trace: Trace;
  title: string;
  /** Which picture the file opens with (the other is one toggle away); the computation view unless told. */
  view?: "computation" | "autograd";
}

/** Escapes text for an HTML attribute or element body. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/**
 * Makes text safe inside a <script> or <style> element: the only way out of those is a closing tag, so break every
 * "</" (and "<!--", which switches the parser's script state) without changing what JS/JSON/CSS means.
 */
function escapeRawText(s: string, kind: "script" | "style" | "json"): string {
  if (kind === "json") return s.replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  if (kind === "style") return s.replace(/<\/(style)/gi, "<\\/$1");
  // In JS the sequence "<\/" inside strings/regexes equals "</"; outside them it never occurs in a bundle.
  return s.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/**
 * cytoscape injects a one-rule <style> into <head> unless an element with this id exists; under a nonce CSP that
 * injection is blocked, so the shell provides the rule itself.
 */
function cytoscapeStyle(nonce: string): string {
  return `<style id="__________cytoscape_stylesheet" nonce="${nonce}">.__________cytoscape_container { position: relative; }</style>`;
}

/** The body both homes share: the DOM hooks the view and the tests rely on are created by the bundle itself. */
function body(): string {
  return `<div id="app" class="app" aria-busy="true"><p class="loading">Loading graph…</p></div>`;
}

/** HTML for the VS Code webview panel. The view calls `acquireVsCodeApi()`, posts `ready` and waits for a trace. */
export function buildWebviewHtml(o: WebviewHtmlOptions): string {
  const nonce = escapeHtml(o.nonce);
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data: blob:`,
    `style-src ${o.cspSource} 'nonce-${nonce}'`,
    `font-src ${o.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${cytoscapeStyle(nonce)}
${o.cssText === undefined ? `<link rel="stylesheet" href="${escapeHtml(o.cssUri)}" nonce="${nonce}">` : `<style nonce="${nonce}">\n${escapeRawText(o.cssText, "style")}\n</style>`}
<title>Autograd Lens</title>
</head>
<body data-mode="webview">
${body()}
${o.initial === undefined ? "" : `<script type="application/json" id="trace-data">${escapeRawText(encodeTraceText(o.initial.trace), "json")}</script>\n<script type="application/json" id="trace-meta">${escapeRawText(JSON.stringify(o.initial.meta), "json")}</script>`}
${o.scriptText === undefined ? `<script nonce="${nonce}" src="${escapeHtml(o.scriptUri)}"></script>` : `<script nonce="${nonce}">\n${escapeRawText(o.scriptText, "script")}\n</script>`}
</body>
</html>
`;
}

/** A random nonce for the standalone file (Node's crypto or the browser's, whichever is present). */
function makeNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * One self-contained HTML file: the bundle and CSS inlined under a nonce CSP, the trace embedded as JSON in a
 * non-executable `application/json` script element that the bundle reads at start.
 */
export function buildStandaloneHtml(o: StandaloneHtmlOptions): string {
  const nonce = makeNonce();
  const csp = ["default-src 'none'", "img-src data: blob:", `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(o.title)}</title>
${cytoscapeStyle(nonce)}
<style nonce="${nonce}">
${escapeRawText(o.cssText, "style")}
</style>
</head>
<body data-mode="standalone"${o.view === "autograd" ? ` data-view="autograd"` : ""}>
${body()}
<script type="application/json" id="trace-data">${escapeRawText(encodeTraceText(o.trace), "json")}</script>
<script nonce="${nonce}">
${escapeRawText(o.scriptText, "script")}
</script>
</body>
</html>
`;
}
