import { TorchError } from "./errors.js";

/** Number of elements of a shape (1 for a 0-d tensor). */
export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major strides of a contiguous tensor of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** True when both shapes are identical. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy/PyTorch broadcasting of two shapes, with PyTorch's error text on mismatch. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const ai = i - (n - a.length);
    const bi = i - (n - b.length);
    const da = ai >= 0 ? a[ai]! : 1;
    const db = bi >= 0 ? b[bi]! : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new TorchError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides for reading a tensor of `shape` as if it had `outShape` (broadcast dims get stride 0).
 * `shape` must be broadcastable to `outShape`.
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const s = stridesOf(shape);
  const n = outShape.length;
  const off = n - shape.length;
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < shape.length; i++) out[i + off] = shape[i] === 1 ? 0 : s[i]!;
  return out;
}

/** Formats a shape like `torch.Size([2, 3])` does inside error messages: `[2, 3]`. */
export function shapeStr(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/**
 * Accepts PyTorch's two spellings of a size, `f(2, 3)` and `f([2, 3])`, and returns the shape plus any trailing
 * options object.
 */
export function parseSizeArgs<O extends object>(args: ReadonlyArray<unknown>): { shape: number[]; opts: O } {
  let opts = {} as O;
  let rest = args;
  const last = args[args.length - 1];
  if (last !== null && typeof last === "object" && !Array.isArray(last)) {
    opts = last as O;
    rest = args.slice(0, -1);
  }
  let shape: unknown[];
  if (rest.length === 1 && Array.isArray(rest[0])) shape = rest[0] as unknown[];
  else if (rest.length === 0 && "size" in (opts as object)) shape = toArray((opts as { size: unknown }).size);
  else shape = rest as unknown[];
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d)) {
      throw new TorchError(`size must be a sequence of integers, but got ${JSON.stringify(shape)}`, { kind: "TypeError" });
    }
    if (d < 0) throw new TorchError(`Trying to create tensor with negative dimension ${d}: [${shape.join(", ")}]`);
  }
  return { shape: (shape as number[]).slice(), opts }; // a copy: the caller keeps its array
}

function toArray(x: unknown): unknown[] {
  if (Array.isArray(x)) return x as unknown[];
  if (typeof x === "number") return [x];
  return [];
}
