/**
 * The CodeLens's gradient-call finder (@lezer/javascript, src/extension/tsGradCalls.ts) against the TypeScript
 * compiler's tree (tsGradCallsOracle.ts, the finder it replaced): the same calls, ranges, receivers, argument
 * offsets and counts on every example, on every TypeScript file of this repository and the snippets quoted in them,
 * and on generated snippets; then what the calls are on hand-written cases.
 */
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import * as ts from "typescript";
import { collectGradCalls, type GradCall } from "../../../src/extension/tsGradCalls";
import { findGradCalls, lastParsedBy } from "../../../src/extension/gradCalls";
import { compilerGradCalls, hasSyntaxError } from "./tsGradCallsOracle";

const ROOT = join(__dirname, "..", "..", "..");
const examples = readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));

/** Every .ts file under `dir` (no node_modules, no build output). */
function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "dist" ? [] : tsFiles(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** The string and template literals of a file that look like snippets (the test snippets the suites use). */
function quotedSnippets(text: string): string[] {
  const sf = ts.createSourceFile("f.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && /backward|autograd/.test(n.text)) out.push(n.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe("the lezer finder gives what the TypeScript parser gives", () => {

  it("on every example", () => {
    assert.ok(examples.length >= 8);
    for (const f of examples) {
      const text = readFileSync(join(ROOT, "examples", f), "utf8");
      const calls = collectGradCalls(text);
      assert.ok(calls.length > 0, `${f} has gradient calls`);
      assert.deepEqual(calls, compilerGradCalls(text), f);
    }
  });

  it("on every TypeScript file of the repository, and on every snippet quoted in one", () => {
    let files = 0;
    let snippets = 0;
    let found = 0;
    for (const f of ["src", "test", "bench", "examples", "webview", "scripts"].flatMap((d) => tsFiles(d))) {
      const text = readFileSync(join(ROOT, f), "utf8");
      files++;
      const calls = collectGradCalls(text);
      found += calls.length;
      assert.deepEqual(calls, compilerGradCalls(text), f);
      for (const s of quotedSnippets(text)) {
        if (hasSyntaxError(s)) continue; // a snippet about syntax errors: see "while typing" below
        snippets++;
        assert.deepEqual(collectGradCalls(s), compilerGradCalls(s), `${f}: ${s}`);
      }
    }
    // The corpus is big enough to mean something (the conformance programs alone make hundreds of calls).
    assert.ok(files > 100 && found > 200 && snippets > 100, `${files} files, ${found} calls, ${snippets} snippets`);
  });

  it("on generated snippets (fast-check): chains, optional chaining, type arguments, nested and multi-line calls, calls in strings, comments and templates", () => {
    fc.assert(
      fc.property(snippetArb, (text) => {
        fc.pre(!hasSyntaxError(text));
        assert.deepEqual(collectGradCalls(text), compilerGradCalls(text));
      }),
      { numRuns: 1500 },
    );
  });
});

/** Between two tokens: nothing, blanks, line breaks of each kind, comments that mention calls. */
const gap = fc.constantFrom("", "", " ", "\n", "\r\n", "\r", "\n    ", " /* y.backward() */ ", " // torch.autograd.grad(x, [y])\n", "/**/");
const name = fc.constantFrom("x", "y", "torch", "autograd", "backward", "grad", "a_1", "$t", "this", "super");
const prop = fc.constantFrom("backward", "backward", "grad", "autograd", "sum", "mul", "detach", "#backward");

/** A callee that makes a gradient call: `….backward`, `….autograd.grad` (with gaps and optional chaining). */
function gradCallee(expr: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const dot = fc.constantFrom(".", ".", "?.", "!.");
  return fc.oneof(
    fc.tuple(expr, gap, dot, gap).map(([o, g1, d, g2]) => `${o}${g1}${d}${g2}backward`),
    fc.tuple(fc.oneof(fc.constant("torch"), expr), gap, dot, gap, dot).map(([o, g1, d1, g2, d2]) => `${o}${g1}${d1}autograd${g2}${d2}grad`),
  );
}

const { expr } = fc.letrec<{ expr: string; arg: string; call: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    name,
    tie("call"),
    fc.tuple(tie("expr"), gap, fc.constantFrom(".", "?.", "!.", "!!.", ")."), gap, prop).map(([o, g1, dot, g2, p]) => (dot === ")." ? `(${o})${g1}.${g2}${p}` : `${o}${g1}${dot}${g2}${p}`)),
    fc.tuple(tie("expr"), fc.constantFrom('["backward"]', "?.[0]", "[i]")).map(([o, e]) => `${o}${e}`),
    fc.constantFrom('"y.backward()"', "'torch.autograd.grad(y, x)'", "`x.backward()`", "/\\.backward\\(/g"),
    fc.tuple(tie("expr"), gap).map(([e, g]) => `\`a.backward() \${${g}${e}${g}} b\``),
    fc.tuple(tie("expr"), gap, fc.constantFrom("+", "*", "??", "||", "as any", "satisfies unknown")).map(([e, g, op]) => (op.includes(" ") ? `(${e}${g} ${op})` : `${e} ${op}${g}y`)),
    tie("expr").map((e) => `(() => ${e})`),
    fc.tuple(tie("expr"), gap).map(([e, g]) => `function () {${g}return ${e};${g}}`).map((f) => `(${f})`),
    fc.array(tie("arg"), { maxLength: 3 }).map((a) => `[${a.join(", ")}]`),
    tie("expr").map((e) => `{ a: ${e}, retain_graph: true }`).map((o) => `(${o})`),
    tie("expr").map((e) => `new Foo(${e})`),
    tie("expr").map((e) => `<any>${e}`),
    // Prefix operators (lezer ranks them above TypeScript's non-null `!`: `typeof x!.backward()`). Not `await`:
    // outside an async function the compiler reads `await (x)` as a call of a function named await, lezer as an await.
    fc.tuple(fc.constantFrom("typeof ", "-", "!", "void ", "~"), tie("expr")).map(([op, e]) => `${op}${e}`),
  ),
  arg: fc.oneof(tie("expr"), fc.constantFrom("1", "2.5", "v", "{ retain_graph: true }", "{}", "torch.ones_like(y)"), tie("expr").map((e) => `...${e}`), tie("expr").map((e) => `{ inputs: [${e}] }`)),
  call: fc
    .tuple(fc.oneof(tie("expr"), gradCallee(tie("expr"))), gap, fc.constantFrom("", "", "<number>", "<typeof x, string>"), fc.constantFrom("", "", "?."), gap, fc.array(fc.tuple(tie("arg"), gap), { maxLength: 3 }), fc.boolean())
    // Type arguments only after a name or a member (lezer's grammar, TypeScript's habit; `this<T>()` is lezer's error).
    .map(([callee, g1, targs, q, g2, args, trailing]) => `${callee}${g1}${/^[\w$.]+$/.test(callee) && callee !== "this" && callee !== "super" ? targs : ""}${q}(${g2}${args.map(([a, g]) => `${a}${g}`).join(",")}${trailing && args.length > 0 ? "," : ""})`),
}));

