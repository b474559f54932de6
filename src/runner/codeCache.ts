/**
 * Compiles a script with a V8 code cache that is verified before use. The one place that does this: the runner's
 * child process loads its bundles through it (dist/worker.js; dist/compiler.js, 10 MB with the TypeScript compiler,
 * when it compiles) and the realm bundle (dist/realm.js: compiled once per child, run in the snippet's context).
 *
 * A code cache is code: V8 runs what it holds. So it lives only in a folder the caller owns (the extension's
 * `globalStorageUri`, or next to the bundle for the CLI), never in the shared temp folder, and it is used only when
 * - the file is ours (same uid) and nobody else may write it (no group/other write bit), and
 * - its header holds the SHA-256 of the exact script text it was made from.
 * Anything else is ignored and replaced after the run. V8's own check (source length, flags) comes on top.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import vm from "node:vm";
import { readOwnFile, writeOwnFile } from "./ownFile.js";

const MAGIC = Buffer.from("AGLCC1\n");
const HASH_BYTES = 32;

/** A loaded module and what is left to do with its cache. */
export interface CachedModule {
  exports: unknown;
  /** True when a verified cache was given to V8 and V8 accepted it. */
  cacheUsed: boolean;
  /**
   * Writes a fresh cache when none was used. Call it after representative work, so the cache also holds the
   * functions compiled lazily (in the runner: after the run). Never throws.
   */
  saveCache(): void;
}

/** The cache file of `file` in `cacheDir`: named by the script's path, so two bundles never share one. */
export function cacheFileFor(file: string, cacheDir: string): string {
  const tag = createHash("sha256").update(path.resolve(file)).digest("hex").slice(0, 16);
  return path.join(cacheDir, `${path.basename(file)}.${tag}.v8cache`);
}

function sha256(bytes: Buffer): Buffer {
  return createHash("sha256").update(bytes).digest();
}

/** The V8 data of a cache file that passes every check for `hash` (readOwnFile's, then the header), else undefined. */
function readVerified(cacheFile: string, hash: Buffer): Buffer | undefined {
  const head = MAGIC.length + HASH_BYTES;
  const data = readOwnFile(cacheFile, head);
  if (data === undefined || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!data.subarray(MAGIC.length, head).equals(hash)) return undefined;
  return data.subarray(head);
}

/** Atomically replaces the cache file, in a folder only we can enter. */
function writeCache(cacheFile: string, hash: Buffer, data: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    writeOwnFile(cacheFile, Buffer.concat([MAGIC, hash, data]));
  } catch {
    // No cache next time; loading still works.
  }
}

/** A compiled script and what is left to do with its cache (see CachedModule). */
export interface CachedScript {
  script: vm.Script;
  cacheUsed: boolean;
  saveCache(): void;
}

/**
 * Compiles `code` (the text of `file`, or that text wrapped: `hashed` is what the cache's header must name, the
 * exact bytes compiled) with the verified cache from `cacheDir` when there is one. `cacheDir` null: no cache.
 */
export function compileWithCodeCache(file: string, code: string, hashed: Buffer, cacheDir: string | null, filename = file): CachedScript {
  const cacheFile = cacheDir === null ? null : cacheFileFor(file, cacheDir);
  const hash = cacheFile === null ? Buffer.alloc(0) : sha256(hashed);
  const cached = cacheFile === null ? undefined : readVerified(cacheFile, hash);
  const script = new vm.Script(code, { filename, cachedData: cached });
  const cacheUsed = cached !== undefined && script.cachedDataRejected !== true;
  let saved = cacheUsed;
  return {
    script,
    cacheUsed,
    saveCache(): void {
      if (saved || cacheFile === null) return;
      saved = true;
      try {
        writeCache(cacheFile, hash, script.createCachedData());
      } catch {
        // createCachedData can fail on a script V8 dropped; no cache next time.
      }
    },
  };
}

/**
 * Loads `file` like `require` would (CommonJS wrapper, its own `require`), compiled with the verified cache from
 * `cacheDir` when there is one. `cacheDir` null: no cache at all.
 */
export function loadWithCodeCache(file: string, cacheDir: string | null): CachedModule {
  const bytes = fs.readFileSync(file);
  // The bytes, not the string: hashing a 10 MB string would encode it to UTF-8 again first.
  const { script, cacheUsed, saveCache } = compileWithCodeCache(file, Module.wrap(bytes.toString("utf8")), bytes, cacheDir);
  const mod = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...a: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  return { exports: mod.exports, cacheUsed, saveCache };
}
