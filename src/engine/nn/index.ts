/** `torch.nn`: modules, losses, `functional` and `init`, with PyTorch's names (a namespace: values and types). */
export { Module, Parameter } from "./module.js";
export { Linear, ReLU, Tanh, Sigmoid, Sequential, MSELoss, CrossEntropyLoss, BCEWithLogitsLoss } from "./layers.js";
/** PyTorch's `torch.nn.functional` (often imported as F). */
export * as functional from "./functional.js";
/** PyTorch's `torch.nn.init`: in-place initialisers. */
export * as init from "./init.js";
