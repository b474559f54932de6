/**
 * `torch.autograd.functional` (jacobian, vjp, jvp, hessian, hvp, vhp) and `torch.autograd.gradcheck` /
 * `gradgradcheck`, built on `autograd.grad` the way PyTorch 1.13's torch/autograd/functional.py builds them: inputs
 * are detached into fresh leaves, results are detached unless `create_graph`, an input the function does not use
 * gets zeros (or PyTorch's error with `strict`), and jvp is the double-backward trick.
 */
import { TorchError } from "../errors.js";
import { warn } from "../state.js";
import { enable_grad } from "../grad_mode.js";
import { Tensor } from "../tensor.js";
import { grad } from "./backward.js";
import * as random from "../random.js";
import { stack } from "../ops/join.js";

type Tensors = Tensor | Tensor[];
type Func = (...inputs: Tensor[]) => Tensors;

/** Options of jacobian/hessian/vjp/jvp/hvp/vhp. */
export interface FunctionalOptions { create_graph?: boolean; strict?: boolean }

function list(x: Tensors): Tensor[] {
  return Array.isArray(x) ? x : [x];
}

/** Fresh leaves for the inputs (PyTorch's `_grad_preprocess`): the caller's tensors are never differentiated. */
function leaves(inputs: Tensor[], create: boolean): Tensor[] {
  return inputs.map((t) => (create && t.requires_grad ? t.reshape(t.shape) : t.detach().requires_grad_(true)));
}

/** PyTorch's `_grad_postprocess`: detached results unless the graph is wanted. */
function post(t: Tensor, create: boolean): Tensor {
  return create ? t : t.detach();
}

function zerosLike(t: Tensor): Tensor {
  return t.mul(0).detach();
}

/** Gradients of `outs` (seeded by `seeds`) w.r.t. `ins`; an unused input gets zeros, or an error with `strict`. */
function gradsOf(outs: Tensor[], ins: Tensor[], seeds: Array<Tensor | null>, create: boolean, strict: boolean, what: string): Tensor[] {
  const roots: Tensor[] = [];
  const gs: Array<Tensor | null> = [];
  outs.forEach((o, i) => { if (o.requires_grad) { roots.push(o); gs.push(seeds[i] ?? null); } });
  if (roots.length === 0) {
    if (strict) throw new TorchError(`The output of the user-provided function is independent of input 0. This is not allowed in strict mode.`);
    return ins.map(zerosLike);
  }
  const r = grad(roots, ins, { grad_outputs: gs, retain_graph: true, create_graph: create, allow_unused: true });
  return r.map((g, i) => {
    if (g !== null) return g;
    if (strict) throw new TorchError(`The ${what} of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`);
    return zerosLike(ins[i]!);
  });
}

/** PyTorch's `torch.autograd.functional.jacobian(func, inputs)`: ∂ output / ∂ input, of shape output.shape + input.shape (nested lists for several). */
export function jacobian(func: Func, inputs: Tensors, opts: FunctionalOptions = {}): Tensor | Tensor[] | Tensor[][] {
  const create = opts.create_graph ?? false;
  const ins = leaves(list(inputs), create);
  const out = enable_grad(() => func(...ins));
  const outs = list(out);
  const table = outs.map((o) => {
    const flat = o.reshape(-1);
    const n = flat.numel();
    const rows: Tensor[][] = ins.map(() => []);
    for (let k = 0; k < n; k++) {
      const g = gradsOf([flat.at(k)], ins, [null], create, opts.strict ?? false, "output");
      g.forEach((gi, i) => rows[i]!.push(gi.reshape(-1)));
    }
    return ins.map((x, i) => {
      const shape = [...o.shape, ...x.shape];
      const j = n === 0 ? x.reshape(-1).mul(0).reshape([0, ...x.shape]) : stackRows(rows[i]!).reshape(shape);
      return post(j, create);
    });
  });
  const multiIn = Array.isArray(inputs);
  const multiOut = Array.isArray(out);
  if (!multiIn && !multiOut) return table[0]![0]!;
  if (multiIn && !multiOut) return table[0]!;
  if (!multiIn && multiOut) return table.map((r) => r[0]!);
  return table;
}

function stackRows(rows: Tensor[]): Tensor {
  return stack(rows, 0);
}

