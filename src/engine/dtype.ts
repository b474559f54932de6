/** Element types the engine supports, named as in the Trace protocol. */
export type DType = "float32" | "float64" | "bool";

/** Backing storage per dtype: row-major, contiguous. */
export type Storage = Float32Array | Float64Array | Uint8Array;

/** The value `torch.float32` etc. evaluate to in snippets: a string tag keeps it serialisable and cheap. */
export const float32: DType = "float32";
export const float64: DType = "float64";
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
  throw new Error(`unsupported dtype ${String(d)}`);
}
