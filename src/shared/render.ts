/**
 * The two pictures of a Trace and what the CLI can draw of them without a browser. The drawing itself is the
 * view's code (webview/headless.ts), bundled on its own as dist/render.js: the CLI loads that bundle at run time
 * (as it reads dist/webview.js for the HTML), so src/ never imports webview/ and `trace` never loads cytoscape.
 */
import type { Trace } from "../protocol.js";

/** Which picture: the computation (course, micrograd) or PyTorch's grad_fn graph (torchviz). */
export type ViewMode = "computation" | "autograd";

export const VIEW_MODES: readonly ViewMode[] = ["computation", "autograd"];

/** What `render --out` writes besides the HTML (the export formats that need no canvas). */
export type HeadlessFormat = "svg" | "dot" | "json";

/** What dist/render.js exports. */
export interface HeadlessRenderer {
  renderHeadless(trace: Trace, format: HeadlessFormat, view: ViewMode): Promise<string>;
}
