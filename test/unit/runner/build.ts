// Makes sure dist/worker.js and dist/cli.js are current before tests that need them (npm test builds first; a
// single test file run by hand may not have). Rebuilds only when a source file is newer than the bundle.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const repoRoot = join(__dirname, "..", "..", "..");

function newest(dir: string): number {
  let m = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    m = Math.max(m, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return m;
}

/** Builds the bundles when dist/worker.js or dist/cli.js is missing or older than src/. */
export function ensureBuilt(): void {
  const bundles = ["worker.js", "cli.js"].map((f) => join(repoRoot, "dist", f));
  const oldest = Math.min(...bundles.map((b) => (existsSync(b) ? statSync(b).mtimeMs : 0)));
  if (oldest >= newest(join(repoRoot, "src"))) return;
  execFileSync(process.execPath, ["esbuild.mjs"], { cwd: repoRoot, stdio: "inherit" });
}
