/**
 * The instrumentation pass: a TypeScript `before` transformer that, in the same walk that transpiles the snippet,
 * - resolves `import … from "autograd-lens"` to the embedded engine and rejects every other way out of the sandbox
 *   (other imports, `require`, `process`, `globalThis`, network globals, `.constructor` escapes) with a clear
 *   error on its line;
 * - reports every binding of a value to a name (declarations, reassignments, destructuring, parameters, returns)
 *   so the recorder can label tensors `b`, `b#2`, …;
 * - reports every completed call, so each new tensor gets the range of the call that made it;
 * - guards every loop with an iteration counter and a deadline check that names the loop's line.
 */
import ts from "typescript";
import type { RunError, SourceRange } from "../protocol.js";
import { bindingIdentifiers, isScopeNode, Scopes } from "./scopes.js";
import { HOOK, LENS_AT, LENS_GLOBAL, PROGRESS } from "./lensNames.js";
import type { BindKind, SiteTables } from "./sites.js";

/** Free identifiers a snippet may not use, with the reason shown to the user. */
const FORBIDDEN_GLOBALS: ReadonlyMap<string, string> = new Map(Object.entries({
  require: "`require` is not available in snippets; only `import * as torch from \"autograd-lens\"` can be imported",
  process: "`process` is not available in snippets (no access to the host process)",
  module: "`module` is not available in snippets",
  exports: "`exports` is not available in snippets",
  __dirname: "`__dirname` is not available in snippets (no file system access)",
  __filename: "`__filename` is not available in snippets (no file system access)",
  global: "`global` is not available in snippets",
  globalThis: "`globalThis` is not available in snippets",
  Buffer: "`Buffer` is not available in snippets",
  fetch: "`fetch` is not available in snippets (no network access)",
  XMLHttpRequest: "`XMLHttpRequest` is not available in snippets (no network access)",
  WebSocket: "`WebSocket` is not available in snippets (no network access)",
  importScripts: "`importScripts` is not available in snippets",
}));

/** Property names that lead from any object to the host realm's `Function` (a sandbox escape). */
const FORBIDDEN_PROPERTIES = new Set(["constructor", "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__"]);

/** The module specifier snippets import the engine from. */
export const ENGINE_MODULE = "autograd-lens";

type FunctionWithBody =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** Is this identifier a reference to a variable (as opposed to a property name, label, or import name)? */
function isReference(id: ts.Identifier, parent: ts.Node | undefined): boolean {
  if (parent === undefined) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if (ts.isQualifiedName(parent) || ts.isMetaProperty(parent)) return false;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isGetAccessorDeclaration(parent) ||
      ts.isSetAccessorDeclaration(parent) ||
      ts.isEnumMember(parent)) &&
    parent.name === id
  )
    return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent))
    return false;
  return true;
}

/** Identifiers assigned by a destructuring assignment target (`[a, b] = …`, `({ g } = …)`). */
function assignmentTargets(target: ts.Expression, out: ts.Identifier[] = []): ts.Identifier[] {
  if (ts.isIdentifier(target)) out.push(target);
  else if (ts.isArrayLiteralExpression(target)) for (const e of target.elements) assignmentTargets(e, out);
  else if (ts.isObjectLiteralExpression(target)) {
    for (const p of target.properties) {
      if (ts.isShorthandPropertyAssignment(p)) out.push(p.name);
      else if (ts.isPropertyAssignment(p)) assignmentTargets(p.initializer, out);
      else if (ts.isSpreadAssignment(p)) assignmentTargets(p.expression, out);
    }
  } else if (ts.isSpreadElement(target)) assignmentTargets(target.expression, out);
  else if (ts.isBinaryExpression(target) && target.operatorToken.kind === ts.SyntaxKind.EqualsToken) assignmentTargets(target.left, out);
  else if (ts.isParenthesizedExpression(target)) assignmentTargets(target.expression, out);
  return out;
}

function isLoop(node: ts.Node): node is ts.IterationStatement {
  return ts.isWhileStatement(node) || ts.isDoStatement(node) || ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node);
}

/** Walks one source file; collects site tables and problems as it rewrites. */
class Instrumenter {
  private readonly f: ts.NodeFactory;
  private readonly scopes = new Scopes();
  private readonly ancestors: ts.Node[] = [];
  /** Names of the enclosing functions (null for anonymous ones), for naming returned tensors. */
  private readonly fnNames: Array<string | null> = [];
  /** Loop index waiting for its enclosing labelled statement to wrap it (so `continue label` still works). */
  private pendingLabelLoop: number | null = null;
  private tempCount = 0;

