// The realm's locked built-ins keep V8's fast properties (lockIntrinsics.ts `refasten`): a dictionary-mode
// prototype made every typed-array `.length` in a loop and every `Math.exp` / `push` a generic lookup, and a traced
// run 10–25× slower than the bare engine. Checked with V8's own %HasFastProperties, not with a timing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import vm from "node:vm";
import { compileSnippet } from "../../../src/runner/compile.js";
import { resolveOptions } from "../../../src/runner/options.js";
import { openRun, prepareRealm } from "../../../src/runner/sandbox.js";
import { finishTrace } from "../../../src/runner/traceResult.js";

// The objects hot code looks through (prototypes of what the engine and snippets loop over, the namespaces whose
// methods get inlined). Constructors (Object, Array) stay dictionaries: V8 does not migrate functions back.
const CHECKED = [
  "Object.prototype", "Array.prototype", "Function.prototype", "Math", "JSON", "Reflect",
  "Object.getPrototypeOf(Int8Array).prototype", "Float32Array.prototype", "Float64Array.prototype", "Uint8Array.prototype",
  "Map.prototype", "Set.prototype", "String.prototype", "Number.prototype", "Error.prototype",
];

// Both ways a run gets its realm: made with the run, or made and locked ahead (what a warm spare does while it
// waits, sandbox.ts `prepareRealm`): the same lock either way.
for (const ahead of [false, true]) {
  test(`the locked realm's built-ins are still locked and have fast properties${ahead ? " (realm made and locked ahead)" : ""}`, () => checkLocked(ahead));
}

test("a realm locked ahead: replacing a built-in fails on its line, the run's recording intact", () => {
  prepareRealm();
  const compiled = compileSnippet('import * as torch from "autograd-lens";\nconst t = torch.ones(3);\n(Array.prototype as { map: unknown }).map = () => [];\nconsole.log(t.sum().item());\n');
  assert.ok(compiled.ok);
  const trace = finishTrace(openRun(compiled, { options: resolveOptions({}), startedAt: Date.now(), parseMs: 0, guardMemory: false }).run());
  assert.equal(trace.error?.line, 3, JSON.stringify(trace.error));
  assert.match(trace.error?.message ?? "", /^TypeError: Cannot assign to read only property 'map' of object/);
  assert.equal(trace.tensors.length, 1);
});

function checkLocked(ahead: boolean): void {
  if (ahead) prepareRealm();
  const compiled = compileSnippet('import * as torch from "autograd-lens";\nconst t = torch.ones(3);\nconsole.log(t.sum().item());\n');
  assert.ok(compiled.ok);
  const opened = openRun(compiled, { options: resolveOptions({}), startedAt: Date.now(), parseMs: 0, guardMemory: false });
  const trace = finishTrace(opened.run());
  assert.equal(trace.error, null, JSON.stringify(trace.error));
  assert.deepEqual(trace.console.map((c) => c.text), ["3"]);
  setFlagsFromString("--allow-natives-syntax");
  try {
    for (const expr of CHECKED) {
      const locked = vm.runInContext(`Object.isExtensible(${expr}) === false && Object.getOwnPropertyDescriptor(${expr}, "constructor")?.writable !== true`, opened.context) as boolean;
      assert.ok(locked, `${expr} is locked`);
      const fast = new vm.Script(`%HasFastProperties(${expr})`).runInContext(opened.context) as boolean;
      assert.equal(fast, true, `${expr} has fast properties`);
    }
  } finally {
    setFlagsFromString("--no-allow-natives-syntax");
  }
}
