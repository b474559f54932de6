// The runner's bundle split (issue 10, cold path): the child loads the light bundle (dist/worker.js) first and the
// compiler part (dist/compiler.js: TypeScript, instrumenter, Python translator) only when its run has to compile.
// What must always hold: the light bundle carries no TypeScript compiler; a run that compiles loads it and gives the
// in-process Trace (TypeScript and Python); a run that never compiles (a source past the limits) does not load it.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Trace } from "../../../src/protocol.js";
import { runSnippetDetailed, setWorkerPath } from "../../../src/runner/index.js";
import { traceInProcess } from "../../../src/runner/inProcess.js";
import { MAX_SOURCE_CHARS } from "../../../src/runner/sourceLimits.js";
import { ensureBuilt, repoRoot } from "./build.js";

const strip = (t: Trace): string => JSON.stringify({ ...t, timings: null });
const example = (f: string): string => readFileSync(join(repoRoot, "examples", f), "utf8");
/** A string of TypeScript's own source (ts.versionMajorMinor's declaration), in any bundle that carries it. */
const TS_MARK = "versionMajorMinor";

before(() => {
  ensureBuilt();
  setWorkerPath(join(repoRoot, "dist", "worker.js"));
});

test("dist/worker.js carries no TypeScript compiler; dist/compiler.js does", () => {
  const light = readFileSync(join(repoRoot, "dist", "worker.js"), "utf8");
  const heavy = readFileSync(join(repoRoot, "dist", "compiler.js"), "utf8");
  assert.ok(!light.includes(TS_MARK), "the light bundle includes TypeScript");
  assert.ok(heavy.includes(TS_MARK), "the compiler part has no TypeScript");
  assert.ok(statSync(join(repoRoot, "dist", "worker.js")).size < 1024 * 1024, "the light bundle is over 1 MB");
});

test("a run that compiles loads the compiler part and gives the in-process Trace (TypeScript, Python)", async () => {
  // Without the compile cache, which would serve these texts from an earlier run (compileCache.test.ts).
  process.env["AGL_COMPILE_CACHE"] = "0";
  try {
    for (const file of ["02-dot-4x.ts", "09-course-python.py"]) {
      const source = example(file);
      const d = await runSnippetDetailed(source, { file });
      assert.equal(d.trace.error, null, file);
      assert.equal(d.marks.compileSource, "miss", file);
      assert.equal(d.marks.compilerLoaded, true, file);
      assert.equal(strip(d.trace), strip(traceInProcess(source, { file })), file);
    }
  } finally {
    delete process.env["AGL_COMPILE_CACHE"];
  }
});

test("a run that never compiles (a source past the limits) does not load the compiler part", async () => {
  const source = `${example("02-dot-4x.ts")}${" ".repeat(MAX_SOURCE_CHARS)}`;
  const d = await runSnippetDetailed(source, { file: "huge.ts" });
  assert.match(d.trace.error?.message ?? "", /snippets may be at most/, JSON.stringify(d.trace.error));
  assert.equal(d.marks.compileSource, "none");
  assert.equal(d.marks.compilerLoaded, false);
});
