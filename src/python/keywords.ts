/**
 * Keyword arguments PyTorch accepts that the engine takes by position (everything else goes into the trailing
 * options object), per function or method name. Shared by the runtime and the readable translation.
 */
export const POSITIONAL_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  backward: ["gradient"],
  grad: ["outputs", "inputs"],
  tensor: ["data"],
  requires_grad_: ["requires_grad"],
  manual_seed: ["seed"],
};
