/**
 * Proof (issue 11): the gradients the computation view shows — intermediate tensors included — equal PyTorch's.
 * For every example and every backward pass, each drawn tensor that requires grad is compared with real PyTorch 1.13
 * (retain_grad() on every intermediate, intermediate-grads.json from test/gen_example_twins.py): the number the view
 * model gives (labels.gradShown, what the panel, the text alternative and the exports read) within 1e-5, and the
 * record's text (labels.nodeLabel) carrying PyTorch's value as the view formats it. No browser.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import type { Trace } from "../../src/protocol.js";
import { buildComputation } from "../../webview/computation.js";
import { gradShown, gradWords, nodeLabel, type LabelContext } from "../../webview/labels.js";
import { lastPosition } from "../../webview/playback.js";
import { recordExample } from "./helpers.js";
import { GRAD_FIXTURES, expectedLines, gradTensors } from "./intermediateGrads.js";

function close(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    assert.ok(Math.abs(a - e) <= 1e-5 * Math.max(1, Math.abs(e)), `${what}[${i}]: view ${a} vs PyTorch ${e}`);
  });
}

function exampleFile(name: string): string {
  return existsSync(`examples/${name}.ts`) ? `examples/${name}.ts` : `examples/${name}.py`;
}

describe("the computation view's gradients equal PyTorch's retain_grad() values", () => {
  it("there is a fixture for every example", () => {
    const names = readdirSync("examples").filter((f) => /^\d\d-.*\.(ts|py)$/.test(f)).map((f) => f.replace(/\.(ts|py)$/, "")).sort();
    assert.deepEqual(Object.keys(GRAD_FIXTURES).sort(), names);
  });

  for (const [name, fx] of Object.entries(GRAD_FIXTURES)) {
    it(`${name}: every tensor's gradient at the end of every pass`, () => {
      const trace: Trace = recordExample(exampleFile(name));
      const tensors = gradTensors(trace);
      // The fixture covers exactly the tensors that show a gradient: none missed, none invented.
      assert.deepEqual(tensors.map((t) => t.label).sort(), [...fx.labels].sort(), "the tensors with a gradient line");
      assert.equal(trace.passes.length, fx.passes.length, "backward passes");
      const model = buildComputation(trace);
      let compared = 0;
      for (const fp of fx.passes) {
        const pass = trace.passes.find((p) => p.index === fp.index);
        assert.ok(pass, `pass ${fp.index}`);
        if (fp.error !== null) {
          assert.ok(pass.error?.startsWith(fp.error.slice(0, 60)), `pass ${fp.index} fails as in PyTorch: ${pass.error}`);
          continue;
        }
        assert.equal(pass.error, null);
        const c: LabelContext = { mode: "computation", trace, model, pass: fp.index, position: lastPosition(pass) };
        for (const t of tensors) {
          // A tensor made after this pass got nothing from it (PyTorch: not in the pass's record).
          const want = fp.grads[t.label] ?? null;
          const shown = gradShown(c, t.id) ?? null;
          const what = `${name} pass ${fp.index} ${t.label}${t.isLeaf ? " (leaf .grad)" : ""}`;
          if (want === null) assert.equal(shown, null, `${what}: PyTorch has None, the view shows ${JSON.stringify(shown?.data)}`);
          else {
            assert.ok(shown, `${what}: PyTorch has ${JSON.stringify(want)}, the view shows nothing`);
            close(shown.data, want, what);
            compared++;
          }
          // The record and the text alternative say it: PyTorch's value in the view's own formatting.
          const label = nodeLabel(c, { id: t.id, kind: "tensor", classes: [], parent: null });
          const words = gradWords(c, t.id);
          for (const line of expectedLines(t, want) ?? []) {
            assert.ok(label.includes(line.trim()), `${what}: record ${JSON.stringify(label)} lacks ${JSON.stringify(line)}`);
            assert.ok(words.includes(line.trim()), `${what}: text alternative ${JSON.stringify(words)} lacks ${JSON.stringify(line)}`);
          }
          if (!t.isLeaf && want !== null) assert.match(label, t.retainsGrad ? /= \.grad \(retain_grad\)/ : /not kept in \.grad/, what);
        }
      }
      assert.ok(compared > 0, "compared some gradients");
    });
  }
});
