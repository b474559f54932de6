// The `autograd-lens` CLI as users run it: node dist/cli.js, its outputs and its exit codes.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeTrace } from "../../../src/traceJson.js";
import { ensureBuilt, repoRoot } from "../runner/build.js";
import { startLagProbe } from "../runner/schedulerLag.js";

const cli = join(repoRoot, "dist", "cli.js");
const tmp = mkdtempSync(join(tmpdir(), "autograd-lens-cli-"));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, encoding: "utf8", timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function snippet(name: string, body: string): string {
  const p = join(tmp, name);
  writeFileSync(p, `import * as torch from "autograd-lens";\n${body}`);
  return p;
}

before(() => ensureBuilt());

test("trace prints a readable summary and exits 0 when the snippet ran", () => {
  const r = run("trace", "examples/02-dot-4x.ts");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^examples\/02-dot-4x\.ts: ran in \d+ ms — 5 tensors, 4 grad fns, 1 backward pass\(es\)$/m);
  assert.match(r.stdout, /^ {2}x \(4,\) {2}= \[0, 1, 2, 3\] {2}requires_grad {2}grad=\[0, 4, 8, 12\]$/m);
  assert.match(r.stdout, /order: MulBackward0 → DotBackward0 → AccumulateGrad/);
  assert.match(r.stdout, /^ {2}tensor\(28\., grad_fn=<MulBackward0>\)$/m);
});

test("trace --json prints the Trace; --out writes the same JSON to a file", () => {
  const out = join(tmp, "trace.json");
  const r = run("trace", "examples/07-graph-freeing.ts", "--json", "--out", out);
  assert.equal(r.code, 0, r.stderr);
  const printed = decodeTrace(r.stdout);
  const saved = decodeTrace(readFileSync(out, "utf8"));
  assert.equal(printed.passes.length, 3);
  assert.deepEqual(printed.variables["x1"]?.grad, [48]);
  assert.deepEqual({ ...saved, timings: null }, { ...printed, timings: null });
});

test("a snippet that raises exits 1 and still prints its Trace with the error", () => {
  const file = snippet("raises.ts", "const x = torch.arange(3, { requires_grad: true });\nconst y = x.mul(2);\ny.backward();\n");
  const r = run("trace", file, "--json");
  assert.equal(r.code, 1);
  const trace = decodeTrace(r.stdout);
  assert.equal(trace.error?.message, "grad can be implicitly created only for scalar outputs");
  assert.equal(trace.error?.line, 4);
  assert.equal(trace.variables["y"]?.grad_fn, "MulBackward0");
  const summary = run("trace", file);
  assert.equal(summary.code, 1);
  assert.match(summary.stdout, /raises\.ts:4:1: runtime error: grad can be implicitly created only for scalar outputs\n {2}try: y\.backward\(torch\.ones_like\(y\)\)/);
});

test("a runaway loop comes back as a timeout error (exit 1) within the timeout + 0.5 s", () => {
  const file = snippet("loop.ts", "let b = torch.tensor(0.0);\nwhile (Number(b.norm()) < 1000) b = b.mul(2);\n");
  const r = run("trace", file, "--timeout", "1000");
  assert.equal(r.code, 1);
  assert.match(r.stdout, /loop\.ts:3:1: timeout error: Timed out after 1000 ms: loop on line 3 did not finish/);
  // The snippet's own time (from its first statement; start-up and compilation do not count, issue 8 §5).
  const out = join(tmp, "loop.trace.json");
  const probe = startLagProbe();
  run("trace", file, "--timeout", "1000", "--out", out);
  const lagMs = probe.lagMs();
  void probe.stop();
  const runMs = (JSON.parse(readFileSync(out, "utf8")) as { timings: { runMs: number } }).timings.runMs;
  // Plus how late a timer fired on this machine meanwhile: the bound when it is quiet, no failure when busy.
  assert.ok(runMs >= 950 && runMs < 1000 + 500 + lagMs, `the snippet ran ${runMs} ms (timers up to ${lagMs} ms late)`);
});

test("bad usage and unreadable files exit 2 with a message on stderr", () => {
  for (const args of [[], ["frobnicate"], ["trace"], ["trace", "a.ts", "b.ts"], ["trace", "a.ts", "--bogus"], ["render", "examples/02-dot-4x.ts"], ["trace", "x.ts", "--timeout", "soon"]]) {
    const r = run(...args);
    assert.equal(r.code, 2, `args ${JSON.stringify(args)}`);
    assert.match(r.stderr, /^autograd-lens: .+\nusage:/, `args ${JSON.stringify(args)}`);
    assert.equal(r.stdout, "");
  }
  const missing = run("trace", join(tmp, "does-not-exist.ts"));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read snippet .*does-not-exist\.ts/);
});

test("render writes one self-contained HTML file with the Trace embedded", (t) => {
  if (!existsSync(join(repoRoot, "dist", "webview.js"))) {
    t.skip("dist/webview.js is not built (the view bundle)");
    return;
  }
  const out = join(tmp, "graph.html");
  const r = run("render", "examples/05-detach.ts", "--out", out);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(out, "utf8");
  assert.match(html, /^<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=/, "no external resources");
  const m = /<script type="application\/json" id="trace-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, "the trace is embedded");
  const trace = decodeTrace((m[1] ?? "").replace(/\\u003c/g, "<"));
  assert.equal(trace.file, "examples/05-detach.ts");
  assert.ok(trace.tensors.some((x) => x.label === "u" && x.detachedFrom !== null));
  assert.ok(html.includes(readFileSync(join(repoRoot, "media", "view.css"), "utf8").slice(0, 200)), "the stylesheet is inlined");
});
