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
    // Values anchored where each statement's code starts: line 2 at column 0, line 4 indented by 2, line 6 at 0.
    const lines = new Map([
      [2, { column: 0, value: "a" }],
      [4, { column: 2, value: "b" }],
      [6, { column: 0, value: "c" }],
    ]);
    const at = (m: Map<number, { column: number; value: string }>): Array<[number, string]> => [...m].map(([l, a]) => [l, a.value]);
    const edit = (startLine: number, startCharacter: number, endLine: number, endCharacter: number, text: string) => ({ startLine, startCharacter, endLine, endCharacter, text });
    // Two lines inserted inside line 3: 4 and 6 move down by 2, 2 stays.
    assert.deepEqual(at(shiftLines(lines, edit(3, 1, 3, 1, "x\ny\nz"))), [[2, "a"], [6, "b"], [8, "c"]]);
    // Lines 3-4 replaced by one line: 4's value goes (its statement was replaced), 6 moves up by 1.
    assert.deepEqual(at(shiftLines(lines, edit(3, 0, 4, 9, "q"))), [[2, "a"], [5, "c"]]);
    // Typing inside line 4's statement (after its start) keeps everything where it is.
    assert.deepEqual(at(shiftLines(lines, edit(4, 5, 4, 5, "k"))), [[2, "a"], [4, "b"], [6, "c"]]);
    // Joining line 5 onto line 4 from the end of line 4: 4 stays, 6 moves up.
    assert.deepEqual(at(shiftLines(lines, edit(4, 20, 5, 0, ""))), [[2, "a"], [4, "b"], [5, "c"]]);
    // Enter at column 0 of line 4 (or lines pasted above it): the statement, and its output, move down.
    const enter = shiftLines(lines, edit(4, 0, 4, 0, "\n"));
    assert.deepEqual(at(enter), [[2, "a"], [5, "b"], [7, "c"]]);
    assert.equal(enter.get(5)?.column, 2, "still where the code starts");
    assert.deepEqual(at(shiftLines(lines, edit(6, 0, 6, 0, "a\nb\n"))), [[2, "a"], [4, "b"], [8, "c"]]);
    // Typing before an indented statement on its own line keeps it on its line, its start moved right.
    const typed = shiftLines(lines, edit(4, 0, 4, 0, "  "));
    assert.deepEqual([...typed].map(([l, a]) => [l, a.column]), [[2, 0], [4, 4], [6, 0]]);
    // Deleting line 4 (Ctrl+Shift+K): its output goes with it, and line 5's code (now line 4) has none.
    assert.deepEqual(at(shiftLines(lines, edit(4, 0, 5, 0, ""))), [[2, "a"], [5, "c"]]);
    // Deleting line 2 moves the others up.
    assert.deepEqual(at(shiftLines(lines, edit(2, 0, 3, 0, ""))), [[3, "b"], [5, "c"]]);
    assert.deepEqual(at(lines), [[2, "a"], [4, "b"], [6, "c"]], "the input map is unchanged");
  });
});
