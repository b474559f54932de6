/**
 * The runner's compile cache: the compile of an exact text, kept across processes (and VS Code restarts), so that a
 * child whose run's text was compiled before never loads the compiler part at all (worker.ts). It lives in the
 * folder of the verified V8 code cache (codeCache.ts), in a subfolder `compile-cache` of its own, and follows the
 * same rules, because what it holds runs: the compiled JavaScript (which runs in the snippet's realm, as a fresh
 * compile's output does) with the instrumenter's guards in it.
 * - An entry is used only when its file is a regular file (opened with O_NOFOLLOW) of our uid without a group or
 *   other write bit, in a folder of ours with neither group nor other bits, and its header holds the key it was
 *   written for and the SHA-256 of its payload (a truncated or rewritten entry fails). So changing an entry takes the
 *   user's own write access, as changing the V8 code cache (native code) does.
 * - The key covers everything the compile depends on: the compiler part's content hash (compilerId.ts, stamped in
 *   by the build: a rebuilt extension never reuses an old compile), the entry format, the language, the file name as the compile sees it,
 *   and the whole source text. The other run options (timeout, limits, memory) do not reach the compile.
 * - Written after the Trace has been sent (private temp file renamed over the entry); only successful compiles.
 * - Bounded: at most MAX_ENTRIES files and MAX_TOTAL_BYTES, the least recently used (mtime; a hit touches its
 *   entry) removed first.
 * Any doubt (a check fails, a payload does not parse) is a miss: the run compiles.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PythonPositions, ComposedMap } from "../python/positionMap.js";
import type { CompiledSnippet, PositionSpec } from "./compile.js";
import type { ResolvedRunOptions } from "./options.js";
import { ownUid, readOwnFile, writeOwnFile } from "./ownFile.js";
import type { SiteTables } from "./sites.js";
import { type PositionMap, SnippetSourceMap } from "./sourceMap.js";

const MAGIC = Buffer.from("AGLCOMPILE1\n");
const HASH_BYTES = 32;
const HEAD_BYTES = MAGIC.length + 2 * HASH_BYTES;
/** Bump when what an entry holds changes shape without the compiler part changing. */
const FORMAT = 1;
export const COMPILE_CACHE_DIR = "compile-cache";
export const MAX_ENTRIES = 64;
export const MAX_TOTAL_BYTES = 32 * 2 ** 20;
/** Far above any compile of a source within the limits (256 KB); a bigger file is not read. */
const MAX_ENTRY_BYTES = 8 * 2 ** 20;
const ENTRY_SUFFIX = ".aglc";

/** What a compile entry holds: the compile minus its source map object, which is rebuilt from `positions`. */
interface Payload {
  code: string;
  tables: SiteTables;
  positions: PositionSpec;
}

function sha256(data: Buffer | string): Buffer {
  return createHash("sha256").update(data).digest();
}

/**
 * The key of a compile: everything its output depends on. Of the file, its base name: the compile sees the name
 * only for what TypeScript reads from it (the extension: .ts, .tsx, .d.ts, …) and Python's ignores it, so the same
 * example opened from another folder (the cold-path harness's fresh workspace each start) is the same compile.
 */
export function compileKey(compilerSha256: string, source: string, options: Pick<ResolvedRunOptions, "language" | "file">): Buffer {
  return sha256(JSON.stringify([FORMAT, compilerSha256, options.language, options.file === null ? null : path.basename(options.file), source]));
}

