/**
 * The parent's handle on one runner child process (child.ts): how it is started (the editor's own executable as
 * plain Node, as VS Code's language servers are, with a heap cap, an empty environment and, on Node, the
 * permission model), and what it has said so far (loaded, started, progress, peak memory, stderr).
 */
import { type ChildProcess, spawn } from "node:child_process";
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

/**
 * The environment of a child: nothing of the editor's (no tokens, no paths); only what makes the executable run
 * as Node. NODE_CHANNEL_FD is added by `spawn` itself.
 */
export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ELECTRON_RUN_AS_NODE: "1" };
  if (process.platform === "win32") for (const k of ["SystemRoot", "windir"]) if (process.env[k] !== undefined) env[k] = process.env[k];
  return env;
}

const dirArg = (d: string): string => (d.endsWith(path.sep) ? d : d + path.sep);

/** Node options of a child. */
export function childArgs(s: ChildSpec): string[] {
  const args = [`--max-old-space-size=${Math.max(16, Math.floor(s.memoryMb))}`, "--disallow-code-generation-from-strings", "--no-warnings"];
  // Node's permission model as a second wall behind the vm: even code that got out could read only our own
  // bundles and write only the code cache; no child processes, no addons. Not under Electron, whose Node may not
  // take the flags.
  if (process.versions["electron"] === undefined && Number(process.versions.node.split(".")[0]) >= 20) {
    args.push("--experimental-permission", "--allow-worker");
    const read = new Set([path.dirname(s.loader), path.dirname(s.bundle)]);
    if (s.cacheDir !== null) read.add(s.cacheDir);
    for (const d of read) args.push(`--allow-fs-read=${dirArg(d)}`);
    if (s.cacheDir !== null) args.push(`--allow-fs-write=${dirArg(s.cacheDir)}`);
  }
  return [...args, s.loader, s.bundle, s.cacheDir ?? "", String(Math.floor(s.memoryMb) + RSS_HEADROOM_MB)];
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

  constructor(readonly spec: ChildSpec) {
    this.key = specKey(spec);
    this.proc = spawn(process.execPath, childArgs(spec), {
      env: childEnv(),
      stdio: ["ignore", "ignore", "pipe", "ipc", "pipe"],
      serialization: "advanced",
      windowsHide: true,
    });
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
