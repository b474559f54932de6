/**
 * The TS plugin's slips with a real TypeScript LanguageService over the engine's types: the diagnostic replaces
 * TypeScript's generic one on the expression, and applying its fix gives code that type-checks and means the same
 * as the Python.
 */
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as ts from "typescript";
import { applyFix, snippet, type Snippet } from "./lsHost";
import { setPluginLocale } from "../../../src/extension/pluginL10n";

const HEAD = 'import * as torch from "autograd-lens";\nconst x = torch.arange(4.0, { requires_grad: true });\nconst a = torch.ones(4);\n';

function diagnosticsOf(s: Snippet): ts.Diagnostic[] {
  return s.ls.getSemanticDiagnostics(s.file);
}
const message = (d: ts.Diagnostic): string => ts.flattenDiagnosticMessageText(d.messageText, "\n");

/** The fixes offered for the diagnostic whose span covers `needle` (as VS Code asks: that range, that code). */
function fixesAt(s: Snippet, needle: string): ts.CodeFixAction[] {
  const at = s.text().indexOf(needle);
  assert.ok(at >= 0, needle);
  const covering = diagnosticsOf(s).filter((o) => o.start! <= at && o.start! + o.length! >= at + needle.length);
  const d = covering.find((o) => o.source === "autograd-lens") ?? covering[0];
  assert.ok(d, `a diagnostic covers ${needle}: ${diagnosticsOf(s).map(message).join(" | ")}`);
  return [...s.ls.getCodeFixesAtPosition(s.file, d.start!, d.start! + d.length!, [d.code], {}, {})];
}

/** Applies the fix named by its new text's start, then returns the snippet's new text and its diagnostics. */
function fixAndCheck(body: string, needle: string, pick = 0): { text: string; after: ts.Diagnostic[]; fixes: ts.CodeFixAction[] } {
  const s = snippet(HEAD + body);
  const fixes = fixesAt(s, needle);
  assert.ok(fixes.length > pick, `fixes for ${needle}`);
  const text = applyFix(s, fixes[pick]!);
  s.set(text);
  return { text: text.slice(HEAD.length), after: diagnosticsOf(s), fixes };
}

describe("tensor arithmetic", () => {
  it("says there is no operator overloading on the expression, in place of TypeScript's operand error", () => {
    const s = snippet(`${HEAD}const y = 2 * torch.dot(x, x);\ny.backward();\n`);
    const ds = diagnosticsOf(s);
    const ours = ds.filter((d) => d.source === "autograd-lens");
    assert.equal(ours.length, 1, ds.map(message).join(" | "));
    assert.match(message(ours[0]!), /JavaScript has no operator overloading/);
    assert.equal(s.text().slice(ours[0]!.start!, ours[0]!.start! + ours[0]!.length!), "2 * torch.dot(x, x)");
    assert.deepEqual(ds.filter((d) => d.code === 2363 || d.code === 2362 && d.source !== "autograd-lens"), [], "TypeScript's own operand error is gone");
    // y was a number: `y.backward` is an error TypeScript still reports (it goes away with the fix).
    assert.ok(ds.some((d) => d.code === 2339));
  });

  const cases: Array<[string, string, string]> = [
    ["const y = 2 * torch.dot(x, x);", "2 * torch.dot(x, x)", "const y = torch.mul(2, torch.dot(x, x));"],
    ["const y = x * a;", "x * a", "const y = x.mul(a);"],
    ["const y = x ** 2;", "x ** 2", "const y = x.pow(2);"],
    ["const y = -x;", "-x", "const y = x.neg();"],
    ["const y = x + a;", "x + a", "const y = x.add(a);"],
    ["const y = x - 1;", "x - 1", "const y = x.sub(1);"],
    ["const y = 1 - x;", "1 - x", "const y = torch.sub(1, x);"],
    ["const y = a / x;", "a / x", "const y = a.div(x);"],
    ["const y = x % 2;", "x % 2", "const y = x.remainder(2);"],
    ["const y = 7 % x;", "7 % x", "const y = torch.remainder(7, x);"],
    ["const y = 2 * x * a + 1;", "2 * x * a + 1", "const y = torch.mul(2, x).mul(a).add(1);"],
    ["const y = (x + 1) * (a - 2);", "(x + 1) * (a - 2)", "const y = x.add(1).mul(a.sub(2));"],
    ["const y = torch.sum(x.mul(a) * 3);", "x.mul(a) * 3", "const y = torch.sum(x.mul(a).mul(3));"],
    ["let y = x.mul(1);\ny *= 2;", "y *= 2", "let y = x.mul(1);\ny = y.mul(2);"],
    ["let y = x.mul(1);\ny %= 2;", "y %= 2", "let y = x.mul(1);\ny = y.remainder(2);"],
  ];
  for (const [body, needle, expected] of cases) {
    it(`${needle} → ${expected}`, () => {
      const { text, after } = fixAndCheck(`${body}\n`, needle);
      assert.equal(text, `${expected}\n`);
      assert.deepEqual(after.map(message), [], "the fixed snippet type-checks");
    });
  }

  it("leaves number arithmetic and tensor comparisons with numbers alone (b.norm() < 1000 works at run time)", () => {
    const s = snippet(`${HEAD}const n = 2 * 3 - 1;\nlet b = x.mul(2);\nwhile (b.norm() < 1000) b = b.mul(2);\nif (x.sum() > 0) console.log(n);\n`);
    assert.deepEqual(diagnosticsOf(s).map(message), []);
  });

  it("string concatenation with a tensor is not arithmetic", () => {
    const s = snippet(`${HEAD}const label = "sum: " + x.sum();\nlet msg = "";\nmsg += x.sum();\nconsole.log(label, msg);\n`);
    assert.deepEqual(diagnosticsOf(s).map(message), []);
  });

  it("does nothing in files that do not import autograd-lens", () => {
    const s = snippet("class T { v = 1; }\nconst t = new T();\nconst y = 2 * t;\nexport {};\n");
    const ds = diagnosticsOf(s);
    assert.ok(ds.some((d) => d.code === 2363));
    assert.ok(!ds.some((d) => d.source === "autograd-lens"));
  });
});

