// codeCache.ts: the one module that compiles a script with a V8 code cache. A cache is code V8 runs, so a planted
// or tampered one must be ignored (and replaced), never used: wrong header hash, wrong magic, truncated, writable
// by group or others, owned by someone else, or a symlink.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, chownSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cacheFileFor, loadWithCodeCache } from "../../../src/runner/codeCache.js";
import { runSnippet, setCodeCacheDir, setWorkerPath } from "../../../src/runner/index.js";
import { ensureBuilt, repoRoot } from "./build.js";
import { removeDir } from "./removeDir.js";

let dir = "";
let script = "";
let cacheDir = "";

/** A script with enough functions that V8's cache is not trivial; its exports prove it ran. */
function writeScript(file: string, tag: string): void {
  const fns = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x * ${i} + ${JSON.stringify(tag)}.length; }`).join("\n");
  writeFileSync(file, `${fns}\nmodule.exports = { tag: ${JSON.stringify(tag)}, sum: () => f1(1) + f199(2) };\n`);
}

/** Loads the script and writes its cache the way the runner and the parser do; returns whether a cache was used. */
function load(): boolean {
  const m = loadWithCodeCache(script, cacheDir);
  assert.equal((m.exports as { tag: string }).tag, "mine", "the script itself ran");
  m.saveCache();
  return m.cacheUsed;
}

/** A fresh, valid cache for the script, as the runner leaves it after a run. */
function freshCache(): string {
  rmSync(cacheFileFor(script, cacheDir), { force: true });
  assert.equal(load(), false, "no cache the first time");
  return cacheFileFor(script, cacheDir);
}

describe("verified code caches", () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "agl-codecache-"));
    script = join(dir, "bundle.js");
    cacheDir = join(dir, "cache");
    writeScript(script, "mine");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("a cache it wrote itself is used the next time, private to its owner", () => {
    const file = freshCache();
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(cacheDir).mode & 0o777, 0o700);
    assert.equal(load(), true, "the second load compiles from the cache");
  });

  it("rejects a cache made for another script (the header's SHA-256 differs) and replaces it", () => {
    const other = join(dir, "other.js");
    writeScript(other, "them");
    loadWithCodeCache(other, cacheDir).saveCache();
    const file = freshCache();
    copyFileSync(cacheFileFor(other, cacheDir), file);
    chmodSync(file, 0o600);
    assert.equal(load(), false, "planted cache of another script ignored");
    assert.equal(load(), true, "and replaced by a valid one");
  });

  it("rejects a cache whose header was tampered with: wrong magic, a flipped hash byte, truncated", () => {
    for (const tamper of [(b: Buffer) => b.fill(0x41, 0, 6), (b: Buffer) => (b[10] = b[10]! ^ 1), (b: Buffer) => b.subarray(0, 20)]) {
      const file = freshCache();
      const bytes = readFileSync(file);
      const changed = tamper(bytes);
      writeFileSync(file, typeof changed === "number" ? bytes : changed, { mode: 0o600 });
      assert.equal(load(), false, `tampered by ${tamper.toString()}`);
      assert.equal(load(), true, "replaced after the run");
    }
  });

  it("rejects a valid cache that group or others may write, and replaces it with a private one", () => {
    for (const mode of [0o620, 0o602, 0o666]) {
      const file = freshCache();
      chmodSync(file, mode);
      assert.equal(load(), false, `mode ${mode.toString(8)} ignored`);
      assert.equal(statSync(file).mode & 0o777, 0o600, "replaced");
      assert.equal(load(), true);
    }
  });

  it("rejects a valid cache reached through a symlink", () => {
    const file = freshCache();
    const real = join(dir, "elsewhere.v8cache");
    copyFileSync(file, real);
    chmodSync(real, 0o600);
    rmSync(file);
    symlinkSync(real, file);
    assert.equal(load(), false, "a symlink is not followed");
    assert.equal(load(), true, "the link was replaced by a file of our own");
  });

  it("rejects a valid cache owned by another user", { skip: process.getuid?.() !== 0 ? "needs root to chown" : false }, () => {
    const file = freshCache();
    chownSync(file, 65534, 65534);
    assert.equal(load(), false, "another owner's cache ignored");
    assert.equal(statSync(file).uid, process.getuid?.(), "replaced by one of our own");
    assert.equal(load(), true);
  });

  it("without a cache folder it writes nothing and still loads", () => {
    const m = loadWithCodeCache(script, null);
    m.saveCache();
    assert.equal(m.cacheUsed, false);
    assert.equal((m.exports as { sum: () => number }).sum(), 1 * 1 + 4 + (199 * 2 + 4));
  });
});

// The realm bundle (dist/realm.js, run in each snippet's context) goes through the same verified cache in the
// runner's child: made after the first run, used by the next, the same Trace either way; a tampered one is ignored.
describe("the realm bundle's code cache in the runner's child", () => {
  const strip = (t: { timings: unknown }): string => JSON.stringify({ ...t, timings: null });
  let folder = "";
  before(() => {
    ensureBuilt();
    folder = mkdtempSync(join(tmpdir(), "agl-realmcache-"));
    setWorkerPath(join(repoRoot, "dist", "worker.js"));
    setCodeCacheDir(folder);
  });
  after(async () => {
    setCodeCacheDir(undefined);
    setWorkerPath(null);
    await removeDir(folder);
  });

  it("is written after a run, and a run with it (or with a tampered one) gives the same Trace", async () => {
    const source = readFileSync(join(repoRoot, "examples", "06-control-flow.ts"), "utf8");
    const first = await runSnippet(source, { file: "06-control-flow.ts" });
    const cache = cacheFileFor(join(repoRoot, "dist", "realm.js"), folder);
    // Written by the child after it sent the Trace.
    const end = Date.now() + 30_000;
    while (!existsSync(cache)) {
      if (Date.now() > end) assert.fail("no realm code cache written");
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal((statSync(cache).mode & 0o077), 0);
    const second = await runSnippet(source, { file: "06-control-flow.ts" });
    assert.equal(strip(second), strip(first));
    // A cache with a wrong header hash is not used: still the same Trace (compiled from the text).
    const b = readFileSync(cache);
    b[10] = b[10]! ^ 1;
    writeFileSync(cache, b);
    assert.equal(strip(await runSnippet(source, { file: "06-control-flow.ts" })), strip(first));
    // And the child replaces it (after its Trace) with a good one.
    const until = Date.now() + 30_000;
    while (readFileSync(cache).equals(b)) {
      if (Date.now() > until) assert.fail("the tampered realm code cache was not replaced");
      await new Promise((r) => setTimeout(r, 20));
    }
  });
});