/** The host's position map of a compile, from its plain-data positions (what compile.ts / python/compile.ts build). */
export function positionMapOf(p: PositionSpec): PositionMap {
  const ts = new SnippetSourceMap(p.mappings);
  return p.kind === "typescript" ? ts : new ComposedMap(ts, new PythonPositions(p.generated, p.source, p.segments));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** The payload as a compile, or null when it is not the shape a compile has. */
function compiledOf(v: unknown): CompiledSnippet | null {
  if (!isObject(v) || typeof v["code"] !== "string" || !isObject(v["tables"]) || !isObject(v["positions"])) return null;
  const t = v["tables"];
  if (!Array.isArray(t["calls"]) || !Array.isArray(t["binds"]) || !Array.isArray(t["loops"])) return null;
  const p = v["positions"];
  if (typeof p["mappings"] !== "string") return null;
  if (p["kind"] === "python") {
    if (typeof p["generated"] !== "string" || typeof p["source"] !== "string" || !Array.isArray(p["segments"])) return null;
  } else if (p["kind"] !== "typescript") return null;
  const payload = v as unknown as Payload;
  return { ok: true, code: payload.code, tables: payload.tables, positions: payload.positions, sourceMap: positionMapOf(payload.positions) };
}

/** One cache folder; null-safe: every method is a no-op or a miss when the folder is not usable. */
export class CompileCache {
  readonly dir: string;

  /** `cacheDir`: the runner's cache folder; `compilerSha256`: the compiler part's identity (compilerId.ts). */
  constructor(
    cacheDir: string,
    readonly compilerSha256: string,
  ) {
    this.dir = path.join(cacheDir, COMPILE_CACHE_DIR);
  }

  private fileOf(key: Buffer): string {
    return path.join(this.dir, `${key.toString("hex")}${ENTRY_SUFFIX}`);
  }

  /** The entry file of this text (whether or not it exists). */
  fileFor(source: string, options: Pick<ResolvedRunOptions, "language" | "file">): string {
    return this.fileOf(compileKey(this.compilerSha256, source, options));
  }

  /** The folder is a real folder of ours that nobody else may enter or write. */
  private folderTrusted(): boolean {
    try {
      const st = fs.lstatSync(this.dir);
      const me = ownUid();
      return st.isDirectory() && (me === null || st.uid === me) && (st.mode & 0o077) === 0;
    } catch {
      return false;
    }
  }

  /** The compile of exactly this text, if a trusted entry holds it; else undefined (compile it). Never throws. */
  get(source: string, options: Pick<ResolvedRunOptions, "language" | "file">): CompiledSnippet | undefined {
    if (!this.folderTrusted()) return undefined;
    const key = compileKey(this.compilerSha256, source, options);
    const data = readOwnFile(this.fileOf(key), HEAD_BYTES, MAX_ENTRY_BYTES);
    if (data === undefined || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    if (!data.subarray(MAGIC.length, MAGIC.length + HASH_BYTES).equals(key)) return undefined;
    const payload = data.subarray(HEAD_BYTES);
    if (!data.subarray(MAGIC.length + HASH_BYTES, HEAD_BYTES).equals(sha256(payload))) return undefined;
    try {
      return compiledOf(JSON.parse(payload.toString("utf8"))) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Marks the entry of this text as just used (the eviction keeps the most recently used). Never throws. */
  touch(source: string, options: Pick<ResolvedRunOptions, "language" | "file">): void {
    try {
      const now = new Date();
      fs.utimesSync(this.fileFor(source, options), now, now);
    } catch {
      // Evicted a little earlier, then.
    }
  }

  /** Keeps a successful compile of this text (atomically), then trims the folder to its bounds. Never throws. */
  put(source: string, options: Pick<ResolvedRunOptions, "language" | "file">, compiled: CompiledSnippet): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      if (!this.folderTrusted()) return;
      const key = compileKey(this.compilerSha256, source, options);
      const payload = Buffer.from(JSON.stringify({ code: compiled.code, tables: compiled.tables, positions: compiled.positions } satisfies Payload), "utf8");
      if (HEAD_BYTES + payload.length > MAX_ENTRY_BYTES) return;
      if (!writeOwnFile(this.fileOf(key), Buffer.concat([MAGIC, key, sha256(payload), payload]))) return;
      this.trim();
    } catch {
      // No entry: the next run of this text compiles again.
    }
  }

  /** Removes the least recently used files until at most MAX_ENTRIES files and MAX_TOTAL_BYTES remain. */
  private trim(): void {
    const files: Array<{ p: string; size: number; mtimeMs: number }> = [];
    for (const name of fs.readdirSync(this.dir)) {
      const p = path.join(this.dir, name);
      try {
        const st = fs.lstatSync(p);
        files.push({ p, size: st.size, mtimeMs: st.mtimeMs });
      } catch {
        // Gone meanwhile (another child trimming).
      }
    }
    let total = files.reduce((s, f) => s + f.size, 0);
    files.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (let i = 0; i < files.length && (files.length - i > MAX_ENTRIES || total > MAX_TOTAL_BYTES); i++) {
      const f = files[i]!;
      try {
        fs.unlinkSync(f.p);
      } catch {
        // Gone meanwhile.
      }
      total -= f.size;
    }
  }
}
