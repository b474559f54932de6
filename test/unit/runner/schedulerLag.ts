// How late this process's timers fire while a run is in flight. On a loaded machine (the suite runs beside builds
// and browsers on two cores) the parent's hard-kill timer, and its handling of the child's reply, start late by
// that much: no runner can answer before its own process is scheduled. A test of "within timeout + 0.5 s" asserts
// the bound plus this measured lag, which on a quiet machine is a few milliseconds: the bound stays the
// issue's, and a busy machine does not make it fail.
import { monitorEventLoopDelay } from "node:perf_hooks";

export async function withSchedulerLag<T>(run: () => Promise<T>): Promise<{ value: T; lagMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    const value = await run();
    // The histogram's max is the latest any 10 ms tick fired (in ns), so the resolution itself is subtracted.
    return { value, lagMs: Math.max(0, delay.max / 1e6 - 10) };
  } finally {
    delay.disable();
  }
}
