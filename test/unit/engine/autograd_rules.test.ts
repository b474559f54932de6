/** Autograd rules with PyTorch 1.13's behaviour and texts (each checked against /usr/bin/python3's torch). */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as torch from "../../../src/engine/index.js";
import { resetEngine, setObserver, TorchError } from "../../../src/engine/runtime.js";
import type { WarningEvent } from "../../../src/engine/observer.js";

const FREED =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

function throwsText(f: () => unknown, text: string): void {
  assert.throws(f, (e: unknown) => e instanceof TorchError && e.message === text);
}
const vals = (t: torch.Tensor | null): number[] => Array.from(t!.storage);

test("course example: y = 2 x·x, gradients 4x, repr as PyTorch", () => {
  const x = torch.arange(4.0);
  x.requires_grad_(true);
  assert.equal(x.grad as torch.Tensor | null, null);
  const y = torch.mul(2, torch.dot(x, x));
  assert.equal(y.toString(), "tensor(28., grad_fn=<MulBackward0>)");
  y.backward();
  assert.equal(x.grad!.toString(), "tensor([ 0.,  4.,  8., 12.])");
  assert.equal(x.grad!.eq(x.mul(4)).toString(), "tensor([True, True, True, True])");
});

test("gradients accumulate; grad.zero_() resets", () => {
  const x = torch.arange(4, { requires_grad: true });
  x.sum().backward();
  x.sum().backward();
  assert.deepEqual(vals(x.grad), [2, 2, 2, 2]);
  x.grad!.zero_();
  x.mul(x).sum().backward();
  assert.deepEqual(vals(x.grad), [0, 2, 4, 6]);
});

test("non-scalar backward needs a gradient; with one it works", () => {
  const x = torch.arange(4, { requires_grad: true });
  const y = x.mul(x);
  throwsText(() => y.backward(), "grad can be implicitly created only for scalar outputs");
  y.backward(torch.ones(4));
  assert.deepEqual(vals(x.grad), [0, 2, 4, 6]);
  throwsText(() => x.mul(2).backward(torch.ones(2)),
    "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([4]).");
});

test("backward on a tensor that does not require grad", () => {
  throwsText(() => torch.ones(3).sum().backward(), "element 0 of tensors does not require grad and does not have a grad_fn");
});

test("second backward fails through nodes that saved tensors, not through ones that saved nothing", () => {
  const x = torch.tensor([1, 2, 3], { requires_grad: true });
  const y = x.mul(x).sum();
  y.backward();
  throwsText(() => y.backward(), FREED);
  const s = x.add(2).sum();
  s.backward();
  s.backward();
  assert.deepEqual(vals(x.grad), [2 + 2, 4 + 2, 6 + 2]);
  for (const f of [() => x.mul(2).sum(), () => x.exp().sum(), () => x.div(2).sum(), () => x.relu().sum()]) {
    const z = f();
    z.backward();
    throwsText(() => z.backward(), FREED);
  }
  for (const f of [() => x.mean(), () => x.neg().sum(), () => x.view(3, 1).sum()]) {
    const z = f();
    z.backward();
    z.backward();
  }
});

test("retain_graph keeps saved tensors; freed nodes report no saved tensors", () => {
  const x = torch.tensor([1, 2], { requires_grad: true });
  const y = x.mul(x).sum();
  y.backward({ retain_graph: true });
  const mulNode = y.grad_fn!.next_functions[0]![0]!;
  assert.equal(mulNode.savedTensors.length, 2);
  y.backward();
  assert.deepEqual(vals(x.grad), [4, 8]);
  assert.equal(mulNode.savedTensors.length, 0);
});

test("detach cuts the graph and shares storage", () => {
  const x = torch.arange(4, { requires_grad: true });
  const y = x.mul(x);
  const u = y.detach();
  assert.equal(u.requires_grad, false);
  const z = u.mul(x);
  z.sum().backward();
  assert.deepEqual(vals(x.grad), vals(u));
  u.zero_();
  assert.deepEqual(vals(y), [0, 0, 0, 0]);
});

