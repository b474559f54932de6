// Builds every bundle into dist/. `node esbuild.mjs [--watch] [--production]`.
import * as esbuild from "esbuild";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { viewScripts, viewBundleOptions } from "./scripts/view-bundle.mjs";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

const common = { bundle: true, sourcemap: production ? false : "linked", minify: production, logLevel: "warning" };

/** Each bundle and where it runs. */
const bundles = [
  // Extension host (Node, CommonJS, `vscode` provided by the host).
  { entryPoints: { extension: "src/extension/extension.ts" }, platform: "node", format: "cjs", target: "node20", external: ["vscode"] },
  // The runner's light bundle, loaded first by its child process: realm driving, recorder's Trace, no compiler.
  // Strict throughout: a snippet that gets hold of a stack frame (the stack-trace API) must find no sloppy function.
  { entryPoints: { worker: "src/runner/worker.ts" }, platform: "node", format: "cjs", target: "node20", banner: { js: '"use strict";' }, external: ["esbuild"] },
  // The runner's compiler part (TypeScript compiler, instrumenter, Python translator), loaded by the child only when
  // a run has to compile (src/runner/worker.ts). Strict for the same reason. Written by `compilerId` below, which
  // stamps its identity into it (part of the compile cache's key, src/runner/compilerId.ts).
  { entryPoints: { compiler: "src/runner/compiler.ts" }, platform: "node", format: "cjs", target: "node20", banner: { js: '"use strict";' }, write: false, plugins: [compilerId()] },
  // What runs inside the snippet's realm (engine, recorder, hooks): no Node, strict. Same options as
  // REALM_BUILD_OPTIONS in src/runner/realmSource.ts, which builds it from source under tsx.
  { entryPoints: { realm: "src/runner/realmRun.ts" }, platform: "neutral", format: "cjs", target: "es2022", mainFields: ["module", "main"], banner: { js: '"use strict";' }, sourcemap: false },
  // The runner's child process: a small loader that compiles dist/worker.js with its verified code cache.
  { entryPoints: { "runner-child": "src/runner/child.ts" }, platform: "node", format: "cjs", target: "node20", banner: { js: '"use strict";' } },
  // The CLI.
  { entryPoints: { cli: "src/cli.ts" }, platform: "node", format: "cjs", target: "node20", banner: { js: "#!/usr/bin/env node" } },
  // The CLI's headless render of the view (render --out g.svg|g.dot|g.json): the view's code in Node, loaded by
  // dist/cli.js only when it draws.
  { entryPoints: { render: "webview/headless.ts" }, platform: "node", format: "cjs", target: "node20" },
  // The graph view: one browser bundle for the VS Code webview and the standalone render HTML, carrying the app's
  // script and cytoscape's, which it runs as soon as it starts (scripts/view-bundle.mjs).
  viewBundleOptions(await viewScripts()),
  // Integration tests that run inside a real VS Code extension host.
  { entryPoints: { "test/suite/index": "test/vscode/suite/index.ts" }, platform: "node", format: "cjs", target: "node20", external: ["vscode", "mocha"] },
];

/**
 * Writes the bundle's files, its JavaScript with its identity stamped into the first line: the SHA-256 of the text,
 * after the `"use strict";` banner (src/runner/compilerId.ts reads it and says why; `stampCompilerId` there is the
 * same). Only after a build without errors.
 */
function compilerId() {
  const banner = '"use strict";';
  return {
    name: "compiler-id",
    setup(build) {
      build.onEnd((r) => {
        if (r.errors.length > 0 || r.outputFiles === undefined) return;
        for (const f of r.outputFiles) {
          fs.mkdirSync(path.dirname(f.path), { recursive: true });
          if (!f.path.endsWith(".js")) {
            fs.writeFileSync(f.path, f.contents);
            continue;
          }
          if (!f.text.startsWith(banner)) throw new Error(`${f.path} must start with ${banner}`);
          const id = createHash("sha256").update(f.text).digest("hex");
          fs.writeFileSync(f.path, `${banner}/* agl-compiler-sha256:${id} */${f.text.slice(banner.length)}`);
        }
      });
    },
  };
}

/**
 * In watch mode, the two lines the editor's watch task (.vscode/tasks.json) waits for, once per rebuild of all the
 * bundles a change touched (not once per bundle); esbuild prints the errors itself.
 */
let building = 0;
let errors = 0;
const watchLog = {
  name: "watch-log",
  setup(build) {
    build.onStart(() => {
      if (building++ === 0) console.log("[watch] build started");
    });
    build.onEnd((r) => {
      errors += r.errors.length;
      if (--building > 0) return;
      console.log(`[watch] build finished${errors > 0 ? ` with ${errors} error(s)` : ""}`);
      errors = 0;
    });
  },
};

const contexts = await Promise.all(bundles.map((b) => esbuild.context({ ...common, ...b, outdir: "dist", plugins: [...(b.plugins ?? []), ...(watch ? [watchLog] : [])] })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
