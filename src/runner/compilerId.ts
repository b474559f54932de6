/**
 * The compiler part's identity, readable without reading the part: dist/compiler.js is 10 MB, and a run served
 * from the compile cache must not pay for hashing it. The build (esbuild.mjs, test/unit/runner/build.ts) stamps the
 * SHA-256 of the bundle's text into the bundle's first line, right after its `"use strict";` banner:
 *   "use strict";/* agl-compiler-sha256:<64 hex digits> *\/
 * so it travels with the file (a packaged, installed extension keeps it; a sidecar file would have needed the
 * file's mtime, which an install does not keep). A bundle built any other way has no stamp, and then the compile
 * cache is off (worker.ts): never a stale identity.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";

const BANNER = '"use strict";';
const STAMP = /^"use strict";\/\* agl-compiler-sha256:([0-9a-f]{64}) \*\//;
/** Long enough for the banner and the stamp. */
const HEAD_BYTES = 128;

/** The bundle's text with its identity stamped in (the build's side; esbuild.mjs has the same lines in JavaScript). */
export function stampCompilerId(text: string): string {
  if (!text.startsWith(BANNER)) throw new Error(`the compiler part must start with ${BANNER}`);
  const id = createHash("sha256").update(text).digest("hex");
  return `${BANNER}/* agl-compiler-sha256:${id} */${text.slice(BANNER.length)}`;
}

/** The identity stamped into `compilerFile`, or null (no stamp, no file). Reads its first line only. */
export function readCompilerId(compilerFile: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(compilerFile, "r");
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const n = fs.readSync(fd, head, 0, HEAD_BYTES, 0);
    return STAMP.exec(head.subarray(0, n).toString("utf8"))?.[1] ?? null;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}
