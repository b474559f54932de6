// Makes sure dist/worker.js and dist/cli.js are current before tests that need them (npm test builds first; a
// single test file run by hand may not have). Rebuilds only those two bundles, with esbuild.mjs's settings, and
// only when a source file is newer, so a half-edited file elsewhere in the tree cannot fail these tests.
import { buildSync } from "esbuild";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stampCompilerId } from "../../../src/runner/compilerId.js";
import { REALM_BUILD_OPTIONS } from "../../../src/runner/realmSource.js";

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

/** Builds dist/worker.js, dist/cli.js and dist/render.js when missing or older than src/ (or webview/, which render.js is). */
export function ensureBuilt(): void {
  const bundles = ["worker.js", "compiler.js", "runner-child.js", "realm.js", "cli.js", "render.js"].map((f) => join(repoRoot, "dist", f));
  const oldest = Math.min(...bundles.map((b) => (existsSync(b) ? statSync(b).mtimeMs : 0)));
  if (oldest >= Math.max(newest(join(repoRoot, "src")), newest(join(repoRoot, "webview")))) return;
  const common = { bundle: true, sourcemap: "linked", platform: "node", format: "cjs", target: "node20", logLevel: "warning", absWorkingDir: repoRoot } as const;
  buildSync({ ...common, entryPoints: { worker: "src/runner/worker.ts" }, outdir: "dist", banner: { js: '"use strict";' }, external: ["esbuild"] });
  // Stamped with its identity, as esbuild.mjs does (src/runner/compilerId.ts).
  for (const f of buildSync({ ...common, entryPoints: { compiler: "src/runner/compiler.ts" }, outdir: "dist", banner: { js: '"use strict";' }, write: false }).outputFiles) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.path.endsWith(".js") ? stampCompilerId(f.text) : f.contents);
  }
  buildSync({ ...common, entryPoints: { "runner-child": "src/runner/child.ts" }, outdir: "dist", banner: { js: '"use strict";' } });
  buildSync({ ...common, ...REALM_BUILD_OPTIONS, entryPoints: { realm: "src/runner/realmRun.ts" }, outdir: "dist", sourcemap: false });
  buildSync({ ...common, entryPoints: { cli: "src/cli.ts" }, outdir: "dist", banner: { js: "#!/usr/bin/env node" } });
  buildSync({ ...common, entryPoints: { render: "webview/headless.ts" }, outdir: "dist" });
}
