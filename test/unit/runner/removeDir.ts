// Removing a cache folder runner children used: a child writes its caches after it sent its Trace, and creates the
// folder again if needed, so a folder can gain a file while it is being removed. Retry the whole removal (Node's
// own maxRetries only retries the last rmdir, which then fails for good) for up to 10 s.
import { rmSync } from "node:fs";

export async function removeDir(dir: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch (e) {
      if (attempt >= 50) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
