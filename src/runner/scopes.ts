/**
 * Just enough lexical scoping for the instrumentation: which names a scope declares, so the instrumenter can tell a
 * top-level variable from a shadowing local, and a free reference (`process`, `require`) from a user's own binding.
 * There is no type checker in a transpile-only pipeline, so this is computed from syntax alone.
 */
import ts from "typescript";

/** Adds every identifier bound by a declaration name (plain or destructuring pattern) to `out`. */
export function bindingNames(name: ts.BindingName, out: Set<string> | string[]): void {
  if (ts.isIdentifier(name)) {
    if (out instanceof Set) out.add(name.text);
    else out.push(name.text);
    return;
  }
  for (const el of name.elements) {
    if (ts.isOmittedExpression(el)) continue;
    bindingNames(el.name, out);
  }
}

/** The identifiers a destructuring pattern binds, with their nodes (for source ranges). */
export function bindingIdentifiers(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  const out: ts.Identifier[] = [];
  for (const el of name.elements) {
    if (ts.isOmittedExpression(el)) continue;
    out.push(...bindingIdentifiers(el.name));
  }
  return out;
}

/** Does this node start a new scope for the lookup in `Scopes.resolve`? */
export function isScopeNode(node: ts.Node): boolean {
  return (
    ts.isSourceFile(node) ||
    ts.isFunctionLike(node) ||
    ts.isBlock(node) ||
    ts.isCaseBlock(node) ||
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isCatchClause(node) ||
    ts.isClassLike(node)
  );
}

/** `var` declarations and function declarations hoist to the nearest function (or the file); collect them. */
function collectHoisted(node: ts.Node, out: Set<string>): void {
  ts.forEachChild(node, (child) => {
    if (ts.isFunctionLike(child) || ts.isClassLike(child)) return; // their vars are their own
    if (ts.isVariableDeclarationList(child) && (child.flags & ts.NodeFlags.BlockScoped) === 0) {
      for (const d of child.declarations) bindingNames(d.name, out);
    }
    collectHoisted(child, out);
  });
}

/** let/const/class/function declarations directly in a statement list. */
function collectLexical(statements: ts.NodeArray<ts.Statement>, out: Set<string>): void {
  for (const s of statements) {
    if (ts.isVariableStatement(s) && (s.declarationList.flags & ts.NodeFlags.BlockScoped) !== 0) {
      for (const d of s.declarationList.declarations) bindingNames(d.name, out);
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) {
      out.add(s.name.text);
    } else if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name) out.add(c.name.text);
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) out.add(nb.name.text);
      if (nb && ts.isNamedImports(nb)) for (const e of nb.elements) out.add(e.name.text);
    }
  }
}

/** The names a scope node declares itself (not its nested scopes). */
export function declaredNames(node: ts.Node): Set<string> {
  const out = new Set<string>();
  if (ts.isSourceFile(node)) {
    collectLexical(node.statements, out);
    collectHoisted(node, out);
  } else if (ts.isFunctionLike(node)) {
    for (const p of node.parameters) bindingNames(p.name, out);
    if ((ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) && node.name) out.add(node.name.text);
    const body = (node as ts.FunctionLikeDeclaration).body;
    if (body && ts.isBlock(body)) {
      collectLexical(body.statements, out);
      collectHoisted(body, out);
    }
  } else if (ts.isBlock(node)) {
    collectLexical(node.statements, out);
  } else if (ts.isCaseBlock(node)) {
    for (const c of node.clauses) collectLexical(c.statements, out);
  } else if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    const init = ts.isForStatement(node) ? node.initializer : node.initializer;
    if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) bindingNames(d.name, out);
  } else if (ts.isCatchClause(node)) {
    if (node.variableDeclaration) bindingNames(node.variableDeclaration.name, out);
  } else if (ts.isClassExpression(node) && node.name) {
    out.add(node.name.text);
  }
  return out;
}

/** Where a name resolved: the file's top level, a nested scope, or nowhere (a free global). */
export type Resolution = "top" | "local" | "free";

/** A stack of scopes mirroring the instrumenter's walk. */
export class Scopes {
  private readonly stack: Array<{ node: ts.Node; names: Set<string> }> = [];

  push(node: ts.Node): void {
    this.stack.push({ node, names: declaredNames(node) });
  }

  pop(): void {
    this.stack.pop();
  }

  resolve(name: string): Resolution {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const s = this.stack[i];
      if (s !== undefined && s.names.has(name)) return i === 0 ? "top" : "local";
    }
    return "free";
  }
}
