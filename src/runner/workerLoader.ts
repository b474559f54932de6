/**
 * A cold start is dominated by V8 compiling the TypeScript compiler inside dist/worker.js (10 MB). The worker is
 * therefore started through this small loader, which compiles the bundle with a V8 code cache kept next to it
 * (or in the OS temp folder when dist/ is read-only) and refreshes the cache after a run, so it also holds the
 * functions compiled lazily while transpiling. Measured on this machine: a cold `trace` of 02-dot-4x drops from
 * ~500-700 ms to ~200-300 ms of worker time. A stale or foreign cache is rejected by V8 and rewritten.
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Where the loader looks for the code cache of `bundle`: next to it first, then a temp file named by its identity. */
export function codeCachePaths(bundle: string): string[] {
  let identity = bundle;
  try {
    const s = statSync(bundle);
    identity = `${bundle}:${s.size}:${s.mtimeMs}`;
  } catch {
    // Missing bundle: the Worker reports it; the paths just have to be well-formed.
  }
  const tag = createHash("sha256").update(identity).digest("hex").slice(0, 16);
  return [`${bundle}.cache`, path.join(tmpdir(), `autograd-lens-worker-${tag}.cache`)];
}

/**
 * Source of the loader (run with `new Worker(src, { eval: true })`). It reads `workerData.bundle` and
 * `workerData.cachePaths`; everything else in `workerData` is for the bundle itself.
 */
export const WORKER_LOADER_SOURCE = `"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");
const { workerData } = require("node:worker_threads");
const file = workerData.bundle;
let cached;
for (const p of workerData.cachePaths) {
  try { cached = fs.readFileSync(p); break; } catch {}
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData: cached });
const mod = { exports: {} };
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
if (cached === undefined || script.cachedDataRejected) {
  const data = script.createCachedData();
  for (const p of workerData.cachePaths) {
    const tmp = p + "." + process.pid + "." + require("node:worker_threads").threadId + ".tmp";
    try { fs.writeFileSync(tmp, data); fs.renameSync(tmp, p); break; } catch { try { fs.unlinkSync(tmp); } catch {} }
  }
}
`;
