import { Tensor } from "../tensor.js";

/** PyTorch's `torch.numel(x)`: the number of elements. */
export function numel(input: Tensor): number { return input.numel(); }
/** PyTorch's `torch.is_tensor(x)`: true when `x` is a Tensor. */
export function is_tensor(obj: unknown): obj is Tensor { return obj instanceof Tensor; }
