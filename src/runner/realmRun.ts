/**
 * The snippet's side of a run, evaluated *inside* the snippet's vm context (bundled to dist/realm.js): the engine,
 * the recorder, the `__lens` hooks, the captured console and the error mapping all live in the snippet's realm.
 * So every object the snippet can reach — the engine's exports, tensors, grad functions, the console, their
 * prototypes and constructors — belongs to that realm, whose `Function` cannot compile strings
 * (`codeGeneration: { strings: false }`) and whose intrinsics nobody else uses. The snippet may tamper with its own
 * realm; it cannot reach or change the host's.
 *
 * The host talks to this realm only through primitives: it calls `boot` with a JSON config and a bridge of two
 * host functions kept in this closure (never stored where the snippet can reach them), and ends the run by
 * evaluating `__lensFinish(outcomeJson)`, which returns the Trace as JSON text. The host validates that text.
 */
import * as torch from "../engine/index.js";
import { isTensor, resetEngine, setElementLimit, setObserver, TorchError } from "../engine/runtime.js";
import { passJacobian } from "../engine/autograd/pass_jacobian.js";
import type { ConsoleEntry, RunError, Trace } from "../protocol.js";
import { TRACE_VERSION } from "../protocol.js";
import { encodeTraceText } from "../shared/traceCodec.js";
import { formatConsoleArgs } from "./format.js";
import { LensHooks } from "./hooks.js";
import { lockIntrinsics } from "./lockIntrinsics.js";
import { LENS_AT, LENS_GLOBAL, PROGRESS, REALM_GLOBALS } from "./lensNames.js";
import { elementLimitFor, type ResolvedRunOptions } from "./options.js";
import { currentSnippetPosition } from "./positions.js";
import { type RecordedGraph, TraceRecorder } from "./recorder.js";
import { type ErrorContext, recordingError, suggestionFor, toRunError, watchdogTimeout } from "./runError.js";
import type { SiteTables } from "./sites.js";
import { type PositionMap, SnippetSourceMap } from "./sourceMap.js";
import type { PositionSpec } from "./compile.js";
import { ComposedMap, PythonPositions } from "../python/positionMap.js";
import { pythonRuntime } from "../python/runtime.js";

/** What the host passes to `boot`, as JSON. */
export interface RealmConfig {
  tables: SiteTables;
  positions: PositionSpec;
  options: ResolvedRunOptions;
  guardMemory: boolean;
}

/** Host functions the realm may call (with no snippet value as argument, returning numbers only). */
export interface RealmBridge {
  /** Bytes outside the V8 heap (typed arrays, tensor storage). */
  externalBytes(): number;
}

/** How the run ended, as the host saw it. */
export type RunOutcome = { kind: "completed" } | { kind: "timeout" };

/** What `boot` gives the host: functions of this realm it calls with primitives only. */
export interface RealmHandle {
  /** The progress array's memory (read by the child's reporter thread). */
  progress: SharedArrayBuffer;
  /** The snippet starts now: its deadline is `timeoutMs` from here. */
  start(): void;
  /** A value thrown past the snippet's catch-all (the host never looks at it, just hands it back). */
  caught(e: unknown): void;
}

const CONSOLE_LEVELS = ["log", "info", "warn", "error", "debug"] as const;
/** Console output kept per run: entries, and characters over all of them; the rest is counted ("… N more lines"). */
export const MAX_CONSOLE_ENTRIES = 1000;
export const MAX_CONSOLE_CHARS = 1024 * 1024;
/** Largest Trace (JSON characters) a run may send back. */
export const MAX_TRACE_CHARS = 48 * 1024 * 1024;
const define = Object.defineProperty;
const freeze = Object.freeze;
const stringify = encodeTraceText;
const parse = JSON.parse;

/** Fixed for the run: a snippet must not get stack frames (CallSites) or hide its own positions. */
function lockStackTraceApi(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  define(Error, "prepareStackTrace", { value: undefined, writable: false, configurable: false, enumerable: false });
  // Deep engine stacks must not push the snippet's frames out of error stacks (we map positions from them).
  define(Error, "stackTraceLimit", { value: 200, writable: false, configurable: false, enumerable: false });
  // Node asks `globalThis.Error.prepareStackTrace` of the realm where an error was made: pin that `Error`.
  define(g, "Error", { value: Error, writable: false, configurable: false, enumerable: false });
}

