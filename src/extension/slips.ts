/**
 * The slips a learner makes translating the course's Python into a snippet, found with TypeScript's type checker,
 * each with the rewrite that fixes it:
 *
 * - arithmetic on a Tensor (`2 * t`, `a * b`, `x ** 2`, `-x`, `y *= 2`): JavaScript has no operator overloading, so
 *   the result is a number → `torch.mul(2, t)`, `a.mul(b)`, `x.pow(2)`, `x.neg()`, `y = y.mul(2)`;
 * - `==` / `===` between tensors (object identity, always false for two tensors) → `a.eq(b)` / `torch.equal(a, b)`;
 * - Python's `True` / `False` / `None` → `true` / `false` / `null`;
 * - Python keyword arguments `f(kw=v)` → `f({ kw: v })`.
 *
 * Relational comparisons of a tensor (`b.norm() < 1000`) are not slips: a one-element tensor converts to its number
 * at run time (Tensor.valueOf), as Python's `__float__` would, so TypeScript's "Operator '<' cannot be applied" is
 * dropped for them.
 *
 * Pure analysis over a SourceFile and a TypeChecker: the TypeScript server plugin (tsPlugin.ts) turns slips into
 * diagnostics and code fixes; the unit tests call it with a plain LanguageService.
 */
import type * as ts from "typescript";
import { l10n } from "./pluginL10n";

/** The module name snippets import (also the TS plugin's). */
export const MODULE_NAME = "autograd-lens";

/**
 * Diagnostic codes of our slips. VS Code asks tsserver for code fixes only for codes in TypeScript's own list of
 * fixable codes (`getSupportedCodeFixes`, asked without a file, so a plugin cannot add to it), so each slip reuses
 * the TypeScript code closest to it: the operand of an arithmetic operation (2362), an unintentional comparison
 * (2367), a name that cannot be found (2304).
 */
export const SLIP_CODES = { arithmetic: 2362, comparison: 2367, unresolved: 2304 } as const;
/** TypeScript's own codes that a slip replaces with its clearer message. */
// (2345/2322: the number that the arithmetic gives, passed or assigned where a Tensor is expected.)
const ARITHMETIC_CODES = new Set([2362, 2363, 2365, 18047, 18048, 18049, 2531, 2532, 2533, 2345, 2322]);
/** A keyword argument also makes the call's argument count or types wrong. */
const KWARG_CODES = new Set([2304, 2554, 2555, 2556, 2345, 2322]);

export interface SlipFix {
  /** Stable id, e.g. "autogradLens.methodForm" (tsserver's fixName). */
  name: string;
  description: string;
  start: number;
  end: number;
  newText: string;
}

export interface Slip {
  start: number;
  end: number;
  code: number;
  severity: "error" | "warning";
  message: string;
  fixes: SlipFix[];
}

/** What the analysis gives the plugin: our slips, and which of TypeScript's diagnostics they make redundant. */
export interface SlipAnalysis {
  slips: Slip[];
  /** False for a TypeScript diagnostic that a slip replaces (or that does not apply to snippets). */
  keep(d: ts.Diagnostic): boolean;
}

const METHODS: Partial<Record<ts.SyntaxKind, string>> = {};
const EQUALITY = new Map<ts.SyntaxKind, boolean>(); // kind → negated
const COMPOUND = new Map<ts.SyntaxKind, ts.SyntaxKind>();
/** The tables above use the SyntaxKind values of the TypeScript that tsserver hands the plugin (the plugin imports
 * only TypeScript's types, so it bundles no compiler), filled on first use. */
let tables: typeof ts | undefined;

function initTables(t: typeof ts): void {
  if (tables === t) return;
  tables = t;
  const k = t.SyntaxKind;
  Object.assign(METHODS, { [k.AsteriskToken]: "mul", [k.PlusToken]: "add", [k.MinusToken]: "sub", [k.SlashToken]: "div", [k.AsteriskAsteriskToken]: "pow", [k.PercentToken]: "remainder" });
  EQUALITY.set(k.EqualsEqualsToken, false).set(k.EqualsEqualsEqualsToken, false).set(k.ExclamationEqualsToken, true).set(k.ExclamationEqualsEqualsToken, true);
  COMPOUND.set(k.AsteriskEqualsToken, k.AsteriskToken).set(k.PlusEqualsToken, k.PlusToken).set(k.MinusEqualsToken, k.MinusToken)
    .set(k.SlashEqualsToken, k.SlashToken).set(k.AsteriskAsteriskEqualsToken, k.AsteriskAsteriskToken).set(k.PercentEqualsToken, k.PercentToken);
}

