// The engine's WebAssembly matmul kernel runs inside the snippet's realm (src/engine/ops/matmul_wasm.ts), compiled
// by the realm bundle's top level with the realm's own WebAssembly, which the sandbox then deletes
// (src/runner/sandbox.ts `evaluateRealm`). A snippet must never reach WebAssembly, a Memory, a Module, an
// Instance or the kernel's exported functions, nor make the kernel's memory outgrow the run's memory limit.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import vm from "node:vm";
import { compileSnippet } from "../../../src/runner/compile.js";
import { traceInProcess } from "../../../src/runner/inProcess.js";
import { runSnippet } from "../../../src/runner/index.js";
import { resolveOptions } from "../../../src/runner/options.js";
import { openRun } from "../../../src/runner/sandbox.js";
import { finishTrace } from "../../../src/runner/traceResult.js";
import { matmulKernelJs } from "../../../src/engine/ops/matmul_kernel.js";
import { wasmMatmul } from "../../../src/engine/ops/matmul_wasm.js";
import { ensureBuilt } from "./build.js";

before(() => ensureBuilt());

const HEAD = 'import * as torch from "autograd-lens";\n';

/**
 * A walk over everything reachable from `roots` (own properties' values, getters and setters, prototypes, typed
 * arrays' buffers, and what the engine's own getters return), naming each WebAssembly object it meets: a
 * WebAssembly.* tag (the namespace, Memory, Module, Instance, Table, Global, errors), a function named by its
 * index (what an exported wasm function is), or an ArrayBuffer of whole 64 KiB pages (a linear memory's buffer).
 * Plain JavaScript, run inside the snippet and, as the control, in a context that has WebAssembly.
 */
const WALK = `
function findWasm(roots) {
  const seen = new Set();
  // [object, how many getter results led here]: a getter may return a fresh object each time (a tensor's .data),
  // so getters are called two levels deep, which reaches a tensor's storage, buffer, grad_fn, prototypes, ….
  const todo = roots.map((r) => [r, 0]);
  const found = [];
  while (todo.length > 0) {
    const [o, depth] = todo.pop();
    if ((typeof o !== "object" && typeof o !== "function") || o === null || seen.has(o)) continue;
    seen.add(o);
    const tag = Object.prototype.toString.call(o);
    if (tag.includes("WebAssembly")) found.push(tag);
    if (typeof o === "function" && /^\\d+$/.test(String(Reflect.getOwnPropertyDescriptor(o, "name")?.value))) found.push("wasm function " + o.name);
    if (o instanceof ArrayBuffer && o.byteLength > 0 && o.byteLength % 65536 === 0) found.push("page-sized ArrayBuffer");
    todo.push([Reflect.getPrototypeOf(o), depth]);
    for (const key of Reflect.ownKeys(o)) {
      const d = Reflect.getOwnPropertyDescriptor(o, key);
      if (d !== undefined) todo.push([d.value, depth], [d.get, depth], [d.set, depth]);
    }
    if (depth >= 2) continue;
    // Every getter up the prototype chain, with this object as receiver: a tensor's shape, grad, data, grad_fn,
    // a typed array's buffer, a Memory's buffer, ….
    for (let p = Reflect.getPrototypeOf(o); p !== null; p = Reflect.getPrototypeOf(p)) {
      for (const key of Reflect.ownKeys(p)) {
        const d = Reflect.getOwnPropertyDescriptor(p, key);
        if (d === undefined || d.get === undefined || key === "__proto__") continue;
        try { todo.push([d.get.call(o), depth + 1]); } catch { /* not a getter for this kind of object */ }
      }
    }
  }
  return { walked: seen.size, found };
}
`;

