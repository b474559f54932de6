/**
 * The gradient calls of a TypeScript snippet, from @lezer/javascript's TypeScript dialect. Lezer is our own small
 * bundled grammar (no TypeScript compiler, no worker thread): it parses an example in about a millisecond on the
 * extension host's thread, in a trusted workspace and a restricted one alike, since it runs nothing of the
 * workspace. What it finds is exactly what the TypeScript parser's tree gives (test/unit/extension/tsGradCalls.test.ts
 * checks both on the examples and on generated snippets): calls in strings, comments and template text never count,
 * a call inside a template's `${…}` does. The one difference: lezer's grammar has no escapes in identifiers, so
 * `y.backw\u0061rd()` (the compiler reads `backward`) is not a call here; nobody writes that in a snippet.
 */
import type { SyntaxNode } from "@lezer/common";
import { parser as jsParser } from "@lezer/javascript";

/** One gradient call, 0-based positions as in the editor. */
export interface GradCall {
  kind: "backward" | "autograd.grad";
  /** Range of the whole call expression. */
  start: { line: number; character: number };
  end: { line: number; character: number };
  /** Source text of the tensor `backward` is called on (`y` in `y.backward()`); null for autograd.grad. */
  receiver: string | null;
  /** Offsets (in the document text) just inside the call's parentheses, and the argument count. */
  argsStart: number;
  argCount: number;
  /** True when the first argument is an object literal (options only, no gradient given). */
  firstArgIsOptions: boolean;
}

const tsParser = jsParser.configure({ dialect: "ts" });

const isComment = (n: SyntaxNode): boolean => n.name === "LineComment" || n.name === "BlockComment";

function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c !== null; c = c.nextSibling) if (!isComment(c)) out.push(c);
  return out;
}

/**
 * Where a node's own text ends. Lezer puts a comment that follows a node inside it when the node is reduced after
 * the comment was read (`x/* c *\/.backward()`: the comment is in `x`'s VariableName); the compiler's ranges end
 * at the last token.
 */
function contentEnd(n: SyntaxNode, text: string): number {
  let end = n.to;
  for (let c = n.lastChild; c !== null; c = c.prevSibling) {
    if (c.to < end) return end; // the node's own text after its last child (a template's tail)
    if (!isComment(c)) return contentEnd(c, text);
    end = c.from;
    while (end > n.from && /\s/.test(text[end - 1]!)) end--;
  }
  return end;
}

const PREFIXED = new Set(["UnaryExpression", "AwaitExpression", "YieldExpression"]);
const CHAIN = new Set(["MemberExpression", "CallExpression", "InstantiationExpression", "PostfixExpression", "TaggedTemplateExpression"]);

/**
 * Where a call really starts when lezer bound a prefix operator tighter than TypeScript's non-null `!` (its grammar
 * ranks prefix above postfix): `typeof x!.backward()` is `typeof (x!.backward())` for the compiler, but lezer's
 * tree is `(typeof x)!.backward()`. Walks the chain's left spine to such a `!` and returns where the operand of its
 * prefix operators starts, or null when there is none.
 */
function startAfterPrefix(n: SyntaxNode): number | null {
  for (let at: SyntaxNode | undefined = n; at !== undefined && CHAIN.has(at.name); at = children(at)[0]) {
    const [inner, bang] = children(at);
    if (at.name !== "PostfixExpression" || bang?.name !== "LogicOp" || inner === undefined || !PREFIXED.has(inner.name)) continue;
    let operand: SyntaxNode = inner;
    while (PREFIXED.has(operand.name)) operand = children(operand).at(-1) ?? operand;
    return operand.from;
  }
  return null;
}

/** `obj.name` or `obj?.name` (not `obj[…]`, not `obj.#name`): its object and name; null otherwise. */
function propertyAccess(n: SyntaxNode | undefined, text: string): { object: SyntaxNode; name: string } | null {
  if (n?.name !== "MemberExpression") return null;
  const [object, dot, prop] = children(n);
  if (object === undefined || (dot?.name !== "." && dot?.name !== "?.") || prop?.name !== "PropertyName") return null;
  return { object, name: text.slice(prop.from, prop.to) };
}

