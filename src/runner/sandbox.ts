/**
 * Runs a compiled snippet in a fresh `vm` context that holds only the JS built-ins, `Math`, a capturing `console`
 * and the `__lens` hooks (which carry the engine), with string code generation (eval, new Function) disabled.
 * Everything the snippet does is recorded into one Trace; nothing it throws escapes.
 */
import vm from "node:vm";
import type { EngineObserver, ObservedTensor } from "../engine/observer.js";
import type { ConsoleEntry, RunError, Trace } from "../protocol.js";
import { TRACE_VERSION } from "../protocol.js";
import type { CompiledSnippet } from "./compile.js";
import { formatConsoleArgs, formatValue } from "./format.js";
import { LensHooks, SnippetOutOfMemory, SnippetTimeout, statementTimeoutMessage, timeoutMessage } from "./hooks.js";
import { LENS_AT, LENS_GLOBAL, PROGRESS } from "./lensNames.js";
import { elementLimitFor, type ResolvedRunOptions } from "./options.js";
import { currentSnippetPosition, snippetPosition } from "./positions.js";
import { TraceRecorder } from "./recorder.js";
import { SNIPPET_FILENAME } from "./sites.js";

/** The engine as the runner drives it (src/engine/runtime.ts plus the snippet-facing module). */
export interface EngineRuntime {
  /** The module snippets import as `autograd-lens`. */
  torch: object;
  setObserver(o: EngineObserver | null): void;
  resetEngine(): void;
  setElementLimit(n: number): void;
  isTensor(x: unknown): x is ObservedTensor;
  /** Is this an engine error (PyTorch's text, maybe the id of the tensor involved)? */
  isTorchError(e: unknown): e is Error & { tensorId?: number };
}

/** Timing and limits of one run, decided by the caller (the worker knows the deadline set by its parent). */
export interface RunContext {
  options: ResolvedRunOptions;
  /** `Date.now()` at which the run was asked for (for `timings.totalMs`; the timeout starts with the snippet). */
  startedAt: number;
  /** Called just before the snippet's first statement runs: from then on its time counts. */
  onStart?: () => void;
  parseMs: number;
  /** The running statement and innermost loop (slots in lensNames.ts `PROGRESS`); read by the child's reporter. */
  progress: Int32Array;
  /** Enforce `options.memoryMb` on heap + tensor storage (in a worker, where the heap is the snippet's own). */
  guardMemory: boolean;
}

const CONSOLE_LEVELS = ["log", "info", "warn", "error", "debug"] as const;
/** Extra time for V8's own watchdog beyond the guards' deadline: it catches code stuck outside every loop guard. */
const VM_WATCHDOG_SLACK_MS = 200;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
}

function asErrorLike(e: unknown): ErrorLike | null {
  return typeof e === "object" && e !== null ? (e as ErrorLike) : null;
}

/** The fix PyTorch users apply for the non-scalar root error, spelled with the root's name. */
function suggestionFor(message: string, tensorLabel: string | null): string | null {
  if (message.startsWith("grad can be implicitly created only for scalar outputs") && tensorLabel !== null)
    return `${tensorLabel}.backward(torch.ones_like(${tensorLabel}))`;
  return null;
}

