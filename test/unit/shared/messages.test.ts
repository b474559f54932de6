// The host ⇄ view contract (src/shared/messages.ts) from the view's side: what the host may send is accepted
// exactly, anything else is dropped, and nothing throws. (The host's side: test/vscode/hostLogic.test.ts.)
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseHostMessage, parseViewMessage, type HostToView } from "../../../src/shared/messages.js";
import { EXPORT_FORMATS } from "../../../src/shared/exportFormats.js";

const trace = { version: 1, tensors: [] };

test("every well-formed HostToView passes, unknown keys dropped", () => {
  const ok: HostToView[] = [
    { type: "select", nodeIds: ["t1", "op:t2"] },
    { type: "highlightLine", line: 9 },
    { type: "showPass", pass: 2, play: true },
    { type: "running" },
    ...EXPORT_FORMATS.map((f) => ({ type: "export" as const, format: f.format })),
  ];
  for (const m of ok) assert.deepEqual(parseHostMessage({ ...m, extra: 1 }), m);
  const t = parseHostMessage({ type: "trace", trace, pass: 1, phases: { hostSent: 3.5 } });
  assert.equal(t?.type, "trace");
  assert.equal(t?.type === "trace" ? t.trace : null, trace, "the Trace itself is passed through, not copied");
  assert.deepEqual(parseHostMessage({ type: "trace", trace }), { type: "trace", trace });
});

test("malformed host messages are dropped", () => {
  for (const bad of [
    null, 1, "trace", [], { type: "nope" },
    { type: "trace" }, { type: "trace", trace: null }, { type: "trace", trace: [] }, { type: "trace", trace, pass: "1" },
    { type: "trace", trace, phases: { a: "x" } },
    { type: "select", nodeIds: "t1" }, { type: "select", nodeIds: [1] },
    { type: "highlightLine", line: "3" },
    { type: "showPass", pass: 1 }, { type: "showPass", pass: "1", play: false },
    { type: "export", format: "exe" }, { type: "export", format: "constructor" }, { type: "export" },
  ]) assert.equal(parseHostMessage(bad), null, JSON.stringify(bad));
});

test("the view's error text is cut to 2,000 characters and its node ids to 199", () => {
  assert.equal((parseViewMessage({ type: "error", message: "x".repeat(5000) }) as { message: string }).message.length, 2000);
  assert.equal(parseViewMessage({ type: "selected", nodeId: "t".repeat(199) })?.type, "selected");
  assert.equal(parseViewMessage({ type: "selected", nodeId: "t".repeat(200) }), null);
});

test("neither end throws on arbitrary input", () => {
  fc.assert(
    fc.property(fc.anything(), (x) => {
      const h = parseHostMessage(x);
      assert.ok(h === null || ["trace", "select", "highlightLine", "showPass", "export", "running"].includes(h.type));
      const w = parseViewMessage(x);
      assert.ok(w === null || ["ready", "reveal", "exported", "selected", "error", "painted"].includes(w.type));
    }),
    { numRuns: 2000 },
  );
});
