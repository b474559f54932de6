import { promote, scalarTypeName } from "../dtype.js";
import { record } from "../autograd/record.js";
import { defineGrad } from "../autograd/node.js";
import { TorchError } from "../errors.js";
import { broadcastShapes, sameShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { Bin, binaryKernel } from "./kernels.js";
import { matmulKernel, matmulLayouts, rowMajor, type MatLayout } from "./matmul_kernel.js";
import { unbroadcast } from "../autograd/grad_util.js";
import { unsqueeze } from "./shape.js";
import { squeezeNamed, unsafeView } from "./view_internal.js";
import { installMethods, type Method } from "./method.js";

const DOT = defineGrad<null>({
  name: "DotBackward0", saves: ["self", "tensor"], formulas: ["∂out/∂self = tensor", "∂out/∂tensor = self"],
  backward: (n, g) => [n.needs(0) ? n.get(1).mul(g) : null, n.needs(1) ? n.get(0).mul(g) : null],
});
const MM = defineGrad<null>({
  name: "MmBackward0", saves: ["self", "mat2"], formulas: ["∂out/∂self = grad · mat2ᵀ", "∂out/∂mat2 = selfᵀ · grad"],
  backward: (n, g) => [n.needs(0) ? g.mm(n.get(1).t()) : null, n.needs(1) ? n.get(0).t().mm(g) : null],
});
const MV = defineGrad<null>({
  name: "MvBackward0", saves: ["self", "vec"], formulas: ["∂out/∂self = grad ⊗ vec", "∂out/∂vec = selfᵀ · grad"],
  backward: (n, g) => [
    n.needs(0) ? g.unsqueeze(1).mm(n.get(1).unsqueeze(0)) : null,
    n.needs(1) ? n.get(0).t().mv(g) : null,
  ],
});

/** mm/mv/bmm refuse mixed dtypes with PyTorch's text. */
function sameDtype(a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) throw new TorchError(`expected scalar type ${scalarTypeName(a.dtype)} but found ${scalarTypeName(b.dtype)}`);
}

function sz(s: readonly number[]): string {
  return s.join("x");
}

/** PyTorch's `torch.dot(a, b)`: the inner product of two 1-D tensors. */
export function dot(input: Tensor, other: Tensor): Tensor {
  const a = input;
  const b = other;
  if (a._shape.length !== 1 || b._shape.length !== 1) {
    throw new TorchError(`1D tensors expected, but got ${a._shape.length}D and ${b._shape.length}D tensors`);
  }
  if (a._shape[0] !== b._shape[0]) {
    throw new TorchError(
      `inconsistent tensor size, expected tensor [${a._shape[0]}] and src [${b._shape[0]}] to have the same number of elements, but got ${a._shape[0]} and ${b._shape[0]} elements respectively`,
    );
  }
  if (a.dtype !== b.dtype) {
    throw new TorchError(`dot : expected both vectors to have same dtype, but found ${scalarTypeName(a.dtype)} and ${scalarTypeName(b.dtype)}`);
  }
  const dt = promote(a.dtype, b.dtype);
  const x = a.storage;
  const y = b.storage;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  const data = dt === "float64" ? new Float64Array([s]) : new Float32Array([s]);
  return record(new Tensor(data, [], dt), "dot", DOT, [a, b], () => [b.requires_grad ? a : null, a.requires_grad ? b : null], null);
}

/**
 * Where the elements of a 2-D tensor lie, for the matmul kernels: a transposed view (`w.t()` in nn.Linear, the
 * `mat2.t()` of mm's backward) is read through its strides, not first gathered into a contiguous copy.
 */
function mat(t: Tensor): MatLayout {
  const st = t._st;
  if (st !== null) return rowMajor(st, t._shape[1]!);
  const s = t._strides!;
  return { buf: t._buf, offset: t._offset, rs: s[0]!, cs: s[1]! };
}

/** PyTorch's `torch.mm(a, b)`: the matrix product of two 2-D tensors. */
export function mm(input: Tensor, mat2: Tensor): Tensor {
  const a = input;
  const b = mat2;
  if (a._shape.length !== 2) throw new TorchError("self must be a matrix");
  if (b._shape.length !== 2) throw new TorchError("mat2 must be a matrix");
  return mmChecked(a, b, "mm");
}