/** Runs `compiled` and returns its complete Trace (also when it throws, times out or hits a limit). */
export function runCompiled(compiled: CompiledSnippet, engine: EngineRuntime, rc: RunContext): Trace {
  const { options } = rc;
  const map = compiled.sourceMap;
  const consoleEntries: ConsoleEntry[] = [];
  let hooks: LensHooks | null = null;
  const recorder = new TraceRecorder({
    maxNodes: options.maxNodes,
    dataCap: options.dataCap,
    tables: compiled.tables,
    isTensor: engine.isTensor,
    currentLoop: () => (hooks === null ? null : hooks.currentLoop()),
    currentPosition: () => currentSnippetPosition(map),
  });
  const lensHooks = new LensHooks(recorder, compiled.tables.loops, compiled.tables.calls, options.timeoutMs, rc.progress, rc.guardMemory ? options.memoryMb : null);
  hooks = lensHooks;

  const capturedConsole: Record<string, (...args: unknown[]) => void> = {};
  const capture = (level: ConsoleEntry["level"], args: readonly unknown[]): void => {
    const pos = currentSnippetPosition(map);
    consoleEntries.push({ level, text: formatConsoleArgs(args, engine.isTensor), line: pos?.line ?? null });
  };
  for (const level of CONSOLE_LEVELS) capturedConsole[level] = (...args: unknown[]) => capture(level, args);
  // The rest of the console people reach for, mapped onto the captured levels.
  capturedConsole["dir"] = (...args: unknown[]) => capture("log", args.slice(0, 1));
  capturedConsole["table"] = (...args: unknown[]) => capture("log", args.slice(0, 1));
  capturedConsole["trace"] = (...args: unknown[]) => capture("debug", args);
  capturedConsole["assert"] = (cond?: unknown, ...args: unknown[]) => {
    if (!cond) capture("error", ["Assertion failed", ...args]);
  };
  const sandbox: Record<string, unknown> = {};
  Object.defineProperty(sandbox, "console", { value: Object.freeze(capturedConsole), enumerable: false });
  Object.defineProperty(sandbox, LENS_GLOBAL, { value: lensHooks.api(engine.torch), enumerable: false });
  for (const [name, value] of Object.entries(compiled.globals ?? {})) Object.defineProperty(sandbox, name, { value, enumerable: false });
  Object.defineProperty(sandbox, LENS_AT, { value: rc.progress, enumerable: false });
  // afterEvaluate: promise continuations (an `async function main()`) run inside this run, recorded and timed.
  const context = vm.createContext(sandbox, { name: "autograd-lens snippet", codeGeneration: { strings: false, wasm: false }, microtaskMode: "afterEvaluate" });
  // Deep engine stacks must not push the snippet's frames out of error stacks (we map positions from them).
  vm.runInContext("Error.stackTraceLimit = 200;", context);
  lensHooks.watchPromise = vm.runInContext(
    "(function (p, report) { p.then(undefined, function (reason) { report(reason); }); })",
    context,
  ) as (promise: unknown, report: (reason: unknown) => void) => void;

  let error: RunError | null = null;
  const previousLimit = Error.stackTraceLimit;
  const runStart = performance.now();
  try {
    Error.stackTraceLimit = 200;
    engine.resetEngine();
    engine.setElementLimit(elementLimitFor(options.memoryMb));
    engine.setObserver(recorder);
    const script = new vm.Script(compiled.code, { filename: SNIPPET_FILENAME });
    // The snippet's time starts here: start-up and compilation are ours, not the snippet's.
    lensHooks.startClock(Date.now() + options.timeoutMs);
    rc.progress[PROGRESS.started] = 1;
    rc.onStart?.();
    script.runInContext(context, { timeout: options.timeoutMs + VM_WATCHDOG_SLACK_MS, displayErrors: false });
    // Promise jobs have run (microtaskMode afterEvaluate): an async main() that rejected is the run's error.
    const rejected = lensHooks.discardedRejection();
    if (rejected !== null) throw rejected.reason;
  } catch (e) {
    error = toRunError(e, engine, recorder, compiled, rc, lensHooks.raisedTimeout());
  } finally {
    engine.setObserver(null);
    Error.stackTraceLimit = previousLimit;
  }
  const runMs = performance.now() - runStart;
  const graph = recorder.finish();
  if (error !== null && error.tensor) {
    const label = graph.tensors.find((t) => t.id === error?.tensor)?.label ?? null;
    error.suggestion = suggestionFor(error.message, label !== null && /^[A-Za-z_$][\w$]*$/.test(label) ? label : null);
  }
  return {
    version: TRACE_VERSION,
    file: options.file,
    ...graph,
    console: consoleEntries,
    error,
    timings: { parseMs: rc.parseMs, runMs, totalMs: Date.now() - rc.startedAt },
  };
}

/** Turns whatever the snippet threw into a RunError positioned in the snippet. */
function toRunError(
  e: unknown,
  engine: EngineRuntime,
  recorder: TraceRecorder,
  compiled: CompiledSnippet,
  rc: RunContext,
  guardTimeout: SnippetTimeout | null,
): RunError {
  const map = compiled.sourceMap;
  if (e instanceof SnippetTimeout) return { kind: "timeout", message: e.message, line: e.line, column: e.column };
  const err = asErrorLike(e);
  if (err?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
    // The guards saw the deadline first but the snippet kept going (it caught the error): name their loop.
    if (guardTimeout !== null) return { kind: "timeout", message: guardTimeout.message, line: guardTimeout.line, column: guardTimeout.column };
    const loopLine = rc.progress[PROGRESS.loopLine] || null;
    if (loopLine !== null) return { kind: "timeout", message: timeoutMessage(rc.options.timeoutMs, loopLine), line: loopLine, column: rc.progress[PROGRESS.loopColumn] || 1 };
    // Outside every loop: the statement the instrumented code last said it was running.
    const line = rc.progress[PROGRESS.line] || null;
    return { kind: "timeout", message: statementTimeoutMessage(rc.options.timeoutMs, line), line: line ?? 1, column: rc.progress[PROGRESS.column] || 1 };
  }
  const stack = typeof err?.stack === "string" ? err.stack : undefined;
  if (err?.name === "SyntaxError" && stack !== undefined && stack.startsWith(`${SNIPPET_FILENAME}:`)) {
    // V8 rejected code TypeScript accepted: "file:LINE\n…" heads the stack of a compile error.
    const m = /^[^:]+:(\d+)/.exec(stack);
    const pos = m ? map.originalPosition(Number(m[1]), 1) : null;
    return { kind: "syntax", message: `SyntaxError: ${String(err.message)}`, line: pos?.line ?? 1, column: pos?.column ?? 1 };
  }
  const pos = snippetPosition(stack, map);
  if (e instanceof SnippetOutOfMemory) return { kind: "memory", message: e.message, line: pos?.line ?? 1, column: pos?.column ?? 1 };
  const range = pos === null ? null : recorder.callRangeAt(pos.line, pos.column);
  // The whole call that threw (`y.backward()`), not just where V8 points inside it (`backward`).
  const base =
    range !== null
      ? { line: range.startLine, column: range.startColumn, endLine: range.endLine, endColumn: range.endColumn }
      : { line: pos?.line ?? 1, column: pos?.column ?? 1 };
  if (engine.isTorchError(e)) {
    const kind = /more than the limit of|out of memory/i.test(e.message) ? "memory" : "runtime";
    return { kind, message: e.message, ...base, tensor: e.tensorId === undefined ? null : `t${e.tensorId}` };
  }
  if (err !== null && typeof err.message === "string") {
    const name = typeof err.name === "string" ? err.name : "Error";
    return { kind: "runtime", message: `${name}: ${err.message}`, ...base };
  }
  return { kind: "runtime", message: `Uncaught ${formatValue(e, engine.isTensor, false)}`, ...base };
}
