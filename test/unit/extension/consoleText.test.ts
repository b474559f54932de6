// The console text of the output channel and of the inline values, from a real run's Trace.
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { traceInProcess } from "../../../src/runner/inProcess";
import { channelLines, clockTime, entriesByLine, inlineText, INLINE_CAP, shiftLines } from "../../../src/extension/consoleText";

const SNIPPET = [
  'import * as torch from "autograd-lens";',
  "const x = torch.arange(4.0, { requires_grad: true });",
  "console.log(x.grad);",
  "torch.dot(x, x).mul(2).backward();",
  "console.log(x.grad);",
  "console.log(torch.ones(2, 3));",
  "for (let i = 0; i < 3; i++) console.log(i);",
  "console.warn(torch.arange(100));",
  "torch.ones(2).add(torch.ones(3));",
].join("\n");

describe("console text", () => {
  const trace = traceInProcess(SNIPPET, { file: "s.ts" });

  it("channel: every entry with the line that printed it, multi-line values indented, then the error", () => {
    const lines = channelLines(trace, "s.ts");
    assert.equal(lines[0], "[s.ts:3] null");
    assert.equal(lines[1], "[s.ts:5] tensor([ 0.,  4.,  8., 12.])");
    assert.equal(lines[2], "[s.ts:6] tensor([[1., 1., 1.],");
    assert.equal(lines[3], `${" ".repeat("[s.ts:6] ".length)}        [1., 1., 1.]])`, "aligned under the value");
    assert.deepEqual(lines.slice(4, 7), ["[s.ts:7] 0", "[s.ts:7] 1", "[s.ts:7] 2"]);
    assert.match(lines[7]!, /^\[s\.ts:8\] ⚠ tensor\(\[ 0\.,  1\.,/);
    assert.match(lines.at(-1)!, /^\[s\.ts:9\] ✖ /);
  });

  it("inline: one line per source line, loops joined with their count, capped", () => {
    const byLine = entriesByLine(trace);
    assert.equal(inlineText(byLine.get(4)!), "tensor([ 0.,  4.,  8., 12.])");
    assert.equal(inlineText(byLine.get(5)!), "tensor([[1., 1., 1.], [1., 1., 1.]])");
    assert.equal(inlineText(byLine.get(6)!), "0 │ 1 │ 2  (×3)");
    const long = inlineText(byLine.get(7)!);
    assert.ok(long.length <= INLINE_CAP && long.endsWith("…"), long);
  });

  it("header time: local HH:MM:SS, zero-padded, 24-hour", () => {
    assert.equal(clockTime(new Date(2026, 11, 1, 7, 5, 9)), "07:05:09");
    assert.equal(clockTime(new Date(2026, 11, 1, 19, 52, 46)), "19:52:46");
  });

  it("printed lines move with edits as their decorations do", () => {
    const lines = new Map([[2, "a"], [4, "b"], [6, "c"]]);
    // Two lines inserted inside line 3: 4 and 6 move down by 2, 2 stays.
    assert.deepEqual([...shiftLines(lines, { startLine: 3, endLine: 3, text: "x\ny\nz" })], [[2, "a"], [6, "b"], [8, "c"]]);
    // Lines 3-4 replaced by one line: 4's value goes (its line was replaced), 6 moves up by 1.
    assert.deepEqual([...shiftLines(lines, { startLine: 3, endLine: 4, text: "q" })], [[2, "a"], [5, "c"]]);
    // Typing within line 4 keeps everything where it is; the edit's first line keeps its value.
    assert.deepEqual([...shiftLines(lines, { startLine: 4, endLine: 4, text: "k" })], [...lines]);
    assert.deepEqual([...shiftLines(lines, { startLine: 4, endLine: 5, text: "" })], [[2, "a"], [4, "b"], [5, "c"]]);
    assert.deepEqual([...lines], [[2, "a"], [4, "b"], [6, "c"]], "the input map is unchanged");
  });
});
