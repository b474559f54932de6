/** Finite-difference gradcheck (float64) of every differentiable op, first and second order. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as torch from "../../../src/engine/index.js";
import type { Tensor } from "../../../src/engine/index.js";
import { gradError, gradGradError, type Fn } from "./gradcheck_util.js";
import { OP_DEFS } from "../../../src/engine/autograd/node.js";
import { setObserver } from "../../../src/engine/runtime.js";
import type { ObservedGradFn } from "../../../src/engine/observer.js";

/** Deterministic values in (-2, 2) kept away from 0 (kinks of abs/relu/clamp) unless `positive`. */
function values(shape: number[], seed: number, positive = false): { data: number[]; shape: number[] } {
  const n = shape.reduce((a, b) => a * b, 1);
  const data: number[] = [];
  for (let i = 0; i < n; i++) {
    let v = Math.sin(seed * 12.9898 + i * 78.233) * 1.9;
    if (Math.abs(v) < 0.15) v += v < 0 ? -0.3 : 0.3;
    data.push(positive ? Math.abs(v) + 0.4 : v);
  }
  return { data, shape };
}

/** A custom Function with two outputs (one node, `[node, k]` edges, backward gets both gradients). */
class SinCos extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, x: Tensor): [Tensor, Tensor] {
    ctx.save_for_backward(x);
    return [x.sin(), x.cos()];
  }
  static override backward(ctx: torch.autograd.FunctionCtx, gs: Tensor, gc: Tensor): Tensor {
    const [x] = ctx.saved_tensors;
    return gs.mul(x!.cos()).sub(gc.mul(x!.sin()));
  }
}

