/**
 * Engine internals for the runner (not part of the snippet API): observer wiring, resets, limits.
 */
import type { EngineObserver } from "./observer.js";
import { state } from "./state.js";
import * as random from "./random.js";

export { TorchError } from "./errors.js";
// Through index.js: loading the snippet API installs every op's Tensor methods before the runner uses a tensor.
export { Tensor } from "./index.js";
export { isTensor } from "./tensor.js";
export { GradFn } from "./autograd/node.js";
export { formatValues, formatTensor } from "./format.js";

/** Attaches (or with null, detaches) the observer that receives every engine event. */
export function setObserver(o: EngineObserver | null): void {
  state.observer = o;
}

/** The attached observer. */
export function getObserver(): EngineObserver | null {
  return state.observer;
}

/** Back to a fresh engine: ids from 1, grad mode on, seed reset, pass counter 0. The observer is kept. */
export function resetEngine(): void {
  state.nextTensorId = 1;
  state.nextGradFnId = 1;
  state.gradEnabled = true;
  state.silent = 0;
  state.passCount = 0;
  state.defaultDtype = "float32";
  random.seed(0);
}

/** Largest number of elements one tensor may have; creating a bigger one throws a TorchError naming both. */
export function setElementLimit(n: number): void {
  state.elementLimit = n;
}
