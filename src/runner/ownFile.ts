/**
 * Reading and writing the runner's cache files (codeCache.ts: V8 code caches; compileCache.ts: compiled snippets),
 * whose contents are code: the one place that says which file may be trusted and how one is replaced.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Our uid (null where there is none: Windows). */
export const ownUid = (): number | null => (typeof process.getuid === "function" ? process.getuid() : null);

/**
 * The bytes of `file` if it is a regular file (not followed through a symlink) of our uid that nobody else may
 * write, and its size is in (minExclusive, maxInclusive]; else undefined. Never throws.
 */
export function readOwnFile(file: string, minExclusive: number, maxInclusive = Infinity): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    const me = ownUid();
    if (!st.isFile() || (me !== null && st.uid !== me) || (st.mode & 0o022) !== 0 || st.size > maxInclusive) return undefined;
    const data = fs.readFileSync(fd);
    return data.length > minExclusive && data.length <= maxInclusive ? data : undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Replaces `file` with `bytes` atomically: a private temp file (0600, created exclusively) in the same folder, renamed
 * over it. Returns whether it was written; never throws. The caller makes (and checks) the folder.
 */
export function writeOwnFile(file: string, bytes: Buffer): boolean {
  const tmp = path.join(path.dirname(file), `.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    fs.writeFileSync(tmp, bytes, { mode: 0o600, flag: "wx" });
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // Nothing was written.
    }
    return false;
  }
}
