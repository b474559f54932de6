/**
 * The VS Code panel's themes at a side-panel width (600×800): the webview shell (buildWebviewHtml) gets the
 * --vscode-* variables and body class VS Code sets for Light Modern, Dark Modern, High Contrast and High Contrast
 * Light, then a real Trace. Text contrast of the chrome, the console and every canvas label (records, ops, folded
 * groups, freed and dimmed nodes, in the computation view and in the grad_fn view) is measured (WCAG ratio), and a
 * screenshot per theme is saved to test-artifacts/webview/theme-*-600.png.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { buildWebviewHtml } from "../../src/viewHtml.js";
import type { HostToView } from "../../src/shared/messages.js";
import { ARTIFACTS, bundleText, cssText, launch, open, writeHtml } from "./harness.js";
import { recordExample } from "./helpers.js";

/** The variables a VS Code webview receives (a subset: the ones media/view.css reads), per built-in theme. */
const THEMES: Record<string, { bodyClass: string; vars: Record<string, string> }> = {
  light: {
    bodyClass: "vscode-light",
    vars: {
      "editor-background": "#ffffff", "editor-foreground": "#3b3b3b", descriptionForeground: "#3b3b3b", "editorWidget-background": "#f8f8f8",
      "widget-border": "#e5e5e5", "button-secondaryBackground": "#e5e5e5", "button-secondaryForeground": "#3b3b3b", "dropdown-background": "#ffffff",
      "dropdown-foreground": "#3b3b3b", focusBorder: "#005fb8", "textLink-foreground": "#005fb8", "editorWarning-foreground": "#bf8803",
      errorForeground: "#f85149", "charts-orange": "#d18616", "menu-background": "#ffffff", "menu-foreground": "#3b3b3b", "menu-border": "#cecece",
    },
  },
  dark: {
    bodyClass: "vscode-dark",
    vars: {
      "editor-background": "#1f1f1f", "editor-foreground": "#cccccc", descriptionForeground: "#9d9d9d", "editorWidget-background": "#202020",
      "widget-border": "#313131", "button-secondaryBackground": "#313131", "button-secondaryForeground": "#cccccc", "dropdown-background": "#313131",
      "dropdown-foreground": "#cccccc", focusBorder: "#0078d4", "textLink-foreground": "#4daafc", "editorWarning-foreground": "#cca700",
      errorForeground: "#f85149", "charts-orange": "#d18616", "menu-background": "#1f1f1f", "menu-foreground": "#cccccc", "menu-border": "#454545",
    },
  },
  "high-contrast": {
    bodyClass: "vscode-high-contrast",
    vars: {
      "editor-background": "#000000", "editor-foreground": "#ffffff", descriptionForeground: "#ffffff", "editorWidget-background": "#0c141f",
      contrastBorder: "#6fc3df", contrastActiveBorder: "#f38518", "button-background": "#000000", "button-foreground": "#ffffff",
      "dropdown-background": "#000000", "dropdown-foreground": "#ffffff", focusBorder: "#f38518", "textLink-foreground": "#21a6ff",
      "editorWarning-foreground": "#ffd370", errorForeground: "#f48771", "charts-orange": "#d18616", "menu-background": "#000000", "menu-foreground": "#ffffff",
    },
  },
  "high-contrast-light": {
    bodyClass: "vscode-high-contrast-light",
    vars: {
      "editor-background": "#ffffff", "editor-foreground": "#292929", descriptionForeground: "#292929", "editorWidget-background": "#ffffff",
      contrastBorder: "#0f4a85", contrastActiveBorder: "#006bbd", "button-background": "#0f4a85", "button-foreground": "#ffffff",
      "dropdown-background": "#ffffff", "dropdown-foreground": "#292929", focusBorder: "#006bbd", "textLink-foreground": "#0f4a85",
      "editorWarning-foreground": "#895503", errorForeground: "#b5200d", "charts-orange": "#d18616", "menu-background": "#ffffff", "menu-foreground": "#292929",
    },
  },
};

let browser: Browser;
let htmlFile: string;
before(async () => {
  browser = await launch();
  mkdirSync(ARTIFACTS, { recursive: true });
  // Own copies (not the ones view.webview.test.ts writes) so the files can run at the same time.
  writeFileSync(join(ARTIFACTS, "themes-bundle.js"), await bundleText());
  writeFileSync(join(ARTIFACTS, "themes-view.css"), cssText());
  htmlFile = join(ARTIFACTS, "themes-mode.html");
  writeFileSync(htmlFile, buildWebviewHtml({ nonce: "t4h3m3", cspSource: "file:", scriptUri: `file://${ARTIFACTS}/themes-bundle.js`, cssUri: `file://${ARTIFACTS}/themes-view.css` }));
});
after(async () => {
  await browser?.close();
});

