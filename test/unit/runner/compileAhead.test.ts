// Compile ahead (issue 10, re-run on save): the warm spare compiles the text being edited before its request comes.
// What must always hold: a run uses a compile made ahead only for exactly its own source, language and file, and
// only once; its Trace is the one it gets without; a text past the source limits is not compiled. Through real
// runner children too: a spare handed one text and then asked to run another runs the other.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Trace } from "../../../src/protocol.js";
import { CompileAhead } from "../../../src/runner/compileAhead.js";
import { compileFor, traceInProcess, traceWithOptions } from "../../../src/runner/inProcess.js";
import { keepWarm, prepareRun, runSnippet, runSnippetDetailed, setWorkerPath, spareState, stopKeepingWarm } from "../../../src/runner/index.js";
import { resolveOptions } from "../../../src/runner/options.js";
import { MAX_SOURCE_CHARS } from "../../../src/runner/sourceLimits.js";
import { finishTrace } from "../../../src/runner/traceResult.js";
import { ensureBuilt, repoRoot } from "./build.js";

const example = (f: string): string => readFileSync(join(repoRoot, "examples", f), "utf8");
const strip = (t: Trace): string => JSON.stringify({ ...t, timings: null });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

before(() => ensureBuilt());
after(() => stopKeepingWarm());

test("a compile made ahead serves exactly its own source, language and file, once", () => {
  const a = example("02-dot-4x.ts");
  const b = `${a}\n// edited`;
  const ts = resolveOptions({ file: "02-dot-4x.ts" });
  const ahead = new CompileAhead(compileFor);
  ahead.prepare({ source: a, options: ts });
  assert.equal(ahead.take({ source: b, options: ts }), undefined, "another text");
  ahead.prepare({ source: a, options: ts });
  assert.equal(ahead.take({ source: a, options: resolveOptions({ file: "other.ts" }) }), undefined, "another file");
  ahead.prepare({ source: a, options: ts });
  assert.equal(ahead.take({ source: a, options: resolveOptions({ file: "02-dot-4x.ts", language: "python" }) }), undefined, "another language");
  ahead.prepare({ source: a, options: ts });
  ahead.prepare({ source: b, options: ts });
  assert.equal(ahead.take({ source: a, options: ts }), undefined, "replaced by the newer text");
  ahead.prepare({ source: a, options: ts });
  const got = ahead.take({ source: a, options: ts });
  assert.equal(got?.ok, true);
  assert.deepEqual(JSON.stringify(got), JSON.stringify(compileFor(a, ts)));
  assert.equal(ahead.take({ source: a, options: ts }), undefined, "used once");
  const huge = `${a}${" ".repeat(MAX_SOURCE_CHARS)}`;
  assert.equal(compileFor(huge, ts), null);
  ahead.prepare({ source: huge, options: ts });
  assert.equal(ahead.take({ source: huge, options: ts }), undefined, "past the limits: not compiled");
});

test("a run with its compile made ahead gives the Trace it gives without (TypeScript, Python, a syntax error)", () => {
  const cases: Array<[string, string]> = [
    [example("06-control-flow.ts"), "06-control-flow.ts"],
    [example("09-course-python.py"), "09-course-python.py"],
    ['import * as torch from "autograd-lens";\nconst x = torch.ones(2;\n', "broken.ts"],
  ];
  for (const [source, file] of cases) {
    const options = resolveOptions({ file });
    const made = compileFor(source, options) ?? undefined;
    const withAhead = finishTrace(traceWithOptions(source, options, { startedAt: Date.now(), guardMemory: false }, made));
    assert.equal(strip(withAhead), strip(traceInProcess(source, { file })), file);
  }
});

test("through real children: a spare handed one text runs the text its request carries", async () => {
  setWorkerPath(join(repoRoot, "dist", "worker.js"));
  const ready = async (): Promise<void> => {
    const end = Date.now() + 30_000;
    while (spareState() !== "ready") {
      if (Date.now() > end) assert.fail(`spare state stayed ${spareState()}`);
      await sleep(20);
    }
  };
  const a = example("05-detach.ts");
  const b = a.replace("torch.arange(4.0,", "torch.arange(3.0,");
  assert.notEqual(a, b);
  keepWarm({ startNow: true });
  await ready();
  prepareRun(a, { file: "05-detach.ts" });
  const other = await runSnippetDetailed(b, { file: "05-detach.ts" });
  assert.equal(strip(other.trace), strip(traceInProcess(b, { file: "05-detach.ts" })), "the request's own text, not the one compiled ahead");
  assert.equal(other.marks.compiledAhead, false, "the record does not claim a compile made ahead for another text");
  await ready();
  prepareRun(a, { file: "05-detach.ts" });
  const same = await runSnippet(a, { file: "05-detach.ts" });
  assert.equal(strip(same), strip(traceInProcess(a, { file: "05-detach.ts" })));
});