/** PyTorch's `torch.autograd.functional.vjp(func, inputs, v=None)`: `[func(inputs), vᵀ·J]` (v may be omitted for a scalar output). */
export function vjp(func: Func, inputs: Tensors, v?: Tensors | null, opts: FunctionalOptions = {}): [Tensors, Tensors] {
  const create = opts.create_graph ?? false;
  const ins = leaves(list(inputs), create);
  const out = enable_grad(() => func(...ins));
  const outs = list(out);
  const vs = v === undefined || v === null ? outs.map(() => null) : list(v);
  outs.forEach((o, i) => {
    if (vs[i] === null && o.numel() !== 1) throw new TorchError("The vector v can only be None if the user-provided function returns a single Tensor with a single element.");
  });
  const g = gradsOf(outs, ins, vs, create, opts.strict ?? false, "output");
  const outRes = Array.isArray(out) ? outs.map((o) => post(o, create)) : post(out, create);
  return [outRes, Array.isArray(inputs) ? g.map((x) => post(x, create)) : post(g[0]!, create)];
}

/** PyTorch's `torch.autograd.functional.jvp(func, inputs, v=None)`: `[func(inputs), J·v]`, by the double-backward trick. */
export function jvp(func: Func, inputs: Tensors, v?: Tensors | null, opts: FunctionalOptions = {}): [Tensors, Tensors] {
  const create = opts.create_graph ?? false;
  const ins = leaves(list(inputs), create);
  const vs = v === undefined || v === null ? null : list(v);
  if (vs === null && ins.some((x) => x.numel() !== 1)) throw new TorchError("The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.");
  const out = enable_grad(() => func(...ins));
  const outs = list(out);
  // u: a dummy seed that requires grad; g(u) = Jᵀu is linear in u, so ∂(g·v)/∂u = J·v.
  const us = outs.map((o) => o.mul(0).detach().requires_grad_(true));
  const g = enable_grad(() => gradsOf(outs, ins, us, true, opts.strict ?? false, "output"));
  const seeds = vs ?? ins.map((x) => x.mul(0).add(1).detach());
  const jv = enable_grad(() => {
    const live = g.map((gi, i) => [gi, seeds[i]!] as const).filter(([gi]) => gi.requires_grad);
    if (live.length === 0) return us.map(zerosLike);
    const r = grad(live.map(([gi]) => gi), us, { grad_outputs: live.map(([, s]) => s), create_graph: create, allow_unused: true });
    return r.map((x, i) => x ?? zerosLike(us[i]!));
  });
  const outRes = Array.isArray(out) ? outs.map((o) => post(o, create)) : post(out, create);
  return [outRes, Array.isArray(out) ? jv.map((x) => post(x, create)) : post(jv[0]!, create)];
}

/** PyTorch's `torch.autograd.functional.hessian(func, inputs)`: the second derivatives of a scalar function. */
export function hessian(func: Func, inputs: Tensors, opts: FunctionalOptions = {}): Tensor | Tensor[] | Tensor[][] {
  const single = !Array.isArray(inputs);
  const jacFunc = (...xs: Tensor[]): Tensors => {
    const out = func(...xs);
    const o = list(out);
    if (o.length !== 1 || o[0]!.numel() !== 1) throw new TorchError("The Tensor returned by the function given to hessian should contain a single element");
    const g = gradsOf([o[0]!.reshape([])], xs, [null], true, opts.strict ?? false, "output");
    return single ? g[0]! : g;
  };
  return jacobian(jacFunc, inputs, opts);
}

/** PyTorch's `torch.autograd.functional.hvp(func, inputs, v)`: `[func(inputs), H·v]` for a scalar function. */
export function hvp(func: Func, inputs: Tensors, v: Tensors, opts: FunctionalOptions = {}): [Tensor, Tensors] {
  return secondOrder(func, inputs, v, opts);
}

/** PyTorch's `torch.autograd.functional.vhp(func, inputs, v)`: `[func(inputs), vᵀ·H]` (H is symmetric: the same values as hvp). */
export function vhp(func: Func, inputs: Tensors, v: Tensors, opts: FunctionalOptions = {}): [Tensor, Tensors] {
  return secondOrder(func, inputs, v, opts);
}

function secondOrder(func: Func, inputs: Tensors, v: Tensors, opts: FunctionalOptions): [Tensor, Tensors] {
  const create = opts.create_graph ?? false;
  const ins = leaves(list(inputs), create);
  const out = enable_grad(() => func(...ins));
  const o = list(out);
  if (o.length !== 1 || o[0]!.numel() !== 1) throw new TorchError("The Tensor returned by the function given to hvp should contain a single element");
  const vs = list(v);
  const r = enable_grad(() => {
    const g = gradsOf([o[0]!], ins, [null], true, opts.strict ?? false, "output");
    const live = g.map((gi, i) => [gi, vs[i]!] as const).filter(([gi]) => gi.requires_grad);
    if (live.length === 0) return ins.map(zerosLike);
    const h = grad(live.map(([gi]) => gi), ins, { grad_outputs: live.map(([, s]) => s), create_graph: create, allow_unused: true });
    return h.map((x, i) => x ?? zerosLike(ins[i]!));
  });
  return [post(o[0]!, create), Array.isArray(inputs) ? r.map((x) => post(x, create)) : post(r[0]!, create)];
}