/** Offsets where lines start: a line ends at \n, \r\n or a lone \r, as in VS Code's documents. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

function positionAt(starts: number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo]! };
}

/**
 * Spans that are string text for the compiler although lezer's error recovery read them as code. In a snippet being
 * typed, a quote can come where lezer's grammar expects no string: lezer then makes the quote (or a run of text up to
 * another quote, even across lines) an error and goes on parsing string content as code. From each error that starts
 * with a quote, the strings are read again by the language's rule: a string runs to its closing quote or the end of
 * its line, a template to its closing backtick; the last one may end after the error.
 */
function skippedStrings(errors: { from: number; to: number }[], text: string): { from: number; to: number }[] {
  const spans: { from: number; to: number }[] = [];
  for (const e of errors) {
    if (!isQuote(text[e.from])) continue;
    for (let i = e.from; i < e.to; i++) {
      const q = text[i];
      if (!isQuote(q)) continue;
      let j = i + 1;
      while (j < text.length && text[j] !== q && (q === "`" || (text[j] !== "\n" && text[j] !== "\r"))) j += text[j] === "\\" ? 2 : 1;
      spans.push({ from: i, to: j + 1 });
      i = j;
    }
  }
  return spans;
}

const isQuote = (c: string | undefined): boolean => c === '"' || c === "'" || c === "`";

/** The `.backward(...)` and `….autograd.grad(...)` calls of `text`, in source order. */
export function collectGradCalls(text: string): GradCall[] {
  const calls: GradCall[] = [];
  const spans: { from: number; to: number }[] = [];
  const errors: { from: number; to: number }[] = [];
  let starts: number[] | null = null;
  tsParser.parse(text).iterate({
    enter: (ref) => {
      if (ref.type.isError) errors.push({ from: ref.from, to: ref.to });
      if (ref.name !== "CallExpression") return;
      const parts = children(ref.node);
      let callee = parts[0];
      // `y.backward<T>()`: the type arguments wrap the callee (`y.backward<T>?.()` is a call of the instantiation
      // expression for the compiler, not of the property).
      if (callee?.name === "InstantiationExpression" && parts[1]?.name !== "?.") callee = children(callee)[0];
      const argList = parts[parts.length - 1];
      const access = propertyAccess(callee, text);
      if (access === null || argList?.name !== "ArgList") return;
      let kind: GradCall["kind"] | null = null;
      if (access.name === "backward") kind = "backward";
      else if (access.name === "grad" && propertyAccess(access.object, text)?.name === "autograd") kind = "autograd.grad";
      if (kind === null) return;
      // The arguments: what lies between the commas (a spread is `...` and its expression; `f(a,)` has one).
      const groups: SyntaxNode[][] = [[]];
      for (const c of children(argList)) {
        if (c.name === ",") groups.push([]);
        // Not the empty expression lezer's recovery puts into `y.backward(` being typed.
        else if (c.name !== "(" && c.name !== ")" && !(c.type.isError && c.from === c.to)) groups[groups.length - 1]!.push(c);
      }
      const args = groups.filter((g) => g.length > 0);
      const first = args[0];
      starts ??= lineStarts(text);
      const from = startAfterPrefix(access.object) ?? ref.from;
      spans.push({ from, to: ref.to });
      calls.push({
        kind,
        start: positionAt(starts, from),
        end: positionAt(starts, contentEnd(ref.node, text)),
        receiver: kind === "backward" ? text.slice(from === ref.from ? access.object.from : from, contentEnd(access.object, text)) : null,
        argsStart: argList.from + 1,
        argCount: args.length,
        firstArgIsOptions: first?.length === 1 && first[0]!.name === "ObjectExpression",
      });
    },
  });
  const strings = skippedStrings(errors, text);
  // A call that overlaps such a string was parsed from string text (or around it): not a call.
  const real = strings.length === 0 ? calls : calls.filter((_, i) => !strings.some((s) => s.from < spans[i]!.to && spans[i]!.from < s.to));
  real.sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
  return real;
}
