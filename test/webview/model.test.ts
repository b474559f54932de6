/** The view's pure parts (no browser): model, playback frames, grads per position, why-null, DOT, HTML shells. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import type { Trace } from "../../src/protocol.js";
import { decodeTrace } from "../../src/traceJson.js";
import { buildModel } from "../../webview/model.js";
import { frameAt, gradAt, lastPosition } from "../../webview/playback.js";
import { whyNoGrad } from "../../webview/why.js";
import { toDot } from "../../webview/dot.js";
import { fmtNum, namedPreview } from "../../webview/format.js";
import { decodeTraceText, encodeTraceText } from "../../src/shared/traceCodec.js";
import { buildStandaloneHtml, buildWebviewHtml } from "../../src/viewHtml.js";
import { syntheticTrace } from "./synthetic.js";
import { expectedEdgeCount } from "./helpers.js";

function record(file: string): Trace {
  let out: string;
  try {
    out = execFileSync("node", ["dist/cli.js", "trace", file, "--json"], { encoding: "utf8" });
  } catch (err) {
    out = String((err as { stdout?: unknown }).stdout ?? "");
  }
  return decodeTrace(out);
}

describe("view model", () => {
  it("has one node per tensor and grad fn and the edges the Trace implies", () => {
    const t = syntheticTrace({ nodes: 60 });
    const m = buildModel(t);
    assert.equal(m.nodes.length, t.tensors.length + t.gradFns.length);
    assert.equal(m.edges.length, expectedEdgeCount(t));
    assert.ok(m.groups.some((g) => g.kind === "loop") && m.groups.filter((g) => g.kind === "iteration").length > 5);
  });

  it("keys next edges by input position so every flow of a pass lands on a drawn edge (real trace of 05-detach)", () => {
    const t = record("examples/05-detach.ts");
    const ids = new Set(buildModel(t).edges.map((e) => e.id));
    for (const p of t.passes) for (const f of p.flows) if (f.to) assert.ok(ids.has(`${f.to}->${f.from}#${f.inputIndex}`), `flow ${f.from}→${f.to}#${f.inputIndex}`);
    const u = t.tensors.find((x) => x.name === "u");
    assert.ok(buildModel(t).edges.some((e) => e.kind === "detach" && e.target === u?.id));
  });
});

describe("playback", () => {
  it("walks seed → steps → done with the active grad fn of each step and freed tensors at the end", () => {
    const t = record("examples/01-manual-backward.ts");
    const pass = t.passes[0];
    assert.ok(pass);
    assert.equal(frameAt(t, pass, 0).active, null);
    pass.steps.forEach((s, i) => assert.equal(frameAt(t, pass, i + 1).active, s.gradFn));
    const done = frameAt(t, pass, lastPosition(pass));
    assert.equal(done.active, null);
    assert.deepEqual(done.freed, pass.freed);
    // x.grad is None before its AccumulateGrad runs and y's values after (∂c/∂x = y).
    const x = t.tensors.find((v) => v.name === "x");
    const y = t.tensors.find((v) => v.name === "y");
    assert.ok(x && y);
    assert.equal(gradAt(t, x.id, 1, 0), undefined);
    assert.deepEqual(gradAt(t, x.id, 1, lastPosition(pass))?.data, y.value.data);
  });

  it("shows accumulation across passes (03-accumulation): the second pass starts from the first pass's grad", () => {
    const t = record("examples/03-accumulation.ts");
    assert.ok(t.passes.length >= 2);
    const second = t.passes[1];
    assert.ok(second);
    const acc = second.accumulations[0];
    assert.ok(acc && acc.before, "second pass accumulates onto an existing grad");
    assert.deepEqual(gradAt(t, acc.tensor, second.index, 0)?.data, acc.before.data);
  });
});

describe("why is this grad None", () => {
  it("names detach, non-leaf and constants", () => {
    const t = record("examples/05-detach.ts");
    const u = t.tensors.find((x) => x.name === "u");
    const y = t.tensors.find((x) => x.name === "y");
    assert.ok(u && y);
    assert.match(whyNoGrad(t, u, 1).join(" "), /cut by detach/);
    assert.match(whyNoGrad(t, y, 1).join(" "), /not a leaf.*retain_grad/);
    const x = t.tensors.find((v) => v.name === "x");
    assert.ok(x);
    assert.deepEqual(whyNoGrad(t, x, 1), []);
  });
});

describe("formats and shells", () => {
  it("DOT of either view is a digraph with a dashed detach edge (the computation view unless told)", () => {
    const trace = record("examples/05-detach.ts");
    const dot = toDot(trace, "autograd");
    assert.match(dot, /^digraph autograd \{/);
    assert.match(dot, /-> "t\d+" \[style=dashed, label="detach"/);
    const comp = toDot(trace);
    assert.match(comp, /^digraph computation \{/);
    assert.match(comp, /-> "t\d+" \[style=dashed, color=red, label="detach"/);
    // One style per node: Graphviz keeps only the last of repeated attributes.
    for (const line of comp.split("\n")) assert.ok((line.match(/\bstyle=/g) ?? []).length <= 1, line);
  });

  it("numbers read like PyTorch's and ones are named", () => {
    assert.equal(fmtNum(0.1 + 0.2), "0.3");
    assert.equal(fmtNum(Number.NaN), "nan");
    assert.equal(fmtNum(-Infinity), "-inf");
    assert.equal(fmtNum(1, "bool"), "True");
    assert.equal(namedPreview({ shape: [3, 3], dtype: "float32", data: Array(9).fill(1), truncated: false, numel: 9, stats: { min: 1, max: 1, mean: 1, nanCount: 0, infCount: 0 } }), "ones(3×3)");
  });

  it("the trace codec round-trips NaN and ±Inf but leaves a tensor named NaN alone", () => {
    const t = syntheticTrace({ nodes: 20 });
    const first = t.tensors[0];
    assert.ok(first);
    first.label = "NaN";
    first.value.data = [Number.NaN, Infinity, -Infinity];
    const back = decodeTraceText(encodeTraceText(t));
    assert.equal(back.tensors[0]?.label, "NaN");
    assert.deepEqual(back.tensors[0]?.value.data, [Number.NaN, Infinity, -Infinity]);
  });

  it("standalone HTML: nonce CSP, no remote URLs, embedded JSON cannot close its script element", () => {
    const t = syntheticTrace({ nodes: 20 });
    const first = t.tensors[0];
    assert.ok(first);
    first.label = "</script><script>alert(1)</script>";
    const html = buildStandaloneHtml({ scriptText: "console.log('</script>')", cssText: "body{}", trace: t, title: "<t>" });
    const nonce = /script-src 'nonce-([0-9a-f]+)'/.exec(html)?.[1];
    assert.ok(nonce && nonce.length >= 32);
    assert.equal((html.match(/<\/script>/g) ?? []).length, 2, "only the two real script elements close");
    assert.doesNotMatch(html, /https?:\/\//);
    assert.match(html, /<title>&lt;t&gt;<\/title>/);
    const wv = buildWebviewHtml({ nonce: "n0nce", cspSource: "vscode-resource:", scriptUri: "vscode-resource:/w.js", cssUri: "vscode-resource:/v.css" });
    assert.match(wv, /default-src (&#39;|')none(&#39;|')/);
    assert.match(wv, /<script nonce="n0nce" src="vscode-resource:\/w.js">/);
    assert.doesNotMatch(wv, /unsafe-(inline|eval)/);
    assert.doesNotMatch(html, /unsafe-(inline|eval)/);
  });
});
