/**
 * The tables the instrumentation writes and the run reads: every instrumented call, binding and loop gets an index
 * into these, so the generated code passes small integers instead of strings and ranges.
 */
import type { SourceRange } from "../protocol.js";

/** How a tensor came to be bound to a name. Declarations and assignments are strong; parameters and returns weak. */
export type BindKind = "declaration" | "assignment" | "parameter" | "return";

export interface BindSite {
  /** The variable name (for returns: the function's name followed by "()"). */
  name: string;
  /** The binding target in the snippet (the declared/assigned identifier, the parameter, the returned expression). */
  range: SourceRange;
  /** True when `name` is a variable declared at the snippet's top level (it ends up in `Trace.variables`). */
  topLevel: boolean;
  kind: BindKind;
}

export interface LoopSite {
  /** 1-based position of the loop keyword. */
  line: number;
  column: number;
  keyword: "while" | "do" | "for";
}

export interface SiteTables {
  /** Ranges of instrumented call expressions (where tensors are created). */
  calls: SourceRange[];
  binds: BindSite[];
  loops: LoopSite[];
}

export { LENS_GLOBAL } from "./lensNames.js";

/** File name of the compiled snippet inside the vm context; stack frames with this name are the snippet's. */
export const SNIPPET_FILENAME = "autograd-lens-snippet.js";
