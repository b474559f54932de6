/**
 * The parent's handle on one runner child process (child.ts): how it is started (the editor's own executable as
 * plain Node, as VS Code's language servers are, with a heap cap, an empty environment and, on Node, the
 * permission model), and what it has said so far (loaded, started, progress, peak memory, stderr).
 */
import { type ChildProcess, spawn, type SpawnOptions } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { type ChildMessage, PROGRESS_FD, RSS_HEADROOM_MB } from "./childProtocol.js";

/** What a child is started for; children of different specs are not interchangeable (see `specKey`). */
export interface ChildSpec {
  /** dist/runner-child.js */
  loader: string;
  /** dist/worker.js, and its identity (a rebuilt bundle makes a spare stale). */
  bundle: string;
  bundleId: string;
  /** `--max-old-space-size` of the child. */
  memoryMb: number;
  /** Folder of the verified code cache, or null for none. */
  cacheDir: string | null;
}

export function specKey(s: ChildSpec): string {
  return JSON.stringify([s.loader, s.bundleId, s.memoryMb, s.cacheDir]);
}

/** Where the child is, as its reporter thread last said. */
export interface ChildProgress {
  line: number;
  column: number;
  loopLine: number;
  loopColumn: number;
}

/** stderr kept from a child: enough for V8's fatal-error banner. */
const STDERR_KEEP = 16 * 1024;

/** The executable a child is started with (this process's: VS Code's Electron, or node) and what it is. */
export interface ChildRuntime {
  execPath: string;
  /** Electron's version when the executable is Electron (in VS Code's extension host), else undefined. */
  electron: string | undefined;
  nodeMajor: number;
  platform: NodeJS.Platform;
}

export function currentRuntime(): ChildRuntime {
  return { execPath: process.execPath, electron: process.versions["electron"], nodeMajor: Number(process.versions.node.split(".")[0]), platform: process.platform };
}

/**
 * The environment of a child: nothing of the editor's (no tokens, no paths); only what makes the executable run
 * as Node, the two variables vscode-languageclient sets when it forks a language server with VS Code's
 * executable (ELECTRON_NO_ASAR: the child has no use for Electron's archive reader). Node ignores both.
 * NODE_CHANNEL_FD is added by `spawn` itself.
 */
export function childEnv(rt: ChildRuntime = currentRuntime()): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ELECTRON_RUN_AS_NODE: "1", ELECTRON_NO_ASAR: "1" };
  if (rt.platform === "win32") for (const k of ["SystemRoot", "windir"]) if (process.env[k] !== undefined) env[k] = process.env[k];
  return env;
}

const dirArg = (d: string): string => (d.endsWith(path.sep) ? d : d + path.sep);

/** Node options of a child. */
export function childArgs(s: ChildSpec, rt: ChildRuntime = currentRuntime()): string[] {
  const args = [`--max-old-space-size=${Math.max(16, Math.floor(s.memoryMb))}`, "--disallow-code-generation-from-strings", "--no-warnings"];
  // Node's permission model as a second wall behind the vm: even code that got out could read only our own
  // bundles and write only the code cache; no child processes, no addons. Not under Electron, whose Node may not
  // take the flags.
  if (rt.electron === undefined && rt.nodeMajor >= 20) {
    args.push("--experimental-permission", "--allow-worker");
    const read = new Set([path.dirname(s.loader), path.dirname(s.bundle)]);
    if (s.cacheDir !== null) read.add(s.cacheDir);
    for (const d of read) args.push(`--allow-fs-read=${dirArg(d)}`);
    if (s.cacheDir !== null) args.push(`--allow-fs-write=${dirArg(s.cacheDir)}`);
  }
  return [...args, s.loader, s.bundle, s.cacheDir ?? "", String(Math.floor(s.memoryMb) + RSS_HEADROOM_MB)];
}

/** How a child process is started: executable, arguments and spawn options. */
export interface ChildCommand {
  file: string;
  args: string[];
  options: SpawnOptions & { stdio: SpawnOptions["stdio"]; env: NodeJS.ProcessEnv };
}

/**
 * The command of a child on runtime `rt`: this process's own executable (in VS Code its Electron, run as Node, as
 * language servers are), an IPC channel on fd 3 (what `fork` would give) and the progress pipe on PROGRESS_FD.
 */
export function childCommand(s: ChildSpec, rt: ChildRuntime = currentRuntime()): ChildCommand {
  const stdio: SpawnOptions["stdio"] = ["ignore", "ignore", "pipe", "ipc", "pipe"];
  return { file: rt.execPath, args: childArgs(s, rt), options: { env: childEnv(rt), stdio, serialization: "advanced", windowsHide: true } };
}

