// SparePool.hold: while a hold is in force no spare starts (the graph panel's first paint goes first); a spare that
// was due starts when the last hold is released, and a run's own child is never held.
import { test } from "node:test";
import assert from "node:assert/strict";
import { type Poolable, SparePool } from "../../../src/runner/sparePool.js";

class Fake implements Poolable {
  loaded = true;
  exited = false;
  onExit: Poolable["onExit"] = () => undefined;
  constructor(readonly key: string) {}
  setRef(): void {}
  kill(): void {
    this.exited = true;
  }
}

test("a held pool starts no spare; releasing every hold starts the one that was due", () => {
  const started: Fake[] = [];
  const pool = new SparePool<string, Fake>((k) => (started.push(new Fake(k)), started.at(-1)!), (k) => k, 0);
  const releaseA = pool.hold();
  const releaseB = pool.hold();
  pool.keepWarm("spec", true);
  assert.equal(started.length, 0, "held: nothing started");
  assert.equal(pool.state(), "none");
  releaseA();
  releaseA(); // a second call of the same release changes nothing
  assert.equal(started.length, 0, "one hold still in force");
  releaseB();
  assert.equal(started.length, 1, "the due spare started on the last release");
  assert.equal(pool.state(), "ready");
  assert.equal(pool.take("spec"), started[0]);
  pool.stop();
});

test("without a due spare, a release starts nothing", () => {
  const started: Fake[] = [];
  const pool = new SparePool<string, Fake>((k) => (started.push(new Fake(k)), started.at(-1)!), (k) => k, 0);
  const release = pool.hold();
  release();
  assert.equal(started.length, 0);
  pool.keepWarm("spec", true);
  assert.equal(started.length, 1);
  pool.stop();
});
