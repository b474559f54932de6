import { state } from "./state.js";

/** Runs `fn` with grad mode off (`with torch.no_grad():`), restoring the previous mode even on throw. */
export function no_grad<T>(fn: () => T): T {
  const prev = state.gradEnabled;
  state.gradEnabled = false;
  try {
    return fn();
  } finally {
    state.gradEnabled = prev;
  }
}

/** Runs `fn` with grad mode on (`with torch.enable_grad():`). */
export function enable_grad<T>(fn: () => T): T {
  const prev = state.gradEnabled;
  state.gradEnabled = true;
  try {
    return fn();
  } finally {
    state.gradEnabled = prev;
  }
}

/** `torch.is_grad_enabled()`. */
export function is_grad_enabled(): boolean {
  return state.gradEnabled;
}

/** `torch.set_grad_enabled(flag)`. */
export function set_grad_enabled(flag: boolean): void {
  state.gradEnabled = flag;
}
