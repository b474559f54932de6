/**
 * Replays ops.json / repr.json (written by fixtures/make_fixtures.py from real PyTorch 1.13): every op's values,
 * gradients of sum(out · w), grad_fn name and repr must match, and the repr of plain tensors must be identical.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as torch from "../../../src/engine/index.js";
import type { Tensor } from "../../../src/engine/index.js";

type Num = number | string;
const dec = (x: Num): number => (typeof x === "string" ? (x === "nan" ? NaN : x === "inf" ? Infinity : -Infinity) : x);
const here = join(__dirname, "fixtures");

const CATALOG: Record<string, (...a: Tensor[]) => Tensor> = {
  add: (a, b) => a!.add(b!), sub: (a, b) => a!.sub(b!), mul: (a, b) => a!.mul(b!), div: (a, b) => a!.div(b!),
  add_s: (a) => a!.add(2.5), rsub_s: (a) => torch.sub(2, a!), mul_s: (a) => a!.mul(3), rmul_s: (a) => torch.mul(3, a!),
  div_s: (a) => a!.div(4), rdiv_s: (a) => torch.div(2, a!), add_alpha: (a, b) => torch.add(a!, b!, { alpha: 2 }),
  neg: (a) => a!.neg(), pow2: (a) => a!.pow(2), pow3: (a) => a!.pow(3), pow_half: (a) => a!.pow(0.5),
  pow_t: (a, b) => a!.pow(b!), rpow: (a) => torch.pow(2, a!), exp: (a) => a!.exp(), log: (a) => a!.log(),
  sqrt: (a) => a!.sqrt(), abs: (a) => a!.abs(), sin: (a) => a!.sin(), cos: (a) => a!.cos(), tanh: (a) => a!.tanh(),
  sigmoid: (a) => a!.sigmoid(), relu: (a) => a!.relu(), clamp: (a) => a!.clamp(-0.5, 0.7),
  clamp_min: (a) => a!.clamp({ min: 0 }), clamp_max: (a) => a!.clamp(null, 0.2), sum: (a) => a!.sum(),
  sum_d1: (a) => a!.sum(1), sum_d0k: (a) => a!.sum(0, true), sum_neg: (a) => a!.sum(-1), sum_dims: (a) => a!.sum([0, 2]),
  mean: (a) => a!.mean(), mean_d1: (a) => a!.mean(1), mean_d0k: (a) => a!.mean({ dim: 0, keepdim: true }),
  max: (a) => a!.max(), min: (a) => a!.min(), max_d1: (a) => a!.max(1).values, min_d0: (a) => a!.min(0).values,
  max_d1k: (a) => { const [v] = a!.max(1, true); return v!; },
  dot: (a, b) => torch.dot(a!, b!), bmm: (a, b) => torch.bmm(a!, b!), mm: (a, b) => torch.mm(a!, b!), mv: (a, b) => torch.mv(a!, b!),
  matmul: (a, b) => torch.matmul(a!, b!), norm: (a) => a!.norm(), norm1: (a) => a!.norm(1),
  norm_d1: (a) => a!.norm({ dim: 1 }), norm3_d0: (a) => a!.norm(3, 0), norm_d1k: (a) => a!.norm({ dim: 1, keepdim: true }),
  softmax0: (a) => a!.softmax(0), softmax1: (a) => a!.softmax(1), log_softmax1: (a) => a!.log_softmax(1),
  log_softmax0: (a) => a!.log_softmax(0), reshape: (a) => a!.reshape(-1), view: (a) => a!.view(3, 2),
  t: (a) => a!.t(), transpose: (a) => a!.transpose(0, 2), unsqueeze: (a) => a!.unsqueeze(1), squeeze: (a) => a!.squeeze(),
  squeeze_d: (a) => a!.squeeze(1), expand: (a) => a!.expand(2, 3, 4), clone: (a) => a!.clone(),
  t_reshape: (a) => a!.t().reshape(6), T: (a) => a!.T, permute: (a) => a!.permute(2, 0, 1), square: (a) => a!.square(),
  cat0: (a, b) => torch.cat([a!, b!]), cat1: (a, b) => torch.cat([a!, b!, a!], 1), stack0: (a, b) => torch.stack([a!, b!]),
  stack2: (a, b) => torch.stack([a!, b!], 2), narrow: (a) => a!.narrow(1, 1, 2), where: (a, b) => torch.where(a!.gt(0), a!, b!),
  where_s: (a) => torch.where(a!.gt(0), a!, 0.5), mul_chain: (a, b) => a!.mul(b!).add(a!).exp().sum(1),
};

function close(actual: ArrayLike<number>, expected: Num[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = dec(expected[i]!);
    const a = actual[i]!;
    if (Number.isNaN(e)) { assert.ok(Number.isNaN(a), `${what}[${i}]: expected NaN, got ${a}`); continue; }
    const tol = 1e-5 * Math.max(1, Math.abs(e));
    assert.ok(Math.abs(a - e) <= tol, `${what}[${i}]: expected ${e}, got ${a}`);
  }
}

interface OpCase { op: string; inputs: Array<{ data: number[]; shape: number[] }>; out: Num[]; shape: number[]; grad_fn: string; repr: string; grads: Array<Num[] | null> }
const ops = JSON.parse(readFileSync(join(here, "ops.json"), "utf8")) as { ops: OpCase[] };

test("fixtures cover every catalog op", () => {
  const used = new Set(ops.ops.map((c) => c.op));
  for (const k of Object.keys(CATALOG)) assert.ok(used.has(k), k);
  assert.ok(ops.ops.length >= 70);
});

for (const [i, c] of ops.ops.entries()) {
  test(`op ${c.op} #${i} matches PyTorch (values, grads, grad_fn, repr)`, () => {
    const ts = c.inputs.map((x) => torch.tensor(x.data).reshape(x.shape).detach().requires_grad_());
    const out = CATALOG[c.op]!(...ts);
    assert.deepEqual(out.shape, c.shape);
    close(out.storage, c.out, "out");
    assert.equal(out.grad_fn?.name(), c.grad_fn);
    assert.equal(out.toString(), c.repr);
    const w = torch.arange(out.numel()).reshape(out.shape.slice()).mul(0.25).sub(0.5);
    out.mul(w).sum().backward();
    c.grads.forEach((g, k) => {
      if (g === null) assert.equal(ts[k]!.grad, null);
      else close(ts[k]!.grad!.storage, g, `grad ${k}`);
    });
  });
}

interface ReprCase { data: unknown; options: { dtype?: string; requires_grad?: boolean }; repr: string }
const reprs = JSON.parse(readFileSync(join(here, "repr.json"), "utf8")) as { reprs: ReprCase[] };
const decodeNested = (x: unknown): torch.NestedData =>
  Array.isArray(x) ? x.map(decodeNested) : typeof x === "string" ? dec(x) : (x as number | boolean);

for (const [i, c] of reprs.reprs.entries()) {
  test(`repr #${i} is PyTorch's: ${c.repr.split("\n")[0]!.slice(0, 60)}`, () => {
    const opts: torch.CreateOptions = {};
    if (c.options.dtype) opts.dtype = c.options.dtype;
    if (c.options.requires_grad) opts.requires_grad = true;
    assert.equal(torch.tensor(decodeNested(c.data), opts).toString(), c.repr);
  });
}
