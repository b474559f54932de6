/**
 * The realm bundle (realmRun.ts: engine, recorder, hooks) as one compiled script, run in each snippet's fresh vm
 * context. Built to dist/realm.js by esbuild.mjs; when this module runs from source (tests and the bench under
 * tsx) it bundles src/runner/realmRun.ts itself with the same options, so an edit to the engine is what runs.
 */
import fs from "node:fs";
import path from "node:path";
import type vm from "node:vm";
import { type CachedScript, compileWithCodeCache } from "./codeCache.js";

/** File name of the realm bundle in stack traces (its frames are ours, never the snippet's). */
export const REALM_FILENAME = "autograd-lens-runtime.js";

/** esbuild options of the realm bundle; esbuild.mjs spells out the same. */
export const REALM_BUILD_OPTIONS: import("esbuild").BuildOptions = {
  bundle: true,
  format: "cjs",
  platform: "neutral",
  target: "es2022",
  mainFields: ["module", "main"],
  banner: { js: '"use strict";' },
  logLevel: "warning",
};

function bundleFromSource(): string {
  // Only under tsx (a .ts file); the bundles never take this path, and esbuild is a devDependency.
  const esbuild = require("esbuild") as typeof import("esbuild");
  const out = esbuild.buildSync({ ...REALM_BUILD_OPTIONS, entryPoints: [path.join(__dirname, "realmRun.ts")], write: false, sourcemap: false });
  const file = out.outputFiles[0];
  if (file === undefined) throw new Error("esbuild produced no realm bundle");
  return file.text;
}

const REALM_FILE = path.join(__dirname, "realm.js");

function realmCode(): string {
  if (__filename.endsWith(".ts")) return bundleFromSource();
  return fs.readFileSync(REALM_FILE, "utf8");
}

let compiled: CachedScript | null = null;
/** The runner child's cache folder (worker.ts), for dist/realm.js's verified V8 code cache; null: none. */
let codeCacheDir: string | null = null;

/**
 * Compile the realm bundle with the verified code cache of `dir` (codeCache.ts): a cold child then skips compiling
 * the engine and recorder functions its run needs, which dominate a cold run's own time. Before the first run.
 * Not under tsx, where the bundle is made from source each time.
 */
export function useRealmCodeCache(dir: string | null): void {
  codeCacheDir = __filename.endsWith(".ts") ? null : dir;
}

/** After a run: refreshes the realm bundle's code cache with what the run compiled (if none was used). */
export function saveRealmCodeCache(): void {
  compiled?.saveCache();
}

/**
 * The compiled realm script. Its completion value, run in a context, is the bundle's exports (`boot`). Strict, and
 * wrapped so nothing of it lands on the context's global object.
 */
export function realmScript(): vm.Script {
  if (compiled !== null) return compiled.script;
  const wrapped = `(function () { var module = { exports: {} }, exports = module.exports;\n${realmCode()}\nreturn module.exports; })()`;
  // The cache's header names the exact text compiled: the wrapped bundle.
  compiled = compileWithCodeCache(REALM_FILE, wrapped, Buffer.from(wrapped, "utf8"), codeCacheDir, REALM_FILENAME);
  return compiled.script;
}
