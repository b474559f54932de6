/**
 * Parses snippets for the CodeLens in a worker thread, so VS Code's 9 MB typescript.js never loads on the extension
 * host's thread. Loaded there (even from a code cache) it blocked that thread 450-1500 ms while the workbench
 * started, which held back the graph view's `ready` message and the palette command itself. The worker compiles
 * the compiler with a V8 code cache in the OS temp folder and answers `{ id, text }` with `{ id, calls }`
 * (`calls` null when no compiler could be loaded). Idle, it does not keep a process alive.
 */
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type * as ts from "typescript";
import { bundleIdentity } from "../runner/index";
import type { GradCall } from "./gradCalls";

/** The visitor that runs inside the worker: self-contained (its source text is sent there), only `t` and `text`. */
export type CollectCalls = (t: typeof ts, text: string) => GradCall[];

/** Where the V8 code cache of a compiler file lives (named by its path, size and mtime). */
export function compilerCachePath(file: string): string {
  const tag = createHash("sha256").update(bundleIdentity(file)).digest("hex").slice(0, 16);
  return path.join(tmpdir(), `autograd-lens-tsc-${tag}.cache`);
}

function workerSource(collect: CollectCalls): string {
  return `"use strict";
const fs = require("node:fs");
const vm = require("node:vm");
const path = require("node:path");
const Module = require("node:module");
const { parentPort, workerData } = require("node:worker_threads");
let t = null;
let fresh = null;
for (const c of workerData.compilers) {
  try {
    let cached;
    try { cached = fs.readFileSync(c.cache); } catch {}
    const script = new vm.Script(Module.wrap(fs.readFileSync(c.file, "utf8")), { filename: c.file, cachedData: cached });
    const mod = { exports: {} };
    script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(c.file), mod, c.file, path.dirname(c.file));
    if (typeof mod.exports.createSourceFile !== "function") continue;
    t = mod.exports;
    if (cached === undefined || script.cachedDataRejected) fresh = { script, cache: c.cache };
    break;
  } catch {}
}
// A loader that keeps function names (tsx) wraps inner functions in __name(fn, "name"): harmless here.
const __name = (f) => f;
const collect = ${collect.toString()};
parentPort.on("message", (m) => {
  let calls = null;
  try { if (t !== null) calls = collect(t, m.text); } catch {}
  parentPort.postMessage({ id: m.id, calls });
  // After the first parse, so the cache also holds what parsing compiled lazily.
  if (fresh !== null) {
    const f = fresh;
    fresh = null;
    const tmp = f.cache + "." + process.pid + ".tmp";
    try { fs.writeFileSync(tmp, f.script.createCachedData()); fs.renameSync(tmp, f.cache); } catch { try { fs.unlinkSync(tmp); } catch {} }
  }
});
`;
}

interface ParserThread {
  worker: Worker;
  key: string;
  nextId: number;
  pending: Map<number, (calls: GradCall[] | null) => void>;
}

let thread: ParserThread | null = null;
let broken = false;

function start(paths: string[], collect: CollectCalls): ParserThread | null {
  const key = JSON.stringify(paths);
  if (thread !== null && thread.key === key) return thread;
  if (thread !== null) void stopParser();
  if (broken) return null;
  let worker: Worker;
  try {
    worker = new Worker(workerSource(collect), { eval: true, workerData: { compilers: paths.map((file) => ({ file, cache: compilerCachePath(file) })) }, execArgv: [], stdout: true, stderr: true });
  } catch {
    broken = true;
    return null;
  }
  const t: ParserThread = { worker, key, nextId: 1, pending: new Map() };
  const fail = (): void => {
    if (thread === t) thread = null;
    broken = true;
    for (const done of t.pending.values()) done(null);
    t.pending.clear();
  };
  worker.on("message", (m: { id: number; calls: GradCall[] | null }) => {
    const done = t.pending.get(m.id);
    t.pending.delete(m.id);
    if (t.pending.size === 0) worker.unref();
    done?.(m.calls);
  });
  worker.once("error", fail);
  worker.once("exit", fail);
  worker.unref();
  thread = t;
  return t;
}

/**
 * The gradient calls of `text` found by the worker's TypeScript parser, or null when the worker or the compiler is
 * unavailable (the caller falls back).
 */
export function parseInWorker(text: string, paths: string[], collect: CollectCalls): Promise<GradCall[] | null> {
  const t = start(paths, collect);
  if (t === null) return Promise.resolve(null);
  return new Promise((resolve) => {
    const id = t.nextId++;
    t.pending.set(id, resolve);
    // Waiting for an answer keeps the process alive; idle, the thread does not.
    t.worker.ref();
    t.worker.postMessage({ id, text });
  });
}

/** Terminates the parser thread (extension deactivation, tests). */
export async function stopParser(): Promise<void> {
  const t = thread;
  thread = null;
  if (t === null) return;
  for (const done of t.pending.values()) done(null);
  t.pending.clear();
  t.worker.removeAllListeners("exit");
  t.worker.removeAllListeners("error");
  t.worker.on("error", () => undefined);
  await t.worker.terminate();
}