const ATTACK = [
  // The float32 product goes to the SIMD kernel (64×64×64), and so does its backward.
  "const a = torch.rand(64, 64, { requires_grad: true });",
  "const b = torch.rand(64, 64, { requires_grad: true });",
  "const c = a.mm(b);",
  "c.sum().backward();",
  "const d = torch.matmul(torch.rand(3, 40, 50, { dtype: torch.float64 }), torch.rand(50, 12, { dtype: torch.float64 }));",
  "let caught: unknown = null;",
  "try { torch.mm(a, torch.ones(3, 3)); } catch (e) { caught = e; }",
  "const anyOf = (x: unknown): Record<string, unknown> => x as Record<string, unknown>;",
  // The global object is a top-level `this` (the name globalThis is refused before the run).
  "const G = this as unknown;",
  'const roots: unknown[] = [G, torch, a, b, c, d, a.grad, b.grad, c.grad_fn, caught, c.data, c.tolist(), c.detach(), anyOf(torch.mm)["constr" + "uctor"], anyOf(c)["constr" + "uctor"]];',
  "const r = findWasm(roots);",
  'console.log(r.walked > 1000 ? "walked" : "walked only " + r.walked, JSON.stringify(r.found));',
  'console.log(typeof WebAssembly, "WebAssembly" in (G as object), Reflect.ownKeys(G as object).map(String).filter((k) => /wasm|webassembly/i.test(k)).length);',
].join("\n");

test("the walk finds WebAssembly objects where they are (the control: a context with WebAssembly and a Memory)", () => {
  const control = vm.createContext({});
  vm.runInContext(WALK, control);
  const r = vm.runInContext("globalThis.keep = new WebAssembly.Memory({ initial: 1 }); findWasm([globalThis])", control) as { found: string[] };
  assert.ok(r.found.includes("[object WebAssembly]"), JSON.stringify(r.found));
  assert.ok(r.found.includes("[object WebAssembly.Memory]"), JSON.stringify(r.found));
  assert.ok(r.found.includes("page-sized ArrayBuffer"), JSON.stringify(r.found));
});

test("after SIMD products, nothing the snippet can reach is WebAssembly: not the namespace, a Memory, a Module, an Instance or an export", () => {
  // The snippet is transpiled, not type-checked: the walker's plain JavaScript is its own code.
  const trace = traceInProcess(HEAD + WALK + ATTACK + "\n", { timeoutMs: 20_000, maxNodes: 100 });
  assert.equal(trace.error, null, JSON.stringify(trace.error));
  assert.deepEqual(trace.console.map((c) => c.text), ["walked []", "undefined false 0"]);
});

test("the host's walk of the realm after a run with SIMD products finds no WebAssembly object either", () => {
  const compiled = compileSnippet(HEAD + "var a = torch.rand(64, 64, { requires_grad: true });\nvar c = a.mm(a);\nc.sum().backward();\nvar g = a.grad;\n");
  assert.ok(compiled.ok);
  const opened = openRun(compiled, { options: resolveOptions({}), startedAt: Date.now(), parseMs: 0, guardMemory: false });
  assert.equal(finishTrace(opened.run()).error, null);
  // Read from the host: property descriptors and prototypes only, no getter of the realm runs.
  const seen = new Set<object>();
  const todo: unknown[] = [vm.runInContext("globalThis", opened.context)];
  const found: string[] = [];
  while (todo.length > 0) {
    const o = todo.pop();
    if ((typeof o !== "object" && typeof o !== "function") || o === null || seen.has(o)) continue;
    seen.add(o);
    const tag = Object.prototype.toString.call(o);
    if (tag.includes("WebAssembly")) found.push(tag);
    if (typeof o === "function" && /^\d+$/.test(String(Reflect.getOwnPropertyDescriptor(o, "name")?.value))) found.push(`wasm function ${o.name}`);
    todo.push(Reflect.getPrototypeOf(o));
    for (const key of Reflect.ownKeys(o)) {
      const d = Reflect.getOwnPropertyDescriptor(o, key);
      if (d !== undefined) todo.push(d.value, d.get, d.set);
    }
  }
  assert.ok(seen.size > 500, `walked ${seen.size} objects`);
  assert.deepEqual(found, []);
  assert.equal(vm.runInContext("typeof WebAssembly", opened.context), "undefined");
});

