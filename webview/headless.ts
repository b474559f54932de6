/**
 * The graph of either view rendered without a browser (the CLI's `render --out g.svg|g.dot|g.json`): the same
 * model, labels, stylesheet and layout as the panel, on a headless cytoscape, at the end of the last backward pass.
 * No DOM: it runs in Node, as its own bundle dist/render.js (see src/shared/render.ts).
 */
import cytoscape from "cytoscape";
import type { Trace } from "../src/protocol.js";
import { buildModel } from "./model.js";
import { buildComputation } from "./computation.js";
import { GraphView } from "./graph.js";
import { finalPosition, nodeLabel, type LabelContext, type ViewMode } from "./labels.js";
import { EXPORT_THEME } from "./style.js";
import { toSvg } from "./svg.js";
import { toDot } from "./dot.js";
import { encodeTraceText } from "../src/shared/traceCodec.js";
import type { HeadlessFormat, HeadlessRenderer } from "../src/shared/render.js";

/** The picture the panel opens with (checks and long loops folded), as SVG, with the export theme's colours. */
export async function renderSvg(trace: Trace, view: ViewMode): Promise<string> {
  // Group boxes take their size from their children, not from the record size the node style maps: cytoscape warns
  // about the unmapped data on every box. The browser console swallows that; in the CLI it would be stderr noise.
  cytoscape.warnings(false);
  const model = view === "computation" ? buildComputation(trace) : buildModel(trace);
  const c: LabelContext = { mode: view, trace, model, ...finalPosition(trace) };
  const graph = new GraphView(null, EXPORT_THEME);
  try {
    // Top-down like the panel's default; the layout is the panel's (dagre or the layered one for grouped graphs).
    await graph.load(trace, model, (n) => nodeLabel(c, n));
    return toSvg(graph.cy, EXPORT_THEME.background);
  } finally {
    // A headless cytoscape keeps a timer for its animation loop: without this the process would not exit.
    graph.cy.destroy();
  }
}

export const renderHeadless: HeadlessRenderer["renderHeadless"] = async (trace: Trace, format: HeadlessFormat, view: ViewMode): Promise<string> => {
  switch (format) {
    case "svg":
      return renderSvg(trace, view);
    case "dot":
      return toDot(trace, view);
    case "json":
      return encodeTraceText(trace);
  }
};
