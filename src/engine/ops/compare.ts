import { reportCreated } from "../autograd/record.js";
import { TorchError } from "../errors.js";
import { sameShape } from "../shape.js";
import { state } from "../state.js";
import { Tensor, type TensorLike } from "../tensor.js";
import { Bin, binaryKernel } from "./kernels.js";
import { installMethods, type Method } from "./method.js";

const CODES = { eq: Bin.Eq, ne: Bin.Ne, gt: Bin.Gt, lt: Bin.Lt, ge: Bin.Ge, le: Bin.Le } as const;

/** PyTorch's `torch.eq(a, b)`: a bool tensor, true where a == b (Python's `a == b`). */
export function eq(input: TensorLike, other: TensorLike): Tensor { return compare(input, other, "eq"); }
/** PyTorch's `torch.ne(a, b)`: a bool tensor, true where a != b (Python's `a != b`). */
export function ne(input: TensorLike, other: TensorLike): Tensor { return compare(input, other, "ne"); }
/** PyTorch's `torch.gt(a, b)`: a bool tensor, true where a > b (Python's `a > b`). */
export function gt(input: TensorLike, other: TensorLike): Tensor { return compare(input, other, "gt"); }
/** PyTorch's `torch.lt(a, b)`: a bool tensor, true where a < b (Python's `a < b`). */
export function lt(input: TensorLike, other: TensorLike): Tensor { return compare(input, other, "lt"); }
/** PyTorch's `torch.ge(a, b)`: a bool tensor, true where a >= b (Python's `a >= b`). */
export function ge(input: TensorLike, other: TensorLike): Tensor { return compare(input, other, "ge"); }
/** PyTorch's `torch.le(a, b)`: a bool tensor, true where a <= b (Python's `a <= b`). */
export function le(input: TensorLike, other: TensorLike): Tensor { return compare(input, other, "le"); }

function compare(a: TensorLike, b: TensorLike, op: keyof typeof CODES): Tensor {
  const at = a instanceof Tensor ? a : null;
  const bt = b instanceof Tensor ? b : null;
  if (at === null && bt === null) throw new TorchError(`${op}() expects at least one tensor argument`, { kind: "TypeError" });
  const as = at !== null ? at.storage : new Float64Array([a as number]);
  const ash = at !== null ? at._shape : [];
  const bs = bt !== null ? bt.storage : new Float64Array([b as number]);
  const bsh = bt !== null ? bt._shape : [];
  const r = binaryKernel(CODES[op], as, ash, bs, bsh, "bool");
  const out = new Tensor(r.data, r.shape, "bool");
  if (state.observer !== null) {
    const inputs: Tensor[] = [];
    if (at !== null) inputs.push(at);
    if (bt !== null) inputs.push(bt);
    reportCreated(out, op, inputs, null);
  }
  return out;
}

/** PyTorch's `torch.equal(a, b)`: true when both have the same shape and the same elements. */
export function equal(input: Tensor, other: Tensor): boolean {
  const a = input;
  const b = other;
  if (!sameShape(a._shape, b._shape)) return false;
  // Read once: a strided view's storage is a fresh copy.
  const as_ = a.storage;
  const bs = b.storage;
  for (let i = 0; i < as_.length; i++) if (as_[i] !== bs[i]) return false;
  return true;
}

/** PyTorch's `torch.allclose(a, b, {rtol, atol})`: true when |a - b| <= atol + rtol·|b| everywhere. */
export function allclose(input: Tensor, other: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): boolean {
  const a = input;
  const b = other;
  const rtol = opts?.rtol ?? 1e-5;
  const atol = opts?.atol ?? 1e-8;
  const diff = binaryKernel(Bin.Sub, a.storage, a._shape, b.storage, b._shape, "float64");
  const bb = binaryKernel(Bin.Add, new Float64Array(diff.data.length), diff.shape, b.storage, b._shape, "float64").data;
  for (let i = 0; i < diff.data.length; i++) {
    const d = diff.data[i]!;
    const y = bb[i]!;
    if (d !== d) {
      if (opts?.equal_nan && y !== y) continue;
      if (y === Infinity || y === -Infinity) { if (d !== d && (a._numel > 0)) return false; }
      return false;
    }
    if (Math.abs(d) > atol + rtol * Math.abs(y)) return false;
  }
  return true;
}

declare module "../tensor.js" {
  interface Tensor {
    /** PyTorch's `x.eq(other)`, i.e. Python's `x == other`: a bool tensor, element by element. */
    eq: Method<typeof eq>;
    /** PyTorch's `x.ne(other)`, i.e. Python's `x != other`: a bool tensor, element by element. */
    ne: Method<typeof ne>;
    /** PyTorch's `x.gt(other)`, i.e. Python's `x > other`: a bool tensor, element by element. */
    gt: Method<typeof gt>;
    /** PyTorch's `x.lt(other)`, i.e. Python's `x < other`: a bool tensor, element by element. */
    lt: Method<typeof lt>;
    /** PyTorch's `x.ge(other)`, i.e. Python's `x >= other`: a bool tensor, element by element. */
    ge: Method<typeof ge>;
    /** PyTorch's `x.le(other)`, i.e. Python's `x <= other`: a bool tensor, element by element. */
    le: Method<typeof le>;
    /** PyTorch's `x.equal(other)`: true when both have the same shape and the same elements. */
    equal: Method<typeof equal>;
    /** PyTorch's `x.allclose(other, rtol=1e-05, atol=1e-08)`: true when |x - other| <= atol + rtol·|other| everywhere. */
    allclose: Method<typeof allclose>;
  }
}
installMethods({ eq, ne, gt, lt, ge, le, equal, allclose });
