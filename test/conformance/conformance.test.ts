/**
 * Replays every conformance program against our engine and compares each recorded output, warning and uncaught
 * error with what real PyTorch 1.13 produced (fixtures.json, written by gen_fixtures.py).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resetEngine, setObserver } from "../../src/engine/runtime.js";
import { PROGRAMS } from "./programs.js";
import { Recorder, type Encoded, type Program } from "./harness.js";
import { diff } from "./compare.js";

interface ProgramFixture {
  outputs: Array<[string, Encoded]>;
  warnings: string[];
  error: { message: string; after: string | null } | null;
}

interface Fixtures {
  torch: string;
  programs: Record<string, ProgramFixture>;
}

const fixtures = JSON.parse(readFileSync(join(__dirname, "fixtures.json"), "utf8")) as Fixtures;

/** Runs one program on a fresh engine, collecting what it recorded, warned and threw. */
function replay(fn: Program): ProgramFixture {
  resetEngine();
  const warnings: string[] = [];
  setObserver({ warning: (e) => warnings.push(e.message) });
  const rec = new Recorder();
  let error: ProgramFixture["error"] = null;
  try {
    fn(rec.out, rec.err);
  } catch (e) {
    error = { message: e instanceof Error ? e.message : String(e), after: rec.lastStep };
  } finally {
    setObserver(null);
  }
  return { outputs: rec.outputs, warnings, error };
}

test("TypeScript and PyTorch programs are the same set", () => {
  const ts = PROGRAMS.map(([n]) => n).sort();
  const py = Object.keys(fixtures.programs).sort();
  assert.equal(new Set(ts).size, ts.length, "duplicate TypeScript program names");
  assert.deepEqual(ts, py);
  assert.ok(ts.length >= 70, `only ${ts.length} programs`);
});

for (const [name, fn] of PROGRAMS) {
  test(`conformance: ${name}`, () => {
    const expected = fixtures.programs[name];
    assert.ok(expected, `no fixture for ${name}; run npm run fixtures`);
    const actual = replay(fn);
    const problems: string[] = [];
    const expectedSteps = expected.outputs.map(([s]) => s);
    const actualSteps = actual.outputs.map(([s]) => s);
    if (JSON.stringify(expectedSteps) !== JSON.stringify(actualSteps)) {
      problems.push(`steps: expected ${JSON.stringify(expectedSteps)}, got ${JSON.stringify(actualSteps)}`);
    }
    for (const [step, value] of expected.outputs) {
      const got = actual.outputs.find(([s]) => s === step);
      if (got) problems.push(...diff(value, got[1], step));
    }
    problems.push(...diff(expected.warnings, actual.warnings, "warnings"));
    problems.push(...diff(expected.error as Encoded, actual.error as Encoded, "uncaught error"));
    assert.deepEqual(problems, [], `${name} differs from PyTorch ${fixtures.torch}:\n  ${problems.join("\n  ")}`);
  });
}
