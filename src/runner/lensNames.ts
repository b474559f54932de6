/**
 * The contract between the instrumenter (instrument.ts), which writes calls to these names into the snippet, and
 * the hooks (hooks.ts), which answer them. Defined once so the two cannot drift.
 */

/** The one object the instrumented code calls. Snippets may not name it (the instrumenter rejects `__lens*`). */
export const LENS_GLOBAL = "__lens";

/**
 * The progress array (an Int32Array) the instrumented code writes the running statement's position into, before
 * each statement: two stores, far cheaper than a call. Read when time runs out outside every loop guard, and by
 * the child's reporter thread, so even a killed run names its line.
 */
export const LENS_AT = "__lensAt";

/** Methods of `__lens`, by what they report. */
export const HOOK = {
  /** `c(site, value)`: the call at `site` completed with `value`. */
  call: "c",
  /** `cd(site, value)`: same, for a call whose value is discarded (a promise nobody else can observe). */
  callDiscarded: "cd",
  /** `b(value, site)`: `value` was bound to the name of bind site `site`. */
  bind: "b",
  /** `bs(values, sites)`: several names bound at once (destructuring, parameters). */
  bindMany: "bs",
  /** `a(value, after)`: a destructuring assignment finished; `after` reports its targets. */
  assigned: "a",
  /** `e(loop)`: loop entered. */
  loopEnter: "e",
  /** `t(loop)`: loop iteration starts (the deadline check). */
  loopTick: "t",
  /** `x(loop)`: loop left. */
  loopExit: "x",
  /** The engine module, what `import … from "autograd-lens"` binds. */
  engine: "torch",
} as const;

/** Slots of the progress array. */
export const PROGRESS = {
  /** Innermost running loop (0: none). */
  loopLine: 0,
  loopColumn: 1,
  /** Statement running now (0: none yet). */
  line: 2,
  column: 3,
  /** Set to 1 by the child when the snippet starts running (compilation done). */
  started: 4,
  slots: 5,
} as const;

/** Globals of the snippet's realm the host's own small scripts call (realmRun.ts defines them, fixed). */
export const REALM_GLOBALS = {
  /** `__lensFinish(outcomeJson)` → the Trace as JSON text. */
  finish: "__lensFinish",
  /** `__lensCaught(e)`: the snippet's top-level catch-all hands what it caught to the recorder. */
  caught: "__lensCaught",
} as const;
