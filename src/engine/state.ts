import type { EngineObserver } from "./observer.js";

/**
 * Mutable engine-wide state, in one object so every module reads the same instance and the hot path is a single
 * property load. Not part of the snippet API; the runner reaches it through runtime.ts.
 */
export const state = {
  /** Next tensor id (1-based). */
  nextTensorId: 1,
  /** Next grad-function id (1-based). */
  nextGradFnId: 1,
  /** PyTorch's thread-local grad mode. */
  gradEnabled: true,
  /** The attached observer, or null (then every report site costs one null check). */
  observer: null as EngineObserver | null,
  /**
   * >0 while the backward engine computes internal gradients: those tensors are not reported as created, so the
   * recorder sees the user's tensors only (gradients reach it through the flow/accumulation events instead).
   */
  silent: 0,
  /** Largest element count a single tensor may have (a guard against runaway snippets). */
  elementLimit: Infinity,
  /** Number of backward passes run since reset (1-based pass index in events). */
  passCount: 0,
  /** `torch.set_default_dtype`: the dtype of float data made without a dtype (PyTorch's default float32). */
  defaultDtype: "float32" as "float32" | "float64",
};

/** Reports a warning through the observer, or console.warn when none is attached (like Python's warnings). */
export function warn(message: string, tensor: import("./observer.js").ObservedTensor | null): void {
  const o = state.observer;
  if (o !== null) {
    if (o.warning !== undefined) o.warning({ message, tensor });
  } else {
    console.warn(`UserWarning: ${message}`);
  }
}
