/**
 * Parsing with @lezer/python (a maintained LR grammar; no hand-written parser), plus the few helpers the
 * translator needs on its syntax nodes. Lezer recovers from errors with error nodes; the first one is reported as
 * the snippet's syntax error, on its line.
 */
import type { SyntaxNode, Tree } from "@lezer/common";
import { parser } from "@lezer/python";

export type { SyntaxNode };

/** A problem on a Python span: a syntax error or a construct outside the supported subset. */
export class PythonProblem extends Error {
  constructor(
    message: string,
    readonly from: number,
    readonly to: number,
    readonly kind: "syntax" | "unsupported" = "unsupported",
  ) {
    super(message);
    this.name = "PythonProblem";
  }
}

export function parsePython(source: string): Tree {
  return parser.parse(source);
}

/** The children of a node, error nodes included, comments left out. */
export function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c !== null; c = c.nextSibling) if (c.name !== "Comment") out.push(c);
  return out;
}

/** Is this `1.` (a float literal with nothing after the dot)? The grammar reads it as `1` `.` followed by an error. */
export function isTrailingDotFloat(n: SyntaxNode): boolean {
  if (n.name !== "MemberExpression") return false;
  const [obj, dot, rest] = children(n);
  return obj?.name === "Number" && dot?.name === "." && rest !== undefined && rest.type.isError && rest.from === rest.to && dot.from === obj.to;
}

/** The first syntax error of the tree, if any (`1.` is not one; see isTrailingDotFloat). */
export function firstSyntaxError(tree: Tree, source: string): PythonProblem | null {
  let found: PythonProblem | null = null;
  tree.iterate({
    enter: (ref) => {
      if (found !== null) return false;
      if (isTrailingDotFloat(ref.node)) return false;
      if (!ref.type.isError) return undefined;
      const at = ref.from;
      const near = source.slice(at, at + 20).split("\n")[0] ?? "";
      const what = near.trim() === "" ? (at >= source.length ? "unexpected end of file" : "unexpected end of line") : `invalid syntax near "${near.trim()}"`;
      found = new PythonProblem(`SyntaxError: ${what}`, at, Math.max(at + 1, ref.to), "syntax");
      return false;
    },
  });
  return found;
}