function mmChecked(a: Tensor, b: Tensor, op: string): Tensor {
  const [m, k] = a._shape as [number, number];
  const [k2, n] = b._shape as [number, number];
  if (k !== k2) throw new TorchError(`mat1 and mat2 shapes cannot be multiplied (${sz(a._shape)} and ${sz(b._shape)})`);
  sameDtype(a, b);
  const dt = promote(a.dtype, b.dtype);
  const data = matmulLayouts(mat(a), mat(b), m, k, n, dt);
  return record(new Tensor(data, [m, n], dt), op, MM, [a, b], () => [b.requires_grad ? a : null, a.requires_grad ? b : null], null);
}

/** PyTorch's `torch.mv(a, v)`: the product of a matrix and a vector. */
export function mv(input: Tensor, vec: Tensor): Tensor {
  const a = input;
  const v = vec;
  if (a._shape.length !== 2 || v._shape.length !== 1) {
    throw new TorchError(`vector + matrix @ vector expected, got 1, ${a._shape.length}, ${v._shape.length}`);
  }
  const [m, k] = a._shape as [number, number];
  if (v._shape[0] !== k) throw new TorchError(`size mismatch, got ${m}, ${m}x${k},${v._shape[0]}`);
  sameDtype(a, v);
  const dt = promote(a.dtype, v.dtype);
  const data = matmulKernel(a.storage, v.storage, m, k, 1, dt);
  return record(new Tensor(data, [m], dt), "mv", MV, [a, v], () => [v.requires_grad ? a : null, a.requires_grad ? v : null], null);
}

/** PyTorch's `torch.matmul(a, b)`: dot, matrix–vector, matrix or batched product by the inputs' dims (Python's `a @ b`). */
export function matmul(input: Tensor, other: Tensor): Tensor {
  const a = input;
  const b = other;
  const da = a._shape.length;
  const db = b._shape.length;
  if (da === 0 || db === 0) {
    throw new TorchError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  }
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) {
    const k2 = b._shape[0]!;
    if (a._shape[0] !== k2) {
      throw new TorchError(`mat1 and mat2 shapes cannot be multiplied (1x${a._shape[0]} and ${sz(b._shape)})`);
    }
    return squeezeNamed(mmChecked(unsqueeze(a, 0), b, "matmul"), 0, "SqueezeBackward3", "matmul");
  }
  if (da === 2 && db === 2) return mmChecked(a, b, "matmul");
  if (db <= 2 && da >= 3) {
    const k = a._shape[da - 1]!;
    const lead = a._shape.slice(0, -1);
    const b2 = db === 1 ? unsqueeze(b, 1) : b;
    const flat = a.reshape(-1, k);
    const r = mmChecked(flat, b2, "matmul");
    return unsafeView(r, db === 1 ? lead : [...lead, b2._shape[1]!]);
  }
  // Batched: broadcast the batch dims, fold them into one, bmm, unfold (PyTorch's expand → reshape → bmm → view).
  const a2 = da === 1 ? unsqueeze(a, 0) : a;
  const b2 = db === 1 ? unsqueeze(b, 1) : b;
  const [n, k] = a2._shape.slice(-2) as [number, number];
  const [k2, p] = b2._shape.slice(-2) as [number, number];
  const batch = broadcastShapes(a2._shape.slice(0, -2), b2._shape.slice(0, -2));
  const bsz = batch.reduce((x, y) => x * y, 1);
  const ae = sameShape(a2._shape.slice(0, -2), batch) ? a2 : a2.expand([...batch, n, k]);
  const be = sameShape(b2._shape.slice(0, -2), batch) ? b2 : b2.expand([...batch, k2, p]);
  const r = batched(ae.reshape(bsz, n, k), be.reshape(bsz, k2, p), "matmul");
  const outShape = [...batch, n, p];
  if (da === 1) outShape.splice(outShape.length - 2, 1);
  if (db === 1) outShape.splice(outShape.length - 1, 1);
  return unsafeView(r, outShape);
}

const BMM = defineGrad<null>({
  name: "BmmBackward0", saves: ["self", "mat2"], formulas: ["∂out/∂self = grad · mat2ᵀ (per batch)", "∂out/∂mat2 = selfᵀ · grad (per batch)"],
  backward: (n, g) => [
    n.needs(0) ? bmm(g, n.get(1).transpose(1, 2)) : null,
    n.needs(1) ? bmm(n.get(0).transpose(1, 2), g) : null,
  ],
});

/** PyTorch's `torch.bmm(a, b)`: batched matrix product of two 3-D tensors. */
export function bmm(input: Tensor, mat2: Tensor): Tensor { return batched(input, mat2, "bmm"); }

