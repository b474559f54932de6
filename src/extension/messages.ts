/**
 * Runtime guard for messages from the graph view. The webview runs snippet-derived content, so the host treats
 * whatever it posts as untrusted: anything that does not match `ViewToHost` exactly is dropped.
 */
import type { ExportFormat, SourceRange, ViewToHost } from "../protocol";

const EXPORT_FORMATS: readonly ExportFormat[] = ["png", "svg", "json", "dot"];
/** Exports are capped so a broken view cannot make the host allocate without bound. */
const MAX_EXPORT_CHARS = 50_000_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 1 && v < 10_000_000;
}

/** True for a 1-based range whose end is not before its start. */
export function isSourceRange(v: unknown): v is SourceRange {
  if (!isRecord(v)) return false;
  const { startLine, startColumn, endLine, endColumn } = v;
  if (!isPositiveInt(startLine) || !isPositiveInt(startColumn) || !isPositiveInt(endLine) || !isPositiveInt(endColumn)) return false;
  return endLine > startLine || (endLine === startLine && endColumn >= startColumn);
}

/** Returns the message typed as `ViewToHost`, or null when it is not one. */
export function parseViewMessage(raw: unknown): ViewToHost | null {
  if (!isRecord(raw) || typeof raw.type !== "string") return null;
  switch (raw.type) {
    case "ready":
      return { type: "ready" };
    case "reveal":
      return isSourceRange(raw.range) ? { type: "reveal", range: raw.range } : null;
    case "exported": {
      const { format, data, encoding } = raw;
      if (typeof format !== "string" || !(EXPORT_FORMATS as readonly string[]).includes(format)) return null;
      if (typeof data !== "string" || data.length > MAX_EXPORT_CHARS) return null;
      if (encoding !== "utf8" && encoding !== "base64") return null;
      return { type: "exported", format: format as ExportFormat, data, encoding };
    }
    case "selected":
      if (raw.nodeId === null) return { type: "selected", nodeId: null };
      return typeof raw.nodeId === "string" && raw.nodeId.length < 200 ? { type: "selected", nodeId: raw.nodeId } : null;
    case "painted":
      return isPositiveInt(raw.seq) ? { type: "painted", seq: raw.seq } : null;
    case "error":
      return typeof raw.message === "string" ? { type: "error", message: raw.message.slice(0, 2000) } : null;
    default:
      return null;
  }
}
