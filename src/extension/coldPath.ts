/**
 * Wall-clock marks of the graph's cold path on the host side: `Date.now()` epochs, because the webview and the
 * UI tests read the same machine clock (the view's `performance.timeOrigin` is an epoch too). The panel sends them
 * with every trace; the view adds its own (document, bundle, trace received, painted), keeps the merged record on
 * its root element and posts `painted`. Nothing here changes behaviour: it only remembers when things happened.
 */

/** Epoch milliseconds of named moments, plus durations ending in `Ms`. */
export type Phases = Record<string, number>;

const process: Phases = {};

/** Marks a once-per-extension-host moment (module loaded, activated); later calls keep the first time. */
export function markHost(name: "hostLoaded" | "activated", at = Date.now()): void {
  process[name] ??= at;
}

let lastCommand: Phases | undefined;

/**
 * The extension host's thread is shared by every extension (TypeScript's language features activate on the same
 * file open): its stalls (a 20 ms tick arriving more than 100 ms late) during the first 30 s say how long the
 * command message may have waited in line, and when.
 */
const stalls: Array<{ at: number; ms: number }> = [];
let lastTick = Date.now();
const ticker = setInterval(() => {
  const now = Date.now();
  if (now - lastTick > 120) stalls.push({ at: lastTick, ms: now - lastTick - 20 });
  lastTick = now;
}, 20);
ticker.unref();
setTimeout(() => clearInterval(ticker), 30_000).unref();

/** Stalls the record lists one by one (hostStall1…, the cold-path harness reads as many as there are). */
const MAX_STALLS = 12;

/** Marks the moment a command that opens the graph was invoked. */
export function markCommand(): void {
  const now = Date.now();
  const before = stalls.filter((s) => s.at < now);
  lastCommand = { command: now, hostStallMaxMs: Math.max(0, ...before.map((s) => s.ms)), hostStallTotalMs: before.reduce((a, s) => a + s.ms, 0) };
  // The first few, in order: activation's come first, and those after the first Trace's arrival must not be cut off.
  before.slice(0, MAX_STALLS).forEach((s, i) => {
    lastCommand![`hostStall${i + 1}`] = s.at;
    lastCommand![`hostStall${i + 1}Ms`] = s.ms;
  });
}

/** The extension host's marks and the last graph command's. */
export function hostPhases(): Phases {
  return { ...process, ...lastCommand };
}
