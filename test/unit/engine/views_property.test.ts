/**
 * fast-check properties of strided views: a random chain of view ops (t/transpose, permute, narrow, select, stepped
 * slices, unsqueeze, expand) on a base agrees with a reference that only tracks which base element each view element
 * is; writes through the view land exactly on those base elements; the base's gradient of sum(view · w) adds w at
 * them; and is_contiguous() says whether the view's elements are the base's in row-major order. Then view() of such a
 * view: where it succeeds it names the same base elements (values, stride(), storage_offset(), writes), and where no
 * strides could show them in the new shape it raises PyTorch's text.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as torch from "../../../src/engine/index.js";

type Op =
  | { kind: "transpose"; d0: number; d1: number }
  | { kind: "narrow"; d: number; start: number; len: number }
  | { kind: "select"; d: number; i: number }
  | { kind: "slice"; d: number; start: number; step: number }
  | { kind: "unsqueeze"; d: number }
  | { kind: "expand"; d: number; k: number };

/** The reference: a view's shape and, for each index, the row-major position in the base. */
interface Ref { shape: number[]; at: (idx: number[]) => number }

function apply(r: Ref, op: Op): Ref {
  const s = r.shape;
  switch (op.kind) {
    case "transpose": {
      const shape = s.slice();
      [shape[op.d0], shape[op.d1]] = [s[op.d1]!, s[op.d0]!];
      return { shape, at: (idx) => { const j = idx.slice(); [j[op.d0], j[op.d1]] = [idx[op.d1]!, idx[op.d0]!]; return r.at(j); } };
    }
    case "narrow": {
      const shape = s.slice();
      shape[op.d] = op.len;
      return { shape, at: (idx) => { const j = idx.slice(); j[op.d] = idx[op.d]! + op.start; return r.at(j); } };
    }
    case "select":
      return { shape: s.filter((_v, i) => i !== op.d), at: (idx) => { const j = idx.slice(); j.splice(op.d, 0, op.i); return r.at(j); } };
    case "slice": {
      const shape = s.slice();
      shape[op.d] = Math.ceil((s[op.d]! - op.start) / op.step);
      return { shape, at: (idx) => { const j = idx.slice(); j[op.d] = op.start + idx[op.d]! * op.step; return r.at(j); } };
    }
    case "unsqueeze": {
      const shape = s.slice();
      shape.splice(op.d, 0, 1);
      return { shape, at: (idx) => { const j = idx.slice(); j.splice(op.d, 1); return r.at(j); } };
    }
    case "expand": {
      const shape = s.slice();
      shape.splice(op.d, 0, op.k);
      return { shape, at: (idx) => { const j = idx.slice(); j.splice(op.d, 1); return r.at(j); } };
    }
  }
}

function run(t: torch.Tensor, op: Op): torch.Tensor {
  switch (op.kind) {
    case "transpose": return t.transpose(op.d0, op.d1);
    case "narrow": return t.narrow(op.d, op.start, op.len);
    case "select": return t.select(op.d, op.i);
    case "slice": return t.at(...Array.from({ length: op.d }, () => ":"), `${op.start}::${op.step}`);
    case "unsqueeze": return t.unsqueeze(op.d);
    case "expand": { const shape = t.shape.slice(); shape.splice(op.d, 0, op.k); return t.unsqueeze(op.d).expand(shape); }
  }
}

/** A random op valid for `shape` (null when none fits). */
function opArb(shape: number[]): fc.Arbitrary<Op> {
  const nd = shape.length;
  const dim = fc.integer({ min: 0, max: Math.max(0, nd - 1) });
  const ops: Array<fc.Arbitrary<Op>> = [
    fc.integer({ min: 0, max: nd }).map((d): Op => ({ kind: "unsqueeze", d })),
    fc.tuple(fc.integer({ min: 0, max: nd }), fc.integer({ min: 1, max: 3 })).map(([d, k]): Op => ({ kind: "expand", d, k })),
  ];
  if (nd >= 1) {
    ops.push(fc.tuple(dim, dim).map(([d0, d1]): Op => ({ kind: "transpose", d0, d1 })));
    ops.push(dim.chain((d) => fc.integer({ min: 0, max: shape[d]! - 1 }).chain((start) => fc.integer({ min: 1, max: shape[d]! - start }).map((len): Op => ({ kind: "narrow", d, start, len })))));
    ops.push(dim.chain((d) => fc.integer({ min: 0, max: shape[d]! - 1 }).map((i): Op => ({ kind: "select", d, i }))));
    ops.push(dim.chain((d) => fc.tuple(fc.integer({ min: 0, max: shape[d]! - 1 }), fc.integer({ min: 1, max: 3 })).map(([start, step]): Op => ({ kind: "slice", d, start, step }))));
  }
  return fc.oneof(...ops);
}

/** A base shape and a chain of up to 4 view ops, each valid for the shape before it. */
const chainArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((shape) => {
  const step = (s: number[], left: number): fc.Arbitrary<Op[]> =>
    left === 0 || s.length > 4 ? fc.constant([]) : opArb(s).chain((op) => step(apply({ shape: s, at: () => 0 }, op).shape, left - 1).map((rest) => [op, ...rest]));
  return fc.tuple(fc.constant(shape), step(shape, 4));
});

