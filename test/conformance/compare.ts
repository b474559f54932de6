/**
 * Compares an engine output with a PyTorch fixture value: numbers with relative tolerance 1e-5 (absolute 1e-6 near
 * zero, NaN equals NaN, infinities exactly), shapes, dtypes, grad_fn names, strings and error texts exactly.
 */
import type { Encoded } from "./harness.js";

export const REL_TOL = 1e-5;
export const ABS_TOL = 1e-6;

function toNumber(v: Encoded): number | null {
  if (typeof v === "number") return v;
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  return null;
}

/** True when `actual` is within tolerance of `expected` (both may be NaN or infinite). */
export function closeEnough(expected: number, actual: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return expected === actual;
  return Math.abs(expected - actual) <= Math.max(ABS_TOL, REL_TOL * Math.abs(expected));
}

function isObject(v: Encoded): v is { [key: string]: Encoded } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function show(v: Encoded): string {
  const s = JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

/** Every difference between `expected` and `actual`, each prefixed by where it is; empty when they match. */
export function diff(expected: Encoded, actual: Encoded, at: string): string[] {
  const e = toNumber(expected);
  const a = toNumber(actual);
  // Bare numbers, and the {"$": "float"} wrapper for non-finite scalars.
  if (typeof expected === "number") {
    return a !== null && e !== null && closeEnough(e, a) ? [] : [`${at}: expected ${show(expected)}, got ${show(actual)}`];
  }
  if (isObject(expected) && expected.$ === "float") {
    const ev = toNumber(expected.v ?? null);
    const av = isObject(actual) && actual.$ === "float" ? toNumber(actual.v ?? null) : typeof actual === "number" ? actual : null;
    return ev !== null && av !== null && closeEnough(ev, av) ? [] : [`${at}: expected ${show(expected)}, got ${show(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected a list ${show(expected)}, got ${show(actual)}`];
    if (actual.length !== expected.length) return [`${at}: expected ${expected.length} items ${show(expected)}, got ${actual.length}: ${show(actual)}`];
    return expected.flatMap((x, i) => diff(x, actual[i] ?? null, `${at}[${i}]`));
  }
  if (isObject(expected)) {
    if (!isObject(actual) || actual.$ !== expected.$) return [`${at}: expected ${show(expected)}, got ${show(actual)}`];
    if (expected.$ === "tensor") return diffTensor(expected, actual, at);
    // error / no_error markers: every field exactly.
    return JSON.stringify(expected) === JSON.stringify(actual) ? [] : [`${at}: expected ${show(expected)}, got ${show(actual)}`];
  }
  if (expected === actual) return [];
  if (typeof expected === "string" && typeof actual === "string") return [stringDiff(expected, actual, at)];
  return [`${at}: expected ${show(expected)}, got ${show(actual)}`];
}

/** Long texts (warnings, errors, reprs) differ somewhere in the middle: show where, with context. */
function stringDiff(expected: string, actual: string, at: string): string {
  let i = 0;
  while (i < expected.length && expected[i] === actual[i]) i++;
  const from = Math.max(0, i - 30);
  return `${at}: strings differ at character ${i}: expected …${JSON.stringify(expected.slice(from, i + 60))}, got …${JSON.stringify(actual.slice(from, i + 60))}`;
}

function diffTensor(expected: { [key: string]: Encoded }, actual: { [key: string]: Encoded }, at: string): string[] {
  const out: string[] = [];
  for (const key of ["shape", "dtype", "requires_grad", "grad_fn"]) {
    if (JSON.stringify(expected[key]) !== JSON.stringify(actual[key])) {
      out.push(`${at}.${key}: expected ${show(expected[key] ?? null)}, got ${show(actual[key] ?? null)}`);
    }
  }
  const ed = expected.data;
  const ad = actual.data;
  if (!Array.isArray(ed) || !Array.isArray(ad) || ed.length !== ad.length) {
    out.push(`${at}.data: expected ${show(ed ?? null)}, got ${show(ad ?? null)}`);
    return out;
  }
  const bad = [...ed.keys()].filter((i) => {
    const e = toNumber(ed[i] ?? null);
    const a = toNumber(ad[i] ?? null);
    return e === null || a === null || !closeEnough(e, a);
  });
  if (bad.length > 0) out.push(`${at}.data: ${bad.length} of ${ed.length} differ; expected ${show(ed)}, got ${show(ad)}`);
  return out;
}
