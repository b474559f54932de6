/**
 * Python's scoping, decided before translation: the names a function (or the module) assigns are its locals,
 * unless declared `global`/`nonlocal`. The translation declares them with one `let` at the top of the scope, so a
 * name lives as long as Python's does (a loop variable after its loop, a name assigned in only one branch).
 */
import { children, type SyntaxNode } from "./parse.js";

export type ScopeKind = "module" | "function" | "lambda" | "comprehension";

/** A `def` whose parameters are known: keyword arguments of calls to it are placed at translation time. */
export interface DefInfo {
  params: string[];
  /** Index of `*args`, if any. */
  star: number | null;
  /** How many leading parameters have no default (must be given). */
  required: number;
}

export class Scope {
  readonly locals = new Set<string>();
  readonly declaredGlobal = new Set<string>();
  readonly declaredNonlocal = new Set<string>();
  /** Every expression assigned to each local (for the static types), null for values we cannot see. */
  readonly assigned = new Map<string, Array<SyntaxNode | "int" | null>>();
  readonly defs = new Map<string, DefInfo>();
  /**
   * Where each local is first bound. When that is a plain `name = …` statement directly in the scope's body, the
   * translation declares the name right there (`let name = …`), so reading it earlier fails as Python's NameError
   * does (JavaScript's temporal dead zone) instead of reading `undefined`.
   */
  readonly firstBinding = new Map<string, { node: SyntaxNode; direct: boolean }>();
  private temps = 0;
  readonly tempNames: string[] = [];

  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | null,
  ) {}

  /** A fresh temporary (declared with the scope's locals), `$1`, `$2`, …: no Python name can contain `$`. */
  temp(): string {
    const name = `$${this.kind === "module" ? "m" : "f"}${++this.temps}`;
    this.tempNames.push(name);
    return name;
  }

  /** The scope that owns `name` when it is read here, or null (a builtin or an undefined name). */
  lookup(name: string): Scope | null {
    if (this.declaredGlobal.has(name)) return this.module();
    if (this.declaredNonlocal.has(name)) return this.parent === null ? null : this.parent.lookup(name);
    if (this.locals.has(name)) return this;
    // Class scopes do not exist in the subset; comprehension and lambda scopes see their enclosing function's.
    return this.parent === null ? null : this.parent.lookup(name);
  }

  module(): Scope {
    return this.parent === null ? this : this.parent.module();
  }

  addAssigned(name: string, value: SyntaxNode | "int" | null, at?: { node: SyntaxNode; direct: boolean }): void {
    if (this.declaredGlobal.has(name)) {
      this.module().addAssigned(name, value);
      return;
    }
    if (this.declaredNonlocal.has(name)) {
      this.parent?.lookup(name)?.addAssigned(name, value);
      return;
    }
    this.locals.add(name);
    if (!this.firstBinding.has(name)) this.firstBinding.set(name, at ?? { node: null as unknown as SyntaxNode, direct: false });
    const list = this.assigned.get(name) ?? [];
    list.push(value);
    this.assigned.set(name, list);
  }
}

/** Scope-opening nodes: their bodies are analysed as their own scope. */
export const SCOPE_NODES = new Set(["FunctionDefinition", "LambdaExpression", "ArrayComprehensionExpression", "ComprehensionExpression", "SetComprehensionExpression", "DictionaryComprehensionExpression"]);

/** Splits a node's children at the given separator token names. */
export function splitAt(nodes: SyntaxNode[], sep: string): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [[]];
  for (const n of nodes) {
    if (n.name === sep) groups.push([]);
    else groups[groups.length - 1]?.push(n);
  }
  return groups;
}

/** The names a target expression binds (`a`, `a, b`, `(a, [b, c])`); subscripts and attributes bind none. */
export function targetNames(n: SyntaxNode, out: string[] = [], src: string): string[] {
  if (n.name === "VariableName") out.push(src.slice(n.from, n.to));
  else if (n.name === "TupleExpression" || n.name === "ArrayExpression" || n.name === "ParenthesizedExpression")
    for (const c of children(n)) targetNames(c, out, src);
  return out;
}

/** Parameter names of a ParamList, in order (`*args` included, `**kwargs` reported separately). */
export function paramNames(list: SyntaxNode, src: string): { names: string[]; star: number | null; doubleStar: SyntaxNode | null; defaults: Map<string, SyntaxNode> } {
  const names: string[] = [];
  const defaults = new Map<string, SyntaxNode>();
  let star: number | null = null;
  let doubleStar: SyntaxNode | null = null;
  const cs = children(list);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i] as SyntaxNode;
    if (c.name === "*") {
      const next = cs[i + 1];
      if (next?.name === "VariableName") {
        star = names.length;
        names.push(src.slice(next.from, next.to));
        i++;
      }
    } else if (c.name === "**") {
      doubleStar = c;
      i++;
    } else if (c.name === "VariableName") {
      const name = src.slice(c.from, c.to);
      names.push(name);
      if (cs[i + 1]?.name === "AssignOp" && cs[i + 2] !== undefined) {
        defaults.set(name, cs[i + 2] as SyntaxNode);
        i += 2;
      } else if (cs[i + 1]?.name === "TypeDef") i++;
    }
  }
  return { names, star, doubleStar, defaults };
}

