/** The names of PyTorch's `torch.autograd.functional` module (implemented in functional.ts with gradcheck). */
export { jacobian, hessian, vjp, jvp, hvp, vhp, type FunctionalOptions } from "./functional.js";