test("grad_fn, next_functions, is_leaf like PyTorch", () => {
  const x = torch.tensor([1, 2, 3], { requires_grad: true });
  const y = torch.tensor([4, 5, 6], { requires_grad: true });
  const z = x.mul(2);
  assert.equal(z.grad_fn!.name(), "MulBackward0");
  assert.equal(z.grad_fn!.next_functions[0]![0]!.name(), "AccumulateGrad");
  assert.equal(z.grad_fn!.next_functions[1]![0], null);
  assert.equal(z.grad_fn!.next_functions[0]![0]!.variable, x);
  assert.equal(x.is_leaf, true);
  assert.equal(z.is_leaf, false);
  assert.equal(torch.ones(2).is_leaf, true);
  assert.equal(x.add(y).grad_fn!.next_functions[1]![0]!.variable, y);
  assert.equal(torch.sub(2, x).grad_fn!.name(), "RsubBackward1");
  assert.equal(torch.div(2, x).grad_fn!.next_functions[0]![0]!.name(), "ReciprocalBackward0");
  assert.equal(x.norm().grad_fn!.name(), "NormBackward1");
  assert.equal(x.matmul(torch.ones(3, 2)).grad_fn!.name(), "SqueezeBackward3");
});

test("reading .grad of a non-leaf: null plus PyTorch's warning via the observer", () => {
  const warnings: WarningEvent[] = [];
  setObserver({ warning: (e) => warnings.push(e) });
  try {
    const x = torch.ones(2, { requires_grad: true });
    const y = x.mul(2);
    assert.equal(y.grad as torch.Tensor | null, null);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /^The \.grad attribute of a Tensor that is not a leaf Tensor is being accessed/);
    assert.equal(warnings[0]!.tensor, y);
    y.retain_grad();
    y.sum().backward();
    assert.deepEqual(vals(y.grad), [1, 1]);
    assert.equal(warnings.length, 1);
  } finally {
    setObserver(null);
  }
});

test("retain_grad accumulates like a leaf", () => {
  const x = torch.tensor([1, 2, 3], { requires_grad: true });
  const y = x.mul(2);
  y.retain_grad();
  const z = y.mul(y).sum();
  z.backward({ retain_graph: true });
  assert.deepEqual(vals(y.grad), [4, 8, 12]);
  z.backward();
  assert.deepEqual(vals(y.grad), [8, 16, 24]);
  throwsText(() => torch.ones(3).retain_grad(), "can't retain_grad on Tensor that has requires_grad=False");
});

test("register_hook may replace the gradient (non-leaf and leaf)", () => {
  const x = torch.tensor([1, 2, 3], { requires_grad: true });
  const h = x.mul(3);
  const seen: number[][] = [];
  h.register_hook((g) => { seen.push(vals(g)); return g.mul(10); });
  h.sum().backward();
  assert.deepEqual(seen, [[1, 1, 1]]);
  assert.deepEqual(vals(x.grad), [30, 30, 30]);
  const w = torch.ones(2, { requires_grad: true });
  const handle = w.register_hook((g) => g.mul(2));
  w.sum().backward();
  assert.deepEqual(vals(w.grad), [2, 2]);
  handle.remove();
  w.sum().backward();
  assert.deepEqual(vals(w.grad), [3, 3]);
  throwsText(() => torch.ones(3).register_hook((g) => g), "cannot register a hook on a tensor that doesn't require gradient");
});

test("autograd.grad: first and second order, allow_unused, errors", () => {
  const a = torch.tensor(2, { requires_grad: true });
  const b = a.mul(a);
  const [g] = torch.autograd.grad(b, a, { create_graph: true });
  assert.equal(g!.toString(), "tensor(4., grad_fn=<AddBackward0>)");
  const [g2] = torch.autograd.grad(g!, a);
  assert.equal(g2!.toString(), "tensor(2.)");
  assert.equal(a.grad as torch.Tensor | null, null);
  const unused = torch.ones(1, { requires_grad: true });
  const r = torch.autograd.grad(a.mul(3), [a, unused], { allow_unused: true });
  assert.equal(r[0]!.item(), 3);
  assert.equal(r[1], null);
  throwsText(() => torch.autograd.grad(a.mul(3), [unused]),
    "One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.");
  throwsText(() => torch.autograd.grad(a.mul(3), [torch.ones(2)]), "One of the differentiated Tensors does not require grad");
});

