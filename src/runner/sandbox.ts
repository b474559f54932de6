/**
 * Runs a compiled snippet in a fresh `vm` context whose realm holds everything the snippet can reach: the JS
 * built-ins of that realm, and the engine, recorder, hooks and console evaluated inside it (realmRun.ts). String
 * code generation (eval, new Function) is off and WebAssembly is gone before the snippet exists (see
 * `evaluateRealm`); the stack-trace API is pinned. The host side here
 * never touches a snippet value: it passes JSON in, gets the Trace back as JSON text, and reads only its own
 * errors (V8's watchdog, a compile error).
 */
import { types } from "node:util";
import { getHeapStatistics } from "node:v8";
import vm from "node:vm";
import type { RunError, Trace } from "../protocol.js";
import type { CompiledSnippet } from "./compile.js";
import { errorTrace } from "./errorTrace.js";
import { LENS_GLOBAL, REALM_GLOBALS } from "./lensNames.js";
import type { ResolvedRunOptions } from "./options.js";
import type { RealmConfig, RealmHandle, RunOutcome } from "./realmRun.js";
import { realmScript } from "./realmSource.js";
import { SNIPPET_FILENAME } from "./sites.js";
import { isRawTrace, type RawTrace, readRawTrace } from "./traceResult.js";

/** Timing and limits of one run, decided by the caller. */
export interface RunContext {
  options: ResolvedRunOptions;
  /** `Date.now()` at which the run was asked for (for `timings.totalMs`; the timeout starts with the snippet). */
  startedAt: number;
  parseMs: number;
  /** Enforce `options.memoryMb` on tensor storage (in the child, where the heap is the snippet's own). */
  guardMemory: boolean;
  /** Called with the progress array's memory once the realm has made it (the child's reporter reads it). */
  onProgress?: (memory: SharedArrayBuffer) => void;
  /** Called just before the snippet's first statement runs: from then on its time counts. */
  onStart?: () => void;
}

/** Extra time for V8's own watchdog beyond the guards' deadline: it catches code stuck outside every loop guard. */
const VM_WATCHDOG_SLACK_MS = 200;
/** Time the realm gets to turn its recording into the Trace after the snippet (it may run the snippet's getters). */
const FINISH_BUDGET_MS = 1000;

function internal(message: string): RunError {
  return { kind: "internal", message, line: 1, column: 1 };
}

/**
 * A fresh global with nothing of the host on it (Node ≥ 20.18: not even a contextified host object behind it).
 * `codeGeneration.wasm` is on only so that the realm bundle's top level can compile the engine's own matmul kernel
 * (src/engine/ops/matmul_wasm.ts) with this realm's WebAssembly; `evaluateRealm` removes WebAssembly right after,
 * before any snippet code exists here, and compiling needs the WebAssembly object.
 */
function createSnippetContext(): vm.Context {
  const options = { name: "autograd-lens snippet", codeGeneration: { strings: false, wasm: true }, microtaskMode: "afterEvaluate" as const };
  const bare = (vm.constants as unknown as { DONT_CONTEXTIFY?: symbol } | undefined)?.DONT_CONTEXTIFY;
  return bare !== undefined ? vm.createContext(bare as unknown as vm.Context, options) : vm.createContext({}, options);
}

/**
 * Evaluates the realm bundle in a fresh context and returns its exports. Its top level instantiates the matmul
 * kernel and keeps only the kernel's functions and Memory in a closure; then WebAssembly goes: a snippet that had
 * it could make a Memory of gigabytes in one call no guard sees, or compile code of its own. Fails closed: a realm
 * that still has it is not used.
 */
function evaluateRealm(context: vm.Context): OpenedRealm["exported"] {
  const exported = realmScript().runInContext(context) as OpenedRealm["exported"];
  if (vm.runInContext("delete globalThis.WebAssembly; typeof globalThis.WebAssembly", context) !== "undefined") {
    throw new Error("WebAssembly is still reachable in the snippet's realm");
  }
  return exported;
}

/**
 * An own data property of a native error (V8's watchdog error, a compile error), read without running anything:
 * `isNativeError` is false for a Proxy, and a property descriptor calls no getter. The watchdog's error is made in
 * the snippet's realm, so its prototype chain is not to be trusted; its own properties are Node's.
 */
function ownErrorField(e: unknown, key: "code" | "message" | "stack"): unknown {
  if (!types.isNativeError(e)) return undefined;
  const d = Object.getOwnPropertyDescriptor(e, key);
  return d !== undefined && "value" in d ? d.value : undefined;
}

/** The snippet's own catch-all, in the same script: what it throws stays in its realm. Keeps every line number. */
export function wrapSnippet(code: string): string {
  // The first line is `"use strict";` (compile.ts): it must stay the script's first statement to make it strict.
  const nl = code.indexOf("\n");
  const head = nl === -1 ? code : code.slice(0, nl);
  const body = nl === -1 ? "" : code.slice(nl);
  return `${head} try {${body}\n} catch (${LENS_GLOBAL}_e) { ${REALM_GLOBALS.caught}(${LENS_GLOBAL}_e); }\n`;
}

