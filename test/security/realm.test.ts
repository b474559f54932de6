// No host object inside: every object the snippet can reach — its globals, the engine's exports, tensors, grad
// functions, the console, their prototypes, constructors and accessors — belongs to the snippet's own realm.
// The walk reads property descriptors and prototypes only (it calls no getter), from the realm's global object
// after a run that left engine objects in global variables.
import { test } from "node:test";
import assert from "node:assert/strict";
import vm from "node:vm";
import { compileSnippet } from "../../src/runner/compile.js";
import { resolveOptions } from "../../src/runner/options.js";
import { openRun } from "../../src/runner/sandbox.js";
import { finishTrace } from "../../src/runner/traceResult.js";

/** Every object reachable from `roots` through own properties (values, getters, setters) and prototypes. */
function reachable(roots: unknown[], limit = 200_000): Set<object> {
  const seen = new Set<object>();
  const todo: unknown[] = [...roots];
  while (todo.length > 0 && seen.size < limit) {
    const o = todo.pop();
    if ((typeof o !== "object" && typeof o !== "function") || o === null || seen.has(o)) continue;
    seen.add(o);
    todo.push(Reflect.getPrototypeOf(o));
    for (const key of Reflect.ownKeys(o)) {
      const d = Reflect.getOwnPropertyDescriptor(o, key);
      if (d === undefined) continue;
      todo.push(d.value, d.get, d.set);
    }
  }
  return seen;
}

const SNIPPET = [
  'import * as torch from "autograd-lens";',
  "var x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });",
  "var y = x.mul(x).sum();",
  "y.backward();",
  "var g = y.grad_fn;",
  "var grads = x.grad;",
  "var nf = g === null ? null : g.next_functions;",
  "var shape = x.shape;",
  "var torchModule = torch;",
  "var done = Promise.resolve(1);",
  "console.log(y);",
].join("\n");

test("nothing reachable from the snippet's realm is a host-realm object", () => {
  const compiled = compileSnippet(SNIPPET);
  assert.ok(compiled.ok, JSON.stringify(compiled.ok ? null : compiled.error));
  const opened = openRun(compiled, { options: resolveOptions({}), startedAt: Date.now(), parseMs: 0, guardMemory: false });
  const trace = finishTrace(opened.run());
  assert.equal(trace.error, null, JSON.stringify(trace.error));
  const realmGlobal = vm.runInContext("globalThis", opened.context) as object;
  const realmObjects = reachable([realmGlobal]);
  // The engine's exports and objects are in that walk (they are in global variables of the realm).
  const names = ["x", "y", "g", "grads", "nf", "shape", "torchModule", "console", "__lens", "__lensAt"];
  for (const n of names) {
    const d = Reflect.getOwnPropertyDescriptor(realmGlobal, n);
    assert.ok(d !== undefined && realmObjects.has(d.value as object), `${n} is reachable from the realm's global`);
  }
  assert.ok(realmObjects.size > 500, `walked ${realmObjects.size} objects`);
  const hostObjects = reachable([globalThis, Function.prototype, Object.prototype, Array.prototype, Error.prototype, Promise.prototype]);
  // The walk can tell: a context given one host function (as the old runner gave its hooks) is caught at once.
  const control = vm.createContext(vm.constants.DONT_CONTEXTIFY as unknown as vm.Context);
  vm.runInContext("(f) => { globalThis.hook = f; }", control)(() => 1);
  assert.ok([...reachable([vm.runInContext("globalThis", control)])].some((o) => hostObjects.has(o)), "the control leak is found");
  const leaks = [...realmObjects].filter((o) => hostObjects.has(o));
  assert.deepEqual(
    leaks.map((o) => (typeof o === "function" ? `function ${o.name}` : Object.prototype.toString.call(o))),
    [],
    "host-realm objects reachable from the snippet",
  );
  // The issue's own escape: the prototype of torch.tensor is the realm's Function.prototype, not the host's.
  const tensorFn = (Reflect.getOwnPropertyDescriptor(realmGlobal, "torchModule")?.value as Record<string, unknown>)["tensor"];
  assert.notEqual(Object.getPrototypeOf(tensorFn), Function.prototype);
});

test("the realm's built-ins are locked for the snippet (the recorder uses them); the host's stay untouched", () => {
  const hostApply = Function.prototype.apply;
  const hostNext = Object.getPrototypeOf([][Symbol.iterator]()).next;
  const src = [
    'import * as torch from "autograd-lens";',
    "const FP = Object.getPrototypeOf(torch.tensor) as { apply: unknown };",
    "FP.apply = function () { return 'hijacked'; };",
    "(Object.getPrototypeOf([][Symbol.iterator]()) as { next: unknown }).next = function () { return { done: true, value: undefined }; };",
    "console.log(typeof FP.apply);",
  ].join("\n");
  const compiled = compileSnippet(src);
  assert.ok(compiled.ok);
  const trace = finishTrace(openRun(compiled, { options: resolveOptions({}), startedAt: Date.now(), parseMs: 0, guardMemory: false }).run());
  // The recorder lives in that realm too, so its built-ins are locked (lockIntrinsics.ts): the snippet's change
  // fails on its own line. Nothing of the host changed.
  assert.equal(trace.error?.kind, "runtime");
  assert.match(trace.error?.message ?? "", /^TypeError: Cannot assign to read only property 'apply' of function/);
  assert.equal(trace.error?.line, 3);
  assert.equal(Function.prototype.apply, hostApply);
  assert.equal(Object.getPrototypeOf([][Symbol.iterator]()).next, hostNext);
});

test("after boot every built-in the snippet can reach is locked: methods read-only, accessors fixed, no new properties", () => {
  const compiled = compileSnippet('import * as torch from "autograd-lens";\nconst x = torch.ones(2);\n');
  assert.ok(compiled.ok);
  const opened = openRun(compiled, { options: resolveOptions({}), startedAt: Date.now(), parseMs: 0, guardMemory: false });
  // The engine's own objects are not built-ins: the run works as before, and its Trace is made.
  assert.equal(finishTrace(opened.run()).error, null);
  const roots = vm.runInContext(
    "[Object, Function, Array, JSON, Math, Reflect, Promise, Map, Set, String, Number, Error, TypeError, Symbol, Float32Array, Object.getPrototypeOf(Float32Array), Object.getPrototypeOf([][Symbol.iterator]()), Object.getPrototypeOf(new Map().entries())]",
    opened.context,
  ) as unknown[];
  const intrinsics = reachable(roots);
  assert.ok(intrinsics.size > 300, `walked ${intrinsics.size} objects`);
  const unlocked: string[] = [];
  for (const o of intrinsics) {
    if (Reflect.isExtensible(o)) unlocked.push(`${String((o as { name?: unknown }).name ?? Object.prototype.toString.call(o))} is extensible`);
    for (const key of Reflect.ownKeys(o)) {
      const d = Reflect.getOwnPropertyDescriptor(o, key)!;
      if (d.configurable === true) unlocked.push(`${String(key)} is configurable`);
      if (typeof d.value === "function" && d.writable === true) unlocked.push(`${String(key)} is writable`);
    }
  }
  assert.deepEqual(unlocked, []);
});
