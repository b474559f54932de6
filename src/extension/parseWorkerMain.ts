/**
 * The CodeLens parser worker thread (dist/parse-worker.js), started by parseWorker.ts. It loads VS Code's
 * typescript.js through codeCache.ts (a verified code cache in the extension's storage, never the temp folder) and
 * answers each `{ id, text }` with `{ id, calls }`. After the first parse it refreshes the cache, so the cache also
 * holds what parsing compiled lazily.
 */
import { parentPort, workerData } from "node:worker_threads";
import type * as ts from "typescript";
import { type CachedModule, loadWithCodeCache } from "../runner/codeCache";
import type { ParseRequest, ParseResponse, ParseWorkerData } from "./parseProtocol";
import { collectGradCalls } from "./tsGradCalls";

function loadCompiler(data: ParseWorkerData): { t: typeof ts; mod: CachedModule } | null {
  for (const file of data.compilers) {
    try {
      const mod = loadWithCodeCache(file, data.cacheDir);
      const t = mod.exports as typeof ts;
      if (typeof t.createSourceFile === "function") return { t, mod };
    } catch {
      // Try the next location.
    }
  }
  return null;
}

const data = workerData as ParseWorkerData;
const compiler = loadCompiler(data);
let cacheSaved = false;
parentPort?.on("message", (m: ParseRequest) => {
  let calls: ParseResponse["calls"] = null;
  try {
    if (compiler !== null) calls = collectGradCalls(compiler.t, m.text);
  } catch {
    // A parser crash on odd input: the host falls back to the line scan.
  }
  parentPort?.postMessage({ id: m.id, calls } satisfies ParseResponse);
  if (!cacheSaved && compiler !== null) {
    cacheSaved = true;
    compiler.mod.saveCache();
  }
});
