/**
 * The `__lens` object the instrumented snippet calls: call completed (`c`), value bound to a name (`b`, `bs`),
 * destructuring assignment done (`a`), loop entered / iterated / exited (`e`, `t`, `x`), and the engine (`torch`).
 *
 * The loop guard lives here: `t` counts iterations and, past the deadline, throws an error naming the loop's line.
 * Once the deadline has passed every hook throws, so a snippet that catches the first timeout cannot keep running.
 * The memory guard lives here too: tensor storage is typed arrays, outside the V8 heap that the worker's
 * `resourceLimits` cap, so every few calls the hooks compare that external memory with the cap and stop the
 * snippet with a clear error before it can take the machine's memory.
 * The innermost running loop is also written to `progress` (shared memory when run in a worker), so the parent can
 * name the loop even when it has to terminate the worker because the snippet is stuck outside any guard.
 */
import type { SourceRange } from "../protocol.js";
import { HOOK, PROGRESS } from "./lensNames.js";
import type { LoopSite } from "./sites.js";

/** Taken when the realm boots, before any snippet code: a snippet that replaces `Date.now` cannot stop the clock. */
const now = Date.now;

/** What the recorder needs to hear from the hooks. */
export interface HookSink {
  callCompleted(site: number, value: unknown): void;
  bound(value: unknown, site: number): void;
}

/** Thrown by a loop guard at the deadline. Recognised by the sandbox and reported as a "timeout" RunError. */
export class SnippetTimeout extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`Timed out after ${timeoutMs} ms: loop on line ${line} did not finish`);
    this.name = "SnippetTimeout";
  }
}

/** Thrown by a hook when heap + tensor storage exceed the run's memory cap; reported as a "memory" RunError. */
export class SnippetOutOfMemory extends Error {
  constructor(readonly limitMb: number) {
    super(`Out of memory: the snippet's tensors used more than ${limitMb} MB`);
    this.name = "SnippetOutOfMemory";
  }
}

/** Check memory every this many hook calls: cheap enough (a V8 stats read), often enough to stop a runaway loop. */
const MEMORY_CHECK_EVERY = 16;

/** Indices into the progress array (see lensNames.ts). */
export const PROGRESS_LOOP_LINE = PROGRESS.loopLine;
export const PROGRESS_LOOP_COLUMN = PROGRESS.loopColumn;

/** The message both the in-worker guard and the parent's hard kill use, so they read the same. */
export function timeoutMessage(timeoutMs: number, line: number | null): string {
  return line === null ? `Timed out after ${timeoutMs} ms` : `Timed out after ${timeoutMs} ms: loop on line ${line} did not finish`;
}

/** A timeout outside every loop guard (V8's watchdog stopped a statement, or a call that never returned). */
export function statementTimeoutMessage(timeoutMs: number, line: number | null): string {
  return line === null ? `Timed out after ${timeoutMs} ms` : `Timed out after ${timeoutMs} ms: line ${line} was still running`;
}

interface LoopFrame {
  site: number;
  iteration: number;
}

/** The `__lens` runtime for one run. */
export class LensHooks {
  private readonly loopStack: LoopFrame[] = [];
  private timedOut: SnippetTimeout | null = null;
  private rejection: { reason: unknown } | null = null;
  /**
   * Attaches a rejection handler; must be a function of the snippet's context, because V8 queues a promise
   * reaction on the handler's realm, and only the context's queue is drained within the run.
   */
  watchPromise: ((promise: unknown, report: (reason: unknown) => void) => void) | null = null;
  private outOfMemory: SnippetOutOfMemory | null = null;
  private untilMemoryCheck = MEMORY_CHECK_EVERY;
  /** `Date.now()` value after which guards throw: set by `startClock` when the snippet starts running. */
  private deadline = Infinity;

  constructor(
    private readonly sink: HookSink,
    private readonly loops: readonly LoopSite[],
    /** Ranges of the instrumented calls: a completed call puts the progress back on its line. */
    private readonly calls: readonly SourceRange[],
    private readonly timeoutMs: number,
    private readonly progress: Int32Array,
    /** Heap + external bytes allowed, or null for no memory guard (in-process runs share the host's heap). */
    private readonly memoryLimitMb: number | null = null,
    /** Bytes outside the V8 heap (tensor storage, typed arrays): asked of the host, which alone can measure it. */
    private readonly externalBytes: () => number = () => 0,
  ) {}

  /** The snippet starts now: its time runs from here (compiling it did not count). */
  startClock(deadline: number): void {
    this.deadline = deadline;
  }

