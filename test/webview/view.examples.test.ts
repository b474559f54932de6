/**
 * The graph view in real headless Chromium on real Traces of every example (recorded by `node dist/cli.js trace
 * FILE --json`, i.e. our engine through the runner): counts, the detach edge, the c = sum(x*y + z) walkthrough,
 * stepping order, the non-scalar error, details, screenshots in test-artifacts/webview/.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import type { Trace } from "../../src/protocol.js";
import { decodeTrace } from "../../src/traceJson.js";
import { ARTIFACTS, launch, open, writeHtml } from "./harness.js";
import { clickNode, expectedEdgeCount, textCounts, walkPass } from "./helpers.js";

/** Records an example through the CLI (exit code 1 means the snippet itself failed, which some examples do). */
function record(file: string): Trace {
  let out: string;
  try {
    out = execFileSync("node", ["dist/cli.js", "trace", file, "--json"], { encoding: "utf8", maxBuffer: 64 << 20 });
  } catch (err) {
    out = String((err as { stdout?: unknown }).stdout ?? "");
  }
  const trace = decodeTrace(out);
  assert.notEqual(trace.error?.kind, "internal", `runner failed on ${file}: ${trace.error?.message}`);
  return trace;
}

const examples = readdirSync("examples").filter((f) => /^\d\d-.*\.ts$/.test(f)).sort();
let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe("graph view on every example", () => {
  for (const name of examples) {
    it(`${name}: counts match the Trace, steps follow each pass, screenshot saved`, async () => {
      const trace = record(`examples/${name}`);
      const { page, errors } = await open(browser, await writeHtml(trace, name.replace(/\.ts$/, ""), "autograd"));
      const c = await textCounts(page);
      assert.equal(c.nodes, trace.tensors.length + trace.gradFns.length);
      assert.equal(c.edges, expectedEdgeCount(trace));
      assert.equal(c.status, `${c.nodes} nodes · ${c.edges} edges · pass ${trace.passes.length ? 1 : 0}/${trace.passes.length}`);
      assert.deepEqual(errors, []);
      await page.screenshot({ path: `${ARTIFACTS}/${name.replace(/\.ts$/, "")}.png` });
      for (const pass of trace.passes) {
        await page.selectOption('[data-testid="pass-select"]', String(pass.index));
        const walk = await walkPass(page);
        assert.deepEqual(walk.active.slice(0, -1), pass.steps.map((s) => s.gradFn), `pass ${pass.index} order`);
      }
      await page.context().close();
    });
  }

  it("05-detach: draws y → u as a dashed detach edge and explains u's missing grad", async () => {
    const trace = record("examples/05-detach.ts");
    const u = trace.tensors.find((t) => t.name === "u");
    const y = trace.tensors.find((t) => t.name === "y");
    assert.ok(u && y && u.detachedFrom === y.id);
    const { page } = await open(browser, await writeHtml(trace, "05-detach", "autograd"));
    const edge = page.locator(`[data-testid="graph-text"] li[data-edge-id="${y.id}~>${u.id}"]`);
    assert.equal(await edge.getAttribute("data-kind"), "detach");
    assert.match((await edge.textContent()) ?? "", /y → u: detach/);
    assert.equal(await page.evaluate((id) => window.autogradLens?.graph.cy.getElementById(id).style("line-style"), `${y.id}~>${u.id}`), "dashed");
    await clickNode(page, u.id);
    assert.match(await page.innerText('[data-testid="why-null"]'), /cut by detach/);
    await page.context().close();
  });

  it("01-manual-backward: the c = sum(x*y + z) walkthrough reads step by step", async () => {
    const trace = record("examples/01-manual-backward.ts");
    // Dark scheme: the standalone fallbacks of the theme variables (light is what the other screenshots show).
    const { page } = await open(browser, await writeHtml(trace, "01-manual-backward", "autograd"), 30_000, "dark");
    const { narration } = await walkPass(page);
    const text = narration.join("\n");
    assert.match(narration[0] ?? "", /seed grad_c = 1/);
    assert.match(text, /SumBackward0 receives grad_c = 1[\s\S]*grad_b \(→ AddBackward0\) = 1 × \(.*\) = ones\(3×3\)/);
    assert.match(text, /AddBackward0 receives grad_b = ones\(3×3\)[\s\S]*grad_a \(→ MulBackward0\) = ones\(3×3\)/);
    assert.match(text, /MulBackward0 receives grad_a = ones\(3×3\)[\s\S]*grad_x \(→ AccumulateGrad\) = ones\(3×3\) × \(.*other.*\) = \[1, 2, -1, 0\.5, …\]/);
    assert.match(text, /x\.grad: None → \[1, 2, -1, 0\.5, …\]/);
    // Step to MulBackward0 and photograph the chain rule on the edge.
    while (!((await page.innerText('[data-testid="narration"]')).includes("MulBackward0 receives"))) await page.click('[data-testid="step-back"]');
    await page.screenshot({ path: `${ARTIFACTS}/01-manual-backward-step-mul-dark.png` });
    await page.context().close();
  });

  it("a non-scalar backward(): shows the error, marks the non-scalar root and suggests the fix", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = `${ARTIFACTS}/nonscalar-error.ts`;
    writeFileSync(file, ['import * as torch from "autograd-lens";', "const x = torch.arange(3.0, { requires_grad: true });", "const y = x.mul(2);", "y.backward();", ""].join("\n"));
    const trace = record(file);
    assert.ok(trace.error, "backward() on a vector must fail");
    const { page } = await open(browser, await writeHtml(trace, "nonscalar-error", "autograd"));
    const banner = await page.innerText('[data-testid="error"]');
    assert.match(banner, /grad can be implicitly created only for scalar outputs/);
    assert.match(banner, /ones_like/, "the fix is suggested");
    const y = trace.tensors.find((t) => t.name === "y");
    assert.equal(trace.error.tensor, y?.id, "the runner names y as the tensor involved");
    assert.equal(await page.evaluate((id) => window.autogradLens?.graph.cy.getElementById(id).hasClass("error-node"), y?.id ?? ""), true);
    await page.screenshot({ path: `${ARTIFACTS}/nonscalar-error.png` });
    await page.context().close();
  });
});
