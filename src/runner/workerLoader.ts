/**
 * A cold start is dominated by V8 compiling the TypeScript compiler inside dist/worker.js (10 MB). The worker is
 * therefore started through this small loader, which compiles the bundle with a V8 code cache kept next to it
 * (or in the OS temp folder when dist/ is read-only) and refreshes the cache after a run, so it also holds the
 * functions compiled lazily while transpiling. Measured on this machine: a cold `trace` of 02-dot-4x drops from
 * ~500-700 ms to ~200-300 ms of worker time. A stale or foreign cache is rejected by V8 and rewritten.
 *
 * The loader compiles the bundle before it has a request, says `WORKER_LOADED`, and then serves the first message
 * it receives: the parent can start a worker ahead of time (a warm spare) and a run then only posts its request.
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** What the loader posts once the bundle is compiled and it waits for its request. Never a Trace. */
export const WORKER_LOADED = "autograd-lens:worker-loaded";

/** Path, size and mtime of the bundle: a rebuilt bundle has another identity (spares and caches of it are stale). */
export function bundleIdentity(bundle: string): string {
  try {
    const s = statSync(bundle);
    return `${bundle}:${s.size}:${s.mtimeMs}`;
  } catch {
    // Missing bundle: the Worker reports it; the identity just has to be well-formed.
    return bundle;
  }
}

/** Where the loader looks for the code cache of `bundle`: next to it first, then a temp file named by its identity. */
export function codeCachePaths(bundle: string, identity = bundleIdentity(bundle)): string[] {
  const tag = createHash("sha256").update(identity).digest("hex").slice(0, 16);
  return [`${bundle}.cache`, path.join(tmpdir(), `autograd-lens-worker-${tag}.cache`)];
}

/**
 * Source of the loader (run with `new Worker(src, { eval: true })`). It reads `workerData.bundle` and
 * `workerData.cachePaths`, compiles and evaluates the bundle, posts WORKER_LOADED, then passes its first message
 * (a WorkerRequest) to the bundle's `serveRequest` and posts the Trace. With no listener left the thread exits.
 */
export const WORKER_LOADER_SOURCE = `"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");
const { parentPort, threadId, workerData } = require("node:worker_threads");
const file = workerData.bundle;
let cached;
for (const p of workerData.cachePaths) {
  try { cached = fs.readFileSync(p); break; } catch {}
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData: cached });
const mod = { exports: {} };
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
parentPort.once("message", (request) => {
  parentPort.postMessage(mod.exports.serveRequest(request));
  // After the run, so the cache also holds what compiling and running a snippet compiled lazily.
  if (cached === undefined || script.cachedDataRejected) {
    const data = script.createCachedData();
    for (const p of workerData.cachePaths) {
      const tmp = p + "." + process.pid + "." + threadId + ".tmp";
      try { fs.writeFileSync(tmp, data); fs.renameSync(tmp, p); break; } catch { try { fs.unlinkSync(tmp); } catch {} }
    }
  }
});
parentPort.postMessage(${JSON.stringify(WORKER_LOADED)});
`;
