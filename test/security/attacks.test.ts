// The adversarial suite (issue 12): each attack runs as a snippet in a real runner child, the way the CLI and the
// extension run it, and each case shows that
//   - this (the host) process survives and gets a checked Trace back;
//   - no file outside the run is touched (a canary folder next to the run stays exactly as it was);
//   - no environment variable is readable (a secret set in the host's environment appears nowhere in the Trace);
//   - the error is clear and on its line, within timeout + 0.5 s of the snippet starting;
//   - peak memory stays under the cap + 256 MB.
// It starts with the attacks the issue reported against the old runner. `[number]` lines give each case's time
// and peak memory, per category.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSnippetDetailed } from "../../src/runner/index.js";
import { parseTrace } from "../../src/traceSchema.js";
import { ensureBuilt } from "../unit/runner/build.js";
import { withSchedulerLag } from "../unit/runner/schedulerLag.js";

const HEAD = 'import * as torch from "autograd-lens";\n';
const SECRET = `agl-canary-${process.pid}-${Date.now()}`;
let outside: string;

interface Attack {
  category: "escape" | "tampering" | "bomb" | "broken input";
  name: string;
  source: string;
  /** The error's kind and line, and a pattern its message must match; null: the snippet runs without error. */
  expect: { kind: string; line: number | number[]; message: RegExp } | null;
  timeoutMs?: number;
  memoryMb?: number;
  /** Extra checks on the Trace. */
  check?: (t: import("../../src/protocol.js").Trace) => void;
}

const canaryPath = (): string => join(outside, "canary.txt");

/**
 * A snippet that changes a built-in on line 3, after a tensor exists, and then does what the recording needs
 * (autograd, console output, the Trace's encoding). The change fails on its own line with the TypeError that
 * strict code gets for a locked property, and the run's recording up to there is intact.
 */
