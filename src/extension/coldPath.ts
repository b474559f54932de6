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

let lastCommandAt: number | undefined;

/** Marks the moment a command that opens the graph was invoked. */
export function markCommand(): void {
  lastCommandAt = Date.now();
}

/** The extension host's marks and the last graph command's. */
export function hostPhases(): Phases {
  return lastCommandAt === undefined ? { ...process } : { ...process, command: lastCommandAt };
}
