// Markup in every Trace string: a real run's Trace with every string field (ids, names, labels, ops, console,
// errors, warnings, formulas, file, even variable names) prefixed by live markup goes through
// `autograd-lens render` (and the same page builder for the other view), and real Chromium shows it as text
// only: no element of the markup exists, no handler ran, the page did not navigate. The schema also rejects a
// Trace whose fields have the wrong kinds.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import type { Trace } from "../../src/protocol.js";
import { traceInProcess } from "../../src/runner/inProcess.js";
import { encodeTrace } from "../../src/traceJson.js";
import { parseTrace } from "../../src/traceSchema.js";
import { ensureBuilt, repoRoot } from "../unit/runner/build.js";
import { launch, open, writeHtml } from "../webview/harness.js";

const MARK = `<x-pwn></x-pwn><img class="pwn" src="x" onerror="window.__pwned=1"><meta http-equiv="refresh" content="0;url=about:blank"><script>window.__pwned=2</script>`;
/** Fields whose values are fixed vocabularies: the schema (rightly) rejects anything else there. */
const ENUMS = new Set(["dtype", "kind", "level"]);

function poison(v: unknown, key = ""): unknown {
  if (typeof v === "string") return ENUMS.has(key) ? v : MARK + v;
  if (Array.isArray(v)) return v.map((x) => poison(x, key));
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[key === "variables" ? MARK + k : k] = poison(x, k);
    return out;
  }
  return v;
}

const SNIPPET = [
  'import * as torch from "autograd-lens";',
  "const x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });",
  "const y = x.mul(x);",
  "const z = y;",
  "const s = y.sum();",
  "s.backward();",
  "console.log('grad', x.grad);",
  "console.log(y.grad);",
  "throw new Error('<b>boom</b>');",
].join("\n");

let browser: Browser;
let dir: string;
before(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "agl-markup-"));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

function poisonedTrace(): Trace {
  const trace = traceInProcess(SNIPPET, { file: "snippet.ts" });
  assert.ok(trace.tensors.length > 0 && trace.passes.length > 0 && trace.console.length > 0 && trace.warnings.length > 0 && trace.error !== null, "every part of the Trace holds strings");
  const checked = parseTrace(poison(trace));
  assert.ok(checked.ok, checked.ok ? "" : checked.problem);
  return checked.trace;
}

async function assertOnlyText(file: string): Promise<void> {
  const { page } = await open(browser, file);
  const found = await page.evaluate(() => ({
    elements: [...document.querySelectorAll("x-pwn, img.pwn, meta[http-equiv=refresh], script:not([nonce]):not(#trace-data)")].map((e) => e.outerHTML.slice(0, 80)),
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    url: location.href,
    shown: (document.getElementById("app")?.textContent ?? "").includes("<x-pwn></x-pwn>"),
  }));
  assert.deepEqual(found, { elements: [], pwned: null, url: `file://${file}`, shown: true });
  await page.context().close();
}

test("`autograd-lens render` of a Trace whose every string holds markup shows it as text", async () => {
  const tracePath = join(dir, "poisoned.trace.json");
  writeFileSync(tracePath, encodeTrace(poisonedTrace()));
  const out = join(dir, "poisoned.html");
  const r = spawnSync(process.execPath, [join(repoRoot, "dist", "cli.js"), "render", tracePath, "--out", out], { encoding: "utf8" });
  assert.equal(r.status, 1, r.stderr); // the Trace holds an error: exit 1, the page is still written
  await assertOnlyText(out);
});

test("the autograd view of the same Trace (graph, text alternative) shows it as text too", async () => {
  await assertOnlyText(await writeHtml(poisonedTrace(), "security-markup-autograd", "autograd"));
});

test("a Trace with wrong kinds is refused by the schema, and by `render`", () => {
  const good = traceInProcess(SNIPPET);
  for (const bad of [
    { ...good, tensors: [{ ...good.tensors[0], id: { toString: "<b>" } }] },
    { ...good, console: [{ level: "<b>", text: "x", line: 1 }] },
    { ...good, version: 2 },
    { ...good, error: { kind: "runtime", message: 42, line: 1, column: 1 } },
    "not a trace",
  ]) assert.equal(parseTrace(bad).ok, false, JSON.stringify(bad).slice(0, 80));
  const tracePath = join(dir, "bad.trace.json");
  writeFileSync(tracePath, JSON.stringify({ ...good, tensors: [{ id: 1 }] }));
  const r = spawnSync(process.execPath, [join(repoRoot, "dist", "cli.js"), "render", tracePath, "--out", join(dir, "bad.html")], { encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not a valid Autograd Lens trace: tensors\.0\.\w+/);
});
