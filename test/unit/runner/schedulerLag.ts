// How late this process's timers fire while a run is in flight. On a loaded machine (the suite runs beside builds
// and browsers on two cores) the parent's hard-kill timer, and its handling of the child's reply, start late by
// that much: no runner can answer before its own process is scheduled. A test of "within timeout + 0.5 s" asserts
// the bound plus this measured lag, which on a quiet machine is a few milliseconds: the bound stays the
// issue's, and a busy machine does not make it fail.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";

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

/**
 * The same measure for a test that blocks this thread (spawnSync of the CLI): a worker thread ticks every 10 ms and
 * keeps the latest a tick fired in shared memory, which this thread reads when it is free again. It sees how busy
 * the machine is, not what the blocked thread does.
 */
export function startLagProbe(): { lagMs: () => number; stop: () => Promise<number> } {
  const shared = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { workerData } = require("node:worker_threads");
     const max = new Int32Array(workerData);
     let last = performance.now();
     setInterval(() => {
       const now = performance.now();
       const late = Math.round(now - last - 10);
       if (late > Atomics.load(max, 0)) Atomics.store(max, 0, late);
       last = now;
     }, 10);`,
    { eval: true, workerData: shared.buffer },
  );
  worker.unref();
  const lagMs = (): number => Math.max(0, Atomics.load(shared, 0));
  return { lagMs, stop: async () => (await worker.terminate(), lagMs()) };
}