test("the snippet's realm really runs the SIMD kernel: its float32 sums are the kernel's, not the JS kernel's", () => {
  const src =
    HEAD +
    "const v = Array.from({ length: 1024 }, (_x, i) => Math.sin(i * 1.37) * 3);\n" +
    "const w = Array.from({ length: 1024 }, (_x, i) => Math.cos(i * 0.71) * 2);\n" +
    "console.log(JSON.stringify(torch.tensor(v).reshape(32, 32).mm(torch.tensor(w).reshape(32, 32)).reshape(1024).tolist()));\n";
  const t = traceInProcess(src, { maxNodes: 20 });
  assert.equal(t.error, null, JSON.stringify(t.error));
  const got = JSON.parse(t.console[0]?.text ?? "null") as number[];
  const a = Float32Array.from({ length: 1024 }, (_x, i) => Math.sin(i * 1.37) * 3);
  const b = Float32Array.from({ length: 1024 }, (_x, i) => Math.cos(i * 0.71) * 2);
  assert.deepEqual(got, Array.from(wasmMatmul(a, b, 32, 32, 32, "float32")!));
  assert.notDeepEqual(got, Array.from(matmulKernelJs(a, b, 32, 32, 32, "float32")));
});

test("a snippet cannot compile WebAssembly of its own, by any name", () => {
  const src =
    HEAD +
    "const g = this as unknown as Record<string, unknown>;\n" +
    "const names = ['WebAssembly', 'Module', 'Instance', 'Memory', 'compile', 'instantiate', 'validate'];\n" +
    "console.log(names.map((n) => typeof g[n]).join(' '));\n" +
    "const t = torch.rand(64, 64).mm(torch.rand(64, 64));\n" +
    "console.log(typeof (t as unknown as Record<string, unknown>)['buffer'], Object.getOwnPropertyNames(Object.getPrototypeOf(t)).filter((k) => /wasm|memory|instance/i.test(k)).join());\n";
  const t = traceInProcess(src, { maxNodes: 20 });
  assert.equal(t.error, null, JSON.stringify(t.error));
  assert.deepEqual(t.console.map((c) => c.text), ["undefined undefined undefined undefined undefined undefined undefined", "undefined "]);
});

test("in the runner's child (permission model): the SIMD kernel runs, WebAssembly is gone", async () => {
  const src =
    HEAD +
    "const v = Array.from({ length: 1024 }, (_x, i) => Math.sin(i * 1.37) * 3);\n" +
    "console.log(typeof WebAssembly, JSON.stringify(torch.tensor(v).reshape(32, 32).mm(torch.tensor(v).reshape(32, 32)).reshape(1024).tolist()));\n";
  const t = await runSnippet(src, { maxNodes: 20 });
  assert.equal(t.error, null, JSON.stringify(t.error));
  const [kind, json] = (t.console[0]?.text ?? "").split(" ");
  assert.equal(kind, "undefined");
  const a = Float32Array.from({ length: 1024 }, (_x, i) => Math.sin(i * 1.37) * 3);
  assert.deepEqual(JSON.parse(json ?? "null"), Array.from(wasmMatmul(a, a, 32, 32, 32, "float32")!));
});

test("the kernel's memory counts against memoryMb: a product whose scratch memory passes the cap stops on its line", async () => {
  // A is 2048×4096 float64 = 67 MB, under the 128 MB cap; the product copies it into the kernel's memory (grown to
  // its 64 MiB maximum, outside the V8 heap): 67 + 64 MB is over the cap, seen when the result is made.
  const src = HEAD + "const a = torch.rand(2048, 4096, { dtype: torch.float64 });\nconst b = torch.rand(4096, 4, { dtype: torch.float64 });\nconst c = a.mm(b);\nconsole.log('not reached');\n";
  const t = await runSnippet(src, { memoryMb: 128, timeoutMs: 30_000, maxNodes: 20 });
  assert.equal(t.error?.kind, "memory", JSON.stringify(t.error));
  assert.match(t.error?.message ?? "", /^Out of memory: the snippet's tensors used more than 128 MB$/);
  assert.equal(t.error?.line, 4);
  assert.deepEqual(t.console, []);
});
