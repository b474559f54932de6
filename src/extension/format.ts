/**
 * Short text for tensors in hovers, CodeLens titles and inline decorations. Pure functions (no `vscode`), so they
 * are unit-testable and the three surfaces print numbers the same way.
 */
import type { SourceRange, TensorData, Trace, TraceTensor } from "../protocol";

/** 4 significant digits, no trailing zeros: 0.006000000052154064 → "0.006", 12 → "12". */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return "0";
  const r = Number(x.toPrecision(4));
  return Math.abs(r) >= 1e6 || Math.abs(r) < 1e-4 ? r.toExponential(3).replace(/\.?0+e/, "e") : String(r);
}

/**
 * Nested-bracket text of at most `max` elements, like `[[1, 2], [3, 4]]`; longer data ends with "…".
 * A 0-d tensor prints as its number.
 */
export function formatValues(t: TensorData, max = 8): string {
  if (t.dtype === "bool") return formatNested(t, max, (x) => (x ? "True" : "False"));
  return formatNested(t, max, formatNumber);
}

function formatNested(t: TensorData, max: number, fmt: (x: number) => string): string {
  if (t.shape.length === 0) return t.data.length > 0 ? fmt(t.data[0]!) : "?";
  let budget = Math.min(max, t.data.length);
  let index = 0;
  const more = t.numel > budget;
  // Walks the shape recursively, spending the element budget in row-major order.
  const walk = (dim: number): string => {
    const n = t.shape[dim]!;
    const parts: string[] = [];
    for (let i = 0; i < n && budget > 0; i++) {
      if (dim === t.shape.length - 1) {
        parts.push(fmt(t.data[index++]!));
        budget--;
      } else parts.push(walk(dim + 1));
    }
    return `[${parts.join(", ")}]`;
  };
  const text = walk(0);
  return more ? `${text.replace(/\]+$/, "")}, …]` : text;
}

/** "min 0 · max 12 · mean 6" plus NaN/Inf counts when present. */
export function formatStats(t: TensorData): string {
  const s = t.stats;
  const parts = [`min ${s.min === null ? "–" : formatNumber(s.min)}`, `max ${s.max === null ? "–" : formatNumber(s.max)}`, `mean ${s.mean === null ? "–" : formatNumber(s.mean)}`];
  if (s.nanCount > 0) parts.push(`${s.nanCount} NaN`);
  if (s.infCount > 0) parts.push(`${s.infCount} Inf`);
  return parts.join(" · ");
}

/** "(4,)"-free shape text as PyTorch's `torch.Size([2, 3])` would list it: "[2, 3]". */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** The `.grad` a tensor held after its last recorded pass (null when it never got one). */
export function lastGrad(t: TraceTensor): TensorData | null {
  for (let i = t.grads.length - 1; i >= 0; i--) {
    const g = t.grads[i]!.grad;
    if (g !== null) return g;
  }
  return null;
}

/** The label a person reads: the variable name (with `#k` for later versions) or the view's label. */
export function tensorLabel(t: TraceTensor): string {
  if (t.name === null) return t.label;
  return t.version > 1 ? `${t.name}#${t.version}` : t.name;
}

/** `∇ x = [0, 4, 8, 12]` for each leaf that received a gradient in the given pass (1-based), in creation order. */
export function passSummary(trace: Trace, passIndex: number, max = 6): string[] {
  const pass = trace.passes.find((p) => p.index === passIndex);
  if (pass === undefined) return [];
  const byId = new Map(trace.tensors.map((t) => [t.id, t]));
  const last = new Map<string, TensorData>();
  for (const a of pass.accumulations) last.set(a.tensor, a.after);
  const out: string[] = [];
  for (const [id, grad] of last) {
    const t = byId.get(id);
    out.push(`∇ ${t ? tensorLabel(t) : id} = ${formatValues(grad, max)}`);
  }
  return out;
}

/** True when `pos` (1-based line/column) is at or after the start of `r`. */
export function startsBefore(r: SourceRange, line: number, column: number): boolean {
  return r.startLine < line || (r.startLine === line && r.startColumn <= column);
}

/**
 * The tensor a name refers to at a spot in the snippet: the latest binding of `name` that starts at or before the
 * spot (for a loop, the last iteration's version at that binding), or the first binding when the spot precedes all.
 */
export function tensorAt(trace: Trace, name: string, line: number, column: number): TraceTensor | null {
  const bound = trace.tensors.filter((t) => t.name === name);
  if (bound.length === 0) return null;
  let best: TraceTensor | null = null;
  for (const t of bound) {
    const r = t.bindingRange ?? t.range;
    if (r === null || !startsBefore(r, line, column)) continue;
    if (best === null) {
      best = t;
      continue;
    }
    const b = best.bindingRange ?? best.range!;
    const later = r.startLine > b.startLine || (r.startLine === b.startLine && r.startColumn > b.startColumn);
    if (later || ((r.startLine === b.startLine && r.startColumn === b.startColumn) && t.version > best.version)) best = t;
  }
  return best ?? bound.reduce((a, b) => (a.version <= b.version ? a : b));
}
