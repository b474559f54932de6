/**
 * Parses snippets for the CodeLens in a worker thread, so VS Code's 9 MB typescript.js never loads on the extension
 * host's thread. Loaded there (even from a code cache) it blocked that thread 450-1500 ms while the workbench
 * started, which held back the graph view's `ready` message and the palette command itself. The worker is its own
 * bundle (dist/parse-worker.js, parseWorkerMain.ts); it compiles the compiler through codeCache.ts, with a verified
 * cache in the extension's storage (the runner's code-cache folder). Idle, it does not keep a process alive.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { codeCacheDirFor } from "../runner/index";
import type { ParseRequest, ParseResponse, ParseWorkerData } from "./parseProtocol";
import type { GradCall } from "./tsGradCalls";

const here = (): string => (typeof __dirname === "string" ? __dirname : process.cwd());

/** dist/parse-worker.js next to dist/extension.js, or the repository's dist/ (tests under tsx). */
export function findParseWorker(): string | null {
  const candidates = [path.join(here(), "parse-worker.js"), path.join(here(), "..", "..", "dist", "parse-worker.js"), path.join(process.cwd(), "dist", "parse-worker.js")];
  return candidates.find((p) => existsSync(p)) ?? null;
}

interface ParserThread {
  worker: Worker;
  key: string;
  nextId: number;
  pending: Map<number, (calls: GradCall[] | null) => void>;
}

let thread: ParserThread | null = null;
let broken = false;

/** "off" before the first parse (and always in a restricted workspace), "running", or "broken" (never again). */
export function parserState(): "off" | "running" | "broken" {
  return thread !== null ? "running" : broken ? "broken" : "off";
}

function start(paths: string[]): ParserThread | null {
  const key = JSON.stringify(paths);
  if (thread !== null && thread.key === key) return thread;
  if (thread !== null) void stopParser();
  if (broken) return null;
  const bundle = findParseWorker();
  if (bundle === null) {
    broken = true;
    return null;
  }
  const workerData: ParseWorkerData = { compilers: paths, cacheDir: codeCacheDirFor(bundle) };
  let worker: Worker;
  try {
    worker = new Worker(bundle, { workerData, execArgv: [], stdout: true, stderr: true });
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
  worker.on("message", (m: ParseResponse) => {
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
 * The gradient calls of `text` found by the worker's TypeScript parser (the first of `paths` that loads), or null
 * when the worker or the compiler is unavailable (the caller falls back).
 */
export function parseInWorker(text: string, paths: string[]): Promise<GradCall[] | null> {
  const t = start(paths);
  if (t === null) return Promise.resolve(null);
  return new Promise((resolve) => {
    const id = t.nextId++;
    t.pending.set(id, resolve);
    // Waiting for an answer keeps the process alive; idle, the thread does not.
    t.worker.ref();
    t.worker.postMessage({ id, text } satisfies ParseRequest);
  });
}

/** Terminates the parser thread (extension deactivation, tests); a later parse may start a new one. */
export async function stopParser(): Promise<void> {
  const t = thread;
  thread = null;
  broken = false;
  if (t === null) return;
  for (const done of t.pending.values()) done(null);
  t.pending.clear();
  t.worker.removeAllListeners("exit");
  t.worker.removeAllListeners("error");
  t.worker.on("error", () => undefined);
  await t.worker.terminate();
}
