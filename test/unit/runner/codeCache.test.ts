// codeCache.ts: the one module that compiles a script with a V8 code cache. A cache is code V8 runs, so a planted
// or tampered one must be ignored (and replaced), never used: wrong header hash, wrong magic, truncated, writable
// by group or others, owned by someone else, or a symlink.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, chownSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cacheFileFor, loadWithCodeCache } from "../../../src/runner/codeCache.js";

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
