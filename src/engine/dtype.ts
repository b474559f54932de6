import { TorchError } from "./errors.js";
import { state } from "./state.js";

/** Element types the engine supports, named as in the Trace protocol. */
export type DType = "float32" | "float64" | "bool";

/** Backing storage per dtype: row-major, contiguous. */
export type Storage = Float32Array | Float64Array | Uint8Array;

/** PyTorch's `torch.float32`: 32-bit floating point, the default dtype. (A string tag at run time: serialisable, cheap.) */
export const float32: DType = "float32";
/** PyTorch's `torch.float64` (`torch.double`): 64-bit floating point. */
export const float64: DType = "float64";
/** PyTorch's `torch.bool`: the dtype of comparison results (True/False). */
export const bool: DType = "bool";

/** Allocates zeroed storage of `n` elements. */
export function allocStorage(dtype: DType, n: number): Storage {
  if (dtype === "float32") return new Float32Array(n);
  if (dtype === "float64") return new Float64Array(n);
  return new Uint8Array(n);
}

/** Result dtype of a binary arithmetic op (PyTorch's type promotion restricted to our three types). */
export function promote(a: DType, b: DType): DType {
  if (a === "float64" || b === "float64") return "float64";
  return "float32";
}

/** Validates a user-supplied dtype option, tolerating PyTorch's spelling `"torch.float64"`. */
export function parseDType(d: unknown): DType | undefined {
  if (d === undefined || d === null) return undefined;
  const s = String(d).replace(/^torch\./, "");
  if (s === "float32" || s === "float") return "float32";
  if (s === "float64" || s === "double") return "float64";
  if (s === "bool") return "bool";
  throw new TorchError(`dtype torch.${s} is not supported by Autograd Lens (float32, float64 and bool are)`, { kind: "TypeError" });
}

/**
 * PyTorch's result type for two tensor operands of an elementwise op: a 0-d tensor does not promote a dimensioned
 * one of the same category (float32 tensor · float64 scalar tensor stays float32); bool only where both are bool
 * is handled by the callers (arithmetic on bool gives float32 here).
 */
export function resultType(a: DType, aDim: number, b: DType, bDim: number): DType {
  const fa = a !== "bool";
  const fb = b !== "bool";
  if (fa && !fb) return a;
  if (fb && !fa) return b;
  if (!fa && !fb) return state.defaultDtype;
  if (aDim === 0 && bDim > 0) return b;
  if (bDim === 0 && aDim > 0) return a;
  return promote(a, b);
}

/** PyTorch's C++ scalar type name ("Float", "Double", "Bool") used in dtype mismatch errors. */
export function scalarTypeName(d: DType): string {
  return d === "float64" ? "Double" : d === "bool" ? "Bool" : "Float";
}
