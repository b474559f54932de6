/**
 * Copies of tensor values for the Trace: at most `cap` elements, with stats over all of them always present, so a
 * huge tensor costs the Trace a bounded amount while min/max/mean and NaN/Inf counts stay exact.
 */
import type { ObservedTensor } from "../engine/observer.js";
import type { TensorData, TensorStats } from "../protocol.js";

/**
 * min/max/mean ignoring NaN (null when every element is NaN or there are none), and NaN/±Inf counts. One pass
 * without the NaN/Inf branches first (a comparison with NaN is false, so min and max skip it): a finite sum means
 * there was neither, and it is the same sum in the same order. Otherwise the counting pass.
 */
export function statsOf(values: ArrayLike<number>): TensorStats {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n > 0 && sum - sum === 0) return { min, max, mean: sum / n, nanCount: 0, infCount: 0 };
  return countingStats(values);
}

function countingStats(values: ArrayLike<number>): TensorStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let counted = 0;
  let nanCount = 0;
  let infCount = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v !== v) {
      nanCount++;
      continue;
    }
    if (v === Infinity || v === -Infinity) infCount++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    counted++;
  }
  if (counted === 0) return { min: null, max: null, mean: null, nanCount, infCount };
  return { min, max, mean: sum / counted, nanCount, infCount };
}

/** A TensorData snapshot of `t`: the first `cap` values (row-major), stats over all values. */
export function snapshot(t: ObservedTensor, cap: number): TensorData {
  const view = t.dataView();
  const numel = view.length;
  const n = Math.min(numel, Math.max(0, cap));
  const data = new Array<number>(n);
  for (let i = 0; i < n; i++) data[i] = view[i] as number;
  return { shape: [...t.shape], dtype: t.dtype, data, truncated: n < numel, numel, stats: statsOf(view) };
}