const statement = fc.oneof(
  expr.map((e) => `${e};`),
  expr.map((e) => `const v = ${e};`),
  fc.tuple(expr, expr).map(([c, e]) => `if (${c}) {\n  ${e};\n}`),
  fc.tuple(expr, expr).map(([c, e]) => `for (const i of ${c}) ${e};`),
  expr.map((e) => `class C {\n  m() {\n    ${e};\n  }\n}`),
  // A decorator is a name, member accesses and one call (TypeScript's parser takes more, then its checker refuses).
  fc.tuple(name, gap, prop, fc.constantFrom("", "()", "({ retain_graph: true })", "(x.backward())")).map(([n, g, p, c]) => `@${n === "this" || n === "super" ? "x" : n}${g}.${p}${c}\nclass D {}`),
  expr.map((e) => `async function f(p = ${e}): Promise<void> {\n  ${e};\n}`),
  expr.map((e) => `enum E { A = ${e} }`),
  fc.constantFrom('import * as torch from "autograd-lens";', "// y.backward()", "/* torch.autograd.grad(y, [x]) */", "type T = typeof y.backward;", "declare const y: any;"),
);

// A module, as a snippet is (it imports autograd-lens): a top-level `await (x)` is an await, not a call of `await`.
const snippetArb = fc.array(statement, { minLength: 1, maxLength: 6 }).map((ss) => ['import * as torch from "autograd-lens";', ...ss].join("\n"));

/** The offset of a 0-based position (lines end at \n, \r\n or \r). */
function offsetOf(text: string, p: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < p.line; line++) {
    const n = text.slice(offset).search(/\r\n|\n|\r/);
    offset += n + (text.startsWith("\r\n", offset + n) ? 2 : 1);
  }
  return offset + p.character;
}

