/** The embedded engine, wired as the sandbox drives it. Kept apart so the sandbox itself stays engine-agnostic. */
import * as torch from "../engine/index.js";
import { isTensor, resetEngine, setElementLimit, setObserver, TorchError } from "../engine/runtime.js";
import type { EngineRuntime } from "./sandbox.js";

/** The one engine every run uses (reset at the start of each run). */
export const embeddedEngine: EngineRuntime = {
  torch,
  setObserver,
  resetEngine,
  setElementLimit,
  isTensor,
  isTorchError: (e: unknown): e is TorchError => e instanceof TorchError,
};