/** Runs `compiled` and returns its complete Trace (also when it throws, times out or hits a limit). */
export function runCompiled(compiled: CompiledSnippet, rc: RunContext): Trace {
  const r = openRun(compiled, rc).run();
  return isRawTrace(r) ? readRawTrace(r) : r;
}

/** A run set up but not started: its context (for tests that inspect the realm) and the run itself (once). */
export interface SnippetRun {
  context: vm.Context;
  run(): Trace | RawTrace;
}

/** A fresh context with the realm bundle evaluated in it (the engine's module code has run; nothing is booted). */
interface OpenedRealm {
  context: vm.Context;
  exported: { boot: (bridge: { externalBytes(): number }, json: string) => RealmHandle; lock: () => void };
}

function openRealm(): OpenedRealm {
  const context = createSnippetContext();
  return { context, exported: evaluateRealm(context) };
}

/**
 * One realm made ahead of the next run (a warm spare child makes it while it waits for its request): the context,
 * the engine's top level and the lock of its built-ins cost a few tens of milliseconds that then precede no run.
 * Used by one run only.
 */
let ahead: OpenedRealm | null = null;

/** Makes the next run's realm now (see `ahead`). Never throws: the run makes its own if this failed. */
export function prepareRealm(): void {
  if (ahead !== null) return;
  try {
    const made = openRealm();
    made.exported.lock();
    ahead = made;
  } catch {
    ahead = null;
  }
}

/** Sets a run up: a fresh context (the one made ahead, if any) for the realm to be booted in. */
export function openRun(compiled: CompiledSnippet, rc: RunContext): SnippetRun {
  const made = ahead;
  ahead = null;
  const context = made?.context ?? createSnippetContext();
  return { context, run: () => runIn(context, compiled, rc, made?.exported) };
}

function runIn(context: vm.Context, compiled: CompiledSnippet, rc: RunContext, madeAhead?: OpenedRealm["exported"]): Trace | RawTrace {
  const { options } = rc;
  const timings = (runMs: number): Trace["timings"] => ({ parseMs: rc.parseMs, runMs, totalMs: Date.now() - rc.startedAt });
  let realm: { progress: SharedArrayBuffer; start: () => void; caught: (e: unknown) => void };
  try {
    const exported = madeAhead ?? evaluateRealm(context);
    const config: RealmConfig = { tables: compiled.tables, positions: compiled.positions, options, guardMemory: rc.guardMemory };
    // Read at once, before any snippet code exists in that realm.
    const { progress, start, caught } = exported.boot({ externalBytes: () => getHeapStatistics().external_memory }, JSON.stringify(config));
    realm = { progress, start, caught };
  } catch (e) {
    return errorTrace(internal(`The runner could not set up the engine: ${e instanceof Error ? e.message : "unknown error"}`), options.file, timings(0));
  }
  rc.onProgress?.(realm.progress);

  let script: vm.Script;
  try {
    script = new vm.Script(wrapSnippet(compiled.code), { filename: SNIPPET_FILENAME });
  } catch (e) {
    // V8 rejected code TypeScript accepted: "file:LINE\n…" heads the stack of a compile error.
    const stack = ownErrorField(e, "stack");
    const message = ownErrorField(e, "message");
    const m = /^[^:]+:(\d+)/.exec(typeof stack === "string" ? stack : "");
    const pos = m ? compiled.sourceMap.originalPosition(Number(m[1]), 1) : null;
    const error: RunError = { kind: "syntax", message: `SyntaxError: ${typeof message === "string" ? message : "invalid code"}`, line: pos?.line ?? 1, column: pos?.column ?? 1 };
    return errorTrace(error, options.file, timings(0));
  }

  let outcome: RunOutcome = { kind: "completed" };
  // The snippet's time starts here: start-up and compilation are ours, not the snippet's.
  realm.start();
  rc.onStart?.();
  const runStart = performance.now();
  try {
    script.runInContext(context, { timeout: options.timeoutMs + VM_WATCHDOG_SLACK_MS, displayErrors: false });
  } catch (e) {
    if (ownErrorField(e, "code") === "ERR_SCRIPT_EXECUTION_TIMEOUT") outcome = { kind: "timeout" };
    // Thrown from inside the catch-all itself (a stack overflow there): the realm maps it, the host never looks.
    else realm.caught(e);
  }
  const runMs = performance.now() - runStart;

  let text: unknown;
  try {
    text = vm.runInContext(`${REALM_GLOBALS.finish}(${JSON.stringify(JSON.stringify(outcome))})`, context, { timeout: FINISH_BUDGET_MS, displayErrors: false });
  } catch {
    text = null;
  }
  const nl = typeof text === "string" ? text.indexOf("\n") : -1;
  if (typeof text !== "string" || nl < 0) return errorTrace(internal("The snippet broke the recording of its run (its Trace could not be made)"), options.file, timings(runMs));
  return { errorKind: text.slice(0, Math.min(nl, 16)), text: text.slice(nl + 1), file: options.file, timings: timings(runMs) };
}