describe("graph view in VS Code's themes at 600 px", () => {
  const trace = recordExample("examples/01-manual-backward.ts");
  for (const [name, theme] of Object.entries(THEMES)) {
    it(`${name}: chrome and canvas text readable (contrast ≥ 4.5, muted ≥ 3), screenshot`, async () => {
      const context = await browser.newContext({ viewport: { width: 600, height: 800 } });
      await context.route("**/*", (r) => (new URL(r.request().url()).protocol === "file:" ? r.continue() : r.abort()));
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      // As VS Code does before the page's scripts run: variables on <html>, the theme kind as a body class.
      // Through the CSSOM (as VS Code does): a style attribute would be refused by the view's CSP.
      const vars = Object.entries(theme.vars).map(([k, v]) => [`--vscode-${k}`, v]);
      await page.addInitScript({
        content: `window.__ready = false;
          document.addEventListener("DOMContentLoaded", () => {
            for (const [k, v] of ${JSON.stringify(vars)}) document.documentElement.style.setProperty(k, v);
            document.body.classList.add(${JSON.stringify(theme.bodyClass)});
          });
          window.acquireVsCodeApi = () => ({ postMessage: (m) => { if (m.type === "ready") window.__ready = true; }, getState: () => null, setState: () => {} });`,
      });
      await page.goto(`file://${htmlFile}`);
      await page.waitForFunction(() => (window as unknown as { __ready: boolean }).__ready);
      const msg: HostToView = { type: "trace", trace };
      await page.evaluate((m) => window.postMessage(m, "*"), msg);
      await page.waitForSelector("#app[data-ready=true]");
      // Mid-pass, with a node selected: the narration, the flowing edge label and the details drawer all show.
      // (A trace opens at the seed; End, then two steps back, is the last op's step.)
      await page.click('[data-testid="step-end"]');
      await page.click('[data-testid="step-back"]');
      await page.click('[data-testid="step-back"]');
      await page.locator(".text-alt summary").click();
      await page.locator('[data-testid="graph-text"] li[data-node-id]').first().click();
      await page.locator(".text-alt summary").click();

      const report = (await page.evaluate(PROBE)) as Report;
      await page.screenshot({ path: `${ARTIFACTS}/theme-${name}-600.png` });
      // The same in PyTorch's grad_fn graph (one toggle away), at the same step.
      await page.click('[data-testid="view-autograd"]');
      await page.waitForFunction(() => (window.autogradLens?.graph.cy.nodes(".function").length ?? 0) > 0);
      const autograd = (await page.evaluate(PROBE)) as Report;
      report.strong.push(...autograd.strong.map((c) => ({ ...c, sel: `grad_fn view: ${c.sel}` })));
      report.muted.push(...autograd.muted.map((c) => ({ ...c, sel: `grad_fn view: ${c.sel}` })));
      assert.deepEqual(errors, []);
      for (const c of report.strong) assert.ok(c.ratio >= 4.5, `${name}: ${c.sel} contrast ${c.ratio.toFixed(2)}`);
      for (const c of report.muted) assert.ok(c.ratio >= 3, `${name}: ${c.sel} contrast ${c.ratio.toFixed(2)}`);
      if (name.startsWith("high-contrast")) {
        const want = theme.vars["contrastBorder"] ?? "";
        const hex = (c: string): string => "#" + rgbHex(c);
        assert.equal(hex(report.buttonBorder), want, "high contrast: buttons get the theme's contrast border");
      }
      await context.close();
    });
  }
});

interface Report {
  strong: Array<{ sel: string; ratio: number }>;
  muted: Array<{ sel: string; ratio: number }>;
  buttonBorder: string;
}

/**
 * WCAG contrast of text against its first opaque background, for chrome elements and canvas labels. Plain JS
 * text, not a function: tsx's transform would add helpers (__name) that don't exist in the page.
 */
