// The view state and its actions (webview/state.ts) without a browser: pass and step, playing, selection, folded
// groups, picture, direction, what is saved across a reload. Traces are real runs of the course examples.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Trace } from "../../../src/protocol.js";
import { traceInProcess } from "../../../src/runner/inProcess.js";
import { buildComputation } from "../../../webview/computation.js";
import { buildModel } from "../../../webview/model.js";
import * as act from "../../../webview/state.js";

const root = join(__dirname, "..", "..", "..");
const run = (file: string): Trace => traceInProcess(readFileSync(join(root, "examples", file), "utf8"));
const manual = run("01-manual-backward.ts");
const freeing = run("07-graph-freeing.ts");
const fresh = { sameSnippet: false, restoring: null };
const steps = (t: Trace, k: number): number => t.passes.find((p) => p.index === k)?.steps.length ?? -1;

describe("view state", () => {
  it("a new Trace opens at the seed of its first pass, not playing", () => {
    const s = act.openTrace({ ...act.initialState, pass: 3, position: 7, playing: true }, manual, fresh);
    assert.equal(s.pass, 1);
    assert.equal(s.position, 0);
    assert.equal(s.playing, false);
    assert.equal(s.collapsed, null, "the GraphView picks the defaults");
    assert.equal(act.positionText(s, manual), "seed");
  });

  it("a re-run keeps pass and step, clamped to the new pass; a host's pass wins", () => {
    const at = { ...act.initialState, pass: 2, position: 999, collapsed: ["checks"] };
    const s = act.openTrace(at, freeing, { sameSnippet: true, restoring: null });
    assert.equal(s.pass, 2);
    assert.equal(s.position, steps(freeing, 2) + 1, "clamped to done");
    assert.deepEqual(s.collapsed, ["checks"]);
    assert.equal(act.openTrace(at, freeing, { pass: 3, sameSnippet: true, restoring: null }).pass, 3);
    assert.equal(act.openTrace(at, freeing, { pass: 42, sameSnippet: false, restoring: null }).pass, 1, "unknown pass → the first");
  });

  it("a reload restores pass, step, toggles, picture, direction and folded groups", () => {
    const saved = act.savedView({ ...act.initialState, pass: 2, position: 3, mode: "autograd", direction: "LR", showSaved: true, showAccumulate: false, collapsed: ["loop:6"], selected: "t2" }, freeing.file, { zoom: 1.5, pan: { x: 10, y: 20 } });
    assert.deepEqual(saved, { file: freeing.file, pass: 2, position: 3, selected: "t2", zoom: 1.5, pan: { x: 10, y: 20 }, collapsed: ["loop:6"], showAccumulate: false, showSaved: true, mode: "autograd", direction: "LR" });
    const s = act.openTrace(act.initialState, freeing, { sameSnippet: false, restoring: saved });
    assert.deepEqual([s.pass, s.position, s.mode, s.direction, s.showSaved, s.showAccumulate, s.collapsed], [2, 3, "autograd", "LR", true, false, ["loop:6"]]);
  });

  it("the selection after a Trace: restored, kept, or the tensor the error names — only if it exists", () => {
    const model = buildComputation(manual);
    const t = manual.tensors[0]?.id ?? "";
    assert.equal(act.selectionAfterOpen({ ...act.initialState, selected: t }, manual, { sameSnippet: true, restoring: null }, model), t);
    assert.equal(act.selectionAfterOpen({ ...act.initialState, selected: "t-gone" }, manual, { sameSnippet: true, restoring: null }, model), null);
    assert.equal(act.selectionAfterOpen({ ...act.initialState, selected: t }, manual, fresh, model), null, "a new snippet selects nothing without an error");
    const failed: Trace = { ...manual, error: { kind: "runtime", message: "boom", line: 1, column: 1, tensor: t } };
    assert.equal(act.selectionAfterOpen(act.initialState, failed, fresh, model), t);
  });

  it("steps clamp to seed … done, and a user's step pauses playback", () => {
    let s = act.openTrace(act.initialState, manual, fresh);
    const last = steps(manual, 1) + 1;
    s = act.stepBy(s, manual, -1);
    assert.equal(s.position, 0);
    s = act.stepBy({ ...s, playing: true }, manual, 2);
    assert.deepEqual([s.position, s.playing], [2, false]);
    assert.equal(act.positionText(s, manual), `step 2/${last - 1}`);
    assert.deepEqual(act.stepControls(s, manual), { back: true, forward: true });
    s = act.toEnd(s, manual);
    assert.equal(s.position, last);
    assert.equal(act.positionText(s, manual), "done");
    assert.deepEqual(act.stepControls(s, manual), { back: true, forward: false });
    assert.equal(act.toStart(s, manual).position, 0);
    assert.deepEqual(act.stepControls(act.toStart(s, manual), manual), { back: false, forward: true });
  });

  it("play starts from the seed when at the end, ticks forward and stops at done", () => {
    const last = steps(manual, 1) + 1;
    let s = act.play(act.toEnd(act.openTrace(act.initialState, manual, fresh), manual), manual);
    assert.deepEqual([s.position, s.playing], [0, true]);
    assert.equal(act.play(s, manual), s, "already playing");
    for (let i = 1; i <= last; i++) {
      s = act.tick(s, manual);
      assert.deepEqual([s.position, s.playing], [i, true]);
    }
    s = act.tick(s, manual);
    assert.deepEqual([s.position, s.playing], [last, false], "the tick after done pauses");
  });

  it("without a backward pass, playback actions change nothing", () => {
    const none: Trace = { ...manual, passes: [] };
    const s = act.openTrace(act.initialState, none, fresh);
    assert.equal(s.pass, 0);
    assert.equal(act.play(s, none), s);
    assert.equal(act.goTo(s, none, 3), s);
    assert.equal(act.choosePass(s, none, 1), s);
    assert.equal(act.stepControls(s, none), null);
    assert.equal(act.positionText(s, none), "");
  });

  it("choosing a pass goes to its end by default, or to the position asked", () => {
    const s = act.openTrace(act.initialState, freeing, fresh);
    assert.deepEqual([act.choosePass(s, freeing, 2).pass, act.choosePass(s, freeing, 2).position], [2, steps(freeing, 2) + 1]);
    assert.equal(act.choosePass(s, freeing, 2, 0).position, 0);
  });

  it("folded groups toggle, fold without duplicates, and speed stays positive", () => {
    let s = act.setCollapsed(act.initialState, ["checks"]);
    s = act.toggleGroup(s, "loop:6");
    assert.deepEqual(s.collapsed, ["checks", "loop:6"]);
    s = act.toggleGroup(s, "checks");
    assert.deepEqual(s.collapsed, ["loop:6"]);
    assert.deepEqual(act.fold(s, ["loop:6", "loop:9"]).collapsed, ["loop:6", "loop:9"]);
    assert.equal(act.setSpeed(s, 2).speed, 2);
    assert.equal(act.setSpeed(s, Number.NaN).speed, 1);
    assert.equal(act.setSpeed(s, 0).speed, 1);
    assert.equal(act.toggleDirection(act.toggleDirection(s)).direction, "TB");
    assert.equal(act.toggleDirection(s).direction, "LR");
  });

  it("switching pictures keeps the selection: an op stands for its grad fn, a grad fn for its op", () => {
    const comp = buildComputation(manual);
    const autograd = buildModel(manual);
    const withFn = manual.tensors.find((t) => t.gradFn !== null && comp.nodes.some((n) => n.id === `op:${t.id}`));
    assert.ok(withFn?.gradFn);
    let s = act.select({ ...act.initialState, mode: "computation" }, `op:${withFn.id}`);
    s = act.setMode(s, "autograd", autograd);
    assert.deepEqual([s.mode, s.selected], ["autograd", withFn.gradFn]);
    s = act.setMode(s, "computation", comp);
    assert.deepEqual([s.mode, s.selected], ["computation", `op:${withFn.id}`]);
    assert.equal(act.setMode(s, "computation", comp).selected, s.selected, "same picture: nothing moves");
  });
});
