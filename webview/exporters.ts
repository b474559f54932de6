/** The four export formats, as text (utf8) or base64 bytes, ready for the host or a download. */
import type { Core } from "cytoscape";
import type { ExportFormat, Trace } from "../src/protocol.js";
import { encodeTraceText } from "../src/shared/traceCodec.js";
import { toDot } from "./dot.js";
import { toSvg } from "./svg.js";

export interface Exported {
  data: string;
  encoding: "utf8" | "base64";
  mime: string;
}

/** Produces the export; PNG is the full graph at 2× for readable text. */
export function exportData(format: ExportFormat, trace: Trace, cy: Core, background: string): Exported {
  switch (format) {
    case "png": {
      const uri = cy.png({ output: "base64uri", full: true, scale: 2, bg: background, maxWidth: 8000, maxHeight: 8000 });
      return { data: uri.slice(uri.indexOf(",") + 1), encoding: "base64", mime: "image/png" };
    }
    case "svg":
      return { data: toSvg(cy, background), encoding: "utf8", mime: "image/svg+xml" };
    case "json":
      return { data: encodeTraceText(trace), encoding: "utf8", mime: "application/json" };
    case "dot":
      return { data: toDot(trace), encoding: "utf8", mime: "text/vnd.graphviz" };
  }
}
