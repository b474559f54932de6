/** Makes sure the bundles the VS Code tests load exist (npm test builds them; a direct run may not have). */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./codeServer";

function run(args: string[]): void {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed`);
}

function mtime(p: string): number {
  return existsSync(p) ? statSync(p).mtimeMs : 0;
}

/** Newest modification time of any file under a directory. */
function newest(dir: string): number {
  let m = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    m = Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return m;
}

/** Builds dist/ (esbuild.mjs) when a bundle is missing, and dist/types when missing or older than the engine. */
export function ensureBuilt(): void {
  const bundles = ["dist/extension.js", "dist/worker.js", "dist/compiler.js", "dist/runner-child.js", "dist/realm.js", "dist/webview.js", "dist/test/suite/index.js"].map((p) => join(ROOT, p));
  if (bundles.some((p) => !existsSync(p))) run(["esbuild.mjs"]);
  for (const p of bundles) if (!existsSync(p)) throw new Error(`${p} was not built`);
  // The snippet types are built by scripts/build-types.mjs (not part of esbuild.mjs).
  const types = join(ROOT, "dist", "types", "index.d.ts");
  const plugin = join(ROOT, "dist", "types", "ts-plugin.js");
  if (mtime(types) < newest(join(ROOT, "src", "engine")) || mtime(plugin) < mtime(join(ROOT, "src", "extension", "tsPlugin.ts"))) run(["scripts/build-types.mjs"]);
}
