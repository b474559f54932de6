/**
 * The runner's first warm spare waits for the cold start to settle. Starting a child blocks the extension host's
 * thread while the OS forks the host (10–90 ms in a profile of a quiet cold start, 130–250 ms stalls under load),
 * and the spare's own start-up competes for the CPU. Without this hold the spare started 250 ms after the first run
 * (runner/sparePool.ts), which on a cold start is when "Show Gradient Graph" is on its way to the host: the
 * command waited behind the fork. The first run itself still starts its child at once.
 *
 * The hold ends when a graph panel opens (the panel then holds the spare until its first paint, panel.ts), or
 * COLD_SPARE_HOLD_MS after the first Trace arrived when no panel opened (someone editing, not looking at the graph,
 * who will save seconds later at the earliest), or when another run starts before that, or at once when activation
 * started no run.
 */
import type * as vscode from "vscode";
import { holdSpare } from "../runner/index";
import type { Runs } from "./runs";

export const COLD_SPARE_HOLD_MS = 3000;

export class ColdSpareHold implements vscode.Disposable {
  private readonly release = holdSpare();
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private readonly sub: vscode.Disposable;
  private readonly startSub: vscode.Disposable;
  private nextStart: vscode.Disposable | undefined;

  constructor(runs: Runs) {
    this.startSub = runs.onDidStart(() => (this.started = true));
    this.sub = runs.onDidRun(() => {
      this.sub.dispose();
      this.timer ??= setTimeout(() => this.end(), COLD_SPARE_HOLD_MS);
      this.timer.unref();
      // A second run (typing, a quick save) forks a child anyway: from then on a spare only helps the next one.
      this.nextStart = runs.onDidStart(() => this.end());
    });
  }

  /** At the end of activation: with no run started there is no cold start to protect. */
  endUnlessRunning(): void {
    this.startSub.dispose();
    if (!this.started) this.end();
  }

  /** Ends the hold now (a panel took its own, or there is no first run to wait for). Safe to call twice. */
  end(): void {
    clearTimeout(this.timer);
    this.sub.dispose();
    this.startSub.dispose();
    this.nextStart?.dispose();
    this.release();
  }

  dispose(): void {
    this.end();
  }
}