const PYTHON_CONSTANTS: Record<string, string> = { True: "true", False: "false", None: "null" };

/** The local name of `import * as torch from "autograd-lens"`, or null when the file does not import the module. */
export function torchNamespace(t: typeof ts, sf: ts.SourceFile): string | null {
  let found: string | null = null;
  for (const s of sf.statements) {
    if (!t.isImportDeclaration(s) || !t.isStringLiteral(s.moduleSpecifier) || s.moduleSpecifier.text !== MODULE_NAME) continue;
    const b = s.importClause?.namedBindings;
    if (b !== undefined && t.isNamespaceImport(b)) return b.name.text;
    found ??= "torch";
  }
  return found;
}

/** Finds the slips of one snippet file; `diagnostics` are TypeScript's semantic diagnostics of the same file. */
export function analyzeSlips(t: typeof ts, sf: ts.SourceFile, checker: ts.TypeChecker, diagnostics: readonly ts.Diagnostic[]): SlipAnalysis {
  initTables(t);
  const torch = torchNamespace(t, sf);
  if (torch === null) return { slips: [], keep: () => true };
  const slips: Slip[] = [];
  /** Spans whose TypeScript diagnostics (of the given codes) a slip or a tolerated comparison replaces. */
  const replaced: Array<{ start: number; end: number; codes: ReadonlySet<number> }> = [];
  const text = (n: ts.Node): string => n.getText(sf);

  const isTensorType = (type: ts.Type): boolean => {
    if (type.isUnion()) return type.types.some((u) => isTensorType(u));
    const sym = type.getSymbol();
    return sym?.getName() === "Tensor" && type.getProperty("requires_grad_") !== undefined && type.getProperty("backward") !== undefined;
  };
  const isTensor = (e: ts.Expression): boolean => isTensorType(checker.getTypeAtLocation(e));
  const isString = (e: ts.Expression): boolean => (checker.getTypeAtLocation(e).flags & t.TypeFlags.StringLike) !== 0;
  const strip = (e: ts.Expression): ts.Expression => (t.isParenthesizedExpression(e) ? strip(e.expression) : e);

  /** Arithmetic that a learner meant on tensors: an operator with a Tensor operand, or with such arithmetic inside. */
  const isTensorArithmetic = (e0: ts.Expression): boolean => {
    const e = strip(e0);
    if (t.isBinaryExpression(e) && METHODS[e.operatorToken.kind] !== undefined) {
      // `"loss: " + loss` is string concatenation (the tensor prints), not arithmetic.
      if (e.operatorToken.kind === t.SyntaxKind.PlusToken && (isString(e.left) || isString(e.right))) return false;
      return tensorish(e.left) || tensorish(e.right);
    }
    if (t.isPrefixUnaryExpression(e) && e.operator === t.SyntaxKind.MinusToken) return tensorish(e.operand);
    return false;
  };
  const tensorish = (e: ts.Expression): boolean => isTensorArithmetic(e) || isTensor(strip(e));

  /** Text of `e` usable before `.method(...)`. */
  const receiver = (e0: ts.Expression): string => {
    const e = strip(e0);
    if (isTensorArithmetic(e)) return rewrite(e);
    const simple = t.isIdentifier(e) || t.isPropertyAccessExpression(e) || t.isElementAccessExpression(e) || t.isCallExpression(e) || t.isNonNullExpression(e);
    return simple ? text(e) : `(${text(e)})`;
  };
  const argument = (e0: ts.Expression): string => (isTensorArithmetic(e0) ? rewrite(strip(e0)) : text(strip(e0)));

  /** The method form of tensor arithmetic, recursively: `2 * x * y` → `torch.mul(2, x).mul(y)`. */
  const rewrite = (e: ts.Expression): string => {
    if (t.isPrefixUnaryExpression(e)) return `${receiver(e.operand)}.neg()`;
    if (!t.isBinaryExpression(e)) return text(e);
    const m = METHODS[e.operatorToken.kind]!;
    return tensorish(e.left) ? `${receiver(e.left)}.${m}(${argument(e.right)})` : `${torch}.${m}(${argument(e.left)}, ${argument(e.right)})`;
  };

  const arithmeticSlip = (e: ts.Expression, newText: string, op: string): void => {
    const start = e.getStart(sf);
    slips.push({
      start,
      end: e.end,
      code: SLIP_CODES.arithmetic,
      severity: "error",
      message: l10n.t("JavaScript has no operator overloading: {0} on a Tensor gives a number, not a tensor. Write {1}", op, short(newText)),
      fixes: [{ name: "autogradLens.methodForm", description: l10n.t("Rewrite as {0}", short(newText)), start, end: e.end, newText }],
    });
    replaced.push({ start, end: e.end, codes: ARITHMETIC_CODES });
  };

  const visit = (node: ts.Node): void => {
    if (t.isBinaryExpression(node) || t.isPrefixUnaryExpression(node)) {
      if (isTensorArithmetic(node)) {
        const op = t.isBinaryExpression(node) ? node.operatorToken.getText(sf) : "-";
        arithmeticSlip(node, rewrite(node), op);
        // Operands that are not arithmetic themselves (call arguments, …) may hold slips of their own.
        forEachOperandLeaf(node, (leaf) => t.forEachChild(leaf, visit));
        return;
      }
    }
    if (t.isBinaryExpression(node)) {
      const kind = node.operatorToken.kind;
      const base = COMPOUND.get(kind);
      if (base !== undefined && isTensor(node.left)) {
        const m = METHODS[base]!;
        const target = text(node.left);
        arithmeticSlip(node, `${target} = ${receiver(node.left)}.${m}(${argument(node.right)})`, node.operatorToken.getText(sf));
      } else if (EQUALITY.has(kind)) {
        equalitySlip(node, EQUALITY.get(kind)!);
      } else if (isRelational(kind) && (isTensor(node.left) || isTensor(node.right))) {
        // `b.norm() < 1000`: works at run time (valueOf), as in Python. Only TypeScript's operator error goes.
        replaced.push({ start: node.getStart(sf), end: node.end, codes: new Set([2365]) });
      }
    }
    t.forEachChild(node, visit);
  };

  const forEachOperandLeaf = (e0: ts.Expression, f: (leaf: ts.Expression) => void): void => {
    const e = strip(e0);
    if (t.isBinaryExpression(e) && METHODS[e.operatorToken.kind] !== undefined) {
      forEachOperandLeaf(e.left, f);
      forEachOperandLeaf(e.right, f);
    } else if (t.isPrefixUnaryExpression(e) && e.operator === t.SyntaxKind.MinusToken) forEachOperandLeaf(e.operand, f);
    else f(e);
  };

  const isRelational = (k: ts.SyntaxKind): boolean =>
    k === t.SyntaxKind.LessThanToken || k === t.SyntaxKind.GreaterThanToken || k === t.SyntaxKind.LessThanEqualsToken || k === t.SyntaxKind.GreaterThanEqualsToken;

  const equalitySlip = (node: ts.BinaryExpression, negated: boolean): void => {
    const l = isTensor(node.left);
    const r = isTensor(node.right);
    const strict = node.operatorToken.kind === t.SyntaxKind.EqualsEqualsEqualsToken || node.operatorToken.kind === t.SyntaxKind.ExclamationEqualsEqualsToken;
    const numberSide = (e: ts.Expression): boolean => (checker.getTypeAtLocation(e).flags & t.TypeFlags.NumberLike) !== 0;
    // Two tensors: identity. A tensor and a number: `===` never converts the tensor, so it is false too.
    if (!((l && r) || (strict && ((l && numberSide(node.right)) || (r && numberSide(node.left)))))) return;
    const start = node.getStart(sf);
    const op = node.operatorToken.getText(sf);
    const m = negated ? "ne" : "eq";
    const elementwise = l ? `${receiver(node.left)}.${m}(${argument(node.right)})` : `${torch}.${m}(${argument(node.left)}, ${argument(node.right)})`;
    const fixes: SlipFix[] = [{ name: "autogradLens.elementwiseCompare", description: l10n.t("Compare element by element: {0}", short(elementwise)), start, end: node.end, newText: elementwise }];
    if (l && r) {
      const whole = `${negated ? "!" : ""}${torch}.equal(${argument(node.left)}, ${argument(node.right)})`;
      fixes.push({ name: "autogradLens.equalCompare", description: l10n.t("Compare whole tensors: {0}", short(whole)), start, end: node.end, newText: whole });
    }
    const message = l && r
      ? l10n.t("{0} between tensors compares object identity in JavaScript: always {1} for two different tensors. Use {2} (element by element) or {3}", op, negated ? "true" : "false", `.${m}(…)`, `${torch}.equal(…)`)
      : l10n.t("{0} between a Tensor and a number is always {1} in JavaScript (the tensor is an object). Use {2}", op, negated ? "true" : "false", `.${m}(…)`);
    slips.push({ start, end: node.end, code: SLIP_CODES.comparison, severity: "warning", message, fixes });
  };

  t.forEachChild(sf, visit);
  pythonNameSlips(t, sf, diagnostics, slips, replaced, text);
  const keep = (d: ts.Diagnostic): boolean => {
    if (d.start === undefined) return true;
    const s = d.start;
    return !replaced.some((r) => r.codes.has(d.code) && s >= r.start && s < r.end);
  };
  return { slips, keep };
}

