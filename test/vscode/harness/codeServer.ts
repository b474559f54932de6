/**
 * Starts code-server 4.100.3 (installed by scripts/install-code-server.sh into .vscode-test-web/) on a free
 * 127.0.0.1 port with a throw-away user-data dir, and stops its whole process group. Nothing leaves 127.0.0.1:
 * the gallery points at a closed local port, telemetry and update checks are off.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Repository root (this file is test/vscode/harness/codeServer.ts). */
export const ROOT = resolve(__dirname, "..", "..", "..");
export const CODE_SERVER = join(ROOT, ".vscode-test-web", "node_modules", "code-server", "out", "node", "entry.js");

const GALLERY = JSON.stringify({
  serviceUrl: "http://127.0.0.1:9/gallery",
  itemUrl: "http://127.0.0.1:9/item",
  resourceUrlTemplate: "http://127.0.0.1:9/r/{publisher}/{name}/{version}/{path}",
});

/** Process groups still running; killed if the test process exits without calling stop() (a crash, Ctrl+C). */
const live = new Set<number>();
process.once("exit", () => {
  for (const pid of live) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
});

/** A running code-server. */
export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  dataDir: string;
  extensionsDir: string;
  /** Everything code-server printed (for failure messages). */
  output(): string;
  /** Kills the whole process group and removes the data dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** Installs code-server if needed (idempotent, fast when present). */
export function ensureCodeServer(): void {
  if (existsSync(CODE_SERVER)) return;
  const r = spawnSync("bash", [join(ROOT, "scripts", "install-code-server.sh")], { stdio: "inherit" });
  if (r.status !== 0 || !existsSync(CODE_SERVER)) throw new Error("could not install code-server (scripts/install-code-server.sh)");
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

/** Settings for a quiet, offline, deterministic workbench. */
const BASE_SETTINGS = {
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "update.mode": "none",
  "workbench.enableExperiments": false,
  "workbench.tips.enabled": false,
  "editor.codeLens": true,
  "files.autoSave": "off",
  "git.enabled": false,
  "typescript.tsserver.log": "off",
  "workbench.colorTheme": "Default Dark Modern",
  "window.restoreWindows": "all",
};

/** Installs a .vsix into an extensions dir with code-server's CLI (offline). */
export function installVsix(vsix: string, extensionsDir: string, userDataDir?: string): string {
  const data = userDataDir === undefined ? [] : ["--user-data-dir", userDataDir];
  const r = spawnSync(process.execPath, [CODE_SERVER, ...data, "--extensions-dir", extensionsDir, "--install-extension", vsix], {
    encoding: "utf8",
    env: { ...process.env, EXTENSIONS_GALLERY: GALLERY },
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`install-extension failed (${r.status}): ${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

/** Starts code-server serving `workspace`; resolves when /healthz answers. */
export async function startCodeServer(o: { settings?: Record<string, unknown>; extensionsDir?: string; dataDir?: string; workspaceTrust?: boolean; args?: string[]; env?: Record<string, string> } = {}): Promise<CodeServer> {
  ensureCodeServer();
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), "agl-cs-"));
  const extensionsDir = o.extensionsDir ?? join(dataDir, "extensions");
  mkdirSync(join(dataDir, "User"), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const trust = { "security.workspace.trust.enabled": o.workspaceTrust === true, "security.workspace.trust.startupPrompt": "always" };
  writeFileSync(join(dataDir, "User", "settings.json"), JSON.stringify({ ...BASE_SETTINGS, ...trust, ...o.settings }, null, 2));
  writeFileSync(join(dataDir, "config.yaml"), "auth: none\ncert: false\n");
  const port = await freePort();
  const args = [
    CODE_SERVER,
    "--bind-addr", `127.0.0.1:${port}`,
    "--auth", "none",
    "--disable-telemetry", "--disable-update-check", "--disable-getting-started-override",
    // Trust is off (every folder trusted) unless a test is about restricted mode.
    ...(o.workspaceTrust === true ? [] : ["--disable-workspace-trust"]),
    "--user-data-dir", dataDir,
    "--extensions-dir", extensionsDir,
    "--config", join(dataDir, "config.yaml"),
    ...(o.args ?? []),
  ];
  // detached = its own process group (setsid), so stop() can kill the file watchers and the extension host too.
  const child: ChildProcess = spawn(process.execPath, args, {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, EXTENSIONS_GALLERY: GALLERY, VSCODE_PROXY_URI: "", ...o.env },
  });
  if (child.pid !== undefined) live.add(child.pid);
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.pid !== undefined) {
      live.delete(child.pid);
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      const gone = await waitFor(() => child.exitCode !== null || child.signalCode !== null, 3000);
      if (!gone) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
    }
    if (o.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  const origin = `http://127.0.0.1:${port}`;
  const healthy = await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${out}`);
    try {
      return (await fetch(`${origin}/healthz`)).ok;
    } catch {
      return false;
    }
  }, 30_000);
  if (!healthy) {
    await stop();
    throw new Error(`code-server did not become healthy:\n${out}`);
  }
  return { port, origin, dataDir, extensionsDir, output: () => out, stop };
}

/** Polls `check` every 100 ms until it is true or `ms` passed. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The workbench URL for a folder, optionally with the extension under development and its in-host tests. */
export function workbenchUrl(cs: CodeServer, folder: string, ext?: { path: string; testsPath?: string }): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${cs.port}${p}`;
  let url = `${cs.origin}/?folder=${encodeURIComponent(folder)}`;
  if (ext !== undefined) {
    const payload: Array<[string, string]> = [["extensionDevelopmentPath", remote(ext.path)]];
    if (ext.testsPath !== undefined) payload.push(["extensionTestsPath", remote(ext.testsPath)]);
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return url;
}