function indices(shape: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const s of shape) out = out.flatMap((p) => Array.from({ length: s }, (_v, i) => [...p, i]));
  return out;
}

function reference(shape: number[], ops: Op[]): Ref {
  const strides = shape.map((_s, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  return ops.reduce(apply, { shape, at: (idx: number[]) => idx.reduce((a, v, i) => a + v * strides[i]!, 0) });
}

test("a chain of views reads, writes and back-propagates exactly the base elements the reference names", () => {
  fc.assert(
    fc.property(chainArb, ([shape, ops]) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const ref = reference(shape, ops);
      const base = torch.arange(n, { dtype: torch.float64 }).reshape(shape);
      const v = ops.reduce(run, base);
      assert.deepEqual(v.shape, ref.shape);
      const pos = indices(ref.shape).map(ref.at);
      assert.deepEqual(Array.from(v.dataView()), pos);
      if (v.numel() > 0) assert.equal(v._base, base._base);
      const distinct = new Set(pos).size === pos.length;
      // Contiguous exactly when the view's elements are one run of the base's, in order.
      assert.equal(v.is_contiguous(), pos.every((p, i) => p === pos[0]! + i));
      if (distinct) {
        const written = pos.map((_p, i) => -(i + 1));
        v.copy_(torch.tensor(written, { dtype: torch.float64 }).reshape(ref.shape.length === 0 ? [] : ref.shape));
        const expected = Array.from({ length: n }, (_v, i) => i);
        pos.forEach((p, i) => { expected[p] = written[i]!; });
        assert.deepEqual(Array.from(base.dataView()), expected);
      } else {
        assert.throws(() => v.add_(1), /more than one element of the written-to tensor refers to a single memory location/);
      }
      const x = torch.zeros(shape, { dtype: torch.float64, requires_grad: true });
      const w = indices(ref.shape).map((_idx, i) => i + 1);
      ops.reduce(run, x).mul(torch.tensor(w, { dtype: torch.float64 }).reshape(ref.shape.length === 0 ? [] : ref.shape)).sum().backward();
      const g = new Array<number>(n).fill(0);
      pos.forEach((p, i) => { g[p]! += w[i]!; });
      assert.deepEqual(Array.from(x.grad.dataView()), g);
    }),
    { numRuns: 300 },
  );
});

/** New shapes for `shape`: everything flat, two neighbours merged, one dim split in two, or a 1 inserted. */
function reshapes(shape: readonly number[]): number[][] {
  const out: number[][] = [[shape.reduce((a, b) => a * b, 1)]];
  for (let d = 0; d + 1 < shape.length; d++) out.push([...shape.slice(0, d), shape[d]! * shape[d + 1]!, ...shape.slice(d + 2)]);
  shape.forEach((s, d) => {
    for (let a = 1; a <= s; a++) if (s % a === 0) out.push([...shape.slice(0, d), a, s / a, ...shape.slice(d + 1)]);
  });
  for (let d = 0; d <= shape.length; d++) out.push([...shape.slice(0, d), 1, ...shape.slice(d)]);
  return out;
}

/** Whether some offset and strides put element k of `newShape` (row-major) at `pos[k]`: the brute-force oracle. */
function expressible(pos: number[], newShape: number[]): boolean {
  if (pos.length === 0) return true;
  const idx = indices(newShape);
  const strides = newShape.map((s, d) => {
    if (s === 1) return 0;
    const k = idx.findIndex((j) => j.every((v, e) => (e === d ? v === 1 : v === 0)));
    return pos[k]! - pos[0]!;
  });
  return idx.every((j, k) => pos[0]! + j.reduce((a, v, d) => a + v * strides[d]!, 0) === pos[k]);
}

test("view() of a strided view: when it succeeds it is a view of the same base elements; where no strides exist it raises", () => {
  fc.assert(
    fc.property(chainArb, fc.nat(), ([shape, ops], pick) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const ref = reference(shape, ops);
      const base = torch.arange(n, { dtype: torch.float64 }).reshape(shape);
      const v = ops.reduce(run, base);
      const pos = indices(ref.shape).map(ref.at);
      const candidates = reshapes(v.shape);
      const target = candidates[pick % candidates.length]!;
      let w: torch.Tensor;
      try {
        w = v.view(target);
      } catch (e) {
        assert.match((e as Error).message, /^view size is not compatible with input tensor's size and stride/);
        return;
      }
      // Sound: the same elements in the same order, over the same storage.
      assert.ok(expressible(pos, target), `view(${JSON.stringify(target)}) of ${JSON.stringify(v.shape)} strides ${JSON.stringify(v.stride())} has no strides`);
      assert.deepEqual(w.shape, target);
      assert.deepEqual(Array.from(w.dataView()), pos);
      if (w.numel() > 0) assert.equal(w._base, base._base);
      const L = w.stride();
      const o = w.storage_offset();
      indices(target).forEach((j, k) => { if (w.numel() > 0) assert.equal(o + j.reduce((a, x, d) => a + x * L[d]!, 0), pos[k], "stride() and storage_offset() locate each element"); });
      if (new Set(pos).size === pos.length && pos.length > 0) {
        w.mul_(-1);
        assert.deepEqual(pos.map((p) => base.dataView()[p]), pos.map((p) => -p));
      }
    }),
    { numRuns: 400 },
  );
});