export class RunnerChild {
  readonly proc: ChildProcess;
  readonly key: string;
  loaded = false;
  /** The child's bundle came from a verified code cache. */
  cacheUsed = false;
  /** The snippet has started running (its timeout runs). */
  started = false;
  /** `performance.now()` in this process when the child said the snippet started. */
  startedAt: number | null = null;
  exited = false;
  readonly progress: ChildProgress = { line: 0, column: 0, loopLine: 0, loopColumn: 0 };
  /** Highest resident set size the reporter saw, in bytes. */
  peakRss = 0;
  /** The reporter killed the process for going over its memory wall. */
  memoryKilled = false;
  stderr = "";
  /** Who hears the child's events (one run at a time; a spare has only its pool listening). */
  onLoaded: () => void = () => undefined;
  onStarted: () => void = () => undefined;
  onMessage: (m: ChildMessage) => void = () => undefined;
  onExit: (code: number | null, signal: NodeJS.Signals | null) => void = () => undefined;

  /**
   * `command`: how to start it, childCommand(spec) unless a test starts the same arguments another way. `spare`:
   * started ahead of its run, so it warms up while it waits (child.ts, warmUp.ts).
   */
  constructor(
    readonly spec: ChildSpec,
    command: ChildCommand = childCommand(spec),
    readonly spare = false,
  ) {
    this.key = specKey(spec);
    // AGL_SPARE_WARMUP=0: spares that only load (the re-run measurement's before/after, test/vscode/rerun.test.ts).
    const warm = spare && process.env["AGL_SPARE_WARMUP"] !== "0";
    // The cache folder must exist before the child starts: Node's permission model grants writes under a folder
    // that exists at start-up, and a child started with a folder still to be made (a first run after an install)
    // could write none of its caches.
    if (spec.cacheDir !== null) {
      try {
        mkdirSync(spec.cacheDir, { recursive: true, mode: 0o700 });
      } catch {
        // Then no caches: the run itself does not need them.
      }
    }
    this.proc = spawn(command.file, warm ? [...command.args, "spare"] : command.args, command.options);
    const stderr = this.proc.stderr;
    stderr?.setEncoding("utf8");
    stderr?.on("data", (d: string) => {
      if (this.stderr.length < STDERR_KEEP) this.stderr += d.slice(0, STDERR_KEEP - this.stderr.length);
    });
    const progressPipe = this.proc.stdio[PROGRESS_FD] as Readable | null;
    let partial = "";
    progressPipe?.setEncoding("utf8");
    progressPipe?.on("data", (d: string) => {
      const lines = (partial + d).split("\n");
      partial = lines.pop() ?? "";
      for (const l of lines) this.progressLine(l);
    });
    this.proc.on("message", (m: unknown) => {
      const msg = m as ChildMessage;
      if (typeof msg === "object" && msg !== null && msg.type === "loaded") {
        this.loaded = true;
        this.cacheUsed = msg.cacheUsed === true;
        this.onLoaded();
      } else this.onMessage(msg);
    });
    this.proc.on("error", () => undefined);
    // "close" comes once the pipes are drained (the last progress line, a Trace still in the IPC channel); a
    // grandchild holding a pipe open must not hold the run, hence the fallback after "exit".
    let ended = false;
    const end = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (ended) return;
      ended = true;
      this.onExit(code, signal);
    };
    this.proc.once("exit", (code, signal) => {
      this.exited = true;
      setTimeout(() => end(code, signal), 1000).unref();
    });
    this.proc.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
      this.exited = true;
      end(code, signal);
    });
  }

  private progressLine(l: string): void {
    if (l === "S") {
      this.started = true;
      this.startedAt = performance.now();
      this.onStarted();
      return;
    }
    const parts = l.split(" ");
    if (parts[0] === "M") {
      this.memoryKilled = true;
      this.peakRss = Math.max(this.peakRss, Number(parts[1]) || 0);
      return;
    }
    if (parts[0] !== "P" || parts.length !== 6) return;
    const [line, column, loopLine, loopColumn, rss] = parts.slice(1).map(Number) as [number, number, number, number, number];
    Object.assign(this.progress, { line, column, loopLine, loopColumn });
    if (Number.isFinite(rss)) this.peakRss = Math.max(this.peakRss, rss);
  }

  /** Sends the run's request (the child queues it until its bundle is loaded). */
  send(request: unknown): void {
    this.proc.send(request as object, (err) => {
      if (err) this.kill();
    });
  }

  /** An idle spare must not keep a CLI or a test process alive; a run that takes it refs it again. */
  setRef(on: boolean): void {
    const handles: Array<{ ref(): void; unref(): void } | null | undefined> = [
      this.proc,
      this.proc.channel as unknown as { ref(): void; unref(): void } | undefined,
      this.proc.stderr as unknown as { ref(): void; unref(): void } | null,
      this.proc.stdio[PROGRESS_FD] as unknown as { ref(): void; unref(): void } | null,
    ];
    for (const h of handles) {
      if (h === null || h === undefined) continue;
      if (on) h.ref?.();
      else h.unref?.();
    }
  }

  kill(): void {
    if (!this.exited) this.proc.kill("SIGKILL");
  }
}