/** `True`/`False`/`None` and `f(kw=v)`: names TypeScript cannot find (2304) that are Python spellings. */
function pythonNameSlips(
  t: typeof ts,
  sf: ts.SourceFile,
  diagnostics: readonly ts.Diagnostic[],
  slips: Slip[],
  replaced: Array<{ start: number; end: number; codes: ReadonlySet<number> }>,
  text: (n: ts.Node) => string,
): void {
  const unresolved = new Set(diagnostics.filter((d) => d.code === 2304 && d.start !== undefined).map((d) => d.start!));
  const only2304 = new Set([2304]);
  const identifiers: ts.Identifier[] = [];
  const collect = (n: ts.Node): void => {
    if (t.isIdentifier(n) && unresolved.has(n.getStart(sf))) identifiers.push(n);
    t.forEachChild(n, collect);
  };
  collect(sf);
  /** Text of a kwarg's value with Python constants replaced. */
  const pythonToJs = (e: ts.Expression): string => {
    const base = e.getStart(sf);
    let out = text(e);
    const inside = identifiers.filter((i) => i.getStart(sf) >= base && i.end <= e.end && PYTHON_CONSTANTS[i.text] !== undefined).reverse();
    for (const i of inside) out = out.slice(0, i.getStart(sf) - base) + PYTHON_CONSTANTS[i.text]! + out.slice(i.end - base);
    return out;
  };
  for (const id of identifiers) {
    const js = PYTHON_CONSTANTS[id.text];
    const start = id.getStart(sf);
    if (js !== undefined) {
      slips.push({
        start,
        end: id.end,
        code: SLIP_CODES.unresolved,
        severity: "error",
        message: l10n.t("{0} is Python; JavaScript writes {1}", id.text, js),
        fixes: [{ name: "autogradLens.pythonConstant", description: l10n.t("Change {0} to {1}", id.text, js), start, end: id.end, newText: js }],
      });
      replaced.push({ start, end: id.end, codes: only2304 });
      continue;
    }
    const kw = id.parent;
    if (!t.isBinaryExpression(kw) || kw.left !== id || kw.operatorToken.kind !== t.SyntaxKind.EqualsToken) continue;
    const call = kw.parent;
    if (!(t.isCallExpression(call) || t.isNewExpression(call)) || call.arguments === undefined || !call.arguments.includes(kw)) continue;
    replaced.push({ start, end: id.end, codes: only2304 });
    const isKwarg = (a: ts.Expression): a is ts.BinaryExpression & { left: ts.Identifier } =>
      t.isBinaryExpression(a) && a.operatorToken.kind === t.SyntaxKind.EqualsToken && t.isIdentifier(a.left) && unresolved.has(a.left.getStart(sf));
    // The run of keyword arguments around this one becomes one options object.
    const args = call.arguments;
    let first = args.indexOf(kw);
    let last = first;
    while (first > 0 && isKwarg(args[first - 1]!)) first--;
    while (last < args.length - 1 && isKwarg(args[last + 1]!)) last++;
    const run = args.slice(first, last + 1).filter(isKwarg);
    const newText = `{ ${run.map((a) => `${a.left.text}: ${pythonToJs(a.right)}`).join(", ")} }`;
    const fixStart = run[0]!.getStart(sf);
    const fixEnd = run[run.length - 1]!.end;
    replaced.push({ start: fixStart, end: fixEnd, codes: KWARG_CODES });
    const callee = t.isPropertyAccessExpression(call.expression) ? call.expression.name.text : text(call.expression);
    slips.push({
      start: kw.getStart(sf),
      end: kw.end,
      code: SLIP_CODES.unresolved,
      severity: "error",
      message: l10n.t("{0}= is a Python keyword argument; JavaScript passes options as an object: {1}({ {0}: … })", id.text, callee),
      fixes: [{ name: "autogradLens.keywordArguments", description: l10n.t("Pass as an options object: {0}", short(newText)), start: fixStart, end: fixEnd, newText }],
    });
  }
}

/** Caps code shown inside a message or a fix title. */
function short(code: string): string {
  const one = code.replace(/\s+/g, " ");
  return one.length <= 60 ? one : `${one.slice(0, 57)}…`;
}
