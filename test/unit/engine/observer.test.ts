/** The observer sees exactly the events the recorder builds a Trace from, in order. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as torch from "../../../src/engine/index.js";
import { resetEngine, setObserver } from "../../../src/engine/runtime.js";
import type { EngineObserver, ObservedGradFn, ObservedTensor } from "../../../src/engine/observer.js";

function recorder(): { log: string[]; obs: EngineObserver } {
  const log: string[] = [];
  const t = (x: ObservedTensor | null): string => (x === null ? "null" : `t${x.id}`);
  const g = (x: ObservedGradFn | null): string => (x === null ? "null" : `${x.name()}#${x.id}`);
  const vals = (x: ObservedTensor): string => Array.from(x.dataView()).join(",");
  const obs: EngineObserver = {
    tensorCreated: (e) => log.push(`created ${t(e.tensor)} ${e.op}(${e.inputs.map(t).join(",")})${e.gradEnabled ? "" : " nograd"}${e.detachedFrom ? ` from ${t(e.detachedFrom)}` : ""}`),
    tensorChanged: (e) => log.push(`changed ${t(e.tensor)} ${e.op}`),
    backwardStarted: (e) => log.push(`start ${e.pass} ${e.kind} roots=${e.roots.map(t).join(",")} seed=${e.seeds.map(vals).join("|")} retain=${e.retainGraph}`),
    gradFnExecuted: (e) => log.push(`exec ${e.step} ${g(e.gradFn)} in=${e.gradOutputs.map((x) => (x ? vals(x) : "null")).join("|")}`),
    gradientFlowed: (e) => log.push(`flow ${e.step} ${g(e.from)}->${g(e.to)}[${e.inputIndex}] ${vals(e.grad)}`),
    gradAccumulated: (e) => log.push(`acc ${e.step} ${t(e.tensor)} ${e.before ? vals(e.before) : "null"} -> ${vals(e.after)}`),
    hookFired: (e) => log.push(`hook ${e.step} ${t(e.tensor)} ${vals(e.grad)} -> ${e.replacedWith ? vals(e.replacedWith) : "same"}`),
    backwardFinished: (e) => log.push(`finish ${e.pass} freed=${e.freed.map(g).join(",")} error=${e.error ? e.error.slice(0, 20) : "none"}`),
    warning: (e) => log.push(`warn ${t(e.tensor)} ${e.message.slice(0, 20)}`),
  };
  return { log, obs };
}

function withObserver(f: () => void): string[] {
  const { log, obs } = recorder();
  resetEngine();
  setObserver(obs);
  try {
    f();
  } finally {
    setObserver(null);
  }
  return log;
}

test("y = x·x summed: creation, backward steps, flows, accumulation, freeing", () => {
  const log = withObserver(() => {
    const x = torch.tensor([1, 2], { requires_grad: true });
    const y = x.mul(x);
    const s = y.sum();
    s.backward();
    assert.throws(() => s.backward({ retain_graph: false, create_graph: false, inputs: [x] }));
  });
  assert.deepEqual(log.slice(0, 13), [
    "created t1 tensor()",
    "created t2 mul(t1,t1)",
    "created t3 sum(t2)",
    "start 1 backward roots=t3 seed=1 retain=false",
    "exec 0 SumBackward0#3 in=1",
    "flow 0 SumBackward0#3->MulBackward0#2[0] 1,1",
    "exec 1 MulBackward0#2 in=1,1",
    "flow 1 MulBackward0#2->AccumulateGrad#1[0] 1,2",
    "flow 1 MulBackward0#2->AccumulateGrad#1[1] 1,2",
    "exec 2 AccumulateGrad#1 in=2,4",
    "acc 2 t1 null -> 2,4",
    "finish 1 freed=MulBackward0#2 error=none",
    "start 2 backward roots=t3 seed=1 retain=false",
  ]);
  assert.deepEqual(log.slice(13), [
    "exec 0 SumBackward0#3 in=1",
    "flow 0 SumBackward0#3->MulBackward0#2[0] 1,1",
    "exec 1 MulBackward0#2 in=1,1",
    "finish 2 freed= error=Trying to backward t",
  ]);
});

test("scalars are not inputs; detach, no_grad, in-place, hooks and warnings are reported", () => {
  const log = withObserver(() => {
    const x = torch.ones(2, { requires_grad: true });
    const y = x.mul(3);
    void y.detach();
    torch.no_grad(() => x.mul(2));
    y.register_hook((g) => g.mul(2));
    void y.grad;
    y.sum().backward();
    torch.no_grad(() => x.sub_(1));
  });
  // Ids count every tensor, including the wrapped number 3 (t2) and internal gradients the observer never sees
  // created; the recorder keys on the reported tensors.
  assert.deepEqual(log, [
    "created t1 ones()",
    "created t3 mul(t1)",
    "created t4 detach(t3) from t3",
    "created t6 mul(t1) nograd",
    "warn t3 The .grad attribute ",
    "created t7 sum(t3)",
    "start 1 backward roots=t7 seed=1 retain=false",
    "exec 0 SumBackward0#3 in=1",
    "flow 0 SumBackward0#3->MulBackward0#2[0] 1,1",
    "exec 1 MulBackward0#2 in=1,1",
    "created t11 mul(t9) nograd",
    "hook 1 t3 1,1 -> 2,2",
    "flow 1 MulBackward0#2->AccumulateGrad#1[0] 6,6",
    "exec 2 AccumulateGrad#1 in=6,6",
    "acc 2 t1 null -> 6,6",
    "finish 1 freed=MulBackward0#2 error=none",
    "changed t1 sub_",
  ]);
});

test("accumulation reports a copy of the previous gradient", () => {
  const log = withObserver(() => {
    const x = torch.ones(2, { requires_grad: true });
    x.sum().backward();
    x.sum().backward();
  });
  assert.ok(log.includes("acc 1 t1 1,1 -> 2,2"), log.join("\n"));
});

test("execution order: most recently created ready node first, AccumulateGrad before others", () => {
  const order: string[] = [];
  resetEngine();
  setObserver({ gradFnExecuted: (e) => order.push(e.gradFn.name()) });
  try {
    const x = torch.tensor([1, 2], { requires_grad: true });
    const a = x.mul(2);
    const b = x.exp();
    const c = a.add(b).mul(a).sum();
    c.backward();
  } finally {
    setObserver(null);
  }
  assert.deepEqual(order, ["SumBackward0", "MulBackward0", "AddBackward0", "ExpBackward0", "MulBackward0", "AccumulateGrad"]);
});

test("no observer: nothing is called and no reporting state leaks", () => {
  setObserver(null);
  const x = torch.ones(2, { requires_grad: true });
  x.mul(2).sum().backward();
  assert.deepEqual(Array.from(x.grad!.storage), [2, 2]);
});
