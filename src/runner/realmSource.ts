/**
 * The realm bundle (realmRun.ts: engine, recorder, hooks) as one compiled script, run in each snippet's fresh vm
 * context. Built to dist/realm.js by esbuild.mjs; when this module runs from source (tests and the bench under
 * tsx) it bundles src/runner/realmRun.ts itself with the same options, so an edit to the engine is what runs.
 */
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

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

function realmCode(): string {
  if (__filename.endsWith(".ts")) return bundleFromSource();
  return fs.readFileSync(path.join(__dirname, "realm.js"), "utf8");
}

let script: vm.Script | null = null;

/**
 * The compiled realm script. Its completion value, run in a context, is the bundle's exports (`boot`). Strict, and
 * wrapped so nothing of it lands on the context's global object.
 */
export function realmScript(): vm.Script {
  if (script !== null) return script;
  const wrapped = `(function () { var module = { exports: {} }, exports = module.exports;\n${realmCode()}\nreturn module.exports; })()`;
  script = new vm.Script(wrapped, { filename: REALM_FILENAME });
  return script;
}