  /** Throws once the run is over its time (sticky) or memory budget. */
  private check(): void {
    if (this.timedOut !== null) throw this.timedOut;
    if (this.outOfMemory !== null) throw this.outOfMemory;
    if (this.memoryLimitMb === null || --this.untilMemoryCheck > 0) return;
    this.checkMemoryNow();
  }

  /**
   * The memory check itself: also called at every tensor the engine creates (recorder), so no single statement
   * can allocate many tensors past the cap between two hook calls.
   */
  checkMemoryNow(): void {
    if (this.outOfMemory !== null) throw this.outOfMemory;
    if (this.memoryLimitMb === null) return;
    this.untilMemoryCheck = MEMORY_CHECK_EVERY;
    // Only storage outside the heap: the heap itself is capped by the child's --max-old-space-size (V8 collects
    // garbage before it gives up), while the used heap size here would count garbage not yet collected.
    if (this.externalBytes() > this.memoryLimitMb * 1024 * 1024) {
      this.outOfMemory = new SnippetOutOfMemory(this.memoryLimitMb);
      throw this.outOfMemory;
    }
  }

  /** The first rejection of a promise the snippet discarded (`main();` of an async function), if any. */
  discardedRejection(): { reason: unknown } | null {
    return this.rejection;
  }

  /** The timeout the guards raised, if they did (V8's watchdog may still be the one that ends the script). */
  raisedTimeout(): SnippetTimeout | null {
    return this.timedOut;
  }

  /** The innermost running loop and its 1-based iteration, for tagging the tensors it creates. */
  currentLoop(): { line: number; iteration: number } | null {
    const top = this.loopStack[this.loopStack.length - 1];
    if (top === undefined) return null;
    const site = this.loops[top.site];
    return site === undefined ? null : { line: site.line, iteration: Math.max(top.iteration, 1) };
  }

  /** The object installed as `__lens` in the snippet's context. Arrow functions: no `this` to lose. */
  api(torch: object): Readonly<Record<string, unknown>> {
    const sink = this.sink;
    return Object.freeze({
      [HOOK.engine]: torch,
      [HOOK.call]: (site: number, value: unknown): unknown => {
        this.returnedTo(site);
        this.check();
        sink.callCompleted(site, value);
        return value;
      },
      [HOOK.callDiscarded]: (site: number, value: unknown): unknown => {
        this.returnedTo(site);
        this.check();
        sink.callCompleted(site, value);
        const then = typeof value === "object" && value !== null ? (value as { then?: unknown }).then : undefined;
        if (typeof then === "function" && this.watchPromise !== null) {
          this.watchPromise(value, (reason: unknown) => {
            this.rejection ??= { reason };
          });
        }
        return value;
      },
      [HOOK.bind]: (value: unknown, site: number): unknown => {
        this.check();
        sink.bound(value, site);
        return value;
      },
      [HOOK.bindMany]: (values: unknown[], sites: number[]): void => {
        for (let i = 0; i < values.length; i++) sink.bound(values[i], sites[i] as number);
      },
      [HOOK.assigned]: (value: unknown, after: () => void): unknown => {
        after();
        return value;
      },
      [HOOK.loopEnter]: (site: number): void => {
        this.loopStack.push({ site, iteration: 0 });
        this.publish();
      },
      [HOOK.loopTick]: (site: number): void => {
        const top = this.loopStack[this.loopStack.length - 1];
        if (top !== undefined) top.iteration++;
        if (this.timedOut !== null || now() > this.deadline) throw this.timeout(site);
        this.check();
      },
      [HOOK.loopExit]: (): void => {
        this.loopStack.pop();
        // A timeout unwinding out of its loop keeps that loop's line published: if the parent has to kill the
        // child while it is still sending the Trace, it names the loop that did not finish, as the guard did.
        if (this.timedOut === null) this.publish();
      },
    });
  }

  private timeout(site: number): SnippetTimeout {
    if (this.timedOut === null) {
      const loop = this.loops[site];
      this.timedOut = new SnippetTimeout(this.timeoutMs, loop?.line ?? 1, loop?.column ?? 1);
    }
    return this.timedOut;
  }

  /** Back in the statement that made the call: the progress names its line again (not the callee's last one). */
  private returnedTo(site: number): void {
    const r = this.calls[site];
    if (r === undefined) return;
    this.progress[PROGRESS.line] = r.startLine;
    this.progress[PROGRESS.column] = r.startColumn;
  }

  /** Writes the innermost loop's position where the parent can read it. */
  private publish(): void {
    const top = this.loopStack[this.loopStack.length - 1];
    const site = top === undefined ? undefined : this.loops[top.site];
    this.progress[PROGRESS_LOOP_LINE] = site?.line ?? 0;
    this.progress[PROGRESS_LOOP_COLUMN] = site?.column ?? 0;
  }
}