const CASES: Array<[string, Fn, Array<{ data: number[]; shape: number[] }>, boolean?]> = [
  ["add broadcast", (a, b) => a!.add(b!), [values([2, 3], 1), values([3], 2)]],
  ["add alpha", (a, b) => torch.add(a!, b!, { alpha: -1.5 }), [values([3], 1), values([2, 1], 2)]],
  ["sub broadcast", (a, b) => a!.sub(b!), [values([3, 1], 1), values([1, 4], 2)]],
  ["rsub", (a) => torch.sub(2, a!), [values([3], 1)]],
  ["mul broadcast", (a, b) => a!.mul(b!), [values([2, 3], 3), values([2, 1], 4)]],
  ["mul same tensor", (a) => a!.mul(a!), [values([4], 3)]],
  ["div", (a, b) => a!.div(b!), [values([2, 3], 5), values([3], 6, true)]],
  ["rdiv", (a) => torch.div(2, a!), [values([3], 6, true)]],
  ["neg", (a) => a!.neg(), [values([3], 7)]],
  ["pow scalar", (a) => a!.pow(3), [values([4], 8)]],
  ["pow fractional", (a) => a!.pow(1.5), [values([4], 8, true)]],
  ["pow tensor", (a, b) => a!.pow(b!), [values([3], 9, true), values([3], 10)]],
  ["rpow", (a) => torch.pow(2, a!), [values([3], 9)]],
  ["exp", (a) => a!.exp(), [values([2, 2], 11)]],
  ["log", (a) => a!.log(), [values([2, 2], 12, true)]],
  ["sqrt", (a) => a!.sqrt(), [values([3], 13, true)]],
  ["abs", (a) => a!.abs(), [values([5], 14)]],
  ["sin", (a) => a!.sin(), [values([3], 15)]],
  ["cos", (a) => a!.cos(), [values([3], 16)]],
  ["tanh", (a) => a!.tanh(), [values([3], 17)]],
  ["sigmoid", (a) => a!.sigmoid(), [values([3], 18)]],
  ["relu", (a) => a!.relu(), [values([6], 19)]],
  ["clamp", (a) => a!.clamp(-0.5, 0.6), [values([8], 20)]],
  ["reciprocal", (a) => a!.reciprocal(), [values([3], 21, true)]],
  ["sum", (a) => a!.sum(), [values([2, 3], 22)]],
  ["sum dim", (a) => a!.sum(1), [values([2, 3], 23)]],
  ["sum dims keepdim", (a) => a!.sum([0, 2], true), [values([2, 3, 2], 24)]],
  ["mean", (a) => a!.mean(), [values([2, 3], 25)]],
  ["mean dim", (a) => a!.mean(0), [values([2, 3], 26)]],
  ["max", (a) => a!.max(), [values([2, 3], 27)]],
  ["min", (a) => a!.min(), [values([2, 3], 28)]],
  ["max dim", (a) => a!.max(1).values, [values([2, 3], 29)]],
  ["min dim keepdim", (a) => a!.min(0, true).values, [values([3, 2], 30)]],
  ["dot", (a, b) => a!.dot(b!), [values([4], 31), values([4], 32)]],
  ["mm", (a, b) => a!.mm(b!), [values([2, 3], 33), values([3, 2], 34)]],
  ["mv", (a, b) => a!.mv(b!), [values([2, 3], 35), values([3], 36)]],
  ["matmul 1d-2d", (a, b) => a!.matmul(b!), [values([3], 37), values([3, 2], 38)]],
  ["matmul 3d-2d", (a, b) => a!.matmul(b!), [values([2, 2, 3], 39), values([3, 2], 40)]],
  ["bmm", (a, b) => a!.bmm(b!), [values([2, 2, 3], 60), values([2, 3, 2], 61)]],
  ["matmul 3d-3d broadcast", (a, b) => a!.matmul(b!), [values([2, 2, 3], 62), values([1, 3, 2], 63)]],
  ["matmul 1d-3d", (a, b) => a!.matmul(b!), [values([3], 64), values([2, 3, 2], 65)]],
  ["matmul 3d-1d", (a, b) => a!.matmul(b!), [values([2, 2, 3], 66), values([3], 67)]],
  ["matmul 2d-3d", (a, b) => a!.matmul(b!), [values([2, 3], 68), values([2, 3, 2], 69)]],
  ["norm", (a) => a!.norm(), [values([2, 3], 41)]],
  ["norm p=1", (a) => a!.norm(1), [values([4], 42)]],
  ["norm p=3 dim", (a) => a!.norm(3, 1), [values([2, 3], 43)]],
  ["norm dim keepdim", (a) => a!.norm({ dim: 0, keepdim: true }), [values([3, 2], 44)]],
  ["softmax", (a) => a!.softmax(1), [values([2, 3], 45)]],
  ["log_softmax", (a) => a!.log_softmax(0), [values([3, 2], 46)]],
  ["reshape", (a) => a!.reshape(3, 2), [values([2, 3], 47)]],
  ["view", (a) => a!.view(-1), [values([2, 3], 48)]],
  ["t", (a) => a!.t(), [values([2, 3], 49)]],
  ["transpose", (a) => a!.transpose(0, 2), [values([2, 3, 2], 50)]],
  ["unsqueeze", (a) => a!.unsqueeze(0), [values([3], 51)]],
  ["squeeze", (a) => a!.squeeze(), [values([1, 3, 1], 52)]],
  ["squeeze dim", (a) => a!.squeeze(0), [values([1, 3], 53)]],
  ["expand", (a) => a!.expand(2, 3, 2), [values([3, 1], 54)]],
  ["clone", (a) => a!.clone(), [values([3], 55)]],
  ["view of a transpose and of a column slice (strided views)", (a) => a!.t().view(3, 1, 2).mul(a!.at(":", "1:").view(2, 1, 2).sum(0)), [values([2, 3], 158)]],
  ["reshape of transpose", (a) => a!.t().reshape(6), [values([2, 3], 56)]],
  ["select", (a) => a!.at(1), [values([3, 2], 57)]],
  ["permute", (a) => a!.permute(1, 2, 0), [values([2, 3, 2], 70)]],
  ["T", (a) => a!.T, [values([2, 3], 71)]],
  ["square", (a) => a!.square(), [values([3], 72)]],
  ["cat", (a, b) => torch.cat([a!, b!, a!], 1), [values([2, 2], 73), values([2, 1], 74)]],
  ["stack", (a, b) => torch.stack([a!, b!], 1), [values([2, 2], 75), values([2, 2], 76)]],
  ["narrow", (a) => a!.narrow(0, 1, 2), [values([4, 2], 77)]],
  ["where", (a, b) => torch.where(a!.gt(0), a!, b!), [values([2, 3], 78), values([3], 79)]],
  ["mul_ on a non-leaf", (a, b) => a!.mul(1).mul_(b!), [values([2, 3], 80), values([3], 81)]],
  ["add_ sub_ div_ on a non-leaf", (a, b) => a!.mul(1).add_(b!, { alpha: 2 }).sub_(a!).div_(b!), [values([3], 82), values([3], 83, true)]],
  ["in-place on a view (CopySlices)", (a, b) => { const c = a!.clone(); c.at(0).mul_(b!); return c; }, [values([3, 2], 84), values([2], 85)]],
  ["in-place on a transposed view, then the view read (AsStridedBackward0)", (a, b) => { const c = a!.mul(1); const v = c.t(); v.mul_(b!); return v.mul(v).add(c.sum()); }, [values([3, 2], 86), values([3], 87)]],
  ["zero_ and fill_ on views", (a) => { const c = a!.mul(2); c.at(0).zero_(); c.at(2).fill_(0.5); return c.mul(a!); }, [values([3, 2], 86)]],
  ["copy_", (a, b) => a!.mul(1).copy_(b!).mul(a!), [values([2, 3], 87), values([3], 88)]],
  ["select dim 1", (a) => a!.select(1, 2), [values([2, 3], 90)]],
  ["x[:, 1:3]", (a) => a!.at(":", "1:3"), [values([2, 4], 91)]],
  ["x[::2, None, -1]", (a) => a!.at("::2", null, -1), [values([5, 3], 92)]],
  ["index_select", (a) => a!.index_select(0, torch.tensor([2, 0, 2])), [values([3, 2], 93)]],
  ["gather", (a) => a!.gather(1, torch.tensor([[0, 0], [2, 1]])), [values([2, 3], 94)]],
  ["take", (a) => a!.take(torch.tensor([[5, 0], [5, 3]])), [values([2, 3], 95)]],
  ["masked_select", (a) => a!.masked_select(a!.gt(0)), [values([2, 3], 96)]],
  ["masked_fill", (a) => a!.masked_fill(a!.gt(0), 2), [values([2, 3], 97)]],
  ["scatter src", (a, b) => a!.scatter(1, torch.tensor([[2], [0]]), b!), [values([2, 3], 98), values([2, 1], 99)]],
  ["scatter value", (a) => a!.scatter(0, torch.tensor([[1, 0, 1]]), 3), [values([2, 3], 100)]],
  ["scatter_add", (a, b) => a!.scatter_add(1, torch.tensor([[0, 0], [2, 1]]), b!), [values([2, 3], 101), values([2, 2], 102)]],
  ["index_put", (a, b) => a!.index_put([torch.tensor([0, 2])], b!), [values([3, 2], 103), values([2], 104)]],
  ["index_put, values first", (b) => torch.ones([3, 2], { dtype: torch.float64 }).mul(b!.sum()).index_put([torch.tensor([0, 2])], b!.mul(b!)).mul(b!.sum()), [values([2], 116)]],
  ["x[idx] and x[mask]", (a) => a!.at(torch.tensor([1, 0, 1])).sum(0).add(a!.at(a!.lt(0)).sum()), [values([2, 3], 105)]],
  ["x[i, j] advanced pairs", (a) => a!.at(torch.tensor([0, 1, 1]), torch.tensor([2, 0, 2])), [values([2, 3], 106)]],
  ["x[:, 1] = v (CopySlices)", (a, b) => { const c = a!.mul(1); c.__setitem__([":", 1], b!); return c.mul(a!); }, [values([2, 3], 107), values([2], 108)]],
  ["x[mask] = v (IndexPutBackward0)", (a, b) => { const c = a!.mul(1); c.__setitem__(a!.gt(0), b!); return c.mul(a!); }, [values([2, 3], 109), values([], 110)]],
  ["chunk", (a) => { const [p, q] = torch.chunk(a!, 2, 1); return p!.mul(q!.sum()); }, [values([2, 4], 111)]],
  ["split sizes", (a) => { const [p, q] = a!.split([1, 2]); return p!.sum(0).mul(q!.sum(0)); }, [values([3, 2], 112)]],
  ["unbind", (a) => { const [p, q] = a!.unbind(1); return p!.mul(q!); }, [values([3, 2], 113)]],
  ["hstack vstack", (a, b) => torch.hstack([a!, b!]).add(torch.vstack([b!.select(0, 0), b!.select(0, 1)]).sum()), [values([2, 2], 114), values([2, 2], 115)]],
  ["addmm", (a, b, c) => torch.addmm(a!, b!, c!, { beta: 0.5, alpha: 2 }), [values([3], 120), values([2, 4], 121), values([4, 3], 122)]],
  ["mse_loss", (a, b) => torch.nn.functional.mse_loss(a!, b!), [values([2, 3], 123), values([2, 3], 124)]],
  ["mse_loss none", (a, b) => torch.nn.functional.mse_loss(a!, b!, { reduction: "none" }), [values([2, 3], 125), values([3], 126)]],
  ["cross_entropy", (a) => torch.nn.functional.cross_entropy(a!, torch.tensor([2, 0])), [values([2, 3], 127)]],
  ["nll_loss sum", (a) => torch.nn.functional.nll_loss(a!, [1, 1, 0], { reduction: "sum" }), [values([3, 2], 128)]],
  ["bce_with_logits", (a, b) => torch.nn.functional.binary_cross_entropy_with_logits(a!, b!.sigmoid()), [values([2, 3], 129), values([2, 3], 130)]],
  ["in-place unary chain", (a) => a!.mul(1).sin_().tanh_().mul(a!).exp_().clamp_(0, 2.5).sigmoid_(), [values([5], 131)]],
  ["prod", (a) => a!.prod(), [values([2, 3], 132)]],
  ["prod dim", (a) => a!.prod(1, true), [values([2, 3], 133)]],
  ["var", (a) => a!.var(), [values([2, 3], 134)]],
  ["var dim biased", (a) => a!.var(0, false), [values([3, 2], 135)]],
  ["std dim", (a) => a!.std(1), [values([2, 3], 136)]],
  ["logsumexp", (a) => a!.logsumexp(1), [values([2, 3], 137)]],
  ["cumsum", (a) => a!.cumsum(1).mul(a!), [values([2, 3], 138)]],
  ["repeat", (a) => a!.repeat(2, 1, 2), [values([2, 3], 139)]],
  ["diag of matrix and vector", (a, b) => torch.diag(a!, 1).sum().add(torch.diag(b!).mul(a!.narrow(1, 0, 2).narrow(0, 0, 2))), [values([2, 3], 140), values([2], 141)]],
  ["trace", (a) => a!.trace().mul(a!), [values([3, 3], 142)]],
  ["outer and einsum", (a, b) => torch.einsum("ij,jk->ik", a!, b!).add(torch.outer(a!.select(1, 0), b!.select(0, 1))), [values([2, 3], 143), values([3, 2], 144)]],
  ["remainder", (a, b) => a!.remainder(b!), [values([2, 3], 150), values([3], 151)]],
  ["remainder by a number, in place", (a) => a!.mul(3).remainder_(-0.7), [values([4], 152)]],
  ["fmod", (a, b) => torch.fmod(a!, b!), [values([3, 1], 153), values([2], 154)]],
  ["fmod by a number", (a) => a!.mul(3).fmod(0.7), [values([4], 155)]],
  ["div rounding_mode floor / trunc / None (DivBackward2)", (a, b) => a!.div(b!, { rounding_mode: "floor" }).add(a!.div(0.3, { rounding_mode: "trunc" })).add(torch.div(a!, b!, { rounding_mode: null })), [values([3], 156), values([3], 157, true)]],
  ["custom Function with two outputs", (a) => { const [s, c] = SinCos.apply(a!); return s.mul(2).add(c.mul(c)); }, [values([4], 159)]],
  ["custom Function with two outputs, one unused (zeros materialized)", (a) => SinCos.apply(a!)[1].mul(3), [values([3], 160)]],
  ["composite", (a, b) => a!.mul(b!).add(a!.exp()).tanh().sum(0).pow(2), [values([2, 3], 58), values([3], 59)]],
];