  constructor(
    private readonly sf: ts.SourceFile,
    private readonly ctx: ts.TransformationContext,
    private readonly tables: SiteTables,
    private readonly problems: RunError[],
  ) {
    this.f = ctx.factory;
  }

  run(): ts.SourceFile {
    this.scopes.push(this.sf);
    const statements = ts.visitNodes(this.sf.statements, this.visit, ts.isStatement);
    this.scopes.pop();
    // ES modules are strict; the vm runs a classic script, so ask for strict mode explicitly.
    const strict = this.f.createExpressionStatement(this.f.createStringLiteral("use strict"));
    return this.f.updateSourceFile(this.sf, [strict, ...statements]);
  }

  private range(node: ts.Node): SourceRange {
    const s = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    const e = this.sf.getLineAndCharacterOfPosition(node.getEnd());
    return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  }

  private problem(node: ts.Node, message: string): void {
    const r = this.range(node);
    this.problems.push({ kind: "forbidden", message, line: r.startLine, column: r.startColumn, endLine: r.endLine, endColumn: r.endColumn });
  }

  private lens(method: (typeof HOOK)[keyof typeof HOOK], args: ts.Expression[]): ts.CallExpression {
    const f = this.f;
    return f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(LENS_GLOBAL), method), undefined, args);
  }

  private num(n: number): ts.NumericLiteral {
    return this.f.createNumericLiteral(n);
  }

  private addBind(name: string, node: ts.Node, kind: BindKind, topLevel: boolean): number {
    this.tables.binds.push({ name, range: this.range(node), kind, topLevel });
    return this.tables.binds.length - 1;
  }

  /** `__lens.b(value, site)`: tells the recorder that `value` is now bound to the site's name. */
  private bindExpr(value: ts.Expression, name: string, node: ts.Node, kind: BindKind): ts.Expression {
    const topLevel = kind !== "return" && kind !== "parameter" && this.scopes.resolve(name) === "top";
    return this.lens(HOOK.bind, [value, this.num(this.addBind(name, node, kind, topLevel))]);
  }

  /** `__lens.bs([a, b], [i, j])` for names bound together (a destructuring pattern, a parameter list). */
  private bindMany(ids: ts.Identifier[], kind: BindKind): ts.Expression {
    const f = this.f;
    const sites = ids.map((id) => {
      const topLevel = kind !== "parameter" && this.scopes.resolve(id.text) === "top";
      return this.num(this.addBind(id.text, id, kind, topLevel));
    });
    const values = ids.map((id) => f.createIdentifier(id.text));
    return this.lens(HOOK.bindMany, [f.createArrayLiteralExpression(values), f.createArrayLiteralExpression(sites)]);
  }

  readonly visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
    // Types vanish in the output and cannot reach anything at run time: nothing to check or rewrite there.
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return node;
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return node;
    if (ts.isImportDeclaration(node)) return this.visitImport(node);
    if (ts.isImportEqualsDeclaration(node)) {
      this.problem(node, `Only "${ENGINE_MODULE}" can be imported in a snippet`);
      return undefined;
    }
    if (ts.isExportDeclaration(node) || ts.isExportAssignment(node)) {
      if (ts.isExportDeclaration(node) && !node.moduleSpecifier && node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length === 0)
        return undefined; // `export {}` only marks the file as a module
      this.problem(node, "Snippets are scripts: `export` is not supported");
      return undefined;
    }
    const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
    const exportMod = modifiers?.find((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exportMod) this.problem(exportMod, "Snippets are scripts: `export` is not supported");

    const parent = this.ancestors[this.ancestors.length - 1];
    if (ts.isIdentifier(node)) {
      this.checkIdentifier(node, parent);
      return node;
    }
    if (ts.isPropertyAccessExpression(node) && FORBIDDEN_PROPERTIES.has(node.name.text))
      this.problem(node.name, `\`.${node.name.text}\` is not available in snippets (it reaches outside the sandbox)`);
    if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && FORBIDDEN_PROPERTIES.has(node.argumentExpression.text))
      this.problem(node.argumentExpression, `\`["${node.argumentExpression.text}"]\` is not available in snippets (it reaches outside the sandbox)`);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      this.problem(node, `Dynamic \`import()\` is not available in snippets; use \`import * as torch from "${ENGINE_MODULE}"\``);
      return node;
    }

    const scoped = isScopeNode(node);
    if (scoped) this.scopes.push(node);
    const fn = isFunctionWithBody(node);
    if (fn) this.fnNames.push(this.functionName(node, parent));
    this.ancestors.push(node);
    let out: ts.Node;
    try {
      out = ts.visitEachChild(node, this.visit, this.ctx);
      out = this.rewrite(node, out, parent);
    } finally {
      this.ancestors.pop();
      if (fn) this.fnNames.pop();
      if (scoped) this.scopes.pop();
    }
    return this.marksStatement(node, parent) ? [this.statementMarker(node), out] : out;
  };

  /** Statements of a statement list that do something when reached (declarations of functions do not). */
  private marksStatement(node: ts.Node, parent: ts.Node | undefined): boolean {
    if (!ts.isStatement(node) || ts.isFunctionDeclaration(node) || ts.isBlock(node) || ts.isEmptyStatement(node)) return false;
    return parent === undefined || ts.isBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent) || ts.isModuleBlock(parent);
  }

  /** `__lensAt[line] = L, __lensAt[column] = C;`: where the snippet is, for a timeout or a kill outside every loop. */
  private statementMarker(node: ts.Node): ts.Statement {
    const f = this.f;
    const s = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    const store = (slot: number, v: number): ts.Expression =>
      f.createAssignment(f.createElementAccessExpression(f.createIdentifier(LENS_AT), this.num(slot)), this.num(v));
    return f.createExpressionStatement(f.createComma(store(PROGRESS.line, s.line + 1), store(PROGRESS.column, s.character + 1)));
  }

  private checkIdentifier(id: ts.Identifier, parent: ts.Node | undefined): void {
    if (id.text.startsWith(LENS_GLOBAL)) {
      this.problem(id, `Names starting with "${LENS_GLOBAL}" are reserved for Autograd Lens`);
      return;
    }
    // A Map, not an object: `toString`, `constructor` or `__proto__` must not find Object.prototype's members.
    const reason = FORBIDDEN_GLOBALS.get(id.text);
    if (reason !== undefined && isReference(id, parent) && this.scopes.resolve(id.text) === "free") this.problem(id, reason);
  }

  /** `import * as torch from "autograd-lens"` → `const torch = __lens.torch;` (named imports destructure it). */
  private visitImport(node: ts.ImportDeclaration): ts.VisitResult<ts.Node | undefined> {
    const f = this.f;
    const spec = ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : "?";
    if (spec !== ENGINE_MODULE) {
      this.problem(node.moduleSpecifier, `Only "${ENGINE_MODULE}" can be imported in a snippet, not "${spec}"`);
      return undefined;
    }
    const clause = node.importClause;
    if (!clause || clause.isTypeOnly) return undefined;
    const engine = f.createPropertyAccessExpression(f.createIdentifier(LENS_GLOBAL), HOOK.engine);
    const decls: ts.VariableDeclaration[] = [];
    if (clause.name) decls.push(f.createVariableDeclaration(clause.name.text, undefined, undefined, engine));
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) decls.push(f.createVariableDeclaration(nb.name.text, undefined, undefined, engine));
    if (nb && ts.isNamedImports(nb)) {
      const elements = nb.elements
        .filter((e) => !e.isTypeOnly)
        .map((e) => f.createBindingElement(undefined, e.propertyName ? e.propertyName.text : undefined, e.name.text));
      if (elements.length > 0) decls.push(f.createVariableDeclaration(f.createObjectBindingPattern(elements), undefined, undefined, engine));
    }
    if (decls.length === 0) return undefined;
    const stmt = f.createVariableStatement(undefined, f.createVariableDeclarationList(decls, ts.NodeFlags.Const));
    return ts.setTextRange(stmt, node);
  }

  private functionName(node: FunctionWithBody, parent: ts.Node | undefined): string | null {
    if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.text;
    if ((ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) && ts.isIdentifier(node.name))
      return node.name.text;
    if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    return null;
  }

  /** Rewrites a node whose children were already visited (`out`); `node` is the original, for ranges. */
  private rewrite(node: ts.Node, out: ts.Node, parent: ts.Node | undefined): ts.Node {
    const f = this.f;
    if (ts.isCallExpression(node) && ts.isCallExpression(out)) {
      if (node.expression.kind === ts.SyntaxKind.SuperKeyword || ts.isOptionalChain(node)) return out;
      this.tables.calls.push(this.range(node));
      // A call whose result is thrown away (`main();`, `void main();`): if it is a promise, nobody else can ever
      // see it reject, so the hooks watch it and report the rejection as the run's error.
      const holder = parent !== undefined && ts.isVoidExpression(parent) ? this.ancestors[this.ancestors.length - 2] : parent;
      const discarded = holder !== undefined && ts.isExpressionStatement(holder);
      return this.lens(discarded ? HOOK.callDiscarded : HOOK.call, [this.num(this.tables.calls.length - 1), out]);
    }
    if (ts.isVariableDeclarationList(node) && ts.isVariableDeclarationList(out)) return this.rewriteDeclarations(node, out);
    if (ts.isBinaryExpression(node) && ts.isBinaryExpression(out) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      if (ts.isIdentifier(node.left)) return f.updateBinaryExpression(out, out.left, out.operatorToken, this.bindExpr(out.right, node.left.text, node.left, "assignment"));
      if (ts.isArrayLiteralExpression(node.left) || ts.isObjectLiteralExpression(node.left)) {
        const ids = assignmentTargets(node.left);
        if (ids.length === 0) return out;
        return this.lens(HOOK.assigned, [out as ts.Expression, f.createArrowFunction(undefined, undefined, [], undefined, undefined, this.bindMany(ids, "assignment"))]);
      }
      return out;
    }
    if (ts.isReturnStatement(node) && ts.isReturnStatement(out) && out.expression) {
      const name = this.fnNames[this.fnNames.length - 1];
      if (name === null || name === undefined || node.expression === undefined) return out;
      return f.updateReturnStatement(out, this.bindExpr(out.expression, `${name}()`, node.expression, "return"));
    }
    if (isFunctionWithBody(node)) return this.rewriteFunction(node, out as FunctionWithBody);
    if (isLoop(node)) return this.rewriteLoop(node, out as ts.IterationStatement, parent);
    if (ts.isLabeledStatement(node) && ts.isLabeledStatement(out) && this.pendingLabelLoop !== null && !(parent && ts.isLabeledStatement(parent))) {
      const idx = this.pendingLabelLoop;
      this.pendingLabelLoop = null;
      return this.guardBlock(out, idx);
    }
    return out;
  }

  /** `const x = e` → `const x = __lens.b(e, i)`; a destructuring declarator gets a trailing naming declarator. */
  private rewriteDeclarations(node: ts.VariableDeclarationList, out: ts.VariableDeclarationList): ts.VariableDeclarationList {
    const f = this.f;
    const decls: ts.VariableDeclaration[] = [];
    out.declarations.forEach((d, i) => {
      const orig = node.declarations[i];
      if (!d.initializer || !orig) {
        decls.push(d);
        return;
      }
      if (ts.isIdentifier(d.name)) {
        decls.push(f.updateVariableDeclaration(d, d.name, d.exclamationToken, d.type, this.bindExpr(d.initializer, d.name.text, orig.name, "declaration")));
        return;
      }
      decls.push(d);
      const ids = bindingIdentifiers(orig.name);
      if (ids.length > 0) decls.push(f.createVariableDeclaration(`${LENS_GLOBAL}_d${this.tempCount++}`, undefined, undefined, this.bindMany(ids, "declaration")));
    });
    return f.updateVariableDeclarationList(out, decls);
  }

  /** Names the parameters at the top of the body; a concise arrow body becomes a block that names its result. */
  private rewriteFunction(node: FunctionWithBody, out: FunctionWithBody): ts.Node {
    const f = this.f;
    const ids = node.parameters.flatMap((p) => bindingIdentifiers(p.name)).filter((id) => id.text !== "this");
    const prologue: ts.Statement[] = ids.length > 0 ? [f.createExpressionStatement(this.bindMany(ids, "parameter"))] : [];
    const body = out.body;
    if (body === undefined) return out;
    let newBody: ts.Block;
    if (ts.isBlock(body)) {
      if (prologue.length === 0) return out;
      newBody = f.updateBlock(body, [...prologue, ...body.statements]);
    } else {
      const name = this.fnNames[this.fnNames.length - 1];
      const origBody = (node as ts.ArrowFunction).body;
      const value = name ? this.bindExpr(body, `${name}()`, origBody, "return") : body;
      newBody = f.createBlock([...prologue, ts.setTextRange(f.createReturnStatement(value), origBody)], true);
    }
    if (ts.isFunctionDeclaration(out)) return f.updateFunctionDeclaration(out, out.modifiers, out.asteriskToken, out.name, out.typeParameters, out.parameters, out.type, newBody);
    if (ts.isFunctionExpression(out)) return f.updateFunctionExpression(out, out.modifiers, out.asteriskToken, out.name, out.typeParameters, out.parameters, out.type, newBody);
    if (ts.isArrowFunction(out)) return f.updateArrowFunction(out, out.modifiers, out.typeParameters, out.parameters, out.type, out.equalsGreaterThanToken, newBody);
    if (ts.isMethodDeclaration(out))
      return f.updateMethodDeclaration(out, out.modifiers, out.asteriskToken, out.name, out.questionToken, out.typeParameters, out.parameters, out.type, newBody);
    if (ts.isConstructorDeclaration(out)) return f.updateConstructorDeclaration(out, out.modifiers, out.parameters, newBody);
    if (ts.isGetAccessorDeclaration(out)) return f.updateGetAccessorDeclaration(out, out.modifiers, out.name, out.parameters, out.type, newBody);
    return f.updateSetAccessorDeclaration(out, out.modifiers, out.name, out.parameters, newBody);
  }

  /** Puts `__lens.t(i)` (count + deadline) first in the body and wraps the loop in enter/exit bookkeeping. */
  private rewriteLoop(node: ts.IterationStatement, out: ts.IterationStatement, parent: ts.Node | undefined): ts.Node {
    const f = this.f;
    const start = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    const keyword = ts.isWhileStatement(node) ? "while" : ts.isDoStatement(node) ? "do" : "for";
    this.tables.loops.push({ line: start.line + 1, column: start.character + 1, keyword });
    const idx = this.tables.loops.length - 1;
    const tick = this.lens(HOOK.loopTick, [this.num(idx)]);
    // while/for tick in their condition, so the tensors a condition makes (`b.norm() < 1000`) count in the
    // iteration they decide; do/for-of/for-in tick at the top of the body.
    const tickInCondition = ts.isWhileStatement(out) || ts.isForStatement(out);
    const withTick = (cond: ts.Expression | undefined): ts.Expression =>
      f.createParenthesizedExpression(f.createComma(tick, cond ?? f.createTrue()));
    const head: ts.Statement[] = tickInCondition ? [] : [f.createExpressionStatement(tick)];
    // for (const [a, b] of pairs): name the loop variables each iteration.
    if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && ts.isVariableDeclarationList(node.initializer)) {
      const ids = node.initializer.declarations.flatMap((d) => bindingIdentifiers(d.name));
      if (ids.length > 0) head.push(f.createExpressionStatement(this.bindMany(ids, "declaration")));
    }
    const body = out.statement;
    const newBody =
      head.length === 0 ? body : ts.isBlock(body) ? f.updateBlock(body, [...head, ...body.statements]) : f.createBlock([...head, body], true);
    let loop: ts.Statement;
    if (ts.isWhileStatement(out)) loop = f.updateWhileStatement(out, withTick(out.expression), newBody);
    else if (ts.isDoStatement(out)) loop = f.updateDoStatement(out, newBody, out.expression);
    else if (ts.isForStatement(out)) loop = f.updateForStatement(out, out.initializer, withTick(out.condition), out.incrementor, newBody);
    else if (ts.isForOfStatement(out)) loop = f.updateForOfStatement(out, out.awaitModifier, out.initializer, out.expression, newBody);
    else if (ts.isForInStatement(out)) loop = f.updateForInStatement(out, out.initializer, out.expression, newBody);
    else return out;
    if (parent && ts.isLabeledStatement(parent)) {
      this.pendingLabelLoop = idx;
      return loop;
    }
    return this.guardBlock(loop, idx);
  }

  /** `{ __lens.e(i); try { loop } finally { __lens.x(i); } }`: keeps the stack of running loops exact. */
  private guardBlock(stmt: ts.Statement, idx: number): ts.Block {
    const f = this.f;
    return f.createBlock(
      [
        f.createExpressionStatement(this.lens(HOOK.loopEnter, [this.num(idx)])),
        f.createTryStatement(f.createBlock([stmt], true), undefined, f.createBlock([f.createExpressionStatement(this.lens(HOOK.loopExit, [this.num(idx)]))], true)),
      ],
      true,
    );
  }
}

/** A `before` transformer that instruments the snippet and fills `tables` and `problems`. */
export function instrumentTransformer(tables: SiteTables, problems: RunError[]): ts.TransformerFactory<ts.SourceFile> {
  return (ctx) => (sf) => new Instrumenter(sf, ctx, tables, problems).run();
}