// ---- gradcheck --------------------------------------------------------------------------------------------------

/** Options of gradcheck/gradgradcheck (PyTorch's defaults). */
export interface GradcheckOptions { eps?: number; atol?: number; rtol?: number; raise_exception?: boolean }

function numericJacobian(func: Func, ins: Tensor[], k: number, outIndex: number, eps: number): number[][] {
  const x = ins[k]!;
  const cols: number[][] = [];
  // The elements are read once and written back through _assign: for a strided view (x.t(), a slice) `storage` is a
  // copy, and a perturbation written into it would never reach the tensor func reads.
  const base = Float64Array.from(x.storage);
  for (let j = 0; j < x.numel(); j++) {
    const at = (d: number): Float64Array => {
      const perturbed = Float64Array.from(base);
      perturbed[j] = base[j]! + d;
      x._assign(perturbed);
      try {
        const outs = list(enable_grad(() => func(...ins)));
        return Float64Array.from(outs[outIndex]!.storage);
      } finally {
        x._assign(base);
      }
    };
    const plus = at(eps);
    const minus = at(-eps);
    cols.push(Array.from(plus, (p, i) => (p - minus[i]!) / (2 * eps)));
  }
  return cols;
}

/**
 * PyTorch's `torch.autograd.gradcheck(func, inputs, eps=1e-06, atol=1e-05, rtol=0.001)`: the analytical Jacobian
 * from backward against central finite differences; true, or PyTorch's "Jacobian mismatch" error (false without
 * `raise_exception`). Warns, as PyTorch does, about inputs that are not float64.
 */
export function gradcheck(func: Func, inputs: Tensors, opts: GradcheckOptions = {}): boolean {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const ins = list(inputs);
  ins.forEach((x, i) => {
    if (x.requires_grad && x.dtype !== "float64") {
      warn(`Input #${i} requires gradient and is not a double precision floating point or complex. This check will likely fail if all the inputs are not of double precision floating point or complex. `, x);
    }
  });
  const outs = list(enable_grad(() => func(...ins)));
  for (let o = 0; o < outs.length; o++) {
    const out = outs[o]!;
    const flat = out.reshape(-1);
    for (let k = 0; k < ins.length; k++) {
      const x = ins[k]!;
      if (!x.requires_grad) continue;
      const numeric = numericJacobian(func, ins, k, o, eps);
      for (let r = 0; r < flat.numel(); r++) {
        const [g] = out.requires_grad ? grad([flat.at(r)], [x], { retain_graph: true, allow_unused: true }) : [null];
        const analytic = g === null || g === undefined ? null : g.storage; // once: a strided grad copies on each read
        for (let j = 0; j < x.numel(); j++) {
          const a = analytic === null ? 0 : analytic[j]!;
          const n = numeric[j]![r]!;
          if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) {
            if (opts.raise_exception === false) return false;
            throw new TorchError(`Jacobian mismatch for output ${o} with respect to input ${k},\nnumerical:${n}\nanalytical:${a}\n`, { kind: "GradcheckError" });
          }
        }
      }
    }
  }
  return true;
}

/**
 * PyTorch's `torch.autograd.gradgradcheck(func, inputs, grad_outputs=None)`: gradcheck of the first derivatives
 * (backward with create_graph, seeded by `grad_outputs`, random when omitted), so backward formulas are checked to be
 * differentiable themselves.
 */
export function gradgradcheck(func: Func, inputs: Tensors, grad_outputs?: Tensors | null, opts: GradcheckOptions = {}): boolean {
  const ins = list(inputs);
  const outs0 = list(enable_grad(() => func(...ins)));
  const seeds = grad_outputs === undefined || grad_outputs === null
    ? outs0.map((o) => {
      const s = new Float64Array(o.numel());
      for (let i = 0; i < s.length; i++) s[i] = random.normal();
      return new Tensor(s, o.shape, "float64").to(o.dtype);
    })
    : list(grad_outputs);
  const first: Func = (...xs) => {
    const outs = list(func(...xs));
    const diff = xs.filter((x) => x.requires_grad);
    const g = grad(outs, diff, { grad_outputs: seeds, create_graph: true, allow_unused: true });
    return g.map((x, i) => x ?? diff[i]!.mul(0));
  };
  return gradcheck(first, ins, opts);
}