describe("== between tensors", () => {
  it("warns that === compares identity and offers .eq and torch.equal", () => {
    const s = snippet(`${HEAD}if (x.grad === a) console.log(1);\n`);
    const d = diagnosticsOf(s).find((o) => o.source === "autograd-lens")!;
    assert.equal(d.category, ts.DiagnosticCategory.Warning);
    assert.match(message(d), /compares object identity/);
    const eq = fixAndCheck("if (x.grad === a) console.log(1);\n", "x.grad === a", 0);
    assert.equal(eq.text, "if (x.grad.eq(a)) console.log(1);\n");
    const whole = fixAndCheck("if (x.grad === a) console.log(1);\n", "x.grad === a", 1);
    assert.equal(whole.text, "if (torch.equal(x.grad, a)) console.log(1);\n");
    assert.deepEqual(whole.after.map(message), []);
    const ne = fixAndCheck("const same = x != a;\n", "x != a", 1);
    assert.equal(ne.text, "const same = !torch.equal(x, a);\n");
  });

  it("=== between a tensor and a number is always false; null checks are fine", () => {
    const { text } = fixAndCheck("const z = x.sum() === 6;\n", "x.sum() === 6");
    assert.equal(text, "const z = x.sum().eq(6);\n");
    const s = snippet(`${HEAD}if (x.grad === null) console.log("none");\nif (x.grad !== undefined) console.log(1);\n`);
    assert.deepEqual(diagnosticsOf(s).map(message), []);
  });
});

describe("Python spellings", () => {
  it("True/False/None → true/false/null", () => {
    for (const [py, js] of [["True", "true"], ["False", "false"], ["None", "null"]] as const) {
      const { text, after, fixes } = fixAndCheck(`const flag = ${py};\nconsole.log(flag);\n`, py);
      assert.match(fixes[0]!.description, new RegExp(`${py}.*${js}`));
      assert.equal(text, `const flag = ${js};\nconsole.log(flag);\n`);
      assert.deepEqual(after.map(message), []);
    }
    const s = snippet(`${HEAD}const flag = True;\n`);
    const d = diagnosticsOf(s);
    assert.equal(d.length, 1);
    assert.match(message(d[0]!), /True is Python; JavaScript writes true/);
  });

  it("f(kw=v) → f({ kw: v }), Python constants inside converted", () => {
    const { text, after } = fixAndCheck("const y = x.sum();\ny.backward(retain_graph=True);\n", "retain_graph=True");
    assert.equal(text, "const y = x.sum();\ny.backward({ retain_graph: true });\n");
    assert.deepEqual(after.map(message), []);
    const two = fixAndCheck("const t = torch.tensor([1, 2], requires_grad=True, dtype=torch.float64);\n", "dtype=torch.float64");
    assert.equal(two.text, "const t = torch.tensor([1, 2], { requires_grad: true, dtype: torch.float64 });\n");
    assert.deepEqual(two.after.map(message), []);
    const s = snippet(`${HEAD}x.sum().backward(retain_graph=True);\n`);
    const kw = diagnosticsOf(s).find((d) => message(d).includes("keyword argument"))!;
    assert.equal(s.text().slice(kw.start!, kw.start! + kw.length!), "retain_graph=True");
    assert.ok(!diagnosticsOf(s).some((d) => message(d).includes("Cannot find name 'retain_graph'")));
  });

  it("an assignment to a declared variable inside a call is not a keyword argument", () => {
    const s = snippet(`${HEAD}let dim = 0;\nconsole.log(x.sum(dim = 0), dim);\n`);
    assert.deepEqual(diagnosticsOf(s).map(message), []);
  });
});

describe("messages in Simplified Chinese", () => {
  it("uses the zh-cn bundle when tsserver runs in zh-cn", () => {
    setPluginLocale("zh-cn");
    try {
      const s = snippet(`${HEAD}const y = 2 * x;\nconst flag = True;\n`);
      const ms = diagnosticsOf(s).filter((d) => d.source === "autograd-lens").map(message);
      assert.equal(ms.length, 2);
      for (const m of ms) assert.match(m, /[\u4e00-\u9fff]/, m);
    } finally {
      setPluginLocale("en");
    }
  });
});

describe("completions", () => {
  it("Tensor members without the _ internals unless _ is typed", () => {
    const s = snippet(`${HEAD}x.\n`);
    const at = s.text().lastIndexOf("x.") + 2;
    const names = s.ls.getCompletionsAtPosition(s.file, at, { includeCompletionsWithInsertText: true })!.entries.map((e) => e.name);
    assert.ok(!names.includes("Symbol"), "no [Symbol] entry for the engine's Symbol-keyed members");
    assert.ok(names.includes("backward") && names.includes("grad") && names.includes("zero_"));
    assert.deepEqual(names.filter((n) => n.startsWith("_")), []);
    s.set(`${HEAD}x._\n`);
    const under = s.ls.getCompletionsAtPosition(s.file, at + 1, {})!.entries.map((e) => e.name);
    assert.ok(under.includes("_version"));
  });
});
