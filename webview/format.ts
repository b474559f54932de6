/** Short, stable text for numbers, shapes and tensor values, shared by node labels, edge labels and the details panel. */
import type { TensorData } from "../src/protocol.js";

/** A number the way PyTorch users read it: up to 4 significant digits, no trailing zeros, nan/inf spelled out. */
export function fmtNum(v: number, dtype: TensorData["dtype"] = "float32"): string {
  if (dtype === "bool") return v ? "True" : "False";
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(4)));
}

/** "3×3", or "scalar" for a 0-d tensor. */
export function fmtShape(shape: readonly number[]): string {
  return shape.length === 0 ? "scalar" : shape.join("×");
}

/** One-line preview: the scalar itself, or the first `max` values in brackets with an ellipsis when there are more. */
export function preview(t: TensorData | null | undefined, max = 4): string {
  if (!t) return "None";
  if (t.shape.length === 0 && t.data.length > 0) return fmtNum(t.data[0] ?? Number.NaN, t.dtype);
  const shown = t.data.slice(0, max).map((v) => fmtNum(v, t.dtype));
  return `[${shown.join(", ")}${t.numel > shown.length ? ", …" : ""}]`;
}

/** True when every stored value equals `v` (used to say "ones" instead of listing nine 1s). */
export function allEqual(t: TensorData, v: number): boolean {
  return !t.truncated && t.data.length === t.numel && t.data.every((x) => x === v);
}

/** Preview that names the common cases ("ones(3×3)") so the chain-rule text stays short and readable. */
export function namedPreview(t: TensorData | null | undefined, max = 4): string {
  if (!t) return "None";
  if (t.shape.length > 0 && t.numel > 1) {
    if (allEqual(t, 1)) return `ones(${fmtShape(t.shape)})`;
    if (allEqual(t, 0)) return `zeros(${fmtShape(t.shape)})`;
  }
  return preview(t, max);
}

/** Rows of a ≤2-D tensor for a table (a 0-d or 1-d tensor is one row). Null when the data is truncated or > 2-D. */
export function tableRows(t: TensorData): number[][] | null {
  if (t.truncated || t.shape.length > 2) return null;
  if (t.shape.length < 2) return [t.data.slice()];
  const [rows = 0, cols = 0] = t.shape;
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(t.data.slice(r * cols, (r + 1) * cols));
  return out;
}