function tampering(): Attack[] {
  const cases: Array<[string, string, RegExp]> = [
    ["Array.prototype.map replaced", "Array.prototype.map = function () { return []; };", /^TypeError: Cannot assign to read only property 'map' of object '\[object Array\]'$/],
    ["Object.keys replaced", "(Object as unknown as { keys: unknown }).keys = () => [];", /^TypeError: Cannot assign to read only property 'keys' of function/],
    ["JSON.stringify replaced", "(JSON as unknown as { stringify: unknown }).stringify = () => '{}';", /^TypeError: Cannot assign to read only property 'stringify' of object/],
    ["Function.prototype.call replaced", "Function.prototype.call = function () { return 1; };", /^TypeError: Cannot assign to read only property 'call' of function/],
    ["Symbol.iterator of arrays replaced", "(Array.prototype as unknown as Record<symbol, unknown>)[Symbol.iterator] = function* () { yield 1; };", /^TypeError: Cannot assign to read only property 'Symbol\(Symbol\.iterator\)' of object/],
    ["Array.prototype.map redefined with defineProperty", "Object.defineProperty(Array.prototype, 'map', { value: () => [] });", /^TypeError: Cannot redefine property: map$/],
    ["Array.prototype.push deleted", "delete (Array.prototype as unknown as Record<string, unknown>)['push'];", /^TypeError: Cannot delete property 'push' of \[object Array\]$/],
    ["an index setter added to Array.prototype", "Object.defineProperty(Array.prototype, '0', { set() { throw new Error('setter'); } });", /^TypeError: Cannot define property 0, object is not extensible$/],
    ["Object.prototype.then added (every object a thenable)", "(Object.prototype as unknown as Record<string, unknown>)['then'] = function () { for (;;) {} };", /^TypeError: Cannot add property then, object is not extensible$/],
    ["Array.prototype's prototype swapped", "Object.setPrototypeOf(Array.prototype, null);", /^TypeError: \[object Array\] is not extensible$/],
    ["Promise.prototype.then replaced", "Promise.prototype.then = function () { return this; };", /^TypeError: Cannot assign to read only property 'then' of object/],
    ["Number.prototype.toFixed replaced", "Number.prototype.toFixed = function () { return 'NaN'; };", /^TypeError: Cannot assign to read only property 'toFixed' of object/],
    ["the Map iterator's next replaced", "(Object.getPrototypeOf(new Map().entries()) as { next: unknown }).next = () => ({ done: true });", /^TypeError: Cannot assign to read only property 'next' of object/],
  ];
  const engine: Attack[] = [
    {
      category: "tampering",
      name: "a Tensor getter the recorder reads, redefined to throw",
      source: HEAD + "const x = torch.ones(2, { requires_grad: true });\nObject.defineProperty(torch.Tensor.prototype, 'shape', { get() { throw new Error('shape'); } });\nconsole.log('still here');\n",
      expect: { kind: "runtime", line: 3, message: /^The snippet's own code broke the recording of its run: Error: shape$/ },
      check: (t) => assert.deepEqual(t.console.map((c) => c.text), ["still here"], "the console survives"),
    },
    {
      // Not on its line: nothing of the snippet runs when the recorder trips over the tensor, so where the
      // prototype was removed is unknown. The error still says what happened, and the console survives.
      category: "tampering",
      name: "a tensor's prototype removed",
      source: HEAD + "const x = torch.ones(2, { requires_grad: true });\nObject.setPrototypeOf(x, null);\nconsole.log('still here');\n",
      expect: { kind: "internal", line: 1, message: /^The snippet broke the recording of its run \(its Trace could not be made\): TypeError: / },
      check: (t) => assert.deepEqual(t.console.map((c) => c.text), ["still here"], "the console survives"),
    },
  ];
  const tail = "const y = x.mul(2).sum();\ny.backward();\nconsole.log(x.grad, [1, 2].map((v) => v * 2), Object.keys({ a: 1 }));\n";
  const builtins = cases.map(([name, line, message]): Attack => ({
    category: "tampering" as const,
    name,
    source: HEAD + "const x = torch.ones(2, { requires_grad: true });\n" + line + "\n" + tail,
    expect: { kind: "runtime", line: 3, message },
    check: (t) => assert.ok(t.tensors.length >= 1, "the recording up to line 3 is in the Trace"),
  }));
  return [...builtins, ...engine];
}

const attacks = (): Attack[] => [
  // ---- escapes (the first two are the issue's own) ----
  {
    category: "escape",
    name: "Function.prototype.apply replaced through Object.getPrototypeOf(torch.tensor), waiting for `process`",
    source:
      HEAD +
      "const FP = Object.getPrototypeOf(torch.tensor) as { apply: unknown };\n" +
      "const seen: string[] = [];\n" +
      "FP.apply = function (this: (...a: unknown[]) => unknown, t: unknown, args: unknown[]) { for (const a of args ?? []) if (a !== null && typeof a === 'object' && 'env' in (a as object)) seen.push(JSON.stringify((a as { env: unknown }).env)); return Reflect.apply(this, t, args ?? []); };\n" +
      "const x = torch.tensor([1.0, 2.0], { requires_grad: true });\n" +
      "x.mul(2).sum().backward();\n" +
      "console.log('seen', seen.length);\n" +
      "throw new Error('done');\n",
    // The realm's built-ins are locked (src/runner/lockIntrinsics.ts): the replacement itself fails, on its line.
    expect: { kind: "runtime", line: 4, message: /^TypeError: Cannot assign to read only property 'apply' of function/ },
  },
  {
    category: "escape",
    name: "the array iterator's next replaced (the old loader wrote its code cache through it)",
    source: HEAD + `const it = Object.getPrototypeOf([][Symbol.iterator]()) as { next: unknown };\nit.next = function () { return { done: false, value: ${JSON.stringify(canaryPath())} }; };\nconst x = torch.ones(2);\n`,
    expect: { kind: "runtime", line: 3, message: /^TypeError: Cannot assign to read only property 'next' of object/ },
  },
  {
    category: "escape",
    name: "a constructor chain to Function, to compile `return process`",
    source: HEAD + 'const k = "constr" + "uctor";\nconst F = ((torch.ones as unknown as Record<string, unknown>)[k] as Record<string, unknown>)[k] as (s: string) => () => unknown;\nconsole.log(typeof F("return process")());\n',
    expect: { kind: "runtime", line: 4, message: /^EvalError: Code generation from strings disallowed/ },
  },
  {
    category: "escape",
    name: "the stack-trace API (Error.prepareStackTrace for CallSites and getThis)",
    source: HEAD + "(Error as unknown as { prepareStackTrace: unknown }).prepareStackTrace = (_e: unknown, s: Array<{ getThis(): unknown }>) => s.map((f) => f.getThis());\nconsole.log(new Error('x').stack);\n",
    expect: { kind: "runtime", line: 2, message: /^TypeError: Cannot assign to read only property 'prepareStackTrace'/ },
  },
  {
    category: "escape",
    name: "a Proxy thrown, every trap throwing",
    source: HEAD + "const x = torch.ones(1);\nconst p = new Proxy({}, { get() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); }, has() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } });\nthrow p;\n",
    expect: { kind: "runtime", line: 4, message: /^Uncaught / },
  },
  {
    category: "escape",
    name: "a value whose getters throw, a symbol, a string, a plain object",
    source: HEAD + "const v = { get message(): string { throw new Error('getter'); }, get stack(): string { throw new Error('getter'); } };\nif (torch.ones(1).item() === 1) throw v;\n",
    expect: { kind: "runtime", line: 3, message: /^Uncaught / },
  },
  { category: "escape", name: "a thrown symbol", source: HEAD + "const x = 1;\nthrow Symbol('s');\n", expect: { kind: "runtime", line: 3, message: /^Uncaught Symbol\(s\)$/ } },
  { category: "escape", name: "a thrown string", source: HEAD + "const x = 1;\n\nthrow 'plain text';\n", expect: { kind: "runtime", line: 4, message: /^Uncaught "plain text"$/ } },
  {
    category: "escape",
    name: "a thenable whose then never returns",
    source: HEAD + "const t = { then() { for (;;) {} } };\nasync function main() { await t; }\nmain();\n",
    timeoutMs: 1500,
    expect: { kind: "timeout", line: 2, message: /^Timed out after 1500 ms: loop on line 2 did not finish$/ },
  },
  {
    category: "escape",
    name: "Symbol.species of an Array subclass",
    source: HEAD + "class Evil extends Array {\n  static get [Symbol.species](): ArrayConstructor { throw new Error('species'); }\n}\nconst e = Evil.from([1, 2, 3]);\ne.map((v: number) => v);\n",
    expect: { kind: "runtime", line: 3, message: /^Error: species$/ },
  },
  {
    category: "escape",
    name: "a getter the recorder's serializer would call (Object.prototype.toJSON looping)",
    source: HEAD + "const x = torch.ones(2);\nObject.defineProperty(Object.prototype, 'toJSON', { get() { for (;;) {} } });\n",
    timeoutMs: 1500,
    expect: { kind: "runtime", line: 3, message: /^TypeError: Cannot define property toJSON, object is not extensible$/ },
  },
  {
    category: "escape",
    name: "the instrumenter's own output: the hooks and the progress array",
    source: HEAD + "const g = (function (this: Record<string, Record<string, unknown>>) { return this; })();\nconst self = (0, eval)('this');\n",
    expect: { kind: "runtime", line: 3, message: /^EvalError: Code generation from strings disallowed/ },
  },
  {
    category: "escape",
    name: "the hooks object frozen against the snippet",
    source: "const lens = (globalThis as unknown);\n",
    expect: { kind: "forbidden", line: 1, message: /globalThis/ },
  },
  // ---- tampering with the realm's built-ins, which the engine and the recorder in the same realm use ----
  ...tampering(),
  // ---- resource bombs (the first three are the issue's own) ----
  {
    category: "bomb",
    name: '"y".repeat(2**28 + i) in a loop, each string read',
    source: "const keep: string[] = [];\nfor (let i = 0; ; i++) {\n  const s = 'y'.repeat(2 ** 28 + i);\n  keep.push(s);\n  s.charCodeAt(7);\n}\n",
    memoryMb: 512,
    timeoutMs: 20_000,
    expect: { kind: "memory", line: [2, 3, 4, 5], message: /^The snippet ran out of memory \(limit 512 MB\) at line [2-5]$/ },
  },
  {
    category: "bomb",
    name: "new Array(16e6).fill(1.5) in a loop",
    source: "const keep: number[][] = [];\nfor (let i = 0; ; i++) {\n  keep.push(new Array(16e6).fill(1.5));\n}\n",
    memoryMb: 512,
    timeoutMs: 20_000,
    expect: { kind: "memory", line: [2, 3], message: /^The snippet ran out of memory \(limit 512 MB\) at line [23]$/ },
  },
  {
    category: "bomb",
    name: "Array.from({ length: 1e9 }), a built-in that cannot be interrupted",
    source: "const x = 1;\nconst a = Array.from({ length: 1e9 });\n",
    timeoutMs: 1000,
    expect: { kind: "timeout", line: 2, message: /^(The snippet did not stop after 1000 ms: killed at line 2|The snippet ran out of memory \(limit 1024 MB\) at line 2)$/ },
  },
  {
    category: "bomb",
    name: "a typed array of 8 GB filled in one call",
    source: "const x = 1;\nconst a = new Float64Array(1e9);\na.fill(1);\n",
    memoryMb: 512,
    timeoutMs: 20_000,
    expect: { kind: "memory", line: 3, message: /^The snippet ran out of memory \(limit 512 MB\) at line 3$/ },
  },
  {
    category: "bomb",
    name: "many tensors in one statement",
    source: HEAD + "const x = 1;\nconst xs = Array.from({ length: 100 }, () => torch.ones(4000000));\n",
    memoryMb: 512,
    timeoutMs: 20_000,
    expect: { kind: "memory", line: 3, message: /^Out of memory: the snippet's tensors used more than 512 MB$/ },
  },
  {
    category: "bomb",
    name: "console output without end",
    source: "for (let i = 0; i < 200000; i++) console.log('line', i, 'x'.repeat(200));\n",
    timeoutMs: 20_000,
    expect: null,
    check: (t) => {
      assert.ok(t.console.length <= 1001, `${t.console.length} entries`);
      assert.match(t.console[t.console.length - 1]?.text ?? "", /^… \d+ more lines$/);
    },
  },
  {
    category: "bomb",
    name: "runaway recursion",
    source: "const x = 1;\nfunction f(n: number): number { return f(n + 1) + 1; }\nf(0);\n",
    expect: { kind: "runtime", line: 2, message: /^RangeError: Maximum call stack size exceeded/ },
  },
  {
    category: "bomb",
    name: "regex backtracking outside every loop",
    source: "const x = 1;\nconst m = /^(a+)+$/.test('a'.repeat(40) + 'b');\n",
    timeoutMs: 1000,
    expect: { kind: "timeout", line: 2, message: /^(Timed out after 1000 ms: line 2 was still running|The snippet did not stop after 1000 ms: killed at line 2)$/ },
  },
  // ---- broken input ----
  { category: "broken input", name: "20,000 nested brackets", source: `const x = 1;\nconst a = ${"[".repeat(20000)}${"]".repeat(20000)};\n`, expect: { kind: "syntax", line: 2, message: /^Brackets are nested more than 200 levels deep$/ } },
  { category: "broken input", name: "a 1M-element literal (2 MB)", source: `const a = [${Array(1e6).fill("1").join(",")}];\n`, expect: { kind: "syntax", line: 1, message: /^The snippet is \d+ KB; snippets may be at most 256 KB$/ } },
  { category: "broken input", name: "binary garbage", source: "\u0000\uffff<<<>>>\u0007 ))) {{", expect: { kind: "syntax", line: 1, message: /^TS\d+: / } },
  {
    category: "broken input",
    name: "identifiers named toString, valueOf, constructor, __proto__",
    source: "const toString = 1;\nconst valueOf = 2;\nlet constructor = 3;\nconst hasOwnProperty = 4;\nconsole.log(toString + valueOf + constructor + hasOwnProperty);\n",
    expect: null,
    check: (t) => assert.deepEqual(t.console.map((c) => c.text), ["10"]),
  },
];

function snapshot(dir: string): string {
  return JSON.stringify(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

const worst = new Map<string, { ms: number; mb: number }>();

before(() => {
  ensureBuilt();
  outside = mkdtempSync(join(tmpdir(), "agl-outside-"));
  writeFileSync(canaryPath(), "untouched\n");
  process.env["AGL_SECRET_CANARY"] = SECRET;
});

after(() => {
  for (const [category, w] of worst) console.log(`  [number] worst ${category}: ${w.ms.toFixed(0)} ms after the snippet started, peak ${w.mb.toFixed(0)} MB`);
  delete process.env["AGL_SECRET_CANARY"];
  rmSync(outside, { recursive: true, force: true });
});

for (const a of attacks()) {
  test(`${a.category}: ${a.name}`, async () => {
    const before = snapshot(outside);
    const timeoutMs = a.timeoutMs ?? 5000;
    const memoryMb = a.memoryMb ?? 1024;
    const { value: d, lagMs } = await withSchedulerLag(() => runSnippetDetailed(a.source, { timeoutMs, memoryMb, file: "attack.ts" }));
    // The host survives and holds a checked Trace.
    assert.ok(parseTrace(d.trace).ok);
    // Nothing outside the run changed; no environment variable reached the Trace.
    assert.equal(snapshot(outside), before, "the canary folder changed");
    assert.ok(!JSON.stringify(d.trace).includes(SECRET), "the host's environment leaked into the Trace");
    // Clear, on its line, in time, within memory.
    if (a.expect === null) assert.equal(d.trace.error, null, JSON.stringify(d.trace.error));
    else {
      const e = d.trace.error;
      assert.ok(e !== null, "expected an error");
      assert.equal(e.kind, a.expect.kind, e.message);
      assert.match(e.message, a.expect.message);
      const lines = Array.isArray(a.expect.line) ? a.expect.line : [a.expect.line];
      assert.ok(lines.includes(e.line), `line ${e.line}: ${e.message}`);
    }
    const ms = d.sinceStartMs ?? 0;
    assert.ok(ms <= timeoutMs + 500 + lagMs, `answered ${ms.toFixed(0)} ms after the snippet started (timeout ${timeoutMs}; this process's timers ran up to ${lagMs.toFixed(0)} ms late)`);
    const mb = d.peakRssBytes / 2 ** 20;
    assert.ok(mb < memoryMb + 256, `peak ${mb.toFixed(0)} MB with a ${memoryMb} MB cap`);
    a.check?.(d.trace);
    const w = worst.get(a.category) ?? { ms: 0, mb: 0 };
    worst.set(a.category, { ms: Math.max(w.ms, ms), mb: Math.max(w.mb, mb) });
  });
}