test("create_graph gives third derivatives of x³", () => {
  const x = torch.tensor(1.5, { requires_grad: true, dtype: torch.float64 });
  const y = x.pow(3);
  const [d1] = torch.autograd.grad(y, x, { create_graph: true });
  const [d2] = torch.autograd.grad(d1!, x, { create_graph: true });
  const [d3] = torch.autograd.grad(d2!, x);
  assert.equal(d1!.item(), 3 * 1.5 * 1.5);
  assert.equal(d2!.item(), 6 * 1.5);
  assert.equal(d3!.item(), 6);
});

test("backward(inputs=...) only fills the chosen leaves", () => {
  const x = torch.ones(2, { requires_grad: true });
  const y = torch.ones(2, { requires_grad: true });
  x.mul(y).sum().backward({ inputs: [x] });
  assert.deepEqual(vals(x.grad), [1, 1]);
  assert.equal(y.grad as torch.Tensor | null, null);
});

test("in-place rules: leaf requiring grad only under no_grad; non-leaf gets a new grad_fn", () => {
  const w = torch.ones(3, { requires_grad: true });
  throwsText(() => w.add_(1), "a leaf Variable that requires grad is being used in an in-place operation.");
  throwsText(() => w.zero_(), "a leaf Variable that requires grad is being used in an in-place operation.");
  torch.no_grad(() => w.sub_(torch.tensor([1, 2, 3]).mul(0.5)));
  assert.deepEqual(vals(w), [0.5, 0, -0.5]);
  assert.equal(w.is_leaf, true);
  const x = torch.tensor([1, 2, 3], { requires_grad: true });
  const q = x.mul(2);
  q.add_(1);
  assert.equal(q.toString(), "tensor([3., 5., 7.], grad_fn=<AddBackward0>)");
  assert.equal(q.grad_fn!.next_functions[0]![0]!.name(), "MulBackward0");
  const m = x.mul(2);
  m.mul_(x);
  assert.equal(m.toString(), "tensor([ 2.,  8., 18.], grad_fn=<MulBackward0>)");
  m.sum().backward();
  assert.deepEqual(vals(x.grad), [4, 8, 12]);
  const z = x.mul(2);
  z.zero_();
  assert.equal(z.toString(), "tensor([0., 0., 0.], grad_fn=<ZeroBackward0>)");
  throwsText(() => torch.ones(3).add_(torch.ones(2, 3)), "output with shape [3] doesn't match the broadcast shape [2, 3]");
});

