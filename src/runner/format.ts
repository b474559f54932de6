/**
 * Text of captured `console.*` calls, like Node prints them, with tensors shown by their PyTorch-like `toString()`
 * (also inside arrays and objects, where Node's inspector would dump the engine's internals).
 */
import { inspect } from "node:util";

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === null || (typeof proto === "object" && Object.getPrototypeOf(proto) === null);
}

/** One value as Node's console would print it; `top` strings print raw, nested ones quoted. */
export function formatValue(v: unknown, isTensor: (x: unknown) => boolean, top = true, depth = 0): string {
  if (isTensor(v)) return String(v);
  if (typeof v === "string") return top ? v : JSON.stringify(v);
  if (v === null || typeof v !== "object") {
    if (typeof v === "function") return `[Function: ${(v as { name?: string }).name || "(anonymous)"}]`;
    return typeof v === "bigint" ? `${v}n` : Object.is(v, -0) ? "-0" : String(v);
  }
  if (depth > 3) return Array.isArray(v) ? "[Array]" : "[Object]";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[ ${v.map((x) => formatValue(x, isTensor, false, depth + 1)).join(", ")} ]`;
  }
  const maybeError = v as { name?: unknown; message?: unknown; stack?: unknown };
  if (typeof maybeError.message === "string" && typeof maybeError.name === "string" && "stack" in v) {
    return `${maybeError.name}: ${maybeError.message}`;
  }
  if (isPlainObject(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${formatValue(x, isTensor, false, depth + 1)}`).join(", ")} }`;
  }
  return inspect(v, { depth: 2 });
}

/** The text of one console call: its arguments separated by spaces. */
export function formatConsoleArgs(args: readonly unknown[], isTensor: (x: unknown) => boolean): string {
  return args.map((a) => formatValue(a, isTensor)).join(" ");
}
