// The Trace's JSON form: NaN and ±Infinity survive the round trip; foreign JSON is refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { traceInProcess } from "../../../src/runner/inProcess.js";
import { decodeTrace, encodeTrace } from "../../../src/traceJson.js";

test("non-finite values are written as strings and read back as numbers", () => {
  const trace = traceInProcess('import * as torch from "autograd-lens";\nconst v = torch.tensor([NaN, Infinity, -Infinity, 2]);\nconst NaNny = v.mul(0);\n');
  assert.equal(trace.error, null);
  const text = encodeTrace(trace);
  assert.match(text, /"data":\["NaN","Infinity","-Infinity",2\]/);
  JSON.parse(text); // plain JSON, no NaN literals
  const back = decodeTrace(text);
  assert.deepEqual(back.variables["v"]?.data, [NaN, Infinity, -Infinity, 2]);
  assert.deepEqual(back.tensors[0]?.value.stats, { min: -Infinity, max: Infinity, mean: NaN, nanCount: 1, infCount: 2 });
  assert.equal(back.variables["NaNny"] !== undefined, true, "a variable named like a special value keeps its name");
  assert.deepEqual(back, trace);
});

test("decodeTrace refuses what is not a Trace of this version", () => {
  assert.throws(() => decodeTrace("{}"), /not an Autograd Lens trace/);
  assert.throws(() => decodeTrace('{"version": 99, "tensors": []}'), /trace version 99 is not supported/);
  assert.throws(() => decodeTrace("not json"));
});
