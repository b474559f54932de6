import { parseDType, type DType } from "./dtype.js";
import { TorchError } from "./errors.js";
import { state } from "./state.js";

/** PyTorch's `with torch.no_grad():` as `torch.no_grad(() => …)`: runs `fn` without recording the graph (results need no grad), restoring the previous mode even on throw. */
export function no_grad<T>(fn: () => T): T {
  const prev = state.gradEnabled;
  state.gradEnabled = false;
  try {
    return fn();
  } finally {
    state.gradEnabled = prev;
  }
}

/** PyTorch's `with torch.enable_grad():` as `torch.enable_grad(() => …)`: runs `fn` with graph recording on, also inside `no_grad`. */
export function enable_grad<T>(fn: () => T): T {
  const prev = state.gradEnabled;
  state.gradEnabled = true;
  try {
    return fn();
  } finally {
    state.gradEnabled = prev;
  }
}

/** PyTorch's `torch.set_default_dtype(d)`: float32 or float64 for float data made without a dtype (and bool promoted to a float). */
export function set_default_dtype(d: DType | string): void {
  const dt = parseDType(d);
  if (dt !== "float32" && dt !== "float64") throw new TorchError("only floating-point types are supported as the default type", { kind: "TypeError" });
  state.defaultDtype = dt;
}

/** PyTorch's `torch.get_default_dtype()`: float32 unless `set_default_dtype` changed it. */
export function get_default_dtype(): DType {
  return state.defaultDtype;
}

/** PyTorch's `torch.is_grad_enabled()`: true when ops record the graph (false inside `no_grad`). */
export function is_grad_enabled(): boolean {
  return state.gradEnabled;
}

/** PyTorch's `torch.set_grad_enabled(mode)`: turns graph recording on or off from here on. */
export function set_grad_enabled(flag: boolean): void {
  state.gradEnabled = flag;
}
