// The Trace index every part of the view reads (webview/traceIndex.ts), checked against plain scans of the Trace on
// every example: what a step asks it must be what scanning the arrays would have found.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Trace } from "../../../src/protocol.js";
import { traceInProcess } from "../../../src/runner/inProcess.js";
import { indexTrace } from "../../../webview/traceIndex.js";

const root = join(__dirname, "..", "..", "..");
const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".ts"));
const traces = new Map<string, Trace>(examples.map((f) => [f, traceInProcess(readFileSync(join(root, "examples", f), "utf8"))]));

describe("the Trace index", () => {
  it("is built once per Trace object", () => {
    const t = traces.get("01-manual-backward.ts") as Trace;
    assert.equal(indexTrace(t), indexTrace(t));
    assert.notEqual(indexTrace(t), indexTrace(structuredClone(t)));
  });

  for (const [file, trace] of traces) {
    it(`answers what scanning ${file} would`, () => {
      const ix = indexTrace(trace);
      assert.ok(trace.passes.length > 0, "every example runs a backward pass");
      for (const t of trace.tensors) assert.equal(ix.tensors.get(t.id), t);
      for (const g of trace.gradFns) assert.equal(ix.gradFns.get(g.id), g);
      assert.deepEqual([...ix.roots].sort(), [...new Set(trace.passes.flatMap((p) => p.roots))].sort());
      for (const g of trace.gradFns.filter((x) => x.name === "AccumulateGrad")) {
        assert.equal(ix.accumulateOf.get(g.tensor), g.id);
        assert.equal(ix.leafOf.get(g.id), g.tensor);
      }
      assert.deepEqual(ix.freedGradFns, trace.gradFns.filter((g) => g.freedAfterPass !== null));
      // Every root's inputs (and detach sources) are its ancestors; a tensor outside the set feeds no root.
      for (const id of ix.rootAncestors) for (const inp of ix.tensors.get(id)?.inputs ?? []) if (ix.tensors.has(inp)) assert.ok(ix.rootAncestors.has(inp), `${inp} feeds ${id}`);
      for (const r of ix.roots) assert.ok(ix.rootAncestors.has(r));
      const hit = (r: { startLine: number; endLine: number } | null, l: number): boolean => r !== null && r.startLine <= l && l <= r.endLine;
      for (let l = 0; l <= 40; l++)
        assert.deepEqual(ix.onLine(l), [...trace.tensors.filter((x) => hit(x.range, l) || hit(x.bindingRange, l)).map((x) => x.id), ...trace.gradFns.filter((g) => hit(g.range, l)).map((g) => g.id)], `line ${l}`);
      for (const pass of trace.passes) {
        assert.equal(ix.passes.get(pass.index), pass);
        pass.steps.forEach((s, i) => assert.equal(ix.stepOf(pass, s.gradFn), i));
        for (let step = -1; step <= pass.steps.length; step++) {
          assert.deepEqual(ix.flowsAt(pass, step), pass.flows.filter((f) => f.step === step));
          assert.deepEqual(ix.accumulationsAt(pass, step), pass.accumulations.filter((a) => a.step === step));
          assert.deepEqual(ix.hooksAt(pass, step), pass.hooks.filter((h) => h.step === step));
        }
        for (const t of trace.tensors) {
          assert.deepEqual(ix.accumulationsInto(pass, t.id), pass.accumulations.filter((a) => a.tensor === t.id));
          const into = pass.flows.filter((f) => f.to !== null && ix.gradFns.get(f.to)?.tensor === t.id).map((f) => f.step);
          assert.equal(ix.firstFlowInto(pass, t.id), into.length > 0 ? Math.min(...into) : undefined);
        }
        for (const g of trace.gradFns) assert.deepEqual(ix.flowsInto(pass, g.id), pass.flows.filter((f) => f.to === g.id));
      }
    });
  }
});
