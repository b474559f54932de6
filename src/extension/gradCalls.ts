/**
 * Finds the `.backward(...)` and `torch.autograd.grad(...)` calls of a snippet for the CodeLens and the quick fixes,
 * from a parse tree, so that calls inside strings and comments are never mistaken for real ones: @lezer/javascript's
 * TypeScript dialect for TypeScript (tsGradCalls.ts), @lezer/python for Python. Both are small grammars bundled in
 * dist/extension.js that parse an example in about a millisecond on this thread: no TypeScript compiler, no worker,
 * and nothing of the workspace runs, so a restricted workspace gets the same precise calls as a trusted one.
 */
import { collectPythonGradCalls } from "../python/gradCalls";
import { collectGradCalls, type GradCall } from "./tsGradCalls";

export { collectGradCalls, type GradCall };

/** Which parser found the calls of the last text parsed (tests, diagnostics). */
export type ParsedBy = "lezer" | "python";
let parsedBy: ParsedBy | null = null;
export function lastParsedBy(): ParsedBy | null {
  return parsedBy;
}

/** Parse cache: CodeLens, quick fixes and runs ask for the same text repeatedly. */
let cache: { text: string; languageId: string; calls: GradCall[] } | null = null;

/** All gradient calls in `text`, in source order. */
export function findGradCalls(text: string, languageId = "typescript"): GradCall[] {
  const python = languageId === "python";
  parsedBy = python ? "python" : "lezer";
  if (cache !== null && cache.text === text && cache.languageId === languageId) return cache.calls;
  const calls = python ? collectPythonGradCalls(text) : collectGradCalls(text);
  cache = { text, languageId, calls };
  return calls;
}
