// The compile cache (issue 10, cold path): a child whose text was compiled before runs without loading the
// compiler part. What must always hold: a hit gives exactly the Trace a fresh compile gives (every example, TypeScript
// and Python) and never loads the compiler; anything the compile depends on (source, language, file, the compiler
// part's hash) changed is a miss; an entry that is not ours, writable by others, behind a symlink, with a wrong header
// or truncated is ignored (the run compiles); the folder stays bounded; AGL_COMPILE_CACHE=0 neither reads nor writes.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Trace } from "../../../src/protocol.js";
import type { CompiledSnippet } from "../../../src/runner/compile.js";
import { COMPILE_CACHE_DIR, CompileCache, MAX_ENTRIES, MAX_TOTAL_BYTES } from "../../../src/runner/compileCache.js";
import { readCompilerId, stampCompilerId } from "../../../src/runner/compilerId.js";
import { runSnippetDetailed, setCodeCacheDir, setWorkerPath } from "../../../src/runner/index.js";
import { compileFor, traceInProcess, traceWithOptions } from "../../../src/runner/inProcess.js";
import { resolveOptions } from "../../../src/runner/options.js";
import { finishTrace } from "../../../src/runner/traceResult.js";
import { ensureBuilt, repoRoot } from "./build.js";
import { removeDir } from "./removeDir.js";

const strip = (t: Trace): string => JSON.stringify({ ...t, timings: null });
const EXAMPLES = readdirSync(join(repoRoot, "examples")).filter((f) => /\.(ts|py)$/.test(f)).sort();
const example = (f: string): string => readFileSync(join(repoRoot, "examples", f), "utf8");
const HASH = "a".repeat(64);
let dir: string;

function compiled(source: string, file: string): CompiledSnippet {
  const c = compileFor(source, resolveOptions({ file }));
  assert.ok(c !== null && c.ok, `${file} compiles`);
  return c;
}

/** A cache folder of its own (the runner's would be the extension's global storage) with one entry for `file`. */
function cacheWith(file: string): { cache: CompileCache; entry: string; source: string; options: ReturnType<typeof resolveOptions> } {
  const d = mkdtempSync(join(dir, "c-"));
  const cache = new CompileCache(d, HASH);
  const source = example(file);
  const options = resolveOptions({ file });
  cache.put(source, options, compiled(source, file));
  const names = readdirSync(join(d, COMPILE_CACHE_DIR));
  assert.equal(names.length, 1, names.join(", "));
  return { cache, entry: join(d, COMPILE_CACHE_DIR, names[0]!), source, options };
}

before(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "agl-compile-cache-"));
});
after(async () => {
  setCodeCacheDir(undefined);
  setWorkerPath(null);
  await removeDir(dir);
});

test("a hit gives the Trace a fresh compile gives, for every example (in process)", () => {
  assert.ok(EXAMPLES.some((f) => f.endsWith(".py")) && EXAMPLES.some((f) => f.endsWith(".ts")));
  const cache = new CompileCache(mkdtempSync(join(dir, "all-")), HASH);
  for (const file of EXAMPLES) {
    const source = example(file);
    const options = resolveOptions({ file });
    assert.equal(cache.get(source, options), undefined, `${file}: empty cache`);
    cache.put(source, options, compiled(source, file));
    const hit = cache.get(source, options);
    assert.ok(hit !== undefined, `${file}: hit`);
    // The same compile as data, and a source map that answers alike.
    const fresh = compiled(source, file);
    const data = (c: CompiledSnippet): string => JSON.stringify([c.ok, c.code, c.tables, c.positions]);
    assert.equal(data(hit), data(fresh), file);
    for (let line = 1; line <= hit.code.split("\n").length; line++) for (const column of [1, 5, 20]) assert.deepEqual(hit.sourceMap.originalPosition(line, column), fresh.sourceMap.originalPosition(line, column), `${file} ${line}:${column}`);
    const fromCache = finishTrace(traceWithOptions(source, options, { startedAt: Date.now(), guardMemory: false }, hit));
    assert.equal(strip(fromCache), strip(traceInProcess(source, { file })), file);
  }
});