describe("the gradient calls of a snippet", () => {
  it("finds every real call and none in comments or strings", () => {
    const src = `import * as torch from "autograd-lens";
// y.backward() in a comment
const s = "z.backward()";
/* w.backward() */ const y = torch.ones(2, { requires_grad: true }).sum();
y.backward({ retain_graph: true });
const [g] = torch.autograd.grad(y, [y]);
y.mul(2).backward();
`;
    const calls = findGradCalls(src);
    assert.equal(lastParsedBy(), "lezer");
    assert.deepEqual(
      calls.map((c) => [c.kind, c.start.line, c.receiver, c.argCount, c.firstArgIsOptions]),
      [
        ["backward", 4, "y", 1, true],
        ["autograd.grad", 5, null, 2, false],
        ["backward", 6, "y.mul(2)", 0, false],
      ],
    );
    // The seed quick fix inserts at argsStart: right after "(".
    assert.equal(src.slice(calls[2]!.argsStart - 1, calls[2]!.argsStart + 1), "()");
  });

  it("gives a multi-line call its whole range, and keeps template text apart from its ${…} code", () => {
    const src = "const t = `y.backward() ${x.sum().backward()}`;\nz?.backward?.(\n  v, // the seed\n  { retain_graph: true },\n);\nq!.backward<number>(...[v]);\n";
    assert.deepEqual(findGradCalls(src), [
      { kind: "backward", start: { line: 0, character: 26 }, end: { line: 0, character: 44 }, receiver: "x.sum()", argsStart: 43, argCount: 0, firstArgIsOptions: false },
      { kind: "backward", start: { line: 1, character: 0 }, end: { line: 4, character: 1 }, receiver: "z", argsStart: 62, argCount: 2, firstArgIsOptions: false },
      { kind: "backward", start: { line: 5, character: 0 }, end: { line: 5, character: 27 }, receiver: "q!", argsStart: 129, argCount: 1, firstArgIsOptions: false },
    ]);
  });

  it("counts torch.autograd.grad and x.autograd.grad, not autograd.grad alone or element access", () => {
    const src = 'torch.autograd.grad(y, x);\nautograd.grad(y, x);\ntorch["autograd"].grad(y, x);\ny["backward"]();\ntorch.autograd?.grad(y, x, { retain_graph: true });\n';
    assert.deepEqual(
      findGradCalls(src).map((c) => [c.kind, c.start.line, c.argCount]),
      [
        ["autograd.grad", 0, 2],
        ["autograd.grad", 4, 3],
      ],
    );
  });

  it("puts lines where VS Code does: at \\n, \\r\\n and a lone \\r", () => {
    const calls = findGradCalls("a;\r\nb;\rc.backward();\nd.backward();");
    assert.deepEqual(
      calls.map((c) => [c.start.line, c.start.character, c.argsStart]),
      [
        [2, 0, 18],
        [3, 0, 32],
      ],
    );
  });

  it("finds the calls a Python snippet makes with the Python parser", () => {
    const calls = findGradCalls("import torch\ny.backward()\n", "python");
    assert.equal(lastParsedBy(), "python");
    assert.deepEqual(calls.map((c) => [c.kind, c.start.line, c.receiver]), [["backward", 1, "y"]]);
  });

  it("while a quote is being typed, finds no call in what the compiler reads as string text", () => {
    // Lezer's error recovery reads these strings' text as code; the compiler reads them as strings.
    assert.deepEqual(findGradCalls('({ a: this<typeof x, string>(..."y.backward()"), retain_graph: true });'), []);
    assert.deepEqual(
      findGradCalls('"async function f(p = "y.backward()"): Promise<void> {\n  "y.backward()";\n}\nx;').map((c) => c.start),
      compilerGradCalls('"async function f(p = "y.backward()"): Promise<void> {\n  "y.backward()";\n}\nx;').map((c) => c.start),
    );
  });

  it("while an example is typed, character by character, finds what the compiler finds (but in the call being typed)", () => {
    // The call whose range reaches the end of the text is unfinished (`y.backward({ retain_gr`): there the two
    // recoveries differ (whether the half object is an options object, where the call ends), and only there.
    let prefixes = 0;
    for (const f of examples) {
      const text = readFileSync(join(ROOT, "examples", f), "utf8");
      for (let i = 1; i <= text.length; i++) {
        const typed = text.slice(0, i);
        const done = (calls: GradCall[]): GradCall[] => calls.filter((c) => offsetOf(typed, c.end) < typed.trimEnd().length);
        assert.deepEqual(done(collectGradCalls(typed)), done(compilerGradCalls(typed)), `${f} typed to ${JSON.stringify(typed.slice(-30))}`);
        prefixes++;
      }
    }
    assert.ok(prefixes > 5000, `${prefixes}`);
    // Just the parenthesis typed: no argument yet (the seed quick fix inserts one), as the compiler says.
    assert.deepEqual(collectGradCalls("y.backward("), compilerGradCalls("y.backward("));
    assert.equal(collectGradCalls("y.backward(")[0]?.argCount, 0);
  });
});