/**
 * Collects the locals of the scope whose statements (or expression) are under `root`, without entering nested
 * scopes (a nested `def` binds its own name here).
 */
export function analyse(root: SyntaxNode, scope: Scope, src: string): void {
  let depth = -1;
  const visit = (n: SyntaxNode): void => {
    switch (n.name) {
      case "ScopeStatement": {
        const [kw, ...names] = children(n);
        const set = kw?.name === "global" ? scope.declaredGlobal : scope.declaredNonlocal;
        for (const v of names) if (v.name === "VariableName") set.add(src.slice(v.from, v.to));
        return;
      }
      case "AssignStatement": {
        const groups = splitAt(children(n), "AssignOp");
        const value = groups[groups.length - 1] ?? [];
        const single = value.length === 1 ? (value[0] as SyntaxNode) : null;
        const direct = depth === 0 && groups.length === 2 && groups[0]?.length === 1 && groups[0][0]?.name === "VariableName";
        for (const g of groups.slice(0, -1)) {
          const names = g.flatMap((t) => targetNames(t, [], src));
          const simple = g.length === 1 && g[0]?.name === "VariableName";
          for (const name of names) scope.addAssigned(name, simple ? single : null, { node: n, direct });
        }
        for (const v of value) visit(v);
        return;
      }
      case "UpdateStatement": {
        const [target, , value] = children(n);
        if (target?.name === "VariableName") scope.addAssigned(src.slice(target.from, target.to), n);
        if (value !== undefined) visit(value);
        return;
      }
      case "ForStatement": {
        const cs = children(n);
        const inAt = cs.findIndex((c) => c.name === "in");
        const iter = cs[inAt + 1];
        const isRange = iter?.name === "CallExpression" && src.slice(iter.from, iter.to).startsWith("range(");
        for (const t of cs.slice(1, inAt)) for (const name of targetNames(t, [], src)) scope.addAssigned(name, isRange ? "int" : null);
        for (const c of cs.slice(inAt + 1)) visit(c);
        return;
      }
      case "WithStatement": {
        const cs = children(n);
        cs.forEach((c, i) => {
          if (c.name === "as" && cs[i + 1]?.name === "VariableName") scope.addAssigned(src.slice(cs[i + 1]!.from, cs[i + 1]!.to), null);
        });
        for (const c of cs) visit(c);
        return;
      }
      case "ImportStatement": {
        const cs = children(n);
        if (cs[0]?.name === "from") {
          const at = cs.findIndex((c) => c.name === "import");
          const rest = cs.slice(at + 1);
          for (let i = 0; i < rest.length; i++) {
            const c = rest[i] as SyntaxNode;
            if (c.name !== "VariableName") continue;
            if (rest[i + 1]?.name === "as" && rest[i + 2] !== undefined) {
              scope.addAssigned(src.slice(rest[i + 2]!.from, rest[i + 2]!.to), null, { node: n, direct: false });
              i += 2;
            } else scope.addAssigned(src.slice(c.from, c.to), null, { node: n, direct: false });
          }
        } else {
          // import a.b.c [as d], e: binds d, or the first component a.
          const parts = splitAt(cs.slice(1), ",");
          for (const p of parts) {
            const asAt = p.findIndex((c) => c.name === "as");
            const bound = asAt >= 0 ? p[asAt + 1] : p[0];
            if (bound !== undefined) scope.addAssigned(src.slice(bound.from, bound.to), null, { node: n, direct: false });
          }
        }
        return;
      }
      case "FunctionDefinition": {
        const cs = children(n);
        const name = cs.find((c) => c.name === "VariableName");
        const params = cs.find((c) => c.name === "ParamList");
        if (name !== undefined) {
          const fname = src.slice(name.from, name.to);
          scope.addAssigned(fname, null, { node: n, direct: depth === 0 });
          if (params !== undefined) {
            const p = paramNames(params, src);
            const firstDefault = p.names.findIndex((n, i) => p.defaults.has(n) || i === p.star);
            scope.defs.set(fname, { params: p.names, star: p.star, required: firstDefault < 0 ? p.names.length : firstDefault });
          }
        }
        // Defaults are evaluated in this scope.
        if (params !== undefined) for (const c of children(params)) if (c.name !== "VariableName") visit(c);
        return;
      }
      default:
        if (SCOPE_NODES.has(n.name)) return;
        depth++;
        for (let c = n.firstChild; c !== null; c = c.nextSibling) visit(c);
        depth--;
    }
  };
  depth = 0;
  for (let c = root.firstChild; c !== null; c = c.nextSibling) visit(c);
}
