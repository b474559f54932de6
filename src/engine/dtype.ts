import { TorchError } from "./errors.js";
import { state } from "./state.js";

/** Element types the engine supports, named as in the Trace protocol. */
export type DType = "float32" | "float64" | "int64" | "bool";

/**
 * Backing storage per dtype. int64 lives in a Float64Array: every kernel then works on it unchanged, and integers
 * are exact up to 2^53 (PyTorch's int64 goes to 2^63; index tensors and counts never come near either).
 */
export type Storage = Float32Array | Float64Array | Uint8Array;

/** PyTorch's `torch.float32`: 32-bit floating point, the default dtype. (A string tag at run time: serialisable, cheap.) */
export const float32: DType = "float32";
/** PyTorch's `torch.float64` (`torch.double`): 64-bit floating point. */
export const float64: DType = "float64";
/** PyTorch's `torch.int64` (`torch.long`): 64-bit integers, the dtype of index tensors and of `argmax`'s result. */
export const int64: DType = "int64";
/** PyTorch's `torch.bool`: the dtype of comparison results (True/False). */
export const bool: DType = "bool";

/** Allocates zeroed storage of `n` elements. */
export function allocStorage(dtype: DType, n: number): Storage {
  if (dtype === "float32") return new Float32Array(n);
  if (dtype === "float64" || dtype === "int64") return new Float64Array(n);
  return new Uint8Array(n);
}

/** True for the dtypes that can require gradients (PyTorch: floating point and complex). */
export function isFloating(d: DType): boolean {
  return d === "float32" || d === "float64";
}

/**
 * Result dtype of a binary op between two dimensioned operands: the higher category wins (bool < int64 < float),
 * float64 over float32. Two bools give float32 (the engine's arithmetic on bool tensors; see README).
 */
export function promote(a: DType, b: DType): DType {
  if (a === "float64" || b === "float64") return "float64";
  if (a === "float32" || b === "float32") return "float32";
  if (a === "int64" || b === "int64") return "int64";
  return "float32";
}

/** Validates a user-supplied dtype option, tolerating PyTorch's spelling `"torch.float64"`. */
export function parseDType(d: unknown): DType | undefined {
  if (d === undefined || d === null) return undefined;
  const s = String(d).replace(/^torch\./, "");
  if (s === "float32" || s === "float") return "float32";
  if (s === "float64" || s === "double") return "float64";
  if (s === "int64" || s === "long") return "int64";
  if (s === "bool") return "bool";
  throw new TorchError(`dtype torch.${s} is not supported by Autograd Lens (float32, float64, int64 and bool are)`, { kind: "TypeError" });
}

/** 0 bool, 1 integer, 2 floating point: PyTorch's type-promotion categories. */
function category(d: DType): number {
  return d === "bool" ? 0 : d === "int64" ? 1 : 2;
}

/**
 * PyTorch's result type for two tensor operands of an elementwise op: a 0-d tensor does not promote a dimensioned
 * one of the same or a lower category (float32 tensor · float64 scalar tensor stays float32, int64 tensor · 0-d
 * float tensor is float32); two bools give the default dtype (the engine's arithmetic on bool, see README).
 */
export function resultType(a: DType, aDim: number, b: DType, bDim: number): DType {
  if (a === "bool" && b === "bool") return state.defaultDtype;
  if (aDim === 0 && bDim > 0) return category(a) > category(b) ? a : b;
  if (bDim === 0 && aDim > 0) return category(b) > category(a) ? b : a;
  if (a === "bool") return b;
  if (b === "bool") return a;
  return promote(a, b);
}

/** PyTorch's C++ scalar type name ("Float", "Double", "Long", "Bool") used in dtype mismatch errors. */
export function scalarTypeName(d: DType): string {
  return d === "float64" ? "Double" : d === "int64" ? "Long" : d === "bool" ? "Bool" : "Float";
}

/** PyTorch's legacy tensor type name (`torch.FloatTensor`, `torch.LongTensor`, …) used in some error texts. */
export function legacyTypeName(d: DType): string {
  return `torch.${scalarTypeName(d)}Tensor`;
}
