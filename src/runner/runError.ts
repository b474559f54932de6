/**
 * Turns whatever a snippet threw into a RunError on the snippet's line. Runs inside the snippet's realm
 * (realmRun.ts), on a value the snippet chose: an Error, a string, a symbol, a plain object, an object whose
 * getters throw, a Proxy whose every trap throws. Every read is guarded, and a value that carries no stack (not an
 * Error) is placed where the snippet was running when it threw (the statement position the instrumented code
 * writes), never on line 1 by default.
 */
import type { RunError } from "../protocol.js";
import { formatValueSafely } from "./format.js";
import { SnippetOutOfMemory, SnippetTimeout, statementTimeoutMessage, timeoutMessage } from "./hooks.js";
import { PROGRESS } from "./lensNames.js";
import { snippetPosition } from "./positions.js";
import type { TraceRecorder } from "./recorder.js";
import { SNIPPET_FILENAME } from "./sites.js";
import type { PositionMap } from "./sourceMap.js";

/** What the mapping needs to know about the run. */
export interface ErrorContext {
  map: PositionMap;
  recorder: TraceRecorder;
  progress: Int32Array;
  timeoutMs: number;
  isTensor: (x: unknown) => boolean;
  isTorchError: (e: unknown) => e is Error & { tensorId?: number };
}

/** A property of a thrown value, or undefined when reading it throws. */
function read(e: unknown, key: string): unknown {
  if ((typeof e !== "object" && typeof e !== "function") || e === null) return undefined;
  try {
    return (e as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function isA<T>(e: unknown, cls: abstract new (...a: never[]) => T): e is T {
  try {
    return e instanceof cls;
  } catch {
    return false; // a Proxy whose getPrototypeOf trap throws
  }
}

/** The fix PyTorch users apply for the non-scalar root error, spelled with the root's name. */
export function suggestionFor(message: string, tensorLabel: string | null): string | null {
  if (message.startsWith("grad can be implicitly created only for scalar outputs") && tensorLabel !== null)
    return `${tensorLabel}.backward(torch.ones_like(${tensorLabel}))`;
  return null;
}

/** The statement the instrumented code last said it was running, or null before the first one. */
function runningStatement(progress: Int32Array): { line: number; column: number } | null {
  const line = progress[PROGRESS.line] ?? 0;
  return line > 0 ? { line, column: progress[PROGRESS.column] || 1 } : null;
}

/** V8's watchdog ended the run: name the loop the guards saw, else the running statement. */
export function watchdogTimeout(ctx: ErrorContext, guardTimeout: SnippetTimeout | null): RunError {
  if (guardTimeout !== null) return { kind: "timeout", message: guardTimeout.message, line: guardTimeout.line, column: guardTimeout.column };
  const loopLine = ctx.progress[PROGRESS.loopLine] || null;
  if (loopLine !== null) return { kind: "timeout", message: timeoutMessage(ctx.timeoutMs, loopLine), line: loopLine, column: ctx.progress[PROGRESS.loopColumn] || 1 };
  const at = runningStatement(ctx.progress);
  return { kind: "timeout", message: statementTimeoutMessage(ctx.timeoutMs, at?.line ?? null), line: at?.line ?? 1, column: at?.column ?? 1 };
}

/**
 * The recording failed while the Trace was made after the run: the snippet changed an engine object the recorder
 * reads (a tensor's getter, its prototype). When the failure ran through the snippet's own code (its getter), the
 * error is on that code's line; otherwise the snippet's change left no trace of where it was made. Never throws.
 */
export function recordingError(e: unknown, ctx: ErrorContext): RunError {
  const stack = read(e, "stack");
  const name = read(e, "name");
  const message = read(e, "message");
  const what = typeof message === "string" ? `${typeof name === "string" ? name : "Error"}: ${message}` : `Uncaught ${formatValueSafely(e, ctx.isTensor, false)}`;
  const pos = snippetPosition(typeof stack === "string" ? stack : undefined, ctx.map);
  if (pos !== null) return { kind: "runtime", message: `The snippet's own code broke the recording of its run: ${what}`, line: pos.line, column: pos.column };
  return { kind: "internal", message: `The snippet broke the recording of its run (its Trace could not be made): ${what}`, line: 1, column: 1 };
}

/** Turns whatever the snippet threw into a RunError positioned in the snippet. Never throws. */
export function toRunError(e: unknown, ctx: ErrorContext): RunError {
  // Before any read of `e`: its getters are snippet code, and running them moves the statement position.
  const throwingStatement = runningStatement(ctx.progress);
  if (isA(e, SnippetTimeout)) return { kind: "timeout", message: e.message, line: e.line, column: e.column };
  const stackValue = read(e, "stack");
  const stack = typeof stackValue === "string" ? stackValue : undefined;
  const name = read(e, "name");
  const message = read(e, "message");
  if (name === "SyntaxError" && stack !== undefined && stack.startsWith(`${SNIPPET_FILENAME}:`)) {
    // V8 rejected code TypeScript accepted: "file:LINE\n…" heads the stack of a compile error.
    const m = /^[^:]+:(\d+)/.exec(stack);
    const pos = m ? ctx.map.originalPosition(Number(m[1]), 1) : null;
    return { kind: "syntax", message: `SyntaxError: ${String(message)}`, line: pos?.line ?? 1, column: pos?.column ?? 1 };
  }
  // An Error's stack says where it was made; anything else was thrown where the snippet is running now.
  const pos = snippetPosition(stack, ctx.map) ?? throwingStatement;
  if (isA(e, SnippetOutOfMemory)) return { kind: "memory", message: e.message, line: pos?.line ?? 1, column: pos?.column ?? 1 };
  const range = pos === null || stack === undefined ? null : ctx.recorder.callRangeAt(pos.line, pos.column);
  // The whole call that threw (`y.backward()`), not just where V8 points inside it (`backward`).
  const base =
    range !== null
      ? { line: range.startLine, column: range.startColumn, endLine: range.endLine, endColumn: range.endColumn }
      : { line: pos?.line ?? 1, column: pos?.column ?? 1 };
  let torchError = false;
  try {
    torchError = ctx.isTorchError(e);
  } catch {
    torchError = false;
  }
  if (torchError && typeof message === "string") {
    const kind = /more than the limit of|out of memory/i.test(message) ? "memory" : "runtime";
    const tensorId = read(e, "tensorId");
    return { kind, message, ...base, tensor: typeof tensorId === "number" ? `t${tensorId}` : null };
  }
  if (typeof message === "string") return { kind: "runtime", message: `${typeof name === "string" ? name : "Error"}: ${message}`, ...base };
  return { kind: "runtime", message: `Uncaught ${formatValueSafely(e, ctx.isTensor, false)}`, ...base };
}
