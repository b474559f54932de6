/**
 * A warm spare: one runner child started ahead of the next run, so a run only sends its request. Each child still
 * serves one snippet; the spare is replaced after every run, `delayMs` later (the caller is busy with the Trace
 * right then: the view paints, hovers and lenses refresh, and a child loading the bundle would compete for the CPU).
 * A spare started for another spec (heap cap, rebuilt bundle, cache folder) is not used.
 */

/** What `state` reports: "off" unless `keepWarm` was called. */
export type SpareState = "off" | "none" | "loading" | "ready";

/** The part of a runner child the pool needs. */
export interface Poolable {
  readonly key: string;
  readonly loaded: boolean;
  readonly exited: boolean;
  onExit: (code: number | null, signal: NodeJS.Signals | null) => void;
  setRef(on: boolean): void;
  kill(): void;
}

export class SparePool<S, T extends Poolable> {
  private warm = false;
  private spare: T | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextSpec: S | null = null;
  /** Holds in force (see `hold`) and whether a spare was due meanwhile. */
  private holds = 0;
  private due = false;

  constructor(
    private readonly start: (spec: S) => T,
    private readonly keyOf: (spec: S) => string,
    readonly delayMs: number,
  ) {}

  state(): SpareState {
    if (!this.warm) return "off";
    if (this.spare === null || this.spare.exited) return "none";
    return this.spare.loaded ? "ready" : "loading";
  }

  /** From now on keep a spare made for `spec` (null: the spec of the last run); `startNow` starts it at once. */
  keepWarm(spec: S | null, startNow: boolean): void {
    this.warm = true;
    if (spec !== null) this.retarget(spec);
    if (startNow) {
      this.cancelTimer();
      this.startSpare();
    }
  }

  /** The spare, left in place, if there is a live one that fits `key` (to send it something ahead of its run). */
  peek(key: string): T | null {
    const s = this.spare;
    return s !== null && !s.exited && s.key === key ? s : null;
  }

  /** The spare, if it fits `key`; an unfitting or dead spare is killed. */
  take(key: string): T | null {
    this.cancelTimer();
    const s = this.spare;
    if (s === null) return null;
    this.spare = null;
    if (s.exited || s.key !== key) {
      s.kill();
      return null;
    }
    s.setRef(true);
    return s;
  }

  /** After a run made for `spec`: the next spare follows that spec, `delayMs` later. */
  afterRun(spec: S): void {
    if (!this.warm) return;
    this.retarget(spec);
    if (this.spare !== null || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.startSpare();
    }, this.delayMs);
    this.timer.unref();
  }

  /**
   * Starts no spare until the returned release is called (every hold released): the caller is on a critical path
   * that needs the CPU more (the graph panel's first paint on a cold start). A spare due meanwhile starts on release.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds === 0 && this.due) {
        this.due = false;
        this.startSpare();
      }
    };
  }

  /** Stops keeping a spare and kills the current one. */
  stop(): void {
    this.warm = false;
    this.cancelTimer();
    const s = this.spare;
    this.spare = null;
    s?.kill();
  }

  private retarget(spec: S): void {
    this.nextSpec = spec;
    if (this.spare !== null && this.spare.key !== this.keyOf(spec)) {
      this.spare.kill();
      this.spare = null;
    }
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private startSpare(): void {
    if (!this.warm || this.spare !== null || this.nextSpec === null) return;
    if (this.holds > 0) {
      this.due = true;
      return;
    }
    let s: T;
    try {
      s = this.start(this.nextSpec);
    } catch {
      return; // The next run starts its own child and reports the problem in its Trace.
    }
    s.onExit = () => {
      if (this.spare === s) this.spare = null;
    };
    s.setRef(false);
    this.spare = s;
  }
}
