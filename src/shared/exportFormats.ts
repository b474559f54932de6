/**
 * The graph's export formats, written once: the view's toolbar makes one button per entry, the host's Export
 * command offers and validates these, and the CLI's `render --out` picks one of them by the file's extension.
 * Pure data with no imports but the wire type, so the host (Node), the view (browser) and the CLI can all import it.
 */
import type { ExportFormat } from "../protocol.js";

export interface ExportFormatInfo {
  format: ExportFormat;
  /** Button text and the quick pick's label. */
  label: string;
  /** Tooltip / aria-label of the toolbar button. */
  title: string;
  /** File extension with its dot (the save dialog's filter, the CLI's choice). */
  extension: string;
  mime: string;
  /** How the view delivers the bytes to the host. */
  encoding: "utf8" | "base64";
  /** Made without a drawing canvas (so the CLI can write it); PNG needs the browser's canvas. */
  headless: boolean;
}

/**
 * Every format, in toolbar order. `satisfies Record<ExportFormat, …>` makes adding a format to the wire type
 * without an entry here (or the reverse) a compile error.
 */
const BY_FORMAT = {
  png: { format: "png", label: "PNG", title: "Export as PNG", extension: ".png", mime: "image/png", encoding: "base64", headless: false },
  svg: { format: "svg", label: "SVG", title: "Export as SVG", extension: ".svg", mime: "image/svg+xml", encoding: "utf8", headless: true },
  json: { format: "json", label: "JSON", title: "Export the Trace as JSON", extension: ".json", mime: "application/json", encoding: "utf8", headless: true },
  dot: { format: "dot", label: "DOT", title: "Export as Graphviz DOT", extension: ".dot", mime: "text/vnd.graphviz", encoding: "utf8", headless: true },
} as const satisfies Record<ExportFormat, ExportFormatInfo>;

export const EXPORT_FORMATS: readonly ExportFormatInfo[] = Object.values(BY_FORMAT);

export function isExportFormat(v: unknown): v is ExportFormat {
  return typeof v === "string" && Object.prototype.hasOwnProperty.call(BY_FORMAT, v);
}

export function exportFormatInfo(format: ExportFormat): ExportFormatInfo {
  return BY_FORMAT[format];
}

/** The format a file name asks for by its extension (`g.svg` → svg), or null. */
export function formatOfFile(file: string): ExportFormat | null {
  const lower = file.toLowerCase();
  return EXPORT_FORMATS.find((f) => lower.endsWith(f.extension))?.format ?? null;
}
