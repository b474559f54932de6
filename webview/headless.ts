/**
 * The graph of either view rendered without a browser (the CLI's `render --out g.svg|g.dot|g.json`): the same
 * model, labels, stylesheet and layout as the panel, on a headless cytoscape, at the end of the last backward pass.
 * No DOM: it runs in Node, as its own bundle dist/render.js (see src/shared/render.ts).
 */
import type { Trace } from "../src/protocol.js";
import { buildModel } from "./model.js";
import { buildComputation } from "./computation.js";
import { GraphView } from "./graph.js";
import { finalPosition, nodeLabel, type LabelContext, type ViewMode } from "./labels.js";
import { EXPORT_THEME } from "./style.js";
import { toDot } from "./dot.js";
import { encodeTraceText } from "../src/shared/traceCodec.js";
import type { HeadlessFormat, HeadlessRenderer } from "../src/shared/render.js";

/** The picture the panel opens with (checks and long loops folded), as SVG, with the export theme's colours. */
export async function renderSvg(trace: Trace, view: ViewMode): Promise<string> {
  // cytoscape's warnings about group boxes: the browser console swallows them; in the CLI they would be stderr noise.
  GraphView.quiet();
  const model = view === "computation" ? buildComputation(trace) : buildModel(trace);
  const c: LabelContext = { mode: view, trace, model, ...finalPosition(trace) };
  const graph = new GraphView(null, EXPORT_THEME);
  try {
    // Top-down like the panel's default; the layout is the panel's (dagre or the layered one for grouped graphs).
    await graph.load(trace, model, (n) => nodeLabel(c, n));
    return graph.exportAs("svg", EXPORT_THEME.background, view).data;
  } finally {
    graph.destroy();
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
