/**
 * The run-time side of the editor's "no operator overloading" diagnostic: `const y = 2 * torch.dot(x, x)` makes `y`
 * a number, and the run fails later with V8's "y.backward is not a function". When the failing name was last bound
 * (before the failing line) to arithmetic (`*`, `+`, `-`, `/`, `**`, `%`, unary `-`), which in JavaScript never
 * gives a tensor, the message says so and points back at that line. Any other binding keeps V8's message.
 */
import ts from "typescript";
import type { RunError, Trace } from "../protocol.js";
import { NOT_A_FUNCTION } from "./numberSlipMatch.js";

/** The trace with a number-from-arithmetic TypeError explained; any other trace unchanged. */
export function explainNumberSlip(trace: Trace, source: string): Trace {
  const e = trace.error;
  if (e === null || e.kind !== "runtime") return trace;
  const m = NOT_A_FUNCTION.exec(e.message);
  if (m === null) return trace;
  const [, name, method] = m as unknown as [string, string, string];
  const binding = lastArithmeticBinding(source, name, e.line);
  if (binding === null) return trace;
  const message =
    `${name}.${method} is not a function: ${name} is a number, not a tensor. JavaScript has no operator overloading, ` +
    `so \`${binding.text}\` on line ${binding.line} computed a number; write it with tensor methods ` +
    `(2 * t → torch.mul(2, t), a * b → a.mul(b), x ** 2 → x.pow(2))`;
  const explained: RunError = { ...e, message };
  return { ...trace, error: explained };
}

/** The last `name = <arithmetic>` (declaration or assignment) that starts before `beforeLine`. */
function lastArithmeticBinding(source: string, name: string, beforeLine: number): { text: string; line: number } | null {
  const sf = ts.createSourceFile("snippet.ts", source, ts.ScriptTarget.ES2022, true);
  let found: { text: string; line: number; pos: number } | null = null;
  const consider = (target: ts.Node, value: ts.Expression | undefined): void => {
    if (value === undefined || !ts.isIdentifier(target) || target.text !== name) return;
    const line = sf.getLineAndCharacterOfPosition(value.getStart(sf)).line + 1;
    if (line > beforeLine) return;
    const arithmetic = isArithmetic(value);
    if (found === null || value.pos > found.pos) found = arithmetic ? { text: short(value.getText(sf)), line, pos: value.pos } : { text: "", line, pos: value.pos };
  };
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n)) consider(n.name, n.initializer);
    else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) consider(n.left, n.right);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const f = found as { text: string; line: number } | null;
  return f === null || f.text === "" ? null : { text: f.text, line: f.line };
}

function isArithmetic(e0: ts.Expression): boolean {
  let e = e0;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isPrefixUnaryExpression(e)) return e.operator === ts.SyntaxKind.MinusToken;
  if (!ts.isBinaryExpression(e)) return false;
  const k = e.operatorToken.kind;
  return k === ts.SyntaxKind.AsteriskToken || k === ts.SyntaxKind.PlusToken || k === ts.SyntaxKind.MinusToken || k === ts.SyntaxKind.SlashToken
    || k === ts.SyntaxKind.AsteriskAsteriskToken || k === ts.SyntaxKind.PercentToken;
}

function short(code: string): string {
  const one = code.replace(/\s+/g, " ");
  return one.length <= 60 ? one : `${one.slice(0, 57)}…`;
}
