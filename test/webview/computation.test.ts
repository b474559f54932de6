/**
 * The computation view's pure parts (no browser), on real Traces of every example: the graph the course draws
 * (x, y → mul → a; …), checks and loop conditions folded, records' values and gradients, playback sentences in
 * the learner's names.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { TensorData, Trace } from "../../src/protocol.js";
import { buildComputation, CHECKS_GROUP } from "../../webview/computation.js";
import { learnerNarration, recordGrad, recordLabel, shortValue, stepSentences, valueLines } from "../../webview/learner.js";
import { lastPosition } from "../../webview/playback.js";
import { recordExample } from "./helpers.js";
import { COURSE, adjacency } from "./course.js";

const traces = new Map<string, Trace>();
function trace(name: string): Trace {
  let t = traces.get(name);
  if (!t) traces.set(name, (t = recordExample(`examples/${name}.ts`)));
  return t;
}

function td(shape: number[], data: number[]): TensorData {
  return { shape, dtype: "float32", data, truncated: false, numel: data.length, stats: { min: Math.min(...data), max: Math.max(...data), mean: data.reduce((a, b) => a + b, 0) / data.length, nanCount: 0, infCount: 0 } };
}

describe("computation view: the course's graph", () => {
  for (const [name, want] of Object.entries(COURSE)) {
    it(`${name}: input → op → output exactly as the course draws it, no AccumulateGrad`, () => {
      const m = buildComputation(trace(name));
      assert.deepEqual(adjacency(m), want);
      assert.ok(!m.nodes.some((n) => n.kind === "gradFn"), "no grad fn nodes");
      // Every drawn edge of the main picture is input → op or op → output (or a detach cut).
      for (const e of m.edges) assert.ok(["operand", "result", "detach", "saved"].includes(e.kind), e.id);
    });
  }

  it("01: the checks (y.mul(torch.ones(3, 3))) are folded into one group; nothing else is", () => {
    const m = buildComputation(trace("01-manual-backward"));
    assert.deepEqual([...m.checks].map((id) => m.tensors.get(id)?.op).sort(), ["mul", "ones"]);
    assert.ok(m.folded.includes(CHECKS_GROUP));
    for (const n of m.nodes) assert.equal(n.parent === CHECKS_GROUP, n.classes.includes("check"), n.id);
  });

  it("06: each `b.norm()` of the while condition becomes its iteration's badge, not a node; middle iterations fold", () => {
    const t = trace("06-control-flow");
    const m = buildComputation(t);
    const norms = t.tensors.filter((x) => x.op === "norm");
    assert.equal(norms.length, 10);
    for (const n of norms) assert.ok(m.conditions.has(n.id) && !m.nodes.some((v) => v.id === n.id || v.id === `op:${n.id}`));
    // Nine checks let an iteration in; the tenth ended the loop and is said on the loop's box.
    assert.equal(m.badges.size, 9);
    assert.match(m.groups.find((g) => g.id === "loop:8")?.label ?? "", /ended: norm\(b#10\) = 1185$/);
    assert.match(m.badges.get("loop:8:1") ?? "", /^norm\(b\) = 2\.314$/);
    assert.ok(m.folded.includes("loop:8:mid"));
    assert.equal(m.groups.find((g) => g.id === "loop:8:mid")?.label, "iterations 2–8");
  });

  it("05: y ⇢ u is a cut with no op above u", () => {
    const t = trace("05-detach");
    const m = buildComputation(t);
    const u = t.tensors.find((x) => x.name === "u");
    assert.ok(u);
    assert.ok(!m.nodes.some((n) => n.id === `op:${u.id}`));
    assert.deepEqual(m.edges.filter((e) => e.target === u.id && e.kind !== "saved").map((e) => e.kind), ["detach"], "only the cut leads into u (z = u*x saved u: a dotted saved link)");
  });

  it("every flow of every pass lands on a drawn operand edge", () => {
    for (const name of Object.keys(COURSE)) {
      const t = trace(name);
      const m = buildComputation(t);
      for (const p of t.passes) for (const f of p.flows) if (f.to) assert.ok(m.edgeFor(f), `${name} pass ${p.index}: ${f.from} → ${f.to}`);
    }
  });
});

describe("records", () => {
  it("vectors up to 16 elements in full, matrices up to 6×6 as a grid, larger ones as shape + min/max/mean", () => {
    assert.deepEqual(valueLines(td([4], [0, 1, 2, 3])), ["[0, 1, 2, 3]"]);
    const v16 = Array.from({ length: 16 }, (_, i) => i);
    assert.equal(valueLines(td([16], v16)).join(" ").match(/\d+/g)?.length, 16);
    assert.match(valueLines(td([17], [...v16, 16])).join(" "), /^17 · min 0 · max 16 mean 8$/);
    assert.deepEqual(valueLines(td([2, 2], [0.5, -1, 2, 3])), ["[[0.5  -1]", " [  2   3]]"]);
    assert.equal(valueLines(td([6, 6], Array.from({ length: 36 }, (_, i) => i + 2))).length, 6);
    assert.match(valueLines(td([7, 7], Array.from({ length: 49 }, (_, i) => i))).join(" "), /7×7 · min 0 · max 48/);
    assert.equal(shortValue(td([3, 3], [1, 2, -1, 0.5, -0.5, 4, 3, -2, 0.1])), "[[1, 2, -1], …]");
  });

  it("before any pass: 'no backward yet', never zeros", () => {
    const t = trace("01-manual-backward");
    const noPass: Trace = { ...t, passes: [] };
    const x = t.tensors.find((v) => v.name === "x");
    assert.ok(x);
    assert.match(recordLabel(x, recordGrad(noPass, x, 0, 0)), /grad: no backward yet/);
  });

  it("01 at the end: every tensor the pass reached shows its gradient; non-leaves say 'not kept in .grad'; x shows None → grad", () => {
    const t = trace("01-manual-backward");
    const pass = t.passes[0];
    assert.ok(pass);
    const end = lastPosition(pass);
    const byName = (n: string) => t.tensors.find((v) => v.name === n) as Trace["tensors"][number];
    for (const n of ["a", "b"]) {
      const r = recordGrad(t, byName(n), 1, end);
      assert.equal(r.state, "value");
      assert.deepEqual(r.grad?.data, Array(9).fill(1));
      assert.match(recordLabel(byName(n), r), /\ngrad ones\(3×3\) · not kept in \.grad$/);
    }
    const x = recordGrad(t, byName("x"), 1, end);
    assert.deepEqual(x.after?.data, byName("y").value.data);
    assert.match(recordLabel(byName("x"), x), /\.grad None →\n\[\[/);
    // At the seed only c has its gradient (1); the rest wait.
    assert.equal(recordGrad(t, byName("c"), 1, 0).grad?.data[0], 1);
    assert.equal(recordGrad(t, byName("a"), 1, 0).state, "pending");
    assert.equal(recordGrad(t, byName("y"), 1, end).state, "none", "y needs no grad: no grad line");
  });
});

describe("playback in the learner's names", () => {
  it("01: grad_b = grad_c × ones(3×3), grad_a = grad_b, grad_x = grad_a × y = [[1, 2, -1], …]", () => {
    const t = trace("01-manual-backward");
    const pass = t.passes[0];
    assert.ok(pass);
    const all = pass.steps.flatMap((_, i) => stepSentences(t, pass, i).map((s) => s.text));
    assert.deepEqual(all, ["grad_b = grad_c × ones(3×3) = ones(3×3)", "grad_a = grad_b = ones(3×3)", "grad_x = grad_a × y = [[1, 2, -1], …]"]);
    assert.match(learnerNarration(t, pass, 0).join("\n"), /seed grad_c = 1/);
  });

  it("04: y = x*x shows the fan-in sum grad_x = grad_y × x + grad_y × x", () => {
    const t = trace("04-nonscalar-backward");
    const pass = t.passes[0];
    assert.ok(pass);
    const texts = pass.steps.flatMap((_, i) => stepSentences(t, pass, i).map((s) => s.text));
    assert.ok(texts.includes("grad_x = grad_y × x + grad_y × x = [0, 2, 4, 6]"), texts.join(" | "));
  });

  it("02: dot names the other operand; 07: the freed pass's error is narrated", () => {
    const t = trace("02-dot-4x");
    const pass = t.passes[0];
    assert.ok(pass);
    const texts = pass.steps.flatMap((_, i) => stepSentences(t, pass, i).map((s) => s.text));
    assert.ok(texts.some((s) => /^grad_x = grad_\(dot @ 9:11\) × x \+ grad_\(dot @ 9:11\) × x = \[0, 4, 8, 12\]$/.test(s)), texts.join(" | "));
    const t7 = trace("07-graph-freeing");
    const p3 = t7.passes[2];
    assert.ok(p3?.error);
    assert.match(learnerNarration(t7, p3, lastPosition(p3)).join("\n"), /Error: Trying to backward through the graph a second time/);
  });
});
