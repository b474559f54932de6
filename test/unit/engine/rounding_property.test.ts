/**
 * fast-check properties of floor division, remainder and fmod: for int64 the division identities hold exactly
 * (a = b·floor_divide(a, b) + remainder(a, b) with the remainder's sign the divisor's and |r| < |b|; the same with
 * trunc and fmod, the sign the dividend's), results stay int64 and a zero divisor raises "ZeroDivisionError"; for
 * float64 the same identities hold to rounding and the quotients are whole; broadcasting a tensor divisor gives
 * what each scalar divisor gives; and remainder/fmod's gradients are 1 and -floor(a/b) / -trunc(a/b).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as torch from "../../../src/engine/index.js";

const i64 = { dtype: torch.int64 };
const f64 = { dtype: torch.float64 };
const values = (t: torch.Tensor): number[] => Array.from(t.dataView(), (v) => v + 0);
const ints = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 10 });
const divisor = fc.integer({ min: -40, max: 40 }).filter((b) => b !== 0);

test("int64: a = b·(a // b) + a % b with the divisor's sign, a = b·trunc(a / b) + fmod(a, b) with the dividend's", () => {
  fc.assert(
    fc.property(ints, divisor, (xs, b) => {
      const x = torch.tensor(xs, i64);
      const q = x.floor_divide(b);
      const r = x.remainder(b);
      const t = x.div(b, { rounding_mode: "trunc" });
      const f = x.fmod(b);
      for (const y of [q, r, t, f]) assert.equal(y.dtype, "int64");
      xs.forEach((a, i) => {
        const [qi, ri, ti, fi] = [values(q)[i]!, values(r)[i]!, values(t)[i]!, values(f)[i]!];
        assert.equal(b * qi + ri, a);
        assert.ok(Math.abs(ri) < Math.abs(b) && (ri === 0 || Math.sign(ri) === Math.sign(b)), `${a} % ${b} = ${ri}`);
        assert.equal(b * ti + fi, a);
        assert.ok(Math.abs(fi) < Math.abs(b) && (fi === 0 || Math.sign(fi) === Math.sign(a)), `fmod(${a}, ${b}) = ${fi}`);
        assert.equal(values(x.div(b, { rounding_mode: "floor" }))[i], qi);
      });
      assert.throws(() => x.floor_divide(0), /^TorchError: ZeroDivisionError$|ZeroDivisionError/);
      assert.throws(() => x.remainder(torch.zeros(xs.length, i64)), /ZeroDivisionError/);
    }),
  );
});

test("float64: the same identities to rounding, whole quotients, and a broadcast divisor tensor agrees with each scalar", () => {
  const floats = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 8 });
  const fdiv = fc.double({ min: -50, max: 50, noNaN: true }).filter((b) => Math.abs(b) > 1e-3);
  fc.assert(
    fc.property(floats, fc.array(fdiv, { minLength: 1, maxLength: 4 }), (xs, bs) => {
      const x = torch.tensor(xs, f64).unsqueeze(1);
      const b = torch.tensor(bs, f64);
      const q = x.floor_divide(b);
      const r = x.remainder(b);
      const f = torch.fmod(x, b);
      const t = x.div(b, { rounding_mode: "trunc" });
      assert.deepEqual(q.shape, [xs.length, bs.length]);
      xs.forEach((a, i) => bs.forEach((d, j) => {
        const k = i * bs.length + j;
        const [qk, rk, fk, tk] = [q.dataView()[k]!, r.dataView()[k]!, f.dataView()[k]!, t.dataView()[k]!];
        assert.ok(Number.isInteger(qk) && Number.isInteger(tk));
        const tol = 1e-9 * Math.max(1, Math.abs(a));
        assert.ok(Math.abs(d * qk + rk - a) <= tol, `${a} // ${d} = ${qk}, % = ${rk}`);
        assert.ok(Math.abs(rk) <= Math.abs(d) && (rk === 0 || Math.sign(rk) === Math.sign(d)), `${a} % ${d} = ${rk}`);
        // trunc rounds the rounded quotient (PyTorch: trunc(a / b)), fmod is exact: where a / b rounds across a whole
        // number they disagree by one multiple of b (1.13 too: -999.9999999999997 / 49.999999999999986 truncates to
        // -20, and fmod gives -49.99999999999993). So each is checked on its own terms.
        assert.equal(tk, Math.trunc(a / d), `trunc ${a} / ${d} = ${tk}`);
        assert.ok(Math.abs(fk) < Math.abs(d) && Math.abs(d * Math.round((a - fk) / d) + fk - a) <= tol, `fmod(${a}, ${d}) = ${fk}`);
        assert.ok(fk === 0 || Math.sign(fk) === Math.sign(a), `fmod(${a}, ${d}) = ${fk}`);
        assert.equal(x.at(i).floor_divide(d).dataView()[0], qk, "a scalar divisor gives what the broadcast tensor gives");
        assert.equal(x.at(i).remainder(d).dataView()[0], rk);
      }));
    }),
    { numRuns: 60 },
  );
});

test("remainder and fmod differentiate to 1 for self and -floor(a/b) / -trunc(a/b) for other", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 6 }), fc.double({ min: 0.25, max: 7, noNaN: true }), fc.boolean(), (xs, d, negative) => {
      const dv = negative ? -d : d;
      const a = torch.tensor(xs, { ...f64, requires_grad: true });
      const b = torch.full([xs.length], dv, { ...f64, requires_grad: true });
      const [ga, gb] = torch.autograd.grad(a.remainder(b).sum(), [a, b]);
      const [fa, fb] = torch.autograd.grad(torch.fmod(a, b).sum(), [a, b]);
      assert.deepEqual(values(ga!), xs.map(() => 1));
      assert.deepEqual(values(fa!), xs.map(() => 1));
      assert.deepEqual(values(gb!), values(a.detach().floor_divide(dv).neg()));
      assert.deepEqual(values(fb!), values(a.detach().div(dv, { rounding_mode: "trunc" }).neg()));
    }),
    { numRuns: 60 },
  );
});
