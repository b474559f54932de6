/** Graphs that are no longer referenced are collectable; a leaf does not keep old graphs alive. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as torch from "../../../src/engine/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
}

test("intermediates and grad functions of a finished graph are collected while the leaf lives", async () => {
  const x = torch.randn(3, 3, { requires_grad: true });
  const refs: Array<WeakRef<object>> = [];
  (() => {
    const a = x.mul(x);
    const b = a.exp().sum();
    refs.push(new WeakRef(a), new WeakRef(b), new WeakRef(b.grad_fn!), new WeakRef(a.grad_fn!));
    b.backward();
  })();
  await collect();
  assert.ok(x.grad !== null);
  assert.deepEqual(refs.map((r) => r.deref() === undefined), [true, true, true, true]);
});

test("a training loop's heap stays flat", async () => {
  const w = torch.randn(16, 16, { requires_grad: true });
  const step = (): void => {
    const loss = w.mm(w).tanh().pow(2).mean();
    loss.backward();
    torch.no_grad(() => w.sub_(w.grad!.mul(0.01)));
    w.grad!.zero_();
  };
  for (let i = 0; i < 500; i++) step();
  await collect();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 5000; i++) step();
  await collect();
  const after = process.memoryUsage().heapUsed;
  assert.ok(after < before * 1.2 + 2e6, `heap grew from ${before} to ${after}`);
});
