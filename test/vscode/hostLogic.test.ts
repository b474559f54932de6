/**
 * The extension's pure parts, without VS Code: the untrusted-message guard, tensor formatting, "which version of a
 * variable is at this spot", and that every user-visible string has its English and Simplified Chinese text.
 */
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { isSourceRange, parseViewMessage } from "../../src/extension/messages";
import { formatNumber, formatValues, passSummary, tensorAt } from "../../src/extension/format";
import { traceInProcess } from "../../src/runner/inProcess";
import type { TensorData } from "../../src/protocol";
import { ROOT } from "./harness/codeServer";

const data = (shape: number[], values: number[]): TensorData => ({
  shape,
  dtype: "float32",
  data: values,
  truncated: false,
  numel: values.length,
  stats: { min: null, max: null, mean: null, nanCount: 0, infCount: 0 },
});

describe("messages from the view are validated", () => {
  it("accepts each well-formed ViewToHost", () => {
    assert.deepEqual(parseViewMessage({ type: "ready" }), { type: "ready" });
    const range = { startLine: 3, startColumn: 7, endLine: 3, endColumn: 8 };
    assert.deepEqual(parseViewMessage({ type: "reveal", range, extra: 1 }), { type: "reveal", range });
    assert.deepEqual(parseViewMessage({ type: "exported", format: "svg", data: "<svg/>", encoding: "utf8" }), { type: "exported", format: "svg", data: "<svg/>", encoding: "utf8" });
    assert.deepEqual(parseViewMessage({ type: "selected", nodeId: null }), { type: "selected", nodeId: null });
    assert.deepEqual(parseViewMessage({ type: "selected", nodeId: "t3" }), { type: "selected", nodeId: "t3" });
    assert.deepEqual(parseViewMessage({ type: "painted", seq: 2, extra: true }), { type: "painted", seq: 2 });
  });

  it("rejects malformed ones", () => {
    for (const bad of [
      null, 42, "ready", [], { type: "nope" },
      { type: "reveal", range: { startLine: 0, startColumn: 1, endLine: 1, endColumn: 1 } },
      { type: "reveal", range: { startLine: 5, startColumn: 1, endLine: 4, endColumn: 1 } },
      { type: "reveal", range: { startLine: 1.5, startColumn: 1, endLine: 2, endColumn: 1 } },
      { type: "exported", format: "exe", data: "", encoding: "utf8" },
      { type: "exported", format: "png", data: 1, encoding: "base64" },
      { type: "exported", format: "png", data: "", encoding: "hex" },
      { type: "selected", nodeId: 3 },
      { type: "painted" }, { type: "painted", seq: 0 }, { type: "painted", seq: "1" },
    ]) assert.equal(parseViewMessage(bad), null, JSON.stringify(bad));
  });

  it("never throws and returns only typed messages on arbitrary input", () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const m = parseViewMessage(v);
        assert.ok(m === null || ["ready", "reveal", "exported", "selected", "error", "painted"].includes(m.type));
        if (m?.type === "reveal") assert.ok(isSourceRange(m.range));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("formatting", () => {
  it("prints numbers short and values nested", () => {
    assert.equal(formatNumber(0.006000000052154064), "0.006");
    assert.equal(formatNumber(12), "12");
    assert.equal(formatNumber(Number.NaN), "nan");
    assert.equal(formatValues(data([4], [0, 4, 8, 12])), "[0, 4, 8, 12]");
    assert.equal(formatValues(data([2, 2], [1, 2, 3, 4])), "[[1, 2], [3, 4]]");
    assert.equal(formatValues(data([], [28])), "28");
    assert.equal(formatValues(data([10], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 3), "[0, 1, 2, …]");
  });

  it("summarizes a pass as ∇ leaf = grad (02-dot-4x: 4x)", () => {
    const trace = traceInProcess(readFileSync(join(ROOT, "examples", "02-dot-4x.ts"), "utf8"));
    assert.deepEqual(passSummary(trace, 1), ["∇ x = [0, 4, 8, 12]"]);
  });

  it("picks the version of a reassigned variable at a spot", () => {
    const src = `import * as torch from "autograd-lens";
const a = torch.tensor(1.0, { requires_grad: true });
let b = a.mul(2);
for (let i = 0; i < 3; i++) {
  b = b.mul(2);
}
console.log(b);
`;
    const trace = traceInProcess(src);
    assert.equal(trace.error, null);
    const versions = trace.tensors.filter((t) => t.name === "b").map((t) => t.version);
    assert.deepEqual(versions, [1, 2, 3, 4]);
    assert.equal(tensorAt(trace, "b", 3, 5)?.version, 1); // the declaration
    assert.equal(tensorAt(trace, "b", 7, 13)?.version, 4); // after the loop: the last one
    assert.equal(tensorAt(trace, "b", 5, 3)?.version, 4); // in the loop: the last iteration's binding there
  });
});

describe("l10n", () => {
  const sources = readdirSync(join(ROOT, "src", "extension")).map((f) => readFileSync(join(ROOT, "src", "extension", f), "utf8"));
  // First argument of each vscode.l10n.t call, double- or single-quoted.
  const literal = (q: string): string => (q.startsWith("'") ? q.slice(1, -1).replace(/\\'/g, "'") : (JSON.parse(q) as string));
  const used = new Set(sources.flatMap((s) => [...s.matchAll(/l10n\.t\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g)].map((m) => literal(m[1]!))));

  it("every vscode.l10n.t string has a Simplified Chinese translation", () => {
    const zh = JSON.parse(readFileSync(join(ROOT, "l10n", "bundle.l10n.zh-cn.json"), "utf8")) as Record<string, string>;
    assert.ok(used.size > 20);
    assert.deepEqual([...used].filter((k) => !(k in zh)), []);
    assert.deepEqual(Object.keys(zh).filter((k) => !used.has(k)), [], "no stale translations");
  });

  it("every %key% of package.json is in package.nls.json and package.nls.zh-cn.json", () => {
    const pkg = readFileSync(join(ROOT, "package.json"), "utf8");
    const keys = new Set([...pkg.matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]!));
    for (const f of ["package.nls.json", "package.nls.zh-cn.json"]) {
      const nls = JSON.parse(readFileSync(join(ROOT, f), "utf8")) as Record<string, string>;
      assert.deepEqual([...keys].filter((k) => !(k in nls)), [], f);
    }
  });

  it("the walkthrough has one step per course example, each opening it, with media in both languages", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      contributes: { commands: Array<{ command: string }>; walkthroughs: Array<{ steps: Array<{ description: string; media: { markdown: string }; completionEvents: string[] }> }> };
    };
    const examples = readdirSync(join(ROOT, "examples")).filter((f) => /^0\d-.*\.ts$/.test(f)).sort();
    assert.equal(examples.length, 8);
    const steps = pkg.contributes.walkthroughs[0]!.steps;
    assert.ok(pkg.contributes.commands.some((c) => c.command === "autogradLens.openExample"));
    for (const [lang, file] of [["en", "package.nls.json"], ["zh-cn", "package.nls.zh-cn.json"]] as const) {
      const nls = JSON.parse(readFileSync(join(ROOT, file), "utf8")) as Record<string, string>;
      const opened = steps.map((s) => {
        const text = nls[s.description.slice(1, -1)] ?? "";
        const m = /\(command:autogradLens\.openExample\?([^)]+)\)/.exec(text);
        assert.ok(m, `${lang}: a step without an open-example link: ${text}`);
        const media = nls[s.media.markdown.slice(1, -1)] ?? "";
        assert.ok(media !== "" && readFileSync(join(ROOT, media), "utf8").includes("examples/"), `${lang}: media ${media}`);
        return (JSON.parse(decodeURIComponent(m[1]!)) as string[])[0];
      });
      assert.deepEqual(opened, examples, lang);
    }
    assert.equal(new Set(steps.map((s) => s.completionEvents[0])).size, 8, "each step completes on its own event");
  });
});