const PROBE = `(() => {
  const rgb = (c) => { const m = (c.match(/[\\d.]+/g) || []).map(Number); return [m[0] || 0, m[1] || 0, m[2] || 0, m.length > 3 ? m[3] : 1]; };
  const lum = ([r, g, b]) => { const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const bgOf = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c[3] > 0.5) return c; } return rgb(getComputedStyle(document.body).backgroundColor); };
  const check = (sel) => { const el = document.querySelector(sel); return { sel, ratio: el ? ratio(rgb(getComputedStyle(el).color), bgOf(el)) : 0 }; };
  const cy = window.autogradLens.graph.cy;
  const fn = cy.nodes(".function, .op").first();
  const flowing = cy.edges(".flowing").first();
  const canvasBg = rgb(getComputedStyle(document.body).backgroundColor);
  // Every node label drawn inside its box (records, ops, folded groups, freed and dimmed ones), against the box's
  // fill blended over the canvas as cytoscape draws it; group frames' titles sit on the canvas (muted text).
  const mix = (c, o) => [0, 1, 2].map((i) => c[i] * o + canvasBg[i] * (1 - o));
  const nodes = [];
  const frames = [];
  cy.nodes().forEach((n) => {
    const label = String(n.style("label") || "");
    if (!label) return;
    const color = rgb(String(n.style("color")));
    if (n.isParent()) frames.push({ sel: "canvas: group title " + n.id(), ratio: ratio(color, canvasBg) });
    else nodes.push({ sel: "canvas: label of " + n.id() + " (" + n.classes().join(" ") + ")", ratio: ratio(color, mix(rgb(String(n.style("background-color"))), Number(n.style("background-opacity")) * Number(n.style("opacity")))) });
  });
  const consoleChecks = document.querySelector(".console-text") ? [check(".console-text"), check('[data-testid="console-line"]')] : [];
  return {
    strong: [
      ...nodes,
      ...consoleChecks,
      check("body"), check('[data-testid="step-back"]'), check('[data-testid="pass-select"]'), check('[data-testid="narration"]'),
      check('[data-testid="details"] .fields dd'), check(".drawer-toggle"),
      { sel: "canvas: grad function label", ratio: fn.nonempty() ? ratio(rgb(String(fn.style("color"))), rgb(String(fn.style("background-color")))) : 0 },
      { sel: "canvas: flowing edge label", ratio: flowing.nonempty() ? ratio(rgb(String(flowing.style("color"))), canvasBg) : 0 },
    ],
    muted: [check('[data-testid="position"]'), check('[data-testid="status"]'), check(".legend-box summary"), ...frames],
    buttonBorder: getComputedStyle(document.querySelector('[data-testid="step-back"]')).borderTopColor,
  };
})()`;

function rgbHex(c: string): string {
  return (c.match(/\d+/g) ?? []).slice(0, 3).map((v) => Number(v).toString(16).padStart(2, "0")).join("");
}

describe("the standalone file (autograd-lens render) in the OS's light and dark scheme", () => {
  // A snippet that raises with a suggestion and a tensor to show: every part of the error banner has text.
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, "banner-error.ts");
  writeFileSync(file, 'import * as torch from "autograd-lens";\nconst x = torch.arange(3.0, { requires_grad: true });\nconst y = x.mul(2);\ny.backward();\n');
  const trace = recordExample(file);
  for (const scheme of ["light", "dark"] as const) {
    it(`${scheme}: the error banner's message, code, link and button keep WCAG AA contrast (≥ 4.5), screenshot`, async () => {
      assert.ok(trace.error?.suggestion, "the trace has an error with a suggestion");
      const { page, errors } = await open(browser, await writeHtml(trace, `banner-${scheme}`), 30_000, scheme, { width: 900, height: 600 });
      await page.waitForSelector('[data-testid="error"]:not([hidden])');
      const report = (await page.evaluate(BANNER_PROBE)) as Array<{ sel: string; ratio: number }>;
      await page.locator('[data-testid="error"]').screenshot({ path: `${ARTIFACTS}/banner-${scheme}.png` });
      assert.deepEqual(errors, []);
      assert.equal(report.length, 5);
      for (const c of report) assert.ok(c.ratio >= 4.5, `${scheme}: ${c.sel} contrast ${c.ratio.toFixed(2)}`);
      await page.context().close();
    });
  }
});

/** Contrast of each text part of the error banner against its own (first opaque) background. */
const BANNER_PROBE = `(() => {
  const rgb = (c) => { const m = (c.match(/[\\d.]+/g) || []).map(Number); return [m[0] || 0, m[1] || 0, m[2] || 0, m.length > 3 ? m[3] : 1]; };
  const lum = ([r, g, b]) => { const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  // A translucent background (the code chip) is blended over the one below it.
  const bgOf = (el) => { const stack = []; for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c[3] > 0) stack.push(c); if (c[3] > 0.99) break; } let out = stack.pop() || [255, 255, 255, 1]; while (stack.length) { const c = stack.pop(); out = [0, 1, 2].map((i) => c[i] * c[3] + out[i] * (1 - c[3])); } return out; };
  const banner = document.querySelector('[data-testid="error"]');
  return ["strong", ".suggestion", ".suggestion code", "button.link", "button.reveal"].map((sel) => {
    const el = banner.querySelector(sel);
    return { sel, ratio: el ? ratio(rgb(getComputedStyle(el).color), bgOf(el)) : 0 };
  });
})()`;