test("requires_grad_ rules", () => {
  const x = torch.ones(2, { requires_grad: true });
  throwsText(() => x.mul(2).requires_grad_(false),
    "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
  throwsText(() => torch.tensor([true]).requires_grad_(), "only Tensors of floating point dtype can require gradients");
  assert.equal(x.requires_grad_(false).requires_grad, false);
});

test("no_grad / enable_grad / is_grad_enabled", () => {
  const x = torch.ones(2, { requires_grad: true });
  const y = torch.no_grad(() => x.mul(2));
  assert.equal(y.requires_grad, false);
  assert.equal(y.grad_fn, null);
  assert.equal(torch.no_grad(() => torch.is_grad_enabled()), false);
  assert.equal(torch.no_grad(() => torch.enable_grad(() => x.mul(2))).grad_fn!.name(), "MulBackward0");
  assert.equal(torch.is_grad_enabled(), true);
});

test("item, tolist, valueOf, comparisons and JS coercion", () => {
  const b = torch.tensor([1.5, 2]);
  assert.equal(b.norm().lt(1000).item(), true);
  assert.ok((b.norm() as unknown as number) < 1000);
  assert.ok((b.sum() as unknown as number) > 3);
  assert.deepEqual(torch.ones(2, 2).tolist(), [[1, 1], [1, 1]]);
  assert.deepEqual(b.gt(1.7).tolist(), [false, true]);
  assert.equal(b.gt(0).all().item(), true);
  assert.equal(b.gt(1.7).all().item(), false);
  assert.equal(b.gt(1.7).any().item(), true);
  throwsText(() => (b as unknown as number) < 3, "Boolean value of Tensor with more than one value is ambiguous");
  throwsText(() => b.item(), "only one element tensors can be converted to Python scalars");
  assert.deepEqual(b.shape, [2]);
  assert.deepEqual(torch.ones(2, 3).size(), [2, 3]);
  assert.equal(torch.ones(2, 3).size(-1), 3);
  assert.equal(torch.ones(2, 3).dim(), 2);
  assert.equal(torch.ones(2, 3).numel(), 6);
  throwsText(() => torch.ones(2, 3).size(2), "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
});

test("shape errors carry PyTorch's texts", () => {
  throwsText(() => torch.ones(2, 3).add(torch.ones(2, 4)), "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1");
  throwsText(() => torch.ones(3, 2).mm(torch.ones(3, 4)), "mat1 and mat2 shapes cannot be multiplied (3x2 and 3x4)");
  throwsText(() => torch.ones(3, 2).matmul(torch.ones(3, 4)), "mat1 and mat2 shapes cannot be multiplied (3x2 and 3x4)");
  throwsText(() => torch.ones(3).dot(torch.ones(4)),
    "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively");
  throwsText(() => torch.ones(3, 1).dot(torch.ones(3)), "1D tensors expected, but got 2D and 1D tensors");
  throwsText(() => torch.ones(3).mv(torch.ones(4)), "vector + matrix @ vector expected, got 1, 1, 1");
  throwsText(() => torch.ones(3, 3).mv(torch.ones(4)), "size mismatch, got 3, 3x3,4");
  throwsText(() => torch.ones(3).mm(torch.ones(3, 3)), "self must be a matrix");
  throwsText(() => torch.ones(3, 3).mm(torch.ones(3)), "mat2 must be a matrix");
  throwsText(() => torch.ones(2, 3).matmul(torch.ones(4)), "size mismatch, got 2, 2x3,4");
  throwsText(() => torch.ones(3).matmul(torch.ones(4, 2)), "mat1 and mat2 shapes cannot be multiplied (1x3 and 4x2)");
  throwsText(() => torch.ones(2, 3).view(7), "shape '[7]' is invalid for input of size 6");
  throwsText(() => torch.ones(2, 3).t().view(6),
    "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
  throwsText(() => torch.ones(2, 3).sum(2), "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
  throwsText(() => torch.ones(2, 3).expand(3, 3),
    "The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 0.  Target sizes: [3, 3].  Tensor sizes: [2, 3]");
  throwsText(() => torch.ones(2, 3).expand(3),
    "expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)");
  throwsText(() => torch.ones(2, 3, 4).t(), "t() expects a tensor with <= 2 dimensions, but self is 3D");
  throwsText(() => torch.tensor([[1, 2], [3]]), "expected sequence of length 2 at dim 1 (got 1)");
  throwsText(() => torch.ones(0).max(),
    "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
  throwsText(() => torch.ones(2).clamp(), "torch.clamp: At least one of 'min' or 'max' must not be None");
  throwsText(() => torch.zeros(2, -3), "Trying to create tensor with negative dimension -3: [2, -3]");
  throwsText(() => torch.randn([2, -1]), "Trying to create tensor with negative dimension -1: [2, -1]");
  throwsText(() => torch.eye(-1), "n must be greater or equal to 0, got -1");
  throwsText(() => torch.ones(2, 3).sum([0, 0]), "dim 0 appears multiple times in the list of dims");
  throwsText(() => torch.ones(6).view(-1, -1), "only one dimension can be inferred");
});

test("NaN and Inf propagate", () => {
  const x = torch.tensor([NaN, Infinity, 1], { requires_grad: true });
  const y = x.mul(0);
  assert.equal(y.toString(), "tensor([nan, nan, 0.], grad_fn=<MulBackward0>)");
  x.exp().sum().backward();
  assert.equal(x.grad!.toString(), "tensor([   nan,    inf, 2.7183])");
  assert.ok(Number.isNaN(torch.tensor([1, NaN]).max().item() as number));
  assert.ok(Number.isNaN(torch.ones(2, 2).mm(torch.tensor([[NaN, 0], [0, 0]])).storage[0]!));
});

test("creation: shapes as numbers or arrays, 0-d randn, dtype, element limit", async () => {
  const rt = await import("../../../src/engine/runtime.js");
  assert.deepEqual(torch.ones([2, 3]).shape, [2, 3]);
  assert.deepEqual(torch.ones(2, 3).shape, [2, 3]);
  const r = torch.randn([], { requires_grad: true });
  assert.deepEqual(r.shape, []);
  assert.equal(r.requires_grad, true);
  assert.deepEqual(torch.randn({ size: [], requires_grad: true }).shape, []);
  assert.equal(torch.tensor([1, 2], { dtype: torch.float64 }).dtype, "float64");
  assert.equal(torch.arange(1, 2, 0.25).toString(), "tensor([1.0000, 1.2500, 1.5000, 1.7500])");
  assert.equal(torch.linspace(0, 1, 5).toString(), "tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])");
  assert.equal(torch.eye(2).toString(), "tensor([[1., 0.],\n        [0., 1.]])");
  assert.equal(torch.full([2], 7).toString(), "tensor([7., 7.])");
  torch.manual_seed(3);
  const a = torch.randn(3).tolist();
  torch.manual_seed(3);
  assert.deepEqual(torch.randn(3).tolist(), a);
  rt.setElementLimit(10);
  try {
    assert.throws(() => torch.zeros(4, 4), (e: unknown) => e instanceof TorchError && /16/.test(e.message) && /10/.test(e.message));
  } finally {
    rt.setElementLimit(Infinity);
  }
});

test("float32 arithmetic rounds like PyTorch; float64 promotes", () => {
  assert.equal(torch.tensor([0.1]).add(0.2).item(), Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  assert.equal(torch.tensor([0.1], { dtype: torch.float64 }).add(torch.tensor([0.2])).dtype, "float64");
});

test("resetEngine restarts ids and grad mode", () => {
  resetEngine();
  const a = torch.ones(1, { requires_grad: true });
  assert.equal(a.id, 1);
  const b = a.mul(2);
  assert.equal(b.grad_fn!.next_functions[0]![0]!.id, 1);
  assert.equal(b.grad_fn!.id, 2);
  torch.set_grad_enabled(false);
  resetEngine();
  assert.equal(torch.is_grad_enabled(), true);
  assert.equal(torch.ones(1).id, 1);
});

test("deep loop graphs do not overflow the stack", () => {
  const x = torch.tensor(1, { requires_grad: true, dtype: torch.float64 });
  let y = x;
  for (let i = 0; i < 100_000; i++) y = y.mul(1.00001);
  y.backward();
  assert.ok(Math.abs((x.grad!.item() as number) - Math.pow(1.00001, 100_000)) < 1e-6);
});

test("saved tensors modified in place make backward fail with PyTorch's version text", () => {
  const hint = " Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).";
  const x = torch.tensor([1, 2], { requires_grad: true });
  const y = x.exp();
  y.add_(1);
  throwsText(() => y.sum().backward(),
    "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead." + hint);
  const w = torch.ones(2, { requires_grad: true });
  const z = w.mul(w);
  torch.no_grad(() => w.add_(1));
  throwsText(() => z.sum().backward(),
    "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]] is at version 1; expected version 0 instead." + hint);
  const d = torch.ones(2, 3, { dtype: torch.float64, requires_grad: true });
  const q = d.add(0);
  const r = q.mul(q);
  q.detach().zero_();
  throwsText(() => r.sum().backward(),
    "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [2, 3]], which is output 0 of AddBackward0, is at version 1; expected version 0 instead." + hint);
  const ok = torch.ones(2, { requires_grad: true });
  const s = ok.add(1);
  s.mul_(2);
  s.sum().backward();
  assert.deepEqual(vals(ok.grad), [2, 2]);
});

test("backward(create_graph=True) warns like PyTorch", () => {
  const warnings: string[] = [];
  setObserver({ warning: (e) => warnings.push(e.message) });
  try {
    const x = torch.tensor([2, 3], { requires_grad: true });
    x.mul(x).mul(x).sum().backward({ create_graph: true });
    assert.equal(x.grad!.requires_grad, true);
    assert.deepEqual(vals(x.grad), [12, 27]);
  } finally {
    setObserver(null);
  }
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^Using backward\(\) with create_graph=True will create a reference cycle/);
});

test("number on the left records like Python's operators (2 + x, 2 - x, 2 * x, 2 / x, 2 ** x)", () => {
  const x = torch.tensor([1, 2], { requires_grad: true });
  assert.equal(torch.add(2, x).toString(), "tensor([3., 4.], grad_fn=<AddBackward0>)");
  assert.equal(torch.add(2, x, { alpha: 3 }).toString(), "tensor([5., 8.], grad_fn=<AddBackward0>)");
  assert.equal(torch.sub(2, x).toString(), "tensor([1., 0.], grad_fn=<RsubBackward1>)");
  assert.equal(torch.mul(2, x).toString(), "tensor([2., 4.], grad_fn=<MulBackward0>)");
  assert.equal(torch.div(2, x).toString(), "tensor([2., 1.], grad_fn=<MulBackward0>)");
  assert.equal(torch.pow(2, x).toString(), "tensor([2., 4.], grad_fn=<PowBackward1>)");
});

test("assigning requires_grad follows requires_grad_'s rules and is reported", () => {
  const changed: string[] = [];
  setObserver({ tensorChanged: (e) => changed.push(e.op) });
  try {
    const x = torch.ones(2);
    x.requires_grad = true;
    assert.equal(x.requires_grad, true);
    assert.deepEqual(changed, ["requires_grad_"]);
    throwsText(() => { x.mul(2).requires_grad = false; },
      "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    throwsText(() => { torch.tensor([true]).requires_grad = true; }, "only Tensors of floating point and complex dtype can require gradients");
    throwsText(() => torch.tensor([true], { requires_grad: true }), "Only Tensors of floating point and complex dtype can require gradients");
  } finally {
    setObserver(null);
  }
});

test("cat / stack / narrow / permute errors carry PyTorch's texts", () => {
  const x = torch.ones(2, 3);
  throwsText(() => torch.cat([x, torch.ones(3, 2)]),
    "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 2 for tensor number 1 in the list.");
  throwsText(() => torch.cat([x, torch.ones(3)]), "Tensors must have same number of dimensions: got 2 and 1");
  throwsText(() => torch.cat([]), "torch.cat(): expected a non-empty list of Tensors");
  throwsText(() => torch.cat([x], 2), "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
  throwsText(() => torch.stack([x, torch.ones(3, 3)]), "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [3, 3] at entry 1");
  throwsText(() => torch.stack([x, x], 3), "Dimension out of range (expected to be in range of [-3, 2], but got 3)");
  throwsText(() => x.narrow(1, 2, 2), "start (2) + length (2) exceeds dimension size (3).");
  throwsText(() => x.permute(0),
    "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 1");
  throwsText(() => x.permute(0, 0), "permute(): duplicate dims are not allowed.");
  assert.equal(x.T.toString(), "tensor([[1., 1.],\n        [1., 1.],\n        [1., 1.]])");
});

test("in-place on a view of a leaf that requires grad, or on a no_grad view, fails like PyTorch", () => {
  const w = torch.ones(3, { requires_grad: true });
  const viewOfLeaf = "a view of a leaf Variable that requires grad is being used in an in-place operation.";
  throwsText(() => w.view(3).add_(1), viewOfLeaf);
  throwsText(() => w.unsqueeze(0).mul_(2), viewOfLeaf);
  throwsText(() => w.at(0).zero_(), viewOfLeaf);
  throwsText(() => w.t().add_(1), viewOfLeaf);
  w.detach().add_(1);
  assert.deepEqual(vals(w), [2, 2, 2]);
  const v = torch.no_grad(() => w.view(3));
  throwsText(() => v.add_(1),
    "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).");
  torch.no_grad(() => v.add_(1));
  assert.deepEqual(vals(w), [3, 3, 3]);
});

test("in-place on a view of a non-leaf updates the base's graph (CopySlices), values from PyTorch", () => {
  const x = torch.tensor([1, 2, 3, 4], { requires_grad: true });
  let y = x.mul(2);
  y.view(2, 2).mul_(3);
  assert.equal(y.toString(), "tensor([ 6., 12., 18., 24.], grad_fn=<CopySlices>)");
  y.mul(x).sum().backward();
  assert.equal(x.grad!.toString(), "tensor([12., 24., 36., 48.])");
  x.grad = null;
  y = x.mul(2);
  y.at(1).mul_(5);
  assert.equal(y.toString(), "tensor([ 2., 20.,  6.,  8.], grad_fn=<CopySlices>)");
  y.mul(y).sum().backward();
  assert.equal(x.grad!.toString(), "tensor([  8., 400.,  24.,  32.])");
  x.grad = null;
  y = x.mul(2);
  y.unsqueeze(0).zero_();
  y.sum().backward();
  assert.equal(x.grad!.toString(), "tensor([0., 0., 0., 0.])");
});

test("norm with p = ±inf and p = 0: values and gradients as PyTorch", () => {
  const x = torch.tensor([1, -3, 3], { requires_grad: true });
  const n = x.norm(Infinity);
  n.backward();
  assert.equal(n.toString(), "tensor(3., grad_fn=<NormBackward1>)");
  assert.equal(x.grad!.toString(), "tensor([ 0.0000, -0.5000,  0.5000])");
  x.grad = null;
  assert.equal(x.norm(0).toString(), "tensor(3., grad_fn=<NormBackward1>)");
  x.norm(0).backward();
  assert.equal(x.grad as torch.Tensor | null, null);
  x.norm(-Infinity).backward();
  assert.equal(x.grad!.toString(), "tensor([1., -0., 0.])");
  const y = torch.tensor([[1, -3], [2, 2]], { requires_grad: true });
  y.norm(Infinity, 1).sum().backward();
  assert.equal(y.grad!.toString(), "tensor([[ 0.0000, -1.0000],\n        [ 0.5000,  0.5000]])");
});

test("transpose of a dim with itself is the identity (found by the chain property test)", () => {
  const x = torch.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.equal(x.transpose(0, 0).toString(), "tensor([[1., 2., 3.],\n        [4., 5., 6.]])");
  assert.equal(x.transpose(-1, 1).sum(0).toString(), "tensor([5., 7., 9.])");
});

test("dtype rules: 0-d tensors do not promote, linear algebra refuses mixed dtypes (PyTorch's texts)", () => {
  const f64 = { dtype: torch.float64 };
  assert.equal(torch.ones(3).mul(torch.tensor(2, f64)).dtype, "float32");
  assert.equal(torch.ones(3, f64).mul(torch.tensor(2)).dtype, "float64");
  assert.equal(torch.tensor(1).mul(torch.tensor(2, f64)).dtype, "float64");
  assert.equal(torch.ones(3).add(torch.ones(3, f64)).dtype, "float64");
  assert.equal(torch.where(torch.tensor([true]), torch.ones(1), torch.tensor(2, f64)).dtype, "float32");
  throwsText(() => torch.ones(2, f64).dot(torch.ones(2)), "dot : expected both vectors to have same dtype, but found Double and Float");
  throwsText(() => torch.ones(2, 2, f64).mm(torch.ones(2, 2)), "expected scalar type Double but found Float");
  throwsText(() => torch.ones(2, 2, 2).bmm(torch.ones(2, 2, 2, f64)), "expected scalar type Float but found Double");
  throwsText(() => torch.ones(2, 2).mv(torch.ones(2, f64)), "expected scalar type Float but found Double");
});