let locked = false;

/**
 * Locks this realm's built-ins and pins its stack-trace API (lockIntrinsics.ts). Needs nothing of the run, so a
 * warm spare does it while it waits for its request (sandbox.ts `prepareRealm`); `boot` does it if nobody did.
 * Either way no snippet code exists in this realm yet, and what `boot` then sets up (the recorder, the hooks, the
 * console, the snippet's globals) adds to no built-in.
 */
export function lock(): void {
  if (locked) return;
  locked = true;
  lockStackTraceApi();
  lockIntrinsics();
}

/** Sets the run up in this realm. Called once, by the host, before the snippet is compiled. */
export function boot(bridge: RealmBridge, configJson: string): RealmHandle {
  const cfg = parse(configJson) as RealmConfig;
  const externalBytes = bridge.externalBytes;
  const options = cfg.options;
  const spec = cfg.positions;
  const tsMap = new SnippetSourceMap(spec.mappings);
  const map: PositionMap = spec.kind === "python" ? new ComposedMap(tsMap, new PythonPositions(spec.generated, spec.source, spec.segments)) : tsMap;
  const progressMemory = new SharedArrayBuffer(PROGRESS.slots * Int32Array.BYTES_PER_ELEMENT);
  const progress = new Int32Array(progressMemory);
  const consoleEntries: ConsoleEntry[] = [];
  let hooks: LensHooks | null = null;
  const recorder = new TraceRecorder({
    maxNodes: options.maxNodes,
    dataCap: options.dataCap,
    tables: cfg.tables,
    isTensor,
    currentLoop: () => (hooks === null ? null : hooks.currentLoop()),
    currentPosition: () => currentSnippetPosition(map),
    onTensor: () => hooks?.checkMemoryNow(),
    passJacobian: (root, seed, inputs) => {
      if (!isTensor(root) || !isTensor(seed)) return { leaves: [], skipped: "not an engine tensor" };
      return passJacobian(root, seed, inputs === null ? null : inputs.filter(isTensor));
    },
  });
  const lensHooks = new LensHooks(recorder, cfg.tables.loops, cfg.tables.calls, options.timeoutMs, progress, cfg.guardMemory ? options.memoryMb : null, () => externalBytes());
  hooks = lensHooks;
  lensHooks.watchPromise = (p, report) => {
    (p as Promise<unknown>).then(undefined, report);
  };

  const capturedConsole: Record<string, (...args: unknown[]) => void> = {};
  let consoleChars = 0;
  let droppedLines = 0;
  const capture = (level: ConsoleEntry["level"], args: readonly unknown[]): void => {
    if (consoleEntries.length >= MAX_CONSOLE_ENTRIES || consoleChars >= MAX_CONSOLE_CHARS) {
      droppedLines++;
      return;
    }
    const pos = currentSnippetPosition(map);
    let text = formatConsoleArgs(args, isTensor);
    if (text.length > MAX_CONSOLE_CHARS - consoleChars) text = `${text.slice(0, MAX_CONSOLE_CHARS - consoleChars)}…`;
    consoleChars += text.length;
    consoleEntries.push({ level, text, line: pos?.line ?? null });
  };
  for (const level of CONSOLE_LEVELS) capturedConsole[level] = (...args: unknown[]) => capture(level, args);
  // The rest of the console people reach for, mapped onto the captured levels.
  capturedConsole["dir"] = (...args: unknown[]) => capture("log", args.slice(0, 1));
  capturedConsole["table"] = (...args: unknown[]) => capture("log", args.slice(0, 1));
  capturedConsole["trace"] = (...args: unknown[]) => capture("debug", args);
  capturedConsole["assert"] = (cond?: unknown, ...args: unknown[]) => {
    if (!cond) capture("error", ["Assertion failed", ...args]);
  };

  let thrown: { value: unknown } | null = null;
  let finished = false;
  const errorContext: ErrorContext = { map, recorder, progress, timeoutMs: options.timeoutMs, isTensor, isTorchError: (e: unknown): e is TorchError => e instanceof TorchError };

  const finish = (outcomeJson: string): string => {
    if (finished) return "none\nnull";
    finished = true;
    setObserver(null);
    const outcome = parse(outcomeJson) as RunOutcome;
    let error: RunError | null = null;
    if (outcome.kind === "timeout") error = watchdogTimeout(errorContext, lensHooks.raisedTimeout());
    else if (thrown !== null) error = toRunError(thrown.value, errorContext);
    else {
      // Promise jobs have run (microtaskMode afterEvaluate): an async main() that rejected is the run's error.
      const rejected = lensHooks.discardedRejection();
      if (rejected !== null) error = toRunError(rejected.reason, errorContext);
    }
    let graph: RecordedGraph;
    try {
      graph = recorder.finish();
    } catch (e) {
      // The snippet changed an engine object the recorder reads (a getter that throws, a prototype removed): the
      // run's console survives, and the error says so, on the snippet's line when its code was involved.
      if (droppedLines > 0) consoleEntries.push({ level: "log", text: `… ${droppedLines} more lines`, line: null });
      const broken = recordingError(e, errorContext);
      const empty: Trace = { version: TRACE_VERSION, file: options.file, tensors: [], gradFns: [], passes: [], variables: {}, console: consoleEntries, warnings: [], error: broken, truncated: null, timings: { parseMs: 0, runMs: 0, totalMs: 0 } };
      return `${broken.kind}\n${stringify(empty)}`;
    }
    if (error !== null && error.tensor) {
      const label = graph.tensors.find((t) => t.id === error?.tensor)?.label ?? null;
      error.suggestion = suggestionFor(error.message, label !== null && /^[A-Za-z_$][\w$]*$/.test(label) ? label : null);
    }
    if (droppedLines > 0) consoleEntries.push({ level: "log", text: `… ${droppedLines} more lines`, line: null });
    const trace: Trace = {
      version: TRACE_VERSION,
      file: options.file,
      ...graph,
      console: consoleEntries,
      error,
      // The host measures these (this realm has no clock it could trust the snippet not to have replaced).
      timings: { parseMs: 0, runMs: 0, totalMs: 0 },
    };
    // First line: the error's kind (the host words runtime errors, and reads nothing else); then the Trace.
    const text = stringify(trace);
    if (text.length <= MAX_TRACE_CHARS) return `${error?.kind ?? "none"}\n${text}`;
    // Too big to send and show: the error says what to lower, and the run's console and error survive.
    const tooBig: RunError = {
      kind: "memory",
      message: `The run's Trace would be ${Math.ceil(text.length / 2 ** 20)} MB, more than the ${MAX_TRACE_CHARS / 2 ** 20} MB limit: keep fewer nodes (maxNodes) or values per tensor (dataCap)`,
      line: error?.line ?? 1,
      column: error?.column ?? 1,
    };
    return `${(error ?? tooBig).kind}\n${stringify({ ...trace, tensors: [], gradFns: [], passes: [], variables: {}, warnings: [], truncated: null, error: error ?? tooBig })}`;
  };

  const g = globalThis as unknown as Record<string, unknown>;
  const fixed = (name: string, value: unknown): void => {
    define(g, name, { value, writable: false, configurable: false, enumerable: false });
  };
  fixed("console", freeze(capturedConsole));
  fixed(LENS_GLOBAL, lensHooks.api(torch));
  fixed(LENS_AT, progress);
  // A translated Python snippet calls its runtime helpers on this realm's engine.
  if (spec.kind === "python") fixed("$py", pythonRuntime);
  fixed(REALM_GLOBALS.finish, finish);
  const caught = (e: unknown): void => {
    thrown ??= { value: e };
  };
  fixed(REALM_GLOBALS.caught, caught);
  // Before the snippet exists: it cannot replace a built-in the recording relies on.
  lock();

  resetEngine();
  setElementLimit(elementLimitFor(options.memoryMb));
  setObserver(recorder);
  return {
    progress: progressMemory,
    start: () => lensHooks.startClock(Date.now() + options.timeoutMs),
    caught,
  };
}
