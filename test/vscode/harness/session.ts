/**
 * What every workbench test file sets up the same way: the extension built, a code-server, Chromium, and a fresh
 * workspace of the examples; torn down in reverse, also after a start that failed half-way. One per test file:
 * `const wb = workbenchSession(); before(() => wb.start()); after(() => wb.close());`, then `await wb.open()` for
 * a page on the workbench with the workspace open.
 */
import { rmSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, waitForWorkbench } from "./browser";
import { ensureBuilt } from "./build";
import { ROOT, startCodeServer, workbenchUrl, type CodeServer } from "./codeServer";
import { makeWorkspace } from "./workspace";

export interface WorkbenchSession {
  /** Builds if needed, then starts code-server and Chromium and makes the workspace. */
  start(): Promise<void>;
  /** Closes the browser, stops code-server, removes the workspace (whatever of it was started). */
  close(): Promise<void>;
  /** A new page with the workbench drawn on the workspace, the extension loaded from the repository. */
  open(): Promise<Page>;
  readonly cs: CodeServer;
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** The workspace folder (absolute). */
  readonly ws: string;
}

type CodeServerOptions = NonNullable<Parameters<typeof startCodeServer>[0]>;

export interface SessionOptions {
  /**
   * code-server's options, or a function giving them at start (e.g. a user-data folder made then). A `dataDir`
   * given here belongs to the session: close() removes it (code-server's stop() removes only one it made).
   */
  codeServer?: CodeServerOptions | (() => CodeServerOptions);
  /** Adds files to the workspace before code-server starts (so the workbench sees them from the start). */
  prepare?: (ws: string) => void;
}

export function workbenchSession(o: SessionOptions = {}): WorkbenchSession {
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let ws: string | undefined;
  let dataDir: string | undefined;
  const started = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`workbench session: ${what} used before start()`);
    return v;
  };
  return {
    async start() {
      ensureBuilt();
      ws = makeWorkspace();
      o.prepare?.(ws);
      const options = typeof o.codeServer === "function" ? o.codeServer() : (o.codeServer ?? {});
      dataDir = options.dataDir;
      cs = await startCodeServer(options);
      ({ browser, context } = await launchBrowser());
    },
    async close() {
      await browser?.close().catch(() => undefined);
      await cs?.stop();
      for (const dir of [ws, dataDir]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
    async open() {
      const page = await started(context, "context").newPage();
      await page.goto(workbenchUrl(started(cs, "code-server"), started(ws, "workspace"), { path: ROOT }));
      await waitForWorkbench(page);
      return page;
    },
    get cs() {
      return started(cs, "code-server");
    },
    get browser() {
      return started(browser, "browser");
    },
    get context() {
      return started(context, "context");
    },
    get ws() {
      return started(ws, "workspace");
    },
  };
}
