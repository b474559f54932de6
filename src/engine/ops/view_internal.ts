import { record } from "../autograd/record.js";
import { defineGrad } from "../autograd/node.js";
import { TorchError, wrapDim } from "../errors.js";
import { shapeStr } from "../shape.js";
import { state } from "../state.js";
import { Tensor } from "../tensor.js";

// Views that several op modules build (matmul folds batch dims with _unsafe_view and squeezes with
// SqueezeBackward3): kept apart from ops/shape.ts, whose exports are all public torch.* functions.

export interface ShapeCtx { shape: readonly number[] }

export const VIEW = defineGrad<ShapeCtx>({
  name: "ViewBackward0", saves: [], formulas: ["∂out/∂self = 1 (same values, new shape)"],
  backward: (n, g) => [g.reshape(n.ctx.shape)],
});
export const RESHAPE_ALIAS = defineGrad<ShapeCtx>({ ...VIEW, name: "ReshapeAliasBackward0" });
export const UNSAFE_VIEW = defineGrad<ShapeCtx>({ ...VIEW, name: "UnsafeViewBackward0" });
export const SQUEEZE0 = defineGrad<ShapeCtx>({
  name: "SqueezeBackward0", saves: [], formulas: ["∂out/∂self = 1 (size-1 dims restored)"],
  backward: (n, g) => [g.reshape(n.ctx.shape)],
});
const SQUEEZE1 = defineGrad<ShapeCtx>({ ...SQUEEZE0, name: "SqueezeBackward1" });
const SQUEEZE3 = defineGrad<ShapeCtx>({ ...SQUEEZE0, name: "SqueezeBackward3" });

/** Records that `out` is a view of `a` (for PyTorch's in-place-on-a-view rules). */
export function markView(out: Tensor, a: Tensor): Tensor {
  out._viewOf = a._viewOf ?? a;
  out._viewNoGrad = !state.gradEnabled;
  return out;
}

/** Reads a size given as numbers or one array, resolving a single -1 like PyTorch. */
export function resolveShape(args: ReadonlyArray<number | readonly number[]>, numel: number): number[] {
  const raw: number[] = args.length === 1 && Array.isArray(args[0]) ? args[0].slice() : (args as number[]).slice();
  let infer = -1;
  let prod = 1;
  for (let i = 0; i < raw.length; i++) {
    const d = raw[i]!;
    if (d === -1) {
      if (infer >= 0) throw new TorchError("only one dimension can be inferred");
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new TorchError(`invalid shape dimension ${d}`);
    } else prod *= d;
  }
  if (infer >= 0) {
    if (prod === 0 || numel % prod !== 0) throw new TorchError(`shape '${shapeStr(raw)}' is invalid for input of size ${numel}`);
    raw[infer] = numel / prod;
  } else if (prod !== numel) {
    throw new TorchError(`shape '${shapeStr(raw)}' is invalid for input of size ${numel}`);
  }
  return raw;
}

/** `_unsafe_view`: a reshape recorded as UnsafeViewBackward0 (how PyTorch's matmul folds batch dims back). */
export function unsafeView(a: Tensor, shape: readonly number[]): Tensor {
  const shp = resolveShape([shape], a.storage.length);
  return record(a._shareVersion(new Tensor(a.storage, shp, a.dtype)), "matmul", UNSAFE_VIEW, [a], null, { shape: a._shape });
}

/** `squeeze(dim)` recorded under a given grad_fn name (matmul's 1-D case shows SqueezeBackward3 in PyTorch). */
export function squeezeNamed(a: Tensor, dim: number, name: "SqueezeBackward1" | "SqueezeBackward3", op: string): Tensor {
  const d = wrapDim(dim, a._shape.length);
  const shape = a._shape.slice();
  if (shape[d] === 1) shape.splice(d, 1);
  const out = a._shareVersion(new Tensor(a.storage, shape, a.dtype));
  out._contiguous = a._contiguous;
  markView(out, a);
  return record(out, op, name === "SqueezeBackward1" ? SQUEEZE1 : SQUEEZE3, [a], null, { shape: a._shape });
}
