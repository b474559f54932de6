/**
 * fast-check properties: random shapes, broadcasts and expression graphs; backward must agree with finite
 * differences, accumulate linearly, and give the same first-order gradients with create_graph.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as torch from "../../../src/engine/index.js";
import type { Tensor } from "../../../src/engine/index.js";
import { gradError, type Fn } from "./gradcheck_util.js";

interface Leaf { data: number[]; shape: number[] }
type Step = { kind: "bin"; op: number; a: number; b: number } | { kind: "un"; op: number; a: number };
interface Graph { leaves: Leaf[]; steps: Step[]; reduceDim: number | null }

/** A leaf shape broadcastable to `base`: some dims squashed to 1, some leading dims dropped. */
const leafShape = (base: number[]) =>
  fc.tuple(fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }), fc.nat(base.length)).map(
    ([ones, drop]) => base.map((d, i) => (ones[i] ? 1 : d)).slice(drop),
  );

const graphArb: fc.Arbitrary<Graph> = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 })
  .chain((base) =>
    fc.record({
      leaves: fc.array(
        leafShape(base).chain((shape) =>
          fc
            .array(fc.double({ min: -1, max: 1, noNaN: true }), {
              minLength: shape.reduce((a, b) => a * b, 1),
              maxLength: shape.reduce((a, b) => a * b, 1),
            })
            .map((data) => ({ data, shape })),
        ),
        { minLength: 1, maxLength: 3 },
      ),
      steps: fc.array(
        fc.oneof(
          fc.record({ kind: fc.constant("bin" as const), op: fc.nat(3), a: fc.nat(20), b: fc.nat(20) }),
          fc.record({ kind: fc.constant("un" as const), op: fc.nat(5), a: fc.nat(20) }),
        ),
        { minLength: 1, maxLength: 8 },
      ),
      reduceDim: fc.option(fc.nat(2), { nil: null }),
    }),
  );

/** Builds the expression of `g` over the given leaves (indices wrap around the values made so far). */
function build(g: Graph): Fn {
  return (...xs: Tensor[]) => {
    const vals: Tensor[] = xs.slice();
    for (const s of g.steps) {
      const a = vals[s.a % vals.length]!;
      if (s.kind === "bin") {
        const b = vals[s.b % vals.length]!;
        const r = s.op === 0 ? a.add(b) : s.op === 1 ? a.sub(b) : s.op === 2 ? a.mul(b) : a.div(b.mul(b).add(0.5));
        vals.push(r);
      } else {
        const r = [() => a.tanh(), () => a.sigmoid(), () => a.tanh().exp(), () => a.sin(), () => a.pow(2), () => a.mul(a).add(1).log()][s.op]!();
        vals.push(r);
      }
    }
    const out = vals[vals.length - 1]!;
    if (g.reduceDim === null || out.dim() === 0) return out;
    return out.sum(g.reduceDim % out.dim());
  };
}

test("random broadcast expression graphs: backward equals finite differences", () => {
  fc.assert(
    fc.property(graphArb, (g) => {
      const err = gradError(build(g), g.leaves);
      return err < 1e-5;
    }),
    { numRuns: 150, seed: 42 },
  );
});

test("gradients accumulate linearly over two backward passes", () => {
  fc.assert(
    fc.property(graphArb, (g) => {
      const xs = g.leaves.map((l) => torch.tensor(l.data, { dtype: torch.float64 }).reshape(l.shape).detach().requires_grad_());
      const f = build(g);
      f(...xs).sum().backward();
      const once = xs.map((x) => (x.grad === null ? null : Array.from(x.grad.storage)));
      f(...xs).sum().backward();
      xs.forEach((x, i) => {
        const o = once[i];
        if (o === null || o === undefined) { assert.equal(x.grad, null); return; }
        Array.from(x.grad!.storage).forEach((v, j) => assert.ok(Math.abs(v - 2 * o[j]!) <= 1e-12 * Math.max(1, Math.abs(v))));
      });
    }),
    { numRuns: 60, seed: 7 },
  );
});

