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

/** PyTorch's `torch.is_grad_enabled()`: true when ops record the graph (false inside `no_grad`). */
export function is_grad_enabled(): boolean {
  return state.gradEnabled;
}

/** PyTorch's `torch.set_grad_enabled(mode)`: turns graph recording on or off from here on. */
export function set_grad_enabled(flag: boolean): void {
  state.gradEnabled = flag;
}
