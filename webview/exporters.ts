/** The export formats of the panel, as text (utf8) or base64 bytes, ready for the host or a download. */
import type { Core } from "cytoscape";
import type { ExportFormat, Trace } from "../src/protocol.js";
import { exportFormatInfo } from "../src/shared/exportFormats.js";
import { encodeTraceText } from "../src/shared/traceCodec.js";
import { toDot } from "./dot.js";
import { toSvg } from "./svg.js";
import type { ViewMode } from "./labels.js";

export interface Exported {
  data: string;
  encoding: "utf8" | "base64";
  mime: string;
}

/**
 * Produces the export of the view on screen: PNG and SVG draw what is shown (this view, this step; PNG at 2× for
 * readable text), DOT writes this view's graph with the last pass's gradients, JSON the Trace both views come from.
 */
export function exportData(format: ExportFormat, trace: Trace, cy: Core, background: string, view: ViewMode): Exported {
  const { encoding, mime } = exportFormatInfo(format);
  switch (format) {
    case "png": {
      const uri = cy.png({ output: "base64uri", full: true, scale: 2, bg: background, maxWidth: 8000, maxHeight: 8000 });
      return { data: uri.slice(uri.indexOf(",") + 1), encoding, mime };
    }
    case "svg":
      return { data: toSvg(cy, background), encoding, mime };
    case "json":
      return { data: encodeTraceText(trace), encoding, mime };
    case "dot":
      return { data: toDot(trace, view), encoding, mime };
  }
}