/** grad_fn nodes that ran in a backward pass during the checks above (first and second order). */
const executed = new Map<string, ObservedGradFn>();
/** Runs `fn` with an observer that notes every grad_fn a backward pass executes. */
function watching<T>(fn: () => T): T {
  setObserver({ gradFnExecuted: (e) => { if (!executed.has(e.gradFn.name())) executed.set(e.gradFn.name(), e.gradFn); } });
  try {
    return fn();
  } finally {
    setObserver(null);
  }
}

for (const [name, f, inputs] of CASES) {
  test(`gradcheck ${name}`, () => {
    const err = watching(() => gradError(f, inputs));
    assert.ok(err < 1e-6, `first-order error ${err}`);
  });
  test(`gradgradcheck ${name}`, () => {
    const err = watching(() => gradGradError(f, inputs));
    assert.ok(err < 1e-5, `second-order error ${err}`);
  });
}

/** Differentiable ops finite differences cannot check, each with the reason and where it is checked instead. */
const NOT_GRADCHECKED: Record<string, string> = {
  NotImplemented: "PyTorch 1.13 has no derivative for floor_divide (nor a number's remainder by a tensor): backward raises its text; conformance rounding_autograd checks it",
  ToCopyBackward0: "a float64 → float32 round trip loses the 1e-6 steps of the finite differences; conformance op_to_dtype compares PyTorch's grads",
};