function batched(a: Tensor, b: Tensor, op: string): Tensor {
  if (a._shape.length !== 3) throw new TorchError("batch1 must be a 3D tensor");
  if (b._shape.length !== 3) throw new TorchError("batch2 must be a 3D tensor");
  const [bs, n, k] = a._shape as [number, number, number];
  if (b._shape[0] !== bs || b._shape[1] !== k) {
    throw new TorchError(`Expected size for first two dimensions of batch2 tensor to be: [${bs}, ${k}] but got: [${b._shape[0]}, ${b._shape[1]}].`);
  }
  const p = b._shape[2]!;
  sameDtype(a, b);
  const dt = promote(a.dtype, b.dtype);
  const out = dt === "float64" ? new Float64Array(bs * n * p) : new Float32Array(bs * n * p);
  for (let i = 0; i < bs; i++) {
    const r = matmulKernel(a.storage.subarray(i * n * k, (i + 1) * n * k), b.storage.subarray(i * k * p, (i + 1) * k * p), n, k, p, dt);
    out.set(r, i * n * p);
  }
  return record(new Tensor(out, [bs, n, p], dt), op, BMM, [a, b], () => [b.requires_grad ? a : null, a.requires_grad ? b : null], null);
}

interface AddmmCtx { beta: number; alpha: number; inShape: readonly number[] }
const ADDMM = defineGrad<AddmmCtx>({
  name: "AddmmBackward0", saves: ["mat1", "mat2"],
  formulas: ["∂out/∂self = beta (summed over broadcasting)", "∂out/∂mat1 = alpha · grad · mat2ᵀ", "∂out/∂mat2 = alpha · mat1ᵀ · grad"],
  backward: (n, g) => {
    const { beta, alpha } = n.ctx;
    return [
      n.needs(0) ? unbroadcast(beta === 1 ? g : g.mul(beta), n.ctx.inShape) : null,
      n.needs(1) ? scaled(g.mm(n.get(1).t()), alpha) : null,
      n.needs(2) ? scaled(n.get(0).t().mm(g), alpha) : null,
    ];
  },
});

function scaled(t: Tensor, k: number): Tensor {
  return k === 1 ? t : t.mul(k);
}

/** PyTorch's `torch.addmm(input, mat1, mat2, beta=1, alpha=1)`: beta·input + alpha·(mat1 @ mat2), input broadcast (what nn.Linear runs). */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor {
  const beta = opts?.beta ?? 1;
  const alpha = opts?.alpha ?? 1;
  if (mat1._shape.length !== 2) throw new TorchError("mat1 must be a matrix, got " + mat1._shape.length + "-D tensor");
  if (mat2._shape.length !== 2) throw new TorchError("mat2 must be a matrix, got " + mat2._shape.length + "-D tensor");
  const [m, k] = mat1._shape as [number, number];
  const [k2, p] = mat2._shape as [number, number];
  if (k !== k2) throw new TorchError(`mat1 and mat2 shapes cannot be multiplied (${sz(mat1._shape)} and ${sz(mat2._shape)})`);
  sameDtype(mat1, mat2);
  const dt = promote(mat1.dtype, mat2.dtype);
  const prod = matmulLayouts(mat(mat1), mat(mat2), m, k, p, dt);
  const bias = binaryKernel(Bin.Add, new Float64Array(m * p), [m, p], input.storage, input._shape, dt).data;
  for (let i = 0; i < prod.length; i++) prod[i] = beta * bias[i]! + alpha * prod[i]!;
  return record(new Tensor(prod, [m, p], dt), "addmm", ADDMM, [input, mat1, mat2], () => [mat2.requires_grad ? mat1 : null, mat1.requires_grad ? mat2 : null], { beta, alpha, inShape: input._shape });
}

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.dot(other)`: the inner product of two 1-D tensors. */
    dot: Method<typeof dot>;
    /** PyTorch's `x.mm(other)`: the matrix product of two 2-D tensors. */
    mm: Method<typeof mm>;
    /** PyTorch's `x.mv(vec)`: the product of a matrix and a vector. */
    mv: Method<typeof mv>;
    /** PyTorch's `x.matmul(other)`, i.e. Python's `x @ other`: dot, matrix–vector, matrix or batched product by the inputs' dims. */
    matmul: Method<typeof matmul>;
    /** PyTorch's `x.addmm(mat1, mat2, beta=1, alpha=1)`: beta·x + alpha·(mat1 @ mat2). */
    addmm: Method<typeof addmm>;
    /** PyTorch's `x.bmm(other)`: batched matrix product of two 3-D tensors. */
    bmm: Method<typeof bmm>;
  }
}
installMethods({ dot, mm, mv, matmul, bmm, addmm });
