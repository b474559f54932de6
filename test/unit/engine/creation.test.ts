/** Creation functions against real PyTorch values (fixtures/creation.json), bit for bit, plus comparisons. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as torch from "../../../src/engine/index.js";

interface Case { fn: string; args: unknown[]; dtype: string; values: Array<number | boolean>; repr: string | null }
const cases = (JSON.parse(readFileSync(join(__dirname, "fixtures", "creation.json"), "utf8")) as { creation: Case[] }).creation;

function make(c: Case): torch.Tensor {
  const a = c.args as number[];
  switch (c.fn) {
    case "linspace": return torch.linspace(a[0]!, a[1]!, a[2]!, { dtype: c.dtype });
    case "arange": return torch.arange(...a);
    case "eye": return torch.eye(a[0]!, a[1]!);
    case "full_bool": return torch.full(c.args[0] as number[], c.args[1] as boolean);
    default: throw new Error(c.fn);
  }
}

for (const c of cases) {
  test(`${c.fn}(${c.args.join(", ")}) ${c.dtype} equals PyTorch exactly`, () => {
    const t = make(c);
    assert.equal(t.dtype, c.dtype);
    assert.deepEqual(Array.from(t.storage, (v) => (c.dtype === "bool" ? v !== 0 : v)), c.values);
    if (c.repr !== null) assert.equal(t.toString(), c.repr);
  });
}

test("comparisons broadcast and accept numbers (values from PyTorch)", () => {
  const a = torch.tensor([[1, 2, 3], [3, 2, 1]]);
  const b = torch.tensor([2, 2, 1]);
  const expect: Record<string, [boolean[][], boolean[][]]> = {
    eq: [[[false, true, false], [false, true, true]], [[false, true, false], [false, true, false]]],
    ne: [[[true, false, true], [true, false, false]], [[true, false, true], [true, false, true]]],
    gt: [[[false, false, true], [true, false, false]], [[false, false, true], [true, false, false]]],
    lt: [[[true, false, false], [false, false, false]], [[true, false, false], [false, false, true]]],
    ge: [[[false, true, true], [true, true, true]], [[false, true, true], [true, true, false]]],
    le: [[[true, true, false], [false, true, true]], [[true, true, false], [false, true, true]]],
  };
  for (const op of ["eq", "ne", "gt", "lt", "ge", "le"] as const) {
    assert.deepEqual(a[op](b).tolist(), expect[op]![0], op);
    assert.deepEqual(a[op](2).tolist(), expect[op]![1], `${op} scalar`);
    assert.deepEqual(torch[op](a, b).tolist(), expect[op]![0], `torch.${op}`);
  }
  assert.equal(a.gt(0).all().toString(), "tensor(True)");
  assert.equal(a.gt(5).any().toString(), "tensor(False)");
});

test("max/min along a dim return (values, indices) printed like PyTorch", () => {
  const r = torch.tensor([[1, 5], [7, 2]]).max(1);
  assert.equal(String(r), "torch.return_types.max(\nvalues=tensor([5., 7.]),\nindices=tensor([1, 0]))");
  const [v, i] = torch.tensor([[1, 5], [7, 2]]).min(0);
  assert.deepEqual(v!.tolist(), [1, 2]);
  assert.deepEqual(i!.tolist(), [0, 1]);
});

test("views share storage and version; clone does not", () => {
  const x = torch.arange(6).reshape(2, 3);
  const v = x.view(3, 2);
  v.mul_(2);
  assert.equal(x.toString(), "tensor([[ 0.,  2.,  4.],\n        [ 6.,  8., 10.]])");
  assert.equal(x._version, 1);
  const c = x.clone();
  c.zero_();
  assert.deepEqual(x.sum().item(), 30);
  assert.equal(torch.zeros(2, 0).toString(), "tensor([], size=(2, 0))");
  assert.equal(torch.zeros(0).toString(), "tensor([])");
  assert.deepEqual(torch.ones(2, 3).transpose(-1, -2).shape, [3, 2]);
  assert.deepEqual(torch.ones(3, 1).expand(-1, 4).shape, [3, 4]);
  assert.deepEqual(torch.ones(2, 3).squeeze(0).shape, [2, 3]);
});

test("tensor() from typed arrays, and from a tensor with PyTorch's copy-construct warning", async () => {
  const rt = await import("../../../src/engine/runtime.js");
  assert.equal(torch.tensor(new Float32Array([1.5, 2])).toString(), "tensor([1.5000, 2.0000])");
  const warnings: string[] = [];
  rt.setObserver({ warning: (e) => warnings.push(e.message) });
  try {
    const t = torch.tensor(torch.ones(2, { dtype: torch.float64 }));
    assert.equal(t.toString(), "tensor([1., 1.], dtype=torch.float64)");
  } finally {
    rt.setObserver(null);
  }
  assert.deepEqual(warnings, [
    "To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or sourceTensor.clone().detach().requires_grad_(True), rather than torch.tensor(sourceTensor).",
  ]);
});