test("through real children: the first run compiles and fills the cache, the next is a hit that never loads the compiler, same Trace", async () => {
  const cacheDir = mkdtempSync(join(dir, "children-"));
  setWorkerPath(join(repoRoot, "dist", "worker.js"));
  setCodeCacheDir(cacheDir);
  try {
    for (const file of EXAMPLES) {
      const source = example(file);
      const miss = await runSnippetDetailed(source, { file });
      assert.equal(miss.marks.compileSource, "miss", file);
      assert.equal(miss.marks.compilerLoaded, true, file);
      // The entry is written after the Trace was sent: wait for the child to have exited and written it.
      const end = Date.now() + 30_000;
      while (new CompileCache(cacheDir, readCompilerId(join(repoRoot, "dist", "compiler.js")) ?? "none").get(source, resolveOptions({ file })) === undefined) {
        if (Date.now() > end) assert.fail(`${file}: no entry written`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const hit = await runSnippetDetailed(source, { file });
      assert.equal(hit.marks.compileSource, "hit", file);
      assert.equal(hit.marks.compilerLoaded, false, `${file}: the compiler part was loaded on a hit`);
      assert.equal(strip(hit.trace), strip(miss.trace), file);
      assert.equal(strip(hit.trace), strip(traceInProcess(source, { file })), file);
    }
    // AGL_COMPILE_CACHE=0: a text with an entry compiles anyway, and a new text leaves none.
    process.env["AGL_COMPILE_CACHE"] = "0";
    const file = EXAMPLES[0]!;
    const off = await runSnippetDetailed(example(file), { file });
    assert.equal(off.marks.compileSource, "miss");
    assert.equal(off.marks.compilerLoaded, true);
    const other = `${example(file)}\n// another text\n`;
    assert.equal((await runSnippetDetailed(other, { file })).marks.compileSource, "miss");
    delete process.env["AGL_COMPILE_CACHE"];
    // Its child wrote no entry (it would have right after sending its Trace, long before this child has started).
    assert.equal((await runSnippetDetailed(other, { file })).marks.compileSource, "miss", "AGL_COMPILE_CACHE=0 wrote an entry");
  } finally {
    delete process.env["AGL_COMPILE_CACHE"];
  }
});

test("anything the compile depends on changed is a miss: source, language, file name, the compiler part", () => {
  const { cache, source, options } = cacheWith("02-dot-4x.ts");
  assert.ok(cache.get(source, options) !== undefined);
  assert.equal(cache.get(`${source} `, options), undefined, "source");
  assert.equal(cache.get(source, { ...options, language: "python" }), undefined, "language");
  assert.equal(cache.get(source, { ...options, file: "other.ts" }), undefined, "file");
  assert.equal(cache.get(source, { ...options, file: null }), undefined, "no file");
  assert.equal(cache.get(source, { ...options, file: "02-dot-4x.tsx" }), undefined, "another extension");
  // The same file in another folder is the same compile: the compile reads nothing of the folder.
  assert.ok(cache.get(source, { ...options, file: "/some/other/folder/02-dot-4x.ts" }) !== undefined, "another folder");
  const data = (c: CompiledSnippet): string => JSON.stringify([c.code, c.tables, c.positions]);
  assert.equal(data(compiled(source, "/a/02-dot-4x.ts")), data(compiled(source, "/b/c/02-dot-4x.ts")));
  const py = example("09-course-python.py");
  assert.equal(data(compiled(py, "/a/09-course-python.py")), data(compiled(py, "/b/other-name.py")));
  assert.equal(new CompileCache(cache.dir.slice(0, -COMPILE_CACHE_DIR.length - 1), "b".repeat(64)).get(source, options), undefined, "compiler hash");
  // Options the compile never sees do not count.
  const other: ReturnType<typeof resolveOptions> = { ...options, timeoutMs: 1, maxNodes: 3, dataCap: 0, memoryMb: 64 };
  assert.ok(cache.get(source, other) !== undefined);
});

test("the compiler part's identity is the stamp the build put in its first line: the hash of its text", () => {
  const d = mkdtempSync(join(dir, "id-"));
  const file = join(d, "compiler.js");
  const text = '"use strict";\nexports.compiler = 1;\n';
  writeFileSync(file, text);
  assert.equal(readCompilerId(file), null, "no stamp: no identity (the compile cache is off)");
  writeFileSync(file, stampCompilerId(text));
  assert.equal(readCompilerId(file), createHash("sha256").update(text).digest("hex"));
  writeFileSync(file, stampCompilerId('"use strict";\nexports.compiler = 2;\n'));
  assert.notEqual(readCompilerId(file), createHash("sha256").update(text).digest("hex"), "another text, another identity");
  assert.equal(readCompilerId(join(d, "missing.js")), null);
  assert.throws(() => stampCompilerId("exports.compiler = 1;\n"), /must start with/);
  // The built bundle carries its stamp, and it is the hash of the bundle's text without it.
  const built = readFileSync(join(repoRoot, "dist", "compiler.js"), "utf8");
  const id = readCompilerId(join(repoRoot, "dist", "compiler.js"));
  assert.match(id ?? "", /^[0-9a-f]{64}$/);
  assert.equal(createHash("sha256").update(built.replace(`/* agl-compiler-sha256:${id} */`, "")).digest("hex"), id);
});

test("an entry that is not trustworthy is ignored: other writers, other owner, symlink, bad header, truncated, folder open to others", () => {
  const cases: Array<[string, (entry: string, c: CompileCache) => void]> = [
    ["group-writable", (e) => chmodSync(e, 0o620)],
    ["other-writable", (e) => chmodSync(e, 0o602)],
    ["bad magic", (e) => flip(e, 0)],
    ["another key in the header", (e) => flip(e, 20)],
    ["payload hash", (e) => flip(e, 50)],
    ["payload changed", (e) => flip(e, statSync(e).size - 3)],
    ["truncated", (e) => writeFileSync(e, readFileSync(e).subarray(0, statSync(e).size - 10))],
    ["header only", (e) => writeFileSync(e, readFileSync(e).subarray(0, 76))],
    ["empty", (e) => writeFileSync(e, "")],
    [
      "a symlink to a valid entry",
      (e) => {
        const real = `${e}.real`;
        copyFileSync(e, real);
        unlinkSync(e);
        symlinkSync(real, e);
      },
    ],
    ["folder readable by others", (_e, c) => chmodSync(c.dir, 0o755)],
    ["folder writable by the group", (_e, c) => chmodSync(c.dir, 0o770)],
  ];
  if (process.getuid?.() === 0) cases.push(["owned by another user", (e) => chownSync(e, 4242, 4242)]);
  for (const [what, spoil] of cases) {
    const { cache, entry, source, options } = cacheWith("06-control-flow.ts");
    assert.ok(cache.get(source, options) !== undefined, `${what}: valid before`);
    spoil(entry, cache);
    assert.equal(cache.get(source, options), undefined, what);
  }
});

function flip(file: string, at: number): void {
  const b = readFileSync(file);
  b[at] = b[at]! ^ 0x01;
  writeFileSync(file, b);
}

test("a JSON payload that is not a compile is ignored", () => {
  const { cache, entry, source, options } = cacheWith("02-dot-4x.ts");
  // Rewritten with a correct header around a wrong shape: still a miss (and no throw).
  const b = readFileSync(entry);
  const head = b.subarray(0, 12 + 32);
  const payload = Buffer.from(JSON.stringify({ code: 1, tables: {}, positions: { kind: "typescript" } }));
  writeFileSync(entry, Buffer.concat([head, createHash("sha256").update(payload).digest(), payload]));
  assert.equal(cache.get(source, options), undefined);
});

test("the folder stays bounded: at most MAX_ENTRIES files and MAX_TOTAL_BYTES, the least recently used go first", () => {
  const d = mkdtempSync(join(dir, "bound-"));
  const cache = new CompileCache(d, HASH);
  const options = resolveOptions({ file: "s.ts" });
  const base = compiled(example("02-dot-4x.ts"), "s.ts");
  // A clock of its own, in the past (a file just written is the newest): entry i was last used at i s.
  const t0 = Date.now() / 1000 - 1e6;
  const usedAt = (source: string, s: number): void => utimesSync(cache.fileFor(source, options), t0 + s, t0 + s);
  const first = "// 0\n";
  cache.put(first, options, base);
  usedAt(first, 0);
  for (let i = 1; i < MAX_ENTRIES + 20; i++) {
    cache.put(`// ${i}\n`, options, base);
    usedAt(`// ${i}\n`, i);
    // The first entry is used all along: it stays while older unused ones go.
    usedAt(first, i + 0.5);
  }
  assert.ok(readdirSync(cache.dir).length <= MAX_ENTRIES, `${readdirSync(cache.dir).length} files`);
  assert.ok(cache.get(first, options) !== undefined, "the entry used all along was evicted");
  assert.equal(cache.get("// 1\n", options), undefined, "the least recently used entry stayed");
  assert.ok(cache.get(`// ${MAX_ENTRIES + 19}\n`, options) !== undefined, "the newest entry was evicted");
  // A hit's touch makes its entry the most recently used.
  const before = statSync(cache.fileFor("// 30\n", options)).mtimeMs;
  cache.touch("// 30\n", options);
  assert.ok(statSync(cache.fileFor("// 30\n", options)).mtimeMs > before + 1e5);
  // Big entries: the byte bound holds too.
  const big = { ...base, code: `${base.code}\n//${"x".repeat(2 * 2 ** 20)}` };
  for (let i = 0; i < 20; i++) cache.put(`// big ${i}\n`, options, big);
  const total = readdirSync(cache.dir).reduce((s, n) => s + statSync(join(cache.dir, n)).size, 0);
  assert.ok(total <= MAX_TOTAL_BYTES, `${total} bytes`);
  assert.ok(cache.get("// big 19\n", options) !== undefined, "the newest entry is kept");
});

test("a hit whose run fails: the wording that needs the compiler loads it then, any other error does not", async () => {
  const cacheDir = mkdtempSync(join(dir, "errors-"));
  setWorkerPath(join(repoRoot, "dist", "worker.js"));
  setCodeCacheDir(cacheDir);
  const head = 'import * as torch from "autograd-lens";\n';
  const cases: Array<[string, boolean]> = [
    // A number where a tensor was meant: its explanation parses the source (numberSlip.ts).
    [`${head}const x = torch.ones(2, { requires_grad: true });\nconst y = 2 * 3;\ny.backward();\n`, true],
    // A null .grad: worded without the compiler (nullGrad.ts).
    [`${head}const x = torch.ones(2, { requires_grad: true });\nx.grad.zero_();\n`, false],
  ];
  for (const [source, needsCompiler] of cases) {
    const miss = await runSnippetDetailed(source, { file: "e.ts" });
    assert.equal(miss.trace.error?.kind, "runtime");
    const id = readCompilerId(join(repoRoot, "dist", "compiler.js")) ?? "none";
    const end = Date.now() + 30_000;
    while (new CompileCache(cacheDir, id).get(source, resolveOptions({ file: "e.ts" })) === undefined) {
      if (Date.now() > end) assert.fail("no entry written");
      await new Promise((r) => setTimeout(r, 20));
    }
    const hit = await runSnippetDetailed(source, { file: "e.ts" });
    assert.equal(hit.marks.compileSource, "hit");
    assert.equal(hit.marks.compilerLoaded, needsCompiler, hit.trace.error?.message);
    assert.match(hit.trace.error?.message ?? "", needsCompiler ? /y is a number, not a tensor/ : /x\.grad is None/);
    assert.equal(strip(hit.trace), strip(miss.trace));
    assert.equal(strip(hit.trace), strip(traceInProcess(source, { file: "e.ts" })));
  }
});

test("a cache folder that does not exist yet (a first run after an install) gets its caches after the first run", async () => {
  const cacheDir = join(mkdtempSync(join(dir, "fresh-")), "globalStorage", "code-cache");
  setWorkerPath(join(repoRoot, "dist", "worker.js"));
  setCodeCacheDir(cacheDir);
  const source = example("02-dot-4x.ts");
  assert.equal((await runSnippetDetailed(source, { file: "02-dot-4x.ts" })).marks.compileSource, "miss");
  const id = readCompilerId(join(repoRoot, "dist", "compiler.js")) ?? "none";
  const end = Date.now() + 30_000;
  while (new CompileCache(cacheDir, id).get(source, resolveOptions({ file: "02-dot-4x.ts" })) === undefined) {
    if (Date.now() > end) assert.fail(`no entry written; the folder holds ${JSON.stringify(readdirSync(cacheDir, { recursive: true }))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(statSync(cacheDir).mode & 0o077, 0);
  assert.equal((await runSnippetDetailed(source, { file: "02-dot-4x.ts" })).marks.compileSource, "hit");
});
