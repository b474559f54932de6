import type { Tensor } from "../tensor.js";

/**
 * Sums a broadcast gradient back to `shape` (the one place broadcasting is undone). Written with tensor methods
 * only, so every op module can use it without importing reduce.ts (the engine keeps no import cycle).
 */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  const lead = g._shape.length - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g._shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && g._shape[i] !== 1)) dims.push(i);
  }
  const s = dims.length === 0 ? g : g.sum(dims, true);
  return s._shape.length === shape.length ? s : s.reshape(shape.slice());
}

/** `sumTo` unless the shapes already agree (shared by every broadcasting binary op). */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (g._shape.length === shape.length) {
    let same = true;
    for (let i = 0; i < shape.length; i++) if (g._shape[i] !== shape[i]) { same = false; break; }
    if (same) return g;
  }
  return sumTo(g, shape);
}
