/**
 * `torch.nn.init`: in-place initialisers (under no_grad, as PyTorch's). Random ones draw from the engine's
 * generator (repeatable after `manual_seed`, not PyTorch's stream); conformance programs use `constant_` or `copy_`.
 */
import { reportChanged } from "../autograd/report.js";
import { TorchError } from "../errors.js";
import * as random from "../random.js";
import type { Tensor } from "../tensor.js";

function fill(t: Tensor, f: (i: number) => number, op: string): Tensor {
  const s = t.storage;
  for (let i = 0; i < s.length; i++) s[i] = f(i);
  t._bumpVersion();
  reportChanged(t, op);
  return t;
}

/** fan_in and fan_out of a weight (PyTorch's `_calculate_fan_in_and_fan_out`). */
function fans(t: Tensor): [number, number] {
  const s = t._shape;
  if (s.length < 2) throw new TorchError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions", { kind: "ValueError" });
  const field = s.slice(2).reduce((a, b) => a * b, 1);
  return [s[1]! * field, s[0]! * field];
}

/** PyTorch's `nn.init.constant_(tensor, val)`. */
export function constant_(tensor: Tensor, val: number): Tensor { return fill(tensor, () => val, "constant_"); }
/** PyTorch's `nn.init.zeros_(tensor)`. */
export function zeros_(tensor: Tensor): Tensor { return fill(tensor, () => 0, "zeros_"); }
/** PyTorch's `nn.init.ones_(tensor)`. */
export function ones_(tensor: Tensor): Tensor { return fill(tensor, () => 1, "ones_"); }
/** PyTorch's `nn.init.uniform_(tensor, a=0, b=1)`. */
export function uniform_(tensor: Tensor, a = 0, b = 1): Tensor { return fill(tensor, () => a + (b - a) * random.uniform(), "uniform_"); }
/** PyTorch's `nn.init.normal_(tensor, mean=0, std=1)`. */
export function normal_(tensor: Tensor, mean = 0, std = 1): Tensor { return fill(tensor, () => mean + std * random.normal(), "normal_"); }
/** PyTorch's `nn.init.eye_(tensor)`: the identity matrix. */
export function eye_(tensor: Tensor): Tensor {
  if (tensor._shape.length !== 2) throw new TorchError("Only tensors with 2 dimensions are supported", { kind: "ValueError" });
  const c = tensor._shape[1]!;
  return fill(tensor, (i) => (Math.floor(i / c) === i % c ? 1 : 0), "eye_");
}
/** PyTorch's `nn.init.xavier_uniform_(tensor, gain=1)`: U(−a, a), a = gain·√(6 / (fan_in + fan_out)). */
export function xavier_uniform_(tensor: Tensor, gain = 1): Tensor {
  const [fi, fo] = fans(tensor);
  const a = gain * Math.sqrt(6 / (fi + fo));
  return uniform_(tensor, -a, a);
}
/** PyTorch's `nn.init.xavier_normal_(tensor, gain=1)`: N(0, gain²·2 / (fan_in + fan_out)). */
export function xavier_normal_(tensor: Tensor, gain = 1): Tensor {
  const [fi, fo] = fans(tensor);
  return normal_(tensor, 0, gain * Math.sqrt(2 / (fi + fo)));
}
/** PyTorch's `nn.init.kaiming_uniform_(tensor, a=0)` (fan_in, leaky_relu gain): U(−b, b), b = gain·√(3 / fan_in). */
export function kaiming_uniform_(tensor: Tensor, a = 0): Tensor {
  const [fi] = fans(tensor);
  const bound = Math.sqrt(2 / (1 + a * a)) * Math.sqrt(3 / fi);
  return uniform_(tensor, -bound, bound);
}
/** PyTorch's `nn.init.kaiming_normal_(tensor, a=0)` (fan_in, leaky_relu gain): N(0, gain² / fan_in). */
export function kaiming_normal_(tensor: Tensor, a = 0): Tensor {
  const [fi] = fans(tensor);
  return normal_(tensor, 0, Math.sqrt(2 / (1 + a * a)) / Math.sqrt(fi));
}
