/**
 * backward(v) as v·J in the details panel, in real headless Chromium on real Traces (our engine through the CLI):
 * clicking a leaf after a `y.backward(v)` pass shows v, J = ∂y/∂x and v·J next to its grad, with PyTorch's numbers
 * (test/unit/runner/jacobian-fixtures.json, from torch.autograd.functional.jacobian); a pass that accumulates says
 * x.grad = before + v·J; a big pass says why J is not shown. Screenshots: test-artifacts/webview/vjp-*.png.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { Trace } from "../../src/protocol.js";
import { fmtNum } from "../../webview/format.js";
import { ARTIFACTS, launch, open, writeHtml } from "./harness.js";
import { clickNode, recordExample } from "./helpers.js";

interface LeafFixture { jacobian: { shape: number[]; data: number[] }; vjp: number[]; grad_after: number[] }
const fixtures = JSON.parse(readFileSync(join(__dirname, "../unit/runner/jacobian-fixtures.json"), "utf8")) as {
  cases: Record<string, { file?: string; source?: string; passes: Array<Record<string, LeafFixture> | null> }>;
};

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function recordCase(name: string): Trace {
  const c = fixtures.cases[name];
  assert.ok(c, name);
  if (c.file !== undefined) return recordExample(c.file);
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = `${ARTIFACTS}/${name}.ts`;
  writeFileSync(file, c.source ?? "");
  return recordExample(file);
}

/** Opens the trace at `pass` with tensor `name` selected (a real click on its record), details drawn. */
async function openAt(trace: Trace, shot: string, pass: number, name: string): Promise<Page> {
  const { page, errors } = await open(browser, await writeHtml(trace, shot));
  assert.deepEqual(errors, []);
  await page.selectOption('[data-testid="pass-select"]', String(pass));
  const t = trace.tensors.find((x) => x.name === name);
  assert.ok(t, name);
  await clickNode(page, t.id);
  await page.waitForSelector(`[data-testid="details"][data-node-id="${t.id}"]`);
  return page;
}

/** The cells of each value table in the v·J section, in order (v, J, v·J), with each table's caption. */
async function vjpTables(page: Page): Promise<Array<{ caption: string; cells: string[] }>> {
  return page.$$eval('[data-testid="vjp"] .value', (boxes) =>
    boxes.map((b) => ({ caption: b.querySelector("h4")?.textContent ?? "", cells: [...b.querySelectorAll("td")].map((td) => td.textContent ?? "") })),
  );
}

const shown = (xs: number[]): string[] => xs.map((x) => fmtNum(x));

describe("details: backward(v) as v·J", () => {
  it("examples/04 pass 3: x.grad = v·J with J = diag(2x), PyTorch's numbers, next to the grad", async () => {
    const trace = recordCase("04-nonscalar-backward");
    const fx = fixtures.cases["04-nonscalar-backward"]!.passes[2]!["x"]!;
    const page = await openAt(trace, "vjp-04", 3, "x");
    const text = await page.innerText('[data-testid="vjp"]');
    assert.match(text, /^x\.grad = v·J \(pass 3: y\.backward\(v\)\)/);
    assert.match(text, /J = ∂y\/∂x: row i is the gradient of y\[i\] with respect to x/);
    assert.match(text, /✓ x\.grad was zeros before this pass, so x\.grad = v·J\./);
    const [v, j, vj] = await vjpTables(page);
    assert.match(v?.caption ?? "", /^v · the gradient passed to y\.backward · 4 · float32/);
    assert.deepEqual(v?.cells, shown([1, 0.1, 0.01, 0.001]));
    assert.match(j?.caption ?? "", /^J = ∂y\/∂x · 4 rows \(y\) × 4 columns \(x\) · 4×4/);
    assert.deepEqual(j?.cells, shown(fx.jacobian.data));
    assert.deepEqual(vj?.cells, shown(fx.vjp));
    // At the end of the pass, the grad table right above the section holds the same numbers: x.grad = v·J.
    while (!(await page.isDisabled('[data-testid="step-forward"]'))) await page.click('[data-testid="step-forward"]');
    const grad = await page.$$eval('[data-testid="details"] .value', (boxes) => {
      const g = boxes.find((b) => (b.querySelector("h4")?.textContent ?? "").startsWith("grad"));
      return g ? [...g.querySelectorAll("td")].map((td) => td.textContent ?? "") : [];
    });
    assert.deepEqual(grad, shown(fx.grad_after));
    await page.locator('[data-testid="details"]').screenshot({ path: `${ARTIFACTS}/vjp-04-details.png` });
    await page.screenshot({ path: `${ARTIFACTS}/vjp-04.png` });
    // Pass 1 was y.sum().backward(): a scalar root, so there is no v·J section.
    await page.selectOption('[data-testid="pass-select"]', "1");
    await page.waitForFunction(() => document.querySelector('[data-testid="details"] h4') !== null && document.querySelector('[data-testid="vjp"]') === null);
    await page.context().close();
  });

  it("two leaves and a second pass without zero_(): J w.r.t. W flattened to 2×6, x.grad = before + v·J", async () => {
    const trace = recordCase("mv-tanh-two-passes");
    const fx = fixtures.cases["mv-tanh-two-passes"]!.passes[1]!;
    const page = await openAt(trace, "vjp-mv", 2, "W");
    const text = await page.innerText('[data-testid="vjp"]');
    assert.match(text, /^W\.grad = W\.grad before \+ v·J \(pass 2: y\.backward\(v\)\)/);
    assert.match(text, /✓ W\.grad already held a gradient, so W\.grad = \(W\.grad before\) \+ v·J/);
    const [v, j, vj] = await vjpTables(page);
    assert.deepEqual(v?.cells, shown([-2, 3]));
    assert.match(j?.caption ?? "", /2 rows \(y\) × 6 columns \(W\), torch\.autograd\.functional\.jacobian's shape 2×2×3 flattened/);
    assert.deepEqual(j?.cells, shown(fx["W"]!.jacobian.data));
    assert.deepEqual(vj?.cells, shown(fx["W"]!.vjp));
    await page.locator('[data-testid="details"]').screenshot({ path: `${ARTIFACTS}/vjp-mv-W-details.png` });
    // The root lists the leaves whose J this pass has, as links.
    const y = trace.tensors.find((t) => t.name === "y");
    assert.ok(y);
    await clickNode(page, y.id);
    await page.waitForSelector(`[data-testid="details"][data-node-id="${y.id}"]`);
    assert.match(await page.innerText('[data-testid="vjp"]'), /y\.backward\(v\) in pass 2 = v·J[\s\S]*W \(J 2×2×3\), x \(J 2×3\)/);
    await page.context().close();
  });

  it("a backward(v) of 20 elements: the grad is shown, and the section says why J is not", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = `${ARTIFACTS}/vjp-big.ts`;
    writeFileSync(file, ['import * as torch from "autograd-lens";', "const x = torch.arange(20.0, { requires_grad: true });", "const y = x.mul(3);", "y.backward(torch.ones_like(y));", ""].join("\n"));
    const trace = recordExample(file);
    const page = await openAt(trace, "vjp-big", 1, "x");
    assert.match(await page.innerText('[data-testid="vjp-skipped"]'), /The grad is v·J, but J is not shown: y has 20 elements; J is computed \(one backward pass per element of y\) when y and x have at most 16 elements each\./);
    assert.equal(await page.locator('[data-testid="vjp"]').count(), 0);
    await page.context().close();
  });
});
