/** Errors raised by the engine carry PyTorch's exact message so a learner can compare the two side by side. */
export class TorchError extends Error {
  /** Id of the tensor the error is about, when there is one (the view highlights it). */
  tensorId?: number;
  /** PyTorch's Python exception class ("RuntimeError", "IndexError", "ValueError"), for the record. */
  readonly kind: string;
  constructor(message: string, options?: { tensorId?: number; kind?: string }) {
    super(message);
    this.name = "TorchError";
    this.kind = options?.kind ?? "RuntimeError";
    if (options?.tensorId !== undefined) this.tensorId = options.tensorId;
  }
}

/** PyTorch's text for an out-of-range dimension index (an IndexError in Python). */
export function dimOutOfRange(dim: number, ndim: number): TorchError {
  const n = Math.max(ndim, 1);
  return new TorchError(
    `Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`,
    { kind: "IndexError" },
  );
}

/** Normalises a possibly negative dim against `ndim`, throwing PyTorch's error when out of range. */
export function wrapDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) throw dimOutOfRange(dim, ndim);
  return dim < 0 ? dim + n : dim;
}