test("create_graph does not change first-order gradients; broadcast result shapes follow NumPy", () => {
  fc.assert(
    fc.property(graphArb, (g) => {
      const mk = () => g.leaves.map((l) => torch.tensor(l.data, { dtype: torch.float64 }).reshape(l.shape).detach().requires_grad_());
      const f = build(g);
      const a = mk();
      f(...a).sum().backward();
      const b = mk();
      f(...b).sum().backward({ create_graph: true });
      a.forEach((x, i) => {
        if (x.grad === null) return assert.equal(b[i]!.grad, null);
        assert.deepEqual(Array.from(b[i]!.grad!.storage), Array.from(x.grad.storage));
      });
      const [p, q] = [a[0]!, a[a.length - 1]!];
      const n = Math.max(p.dim(), q.dim());
      const expect: number[] = [];
      for (let k = 0; k < n; k++) {
        const dp = p.shape[p.dim() - n + k] ?? 1;
        const dq = q.shape[q.dim() - n + k] ?? 1;
        expect.push(Math.max(dp, dq));
      }
      assert.deepEqual(p.add(q).shape, expect);
    }),
    { numRuns: 60, seed: 11 },
  );
});

test("the property checker fails on a wrong backward (sanity)", () => {
  const bad: Fn = (x) => x!.mul(torch.no_grad(() => x!.mul(1)));
  assert.ok(gradError(bad, [{ data: [0.5, -0.7], shape: [2] }]) > 0.1);
});

/** A chain of reductions, shape ops and matmuls applied to one random tensor (each step valid for the shape). */
const chainArb = fc.record({
  shape: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
  steps: fc.array(fc.tuple(fc.nat(15), fc.nat(5), fc.nat(5), fc.boolean()), { minLength: 1, maxLength: 5 }),
  seed: fc.integer({ min: 1, max: 1000 }),
});

function runChain(steps: Array<[number, number, number, boolean]>, seed: number): Fn {
  return (x0) => {
    let x = x0!;
    steps.forEach(([op, d0, d1, keep], k) => {
      const nd = x.dim();
      if (nd === 0) { x = x.mul(x).add(1); return; }
      const d = d0 % nd;
      switch (op) {
        case 0: x = x.sum(d, keep); break;
        case 1: x = x.mean(d, keep); break;
        case 2: x = x.softmax(d); break;
        case 3: x = x.log_softmax(d); break;
        case 4: x = x.transpose(d, d1 % nd); break;
        case 5: x = x.unsqueeze(d).mul(x.unsqueeze(d)); break;
        case 6: x = x.max(d, keep).values; break;
        case 7: x = x.mul(x).add(0.5).norm({ dim: d, keepdim: keep }); break;
        case 8: {
          const n = x.shape[nd - 1]!;
          const w = torch.tensor(Array.from({ length: n * 2 }, (_v, i) => Math.cos(seed + i * 0.7 + k)), { dtype: torch.float64 }).reshape(n, 2);
          x = x.matmul(w);
          break;
        }
        case 9: x = x.reshape(-1).tanh(); break;
        case 10: x = x.unsqueeze(0).expand([2, ...x.shape]).mul(torch.tensor([[0.5], [2]], { dtype: torch.float64 }).reshape([2, ...x.shape.map(() => 1)])); break;
        case 11: x = x.shape[d]! > 1 ? x.narrow(d, 1, x.shape[d]! - 1) : x.sin(); break;
        case 12: x = torch.cat([x, x.mul(2)], d); break;
        case 13: x = torch.stack([x, x.cos()], d1 % (nd + 1)); break;
        case 14: x = x.permute(x.shape.map((_s, i) => nd - 1 - i)).contiguous().view(-1); break;
        default: x = torch.where(x.gt(0), x.mul(3), x.exp()); break;
      }
    });
    return x;
  };
}

test("random chains of reductions, softmax, transposes, max, norm and matmul: backward equals finite differences", () => {
  fc.assert(
    fc.property(chainArb, ({ shape, steps, seed }) => {
      const n = shape.reduce((a, b) => a * b, 1);
      // Distinct values keep max() away from ties, where it is not differentiable.
      const data = Array.from({ length: n }, (_v, i) => Math.sin(seed * 1.3 + i * 2.1) + i * 1e-3);
      return gradError(runChain(steps, seed), [{ data, shape }]) < 1e-5;
    }),
    { numRuns: 150, seed: 5 },
  );
});