test("every differentiable op has a formula per input and ran under gradcheck", () => {
  const names = [...new Set(OP_DEFS.map((d) => d.name))];
  assert.ok(names.length >= 50, `only ${names.length} op definitions registered`);
  const missing = names.filter((n) => !executed.has(n) && !(n in NOT_GRADCHECKED));
  assert.deepEqual(missing, [], "ops without a gradcheck case above");
  for (const def of OP_DEFS) {
    assert.ok(def.formulas.length > 0 && def.formulas.every((f) => /^∂out\/∂\S+ = ./.test(f)), `${def.name}: formulas ${JSON.stringify(def.formulas)}`);
  }
  for (const [name, node] of executed) {
    if (name === "AccumulateGrad") continue;
    // One formula per forward input; list inputs (cat, stack) have one formula for `tensors[i]`.
    const perList = node.formulas.length === 1 && node.formulas[0]!.includes("[i]");
    assert.ok(perList || node.formulas.length === node.next_functions.length, `${name}: ${node.formulas.length} formulas for ${node.next_functions.length} inputs`);
  }
  for (const n of Object.keys(NOT_GRADCHECKED)) assert.ok(names.includes(n), `${n} is listed as not gradchecked but is no op`);
});

test("gradcheck catches a wrong gradient (the checker itself can fail)", () => {
  const wrong: Fn = (a) => torch.no_grad(() => a!.mul(2)).add(a!.mul(0));
  assert.ok(gradError(wrong, [values([3], 1)]) > 0.5);
});

void ({} as Tensor);
