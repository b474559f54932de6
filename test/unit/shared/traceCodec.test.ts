// The shared wire rules on their own: only the three spellings of non-finite numbers decode to numbers, and only
// where numbers live (inside arrays, the stats keys).
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeTraceText } from "../../../src/shared/traceCodec.js";

test("strings named like Object.prototype's keys stay strings", () => {
  // With `value in {NaN: …}` these matched the prototype's keys and decoded to functions.
  const keys = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "isPrototypeOf"];
  const back = decodeTraceText(JSON.stringify({ roots: keys, min: "constructor", max: "toString", mean: "__proto__" })) as unknown as Record<string, unknown>;
  assert.deepEqual(back["roots"], keys);
  assert.equal(back["min"], "constructor");
  assert.equal(back["max"], "toString");
  assert.equal(back["mean"], "__proto__");
});

test("the three spellings decode in arrays and stats keys, and nowhere else", () => {
  const back = decodeTraceText('{"data":["NaN","Infinity","-Infinity","nan"],"min":"-Infinity","label":"NaN"}') as unknown as Record<string, unknown>;
  assert.deepEqual(back["data"], [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "nan"]);
  assert.equal(back["min"], Number.NEGATIVE_INFINITY);
  assert.equal(back["label"], "NaN");
});
