/**
 * Python (the subset the course and PyTorch's autograd tutorials use) → TypeScript, in two flavours from the same
 * walk over @lezer/python's tree:
 * - "run": the program the runner instruments and executes. Every operator, attribute access and truth test goes
 *   through the `$py` runtime (src/python/runtime.ts), which gives Python's semantics on numbers, lists and tensors
 *   (`2 * x`, `a.grad == d / a`, `7 // 2`, `x[0]`); plain number arithmetic stays JavaScript's where the static
 *   types prove it is the same. Every emitted span records the Python span it came from (emit.ts), so the Trace
 *   points at the `.py` file.
 * - "readable": what "Paste Python as Autograd Lens TypeScript" inserts: idiomatic snippet code (`x.mul(y)`,
 *   `torch.mul(2, x)`, `{ requires_grad: true }`, `console.log`), with untranslatable lines kept as comments.
 * Anything outside the subset is a PythonProblem naming the construct, on its span: never a guess.
 */
import { own } from "./own.js";
import type { SyntaxNode } from "@lezer/common";
import { Out } from "./emit.js";
import { children, firstSyntaxError, isTrailingDotFloat, parsePython, PythonProblem } from "./parse.js";
import { analyse, paramNames, Scope, SCOPE_NODES, splitAt, targetNames } from "./scope.js";
import { literalParts, stringValue, unescape } from "./strings.js";
import { isNumeric, type PyType, Types } from "./types.js";
import { POSITIONAL_KEYWORDS } from "./keywords.js";
import { READABLE } from "./readable.js";

export type TranslateMode = "run" | "readable";

export interface TranslateOptions {
  mode: TranslateMode;
  /** Show the value of every top-level expression statement, as a notebook cell does (conformance tests). */
  displayTopLevel?: boolean;
}

export interface Translation {
  code: string;
  out: Out;
  /** Readable mode: the constructs left as comments. */
  problems: PythonProblem[];
  /** Generated identifier → the Python name it stands for (`new$` → `new`). */
  renamed: Map<string, string>;
}

/** JavaScript words a Python name may be but a TypeScript identifier may not (or must not shadow here). */
const JS_RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await arguments eval undefined NaN Infinity console").split(" "),
);

/** Python builtins the runtime provides, by Python name → `$py` member. */
const BUILTINS: Record<string, string> = {
  range: "range", len: "len", abs: "abs", min: "min", max: "max", sum: "sum", float: "float", int: "int", bool: "bool_",
  str: "str", repr: "repr", list: "list", tuple: "tuple_", enumerate: "enumerate", zip: "zip", round: "round",
  reversed: "reversed", sorted: "sorted", any: "any", all: "all", pow: "pow", __name__: "__name__",
};

/** Builtins that exist in Python but not here: a clear message instead of a NameError. */
const UNSUPPORTED_BUILTINS = new Set(["open", "input", "exec", "eval", "compile", "globals", "locals", "vars", "dir", "getattr", "setattr", "hasattr", "isinstance", "type", "dict", "set", "map", "filter", "iter", "next", "super", "object", "id", "hash", "format", "callable", "chr", "ord", "divmod", "hex", "bin", "oct", "slice", "frozenset", "bytes", "bytearray", "memoryview", "property", "staticmethod", "classmethod", "__import__"]);

const ARITH: Record<string, string> = { "+": "add", "-": "sub", "*": "mul", "/": "truediv", "//": "floordiv", "%": "mod", "**": "pow", "@": "matmul", "<<": "lshift", ">>": "rshift", "&": "and_", "|": "or_", "^": "xor" };
const COMPARE: Record<string, string> = { "<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne" };
/** Number operators JavaScript computes exactly as Python does (for ints and floats alike). */
const JS_SAFE_ARITH = new Set(["+", "-", "*"]);

/** Attributes that lead from any object to the host realm's Function (the sandbox's rule, for Python too). */
export const FORBIDDEN_ATTRIBUTES = new Set(["constructor", "prototype", "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "caller", "callee", "arguments"]);

const GRAD_MODES = new Set(["no_grad", "enable_grad", "set_grad_enabled", "inference_mode"]);

const NAMED_CONSTRUCTS: Record<string, string> = {
  ClassDefinition: "class definitions",
  TryStatement: "try/except blocks",
  RaiseStatement: "raise statements",
  DeleteStatement: "del statements",
  DecoratedStatement: "decorators",
  DictionaryExpression: "dictionaries",
  DictionaryComprehensionExpression: "dict comprehensions",
  SetExpression: "sets",
  SetComprehensionExpression: "set comprehensions",
  YieldStatement: "generators (yield)",
  YieldExpression: "generators (yield)",
  AwaitExpression: "await",
  MatchStatement: "match statements",
  NamedExpression: "assignment expressions (:=)",
  PrintStatement: "Python 2 print statements",
  StarExpression: "starred expressions",
};

/** How print shows a value JavaScript cannot tell apart: "f" a float (`28.0`), "d" a dtype (`torch.float32`). */
function printFlag(t: PyType): string {
  return t === "float" ? "f" : t === "dtype" ? "d" : ".";
}

export class Translator {
  readonly out = new Out();
  readonly problems: PythonProblem[] = [];
  readonly renamed = new Map<string, string>();
  private readonly types: Types;
  private readonly torchNames = new Set<string>();
  private readonly mathNames = new Set<string>();
  private scope: Scope;
  private readonly readable: boolean;
  private loopDepth = 0;
  private fnDepth = 0;
  /** Names of the enclosing defs, for Python's qualified names in error texts (`make.<locals>.add`). */
  private readonly defNames: string[] = [];
  /** The statement being translated (its first binding of a name declares it: see Scope.firstBinding). */
  private currentStatement: SyntaxNode | null = null;

  constructor(
    private readonly src: string,
    private readonly opts: TranslateOptions,
  ) {
    this.readable = opts.mode === "readable";
    this.types = new Types(src, this.torchNames, this.mathNames);
    this.scope = new Scope("module", null);
  }

  // ---- helpers ----

  private text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  private w(s: string): void {
    this.out.write(s);
  }

  private fail(n: SyntaxNode, message: string): never {
    throw new PythonProblem(message, n.from, n.to);
  }

  private unsupported(n: SyntaxNode, what: string): never {
    if (this.readable) this.fail(n, `${what} cannot be translated to Autograd Lens TypeScript`);
    this.fail(n, `${what} ${what.endsWith("s") && !what.endsWith("ss") ? "are" : "is"} not supported in Autograd Lens Python`);
  }

  private typeOf(n: SyntaxNode): PyType {
    return this.types.of(n, this.scope) ?? "unknown";
  }

  /** A Python name as a TypeScript identifier. */
  ident(name: string): string {
    if (!JS_RESERVED.has(name)) return name;
    const id = `${name}$`;
    this.renamed.set(id, name);
    return id;
  }

  /** Python's __qualname__ of a function defined here. */
  private qualname(name: string): string {
    return [...this.defNames.map((d) => `${d}.<locals>`), name].join(".");
  }

  /** `$py.member` in run mode. */
  private rt(member: string): string {
    return `$py.${member}`;
  }

  // ---- entry ----

  translate(): void {
    const tree = parsePython(this.src);
    const syntax = firstSyntaxError(tree, this.src);
    if (syntax !== null) throw syntax;
    const root = tree.topNode;
    this.collectTorchNames(root);
    analyse(root, this.scope, this.src);
    if (this.readable) this.w(`import * as torch from "autograd-lens";\n`);
    const mark = this.out.text.length;
    this.statements(children(root), true);
    // print(…, end="") keeps its text until a line is complete; whatever is left shows when the module ends.
    if (!this.readable) this.w(`\n${this.rt("flush")}(console.log);`);
    this.declareLocals(mark, this.scope, new Set(), true);
  }

  /** Names bound to torch by imports anywhere (for the static types of `torch.x(...)` calls). */
  private collectTorchNames(root: SyntaxNode): void {
    for (const st of children(root)) {
      if (st.name !== "ImportStatement") continue;
      const cs = children(st);
      if (cs[0]?.name === "from") continue;
      for (const part of splitAt(cs.slice(1), ",")) {
        const asAt = part.findIndex((c) => c.name === "as");
        const dotted = (asAt >= 0 ? part.slice(0, asAt) : part).map((c) => this.text(c)).join("");
        if (dotted === "torch") this.torchNames.add(asAt >= 0 ? this.text(part[asAt + 1] as SyntaxNode) : "torch");
        else if (dotted === "math") this.mathNames.add(asAt >= 0 ? this.text(part[asAt + 1] as SyntaxNode) : "math");
        else if (asAt < 0 && dotted.startsWith("torch.")) this.torchNames.add("torch");
      }
    }
  }

  /** Inserts `let a, b;` for the scope's locals (minus parameters) at `at` in the output. */
  private declareLocals(at: number, scope: Scope, params: Set<string>, moduleLevel: boolean): void {
    const names = [...scope.locals]
      .filter((n) => !params.has(n) && !scope.declaredGlobal.has(n) && scope.firstBinding.get(n)?.direct !== true)
      .map((n) => this.ident(n));
    // Readable code declares imported names where it imports them (`const nn = torch.nn;`).
    if (this.readable) names.splice(0, names.length, ...names.filter((n) => scope.firstBinding.get(n)?.node?.name !== "ImportStatement" && !(moduleLevel && this.torchNames.has(n))));
    names.push(...scope.tempNames);
    if (names.length === 0) return;
    const decl = `let ${names.join(", ")};`;
    const text = this.out.text;
    const ins = moduleLevel ? `${decl}\n` : `\n${" ".repeat(this.indentAt(at))}${decl}`;
    this.out.text = text.slice(0, at) + ins + text.slice(at);
    for (const s of this.out.segments) {
      if (s.outStart >= at) s.outStart += ins.length;
      if (s.outEnd > at || (s.outEnd === at && s.outStart < at && false)) s.outEnd += ins.length;
    }
  }

  private indentAt(at: number): number {
    const lineStart = this.out.text.lastIndexOf("\n", at - 1) + 1;
    const m = /^ */.exec(this.out.text.slice(lineStart));
    return (m?.[0].length ?? 0) + 2;
  }

  // ---- statements ----

  private statements(nodes: SyntaxNode[], topLevel: boolean): void {
    for (const st of nodes) {
      if (st.name === ":" || st.name === "PassStatement" && nodes.length > 1) continue;
      const markText = this.out.text.length;
      const markSegs = this.out.segments.length;
      this.out.line();
      try {
        this.statement(st, topLevel);
      } catch (e) {
        if (!(e instanceof PythonProblem) || !this.readable) throw e;
        // Readable mode: keep the line as a comment and tell the user what was not translated.
        this.out.text = this.out.text.slice(0, markText);
        this.out.segments.length = markSegs;
        this.problems.push(e);
        this.out.line();
        const lines = this.text(st).split("\n");
        this.w(`// Not translated (${e.message}):`);
        for (const l of lines) {
          this.out.line();
          this.w(`// ${l}`);
        }
      }
    }
  }

  private body(n: SyntaxNode | undefined): void {
    if (n === undefined) return;
    this.w("{");
    this.out.indent();
    this.statements(children(n).filter((c) => c.name !== ":"), false);
    this.out.dedent();
    this.out.line();
    this.w("}");
  }

  private statement(n: SyntaxNode, topLevel: boolean): void {
    const named = own(NAMED_CONSTRUCTS, n.name);
    if (named !== undefined) this.unsupported(n, named);
    this.currentStatement = n;
    this.out.span(n.from, n.to, () => {
      switch (n.name) {
        case "ExpressionStatement":
          return this.expressionStatement(n, topLevel);
        case "AssignStatement":
          return this.assign(n);
        case "UpdateStatement":
          return this.update(n);
        case "IfStatement":
          return this.ifStatement(n);
        case "WhileStatement":
          return this.whileStatement(n);
        case "ForStatement":
          return this.forStatement(n);
        case "WithStatement":
          return this.withStatement(n);
        case "FunctionDefinition":
          return this.functionDefinition(n);
        case "ReturnStatement":
          return this.returnStatement(n);
        case "PassStatement":
          return this.w(";");
        case "BreakStatement":
        case "ContinueStatement":
          if (this.loopDepth === 0) this.fail(n, `SyntaxError: '${this.text(n)}' outside loop`);
          return this.w(`${this.text(n)};`);
        case "ImportStatement":
          return this.importStatement(n);
        case "ScopeStatement":
          return;
        case "AssertStatement":
          return this.assertStatement(n);
        default:
          this.unsupported(n, `"${this.text(n).split("\n")[0]?.slice(0, 40) ?? n.name}" (${n.name})`);
      }
    });
  }

  private expressionStatement(n: SyntaxNode, topLevel: boolean): void {
    const parts = children(n);
    const single = parts.length === 1 ? parts[0] : undefined;
    const isCall = single?.name === "CallExpression";
    if (this.readable) {
      // A notebook cell's last line (`x.grad, y`) shows its value; in a snippet, that is a console.log.
      if (topLevel && !isCall) {
        this.w("console.log(");
        parts.filter((p) => p.name !== ",").forEach((p, i) => {
          if (i > 0) this.w(", ");
          this.expr(p);
        });
        this.w(");");
        return;
      }
      this.tupleOrExpr(parts);
      this.w(";");
      return;
    }
    if (topLevel && this.opts.displayTopLevel === true && !isCall) {
      this.w(`${this.rt("display")}(console.log, `);
      this.tupleOrExpr(parts);
      this.w(parts.length === 1 && single !== undefined ? `, ${JSON.stringify(printFlag(this.typeOf(single)))});` : ");");
      return;
    }
    this.tupleOrExpr(parts);
    this.w(";");
  }

  /** `a, b` (a bare tuple) or a single expression. */
  private tupleOrExpr(parts: SyntaxNode[]): void {
    const items = parts.filter((p) => p.name !== ",");
    if (items.length === 1 && parts.length === 1) {
      this.expr(items[0] as SyntaxNode);
      return;
    }
    const first = parts[0] as SyntaxNode;
    const last = parts[parts.length - 1] as SyntaxNode;
    this.out.span(first.from, last.to, () => this.tupleItems(items));
  }

  private tupleItems(items: SyntaxNode[]): void {
    this.w(this.readable ? "[" : `${this.rt("tuple")}([`);
    items.forEach((it, i) => {
      if (i > 0) this.w(", ");
      this.expr(it);
    });
    this.w(this.readable ? "]" : `]${this.floatFlags(items)})`);
  }

  /** `, "f."` when some items are Python floats (so `(t, 1.0)` prints `1.0`), else nothing. */
  private floatFlags(items: SyntaxNode[]): string {
    const flags = items.map((it) => (this.typeOf(it) === "float" ? "f" : ".")).join("");
    return flags.includes("f") ? `, ${JSON.stringify(flags)}` : "";
  }

  private assign(n: SyntaxNode): void {
    const cs = children(n);
    if (cs.some((c) => c.name === "TypeDef")) this.unsupported(n, "annotated assignments");
    const groups = splitAt(cs, "AssignOp");
    const value = groups[groups.length - 1] ?? [];
    const targets = groups.slice(0, -1);
    if (targets.length === 1 && (targets[0] as SyntaxNode[]).length === 1) {
      this.assignTo(targets[0]![0] as SyntaxNode, () => this.tupleOrExpr(value), value);
      return;
    }
    // Several targets or tuple targets: evaluate once into a temporary, then assign left to right.
    const t = this.scope.temp();
    this.w(`${t} = `);
    this.tupleOrExpr(value);
    this.w(";");
    for (const g of targets) {
      const items = g.filter((x) => x.name !== ",");
      if (items.length === 1 && g.length === 1) {
        this.w(" ");
        this.assignTo(items[0] as SyntaxNode, () => this.w(t), null);
      } else this.unpackInto(items, t, g);
    }
  }

  /** `a, b = t`: unpack (with Python's length check) and assign each. */
  private unpackInto(items: SyntaxNode[], t: string, group: SyntaxNode[]): void {
    const flat = items.length === 1 && (items[0]?.name === "TupleExpression" || items[0]?.name === "ArrayExpression" || items[0]?.name === "ParenthesizedExpression")
      ? children(items[0] as SyntaxNode).filter((c) => c.name !== "," && c.name !== "(" && c.name !== ")" && c.name !== "[" && c.name !== "]")
      : items;
    const u = this.scope.temp();
    const first = group[0] as SyntaxNode;
    const last = group[group.length - 1] as SyntaxNode;
    this.out.span(first.from, last.to, () => {
      this.w(` ${u} = ${this.readable ? t : `${this.rt("unpack")}(${t}, ${flat.length})`};`);
    });
    flat.forEach((target, i) => {
      this.w(" ");
      this.assignTo(target, () => this.w(`${u}[${i}]`), null);
    });
  }

  /** `let ` (or `const ` in readable code) when this statement is where the name is declared. */
  private declarationKeyword(name: string, statement: SyntaxNode | null): string {
    const fb = this.scope.firstBinding.get(name);
    if (fb === undefined || !fb.direct || statement === null || fb.node.from !== statement.from || this.scope.declaredGlobal.has(name) || this.scope.declaredNonlocal.has(name)) return "";
    if (this.readable && this.scope.assigned.get(name)?.length === 1) return "const ";
    return "let ";
  }

  /** One assignment target ← the value `emitValue` writes. */
  private assignTo(target: SyntaxNode, emitValue: () => void, valueNodes: SyntaxNode[] | null): void {
    if (target.name === "VariableName") {
      this.w(this.declarationKeyword(this.text(target), valueNodes === null ? null : this.currentStatement));
      this.out.span(target.from, target.to, () => this.w(this.ident(this.text(target))));
      this.w(" = ");
      emitValue();
      this.w(";");
      return;
    }
    if (target.name === "TupleExpression" || target.name === "ArrayExpression" || target.name === "ParenthesizedExpression") {
      const t = this.scope.temp();
      this.w(`${t} = `);
      emitValue();
      this.w(";");
      this.unpackInto([target], t, [target]);
      return;
    }
    if (target.name === "MemberExpression") {
      const [obj, sep, ...rest] = children(target);
      if (obj === undefined || sep === undefined) this.fail(target, "SyntaxError: invalid assignment target");
      if (sep.name === ".") {
        const prop = rest[0] as SyntaxNode;
        if (this.readable) {
          this.expr(obj);
          this.w(`.${this.text(prop)} = `);
          emitValue();
          this.w(";");
          return;
        }
        this.w(`${this.rt("sa")}(`);
        this.expr(obj);
        this.w(`, ${JSON.stringify(this.text(prop))}, `);
        emitValue();
        this.w(");");
        return;
      }
      if (this.readable) this.unsupported(target, "assigning to tensor elements (x[i] = v; the snippet API spells it x.__setitem__(key, v))");
      this.w(`${this.rt("si")}(`);
      this.expr(obj);
      this.w(", ");
      this.subscriptKey(rest.slice(0, -1), target);
      this.w(", ");
      emitValue();
      this.w(");");
      return;
    }
    void valueNodes;
    this.fail(target, `SyntaxError: cannot assign to ${this.text(target)}`);
  }

  private update(n: SyntaxNode): void {
    const [target, opNode, value] = children(n);
    if (target === undefined || opNode === undefined || value === undefined) this.fail(n, "SyntaxError: invalid augmented assignment");
    const op = this.text(opNode).slice(0, -1);
    if (own(ARITH, op) === undefined) this.unsupported(opNode, `the ${op}= operator`);
    const tt = this.typeOf(target);
    const vt = this.typeOf(value);
    if (this.readable) {
      const inplace = own(READABLE.inplace, op);
      if (tt === "tensor" && inplace !== undefined) {
        this.expr(target);
        this.w(`.${inplace}(`);
        this.expr(value);
        this.w(");");
        return;
      }
      this.expr(target);
      this.w(` ${op === "**" ? "**" : op}= `);
      this.expr(value);
      this.w(";");
      return;
    }
    const emitValue = (): void => {
      if (isNumeric(tt) && isNumeric(vt) && JS_SAFE_ARITH.has(op)) {
        this.expr(target);
        this.w(` ${op} `);
        this.paren(value);
        return;
      }
      this.w(`${this.rt("iop")}(${JSON.stringify(op)}, `);
      this.expr(target);
      this.w(", ");
      this.expr(value);
      this.w(")");
    };
    this.assignTo(target, emitValue, null);
  }

  private condition(n: SyntaxNode): void {
    if (this.readable) {
      this.readableCondition(n);
      return;
    }
    if (this.typeOf(n) === "bool") {
      this.expr(n);
      return;
    }
    this.w(`${this.rt("truth")}(`);
    this.expr(n);
    this.w(")");
  }

  /** In a condition, `b.norm() < 1000` reads best as `b.norm().item() < 1000` (a JS number comparison). */
  private readableCondition(n: SyntaxNode): void {
    const t = this.typeOf(n);
    // A tensor object is always truthy in JavaScript: compare numbers (`.item()`, or Number() when we cannot see).
    if (t === "tensor" || (t === "unknown" && this.becomesMethodCall(n))) {
      const [l, op, r] = children(n);
      if (n.name === "BinaryExpression" && op?.name === "CompareOp" && l !== undefined && r !== undefined && own(COMPARE, this.text(op)) !== undefined && !this.isChain(n)) {
        const jsOp = this.text(op) === "==" ? "===" : this.text(op) === "!=" ? "!==" : this.text(op);
        this.out.span(n.from, n.to, () => {
          this.itemOf(l);
          this.w(` ${jsOp} `);
          this.itemOf(r);
        }, op.from);
        return;
      }
      this.itemOf(n);
      return;
    }
    this.expr(n);
  }

  private itemOf(n: SyntaxNode): void {
    const t = this.typeOf(n);
    if (isNumeric(t)) return this.paren(n);
    if (t === "tensor") {
      this.paren(n);
      return this.w(".item()");
    }
    this.w("Number(");
    this.expr(n);
    this.w(")");
  }

  private ifStatement(n: SyntaxNode): void {
    const cs = children(n);
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i] as SyntaxNode;
      if (c.name === "if" || c.name === "elif") {
        if (c.name === "elif") this.w(" else ");
        this.w("if (");
        this.condition(cs[i + 1] as SyntaxNode);
        this.w(") ");
        this.body(cs[i + 2]);
        i += 2;
      } else if (c.name === "else") {
        this.w(" else ");
        this.body(cs[i + 1]);
        i += 1;
      }
    }
  }

  private whileStatement(n: SyntaxNode): void {
    const cs = children(n);
    if (cs.some((c) => c.name === "else")) this.unsupported(n, "while … else");
    this.w("while (");
    this.condition(cs[1] as SyntaxNode);
    this.w(") ");
    this.loopDepth++;
    this.body(cs[2]);
    this.loopDepth--;
  }

  private forStatement(n: SyntaxNode): void {
    const cs = children(n);
    if (cs.some((c) => c.name === "else")) this.unsupported(n, "for … else");
    const inAt = cs.findIndex((c) => c.name === "in");
    const targetNodes = cs.slice(1, inAt).filter((c) => c.name !== ",");
    const iter = cs[inAt + 1] as SyntaxNode;
    const bodyNode = cs[inAt + 2];
    this.loopDepth++;
    if (this.readable) this.readableFor(targetNodes, iter, bodyNode);
    else {
      const t = this.scope.temp();
      this.w(`for (${t} of ${this.rt("iter")}(`);
      this.expr(iter);
      this.w(")) {");
      this.out.indent();
      this.out.line();
      const first = targetNodes[0] as SyntaxNode;
      const last = targetNodes[targetNodes.length - 1] as SyntaxNode;
      if (targetNodes.length === 1) this.assignTo(first, () => this.w(t), null);
      else this.unpackInto(targetNodes, t, [first, last]);
      this.statements(children(bodyNode as SyntaxNode).filter((c) => c.name !== ":"), false);
      this.out.dedent();
      this.out.line();
      this.w("}");
    }
    this.loopDepth--;
  }

  private readableFor(targets: SyntaxNode[], iter: SyntaxNode, bodyNode: SyntaxNode | undefined): void {
    const names = targets.flatMap((t) => targetNames(t, [], this.src)).map((x) => this.ident(x));
    const callee = iter.name === "CallExpression" ? iter.firstChild : null;
    if (callee !== null && callee.name === "VariableName" && this.text(callee) === "range" && names.length === 1 && this.scope.lookup("range") === null) {
      const args = children(children(iter)[1] as SyntaxNode).filter((c) => c.name !== "(" && c.name !== ")" && c.name !== ",");
      const v = names[0] as string;
      const [a, b, c] = args;
      const stepText = c === undefined ? "1" : this.text(c).replace(/\s+/g, "");
      if (!/^-?\d+$/.test(stepText) || Number(stepText) === 0) this.unsupported(iter, "range() with a step that is not a number literal");
      this.w(`for (${v} = `);
      if (args.length === 1) this.w("0");
      else this.expr(a as SyntaxNode);
      this.w(`; ${v} ${Number(stepText) > 0 ? "<" : ">"} `);
      this.expr((args.length === 1 ? a : b) as SyntaxNode);
      this.w(`; ${v}${c === undefined ? "++" : " += "}`);
      if (c !== undefined) this.expr(c);
      this.w(") ");
    } else {
      this.w(`for (${names.length === 1 ? names[0] : `[${names.join(", ")}]`} of `);
      this.expr(iter);
      this.w(") ");
    }
    this.body(bodyNode);
  }

  private withStatement(n: SyntaxNode): void {
    const cs = children(n);
    const item = cs[1];
    const bodyNode = cs[cs.length - 1];
    if (item === undefined || cs.filter((c) => c.name === ",").length > 0) this.unsupported(n, "with statements with several context managers");
    const mode = this.gradModeOf(item);
    if (mode === null) this.unsupported(item, `with ${this.text(item)} (only torch.no_grad(), torch.enable_grad() and torch.set_grad_enabled(…))`);
    if (this.readable) {
      if (mode.kind === "set_grad_enabled") this.unsupported(item, "with torch.set_grad_enabled(…) in the TypeScript API");
      this.w(`torch.${mode.kind === "enable_grad" ? "enable_grad" : "no_grad"}(() => `);
      this.body(bodyNode);
      this.w(");");
      return;
    }
    const asAt = cs.findIndex((c) => c.name === "as");
    const t = this.scope.temp();
    this.out.span(item.from, item.to, () => {
      this.w(`${t} = ${this.rt("grad_mode")}(`);
      if (mode.arg !== null) {
        this.w(`${this.rt("truth")}(`);
        this.expr(mode.arg);
        this.w(")");
      } else this.w(mode.kind === "enable_grad" ? "true" : "false");
      this.w(");");
    });
    if (asAt >= 0) {
      const name = cs[asAt + 1] as SyntaxNode;
      this.w(" ");
      this.assignTo(name, () => this.w("null"), null);
    }
    this.w(" try ");
    this.body(bodyNode);
    this.w(` finally { ${this.rt("grad_mode")}(${t}); }`);
  }

  /** `torch.no_grad()` and friends (by a torch alias or a name imported from torch). */
  private gradModeOf(n: SyntaxNode): { kind: string; arg: SyntaxNode | null } | null {
    if (n.name !== "CallExpression") return null;
    const [callee, argList] = children(n);
    if (callee === undefined || argList === undefined) return null;
    let name: string | null = null;
    if (callee.name === "MemberExpression") {
      const [obj, , prop] = children(callee);
      if (obj !== undefined && prop !== undefined && this.torchNames.has(this.text(obj))) name = this.text(prop);
    } else if (callee.name === "VariableName") name = this.text(callee);
    if (name === null || !GRAD_MODES.has(name)) return null;
    const args = children(argList).filter((c) => c.name !== "(" && c.name !== ")" && c.name !== ",");
    if (name === "set_grad_enabled") {
      if (args.length !== 1) this.fail(n, "set_grad_enabled() takes exactly one argument (mode)");
      return { kind: name, arg: args[0] as SyntaxNode };
    }
    if (name === "inference_mode") return { kind: "no_grad", arg: null };
    return { kind: name, arg: null };
  }

  private functionDefinition(n: SyntaxNode): void {
    const cs = children(n);
    const nameNode = cs.find((c) => c.name === "VariableName");
    const params = cs.find((c) => c.name === "ParamList");
    const bodyNode = cs.find((c) => c.name === "Body");
    if (cs[0]?.name === "async") this.unsupported(n, "async functions");
    if (nameNode === undefined || params === undefined || bodyNode === undefined) this.fail(n, "SyntaxError: invalid function definition");
    const name = this.ident(this.text(nameNode));
    const p = paramNames(params, this.src);
    if (p.doubleStar !== null) this.unsupported(p.doubleStar, "**kwargs parameters");
    const outer = this.scope;
    const inner = new Scope("function", outer);
    for (const pn of p.names) inner.locals.add(pn);
    analyse(bodyNode, inner, this.src);
    const paramList = (): void => {
      this.w("(");
      p.names.forEach((pn, i) => {
        if (i > 0) this.w(", ");
        if (i === p.star) this.w("...");
        this.w(this.ident(pn));
        // Readable TypeScript: an undefaulted parameter of a PyTorch snippet is a tensor (as in examples/06).
        if (this.readable && !p.defaults.has(pn)) this.w(i === p.star ? ": torch.Tensor[]" : ": torch.Tensor");
        const d = p.defaults.get(pn);
        if (d !== undefined) {
          this.w(" = ");
          this.expr(d);
        }
      });
      this.w(")");
    };
    if (this.readable) this.w(`function ${name}`);
    else {
      this.w(this.declarationKeyword(this.text(nameNode), n));
      this.out.span(nameNode.from, nameNode.to, () => this.w(name));
      // $py.def records the parameter names, so a keyword call through any alias (`add3(v=4)`) finds its slot.
      this.w(` = ${this.rt("def")}(function ${name}`);
    }
    paramList();
    this.w(" {");
    this.scope = inner;
    const savedLoop = this.loopDepth;
    this.loopDepth = 0;
    this.fnDepth++;
    const qual = this.qualname(this.text(nameNode));
    this.defNames.push(this.text(nameNode));
    this.out.indent();
    const mark = this.out.text.length;
    if (p.star !== null && !this.readable) {
      this.out.line();
      const star = this.ident(p.names[p.star] as string);
      this.w(`${star} = ${this.rt("tuple")}(${star});`);
    }
    this.statements(children(bodyNode).filter((c) => c.name !== ":"), false);
    this.out.dedent();
    this.out.line();
    this.w(this.readable ? "}" : `}, ${JSON.stringify(p.names)}, ${p.star ?? -1}, ${JSON.stringify(qual)});`);
    this.declareLocals(mark, inner, new Set(p.names), false);
    this.defNames.pop();
    this.fnDepth--;
    this.loopDepth = savedLoop;
    this.scope = outer;
  }

  private returnStatement(n: SyntaxNode): void {
    if (this.fnDepth === 0) this.fail(n, "SyntaxError: 'return' outside function");
    const parts = children(n).slice(1);
    if (parts.length === 0) {
      this.w(this.readable ? "return;" : "return null;");
      return;
    }
    this.w("return ");
    this.tupleOrExpr(parts);
    this.w(";");
  }

  private importStatement(n: SyntaxNode): void {
    const cs = children(n);
    if (cs[0]?.name === "from") {
      const at = cs.findIndex((c) => c.name === "import");
      const module = cs.slice(1, at).map((c) => this.text(c)).join("");
      this.checkModule(module, n);
      const rest = cs.slice(at + 1).filter((c) => c.name !== "," && c.name !== "(" && c.name !== ")");
      if (rest.some((c) => c.name === "*")) this.unsupported(n, "from … import *");
      for (let i = 0; i < rest.length; i++) {
        const c = rest[i] as SyntaxNode;
        const bound = rest[i + 1]?.name === "as" ? (rest[i + 2] as SyntaxNode) : c;
        if (bound !== c) i += 2;
        const member = this.text(c);
        if (this.readable) {
          if (i > 0) this.out.line();
          this.w(`const ${this.ident(this.text(bound))} = ${module}.${member};`);
          continue;
        }
        this.w(`${this.ident(this.text(bound))} = ${this.rt("from_import")}(${JSON.stringify(module)}, ${JSON.stringify(member)}); `);
      }
      return;
    }
    for (const part of splitAt(cs.slice(1), ",")) {
      const asAt = part.findIndex((c) => c.name === "as");
      const dotted = (asAt >= 0 ? part.slice(0, asAt) : part).map((c) => this.text(c)).join("");
      this.checkModule(dotted, n);
      const bound = asAt >= 0 ? this.text(part[asAt + 1] as SyntaxNode) : (dotted.split(".")[0] as string);
      if (this.readable) {
        if (dotted === "torch" && bound === "torch") continue; // the header's import
        this.w(`const ${this.ident(bound)} = ${asAt >= 0 ? dotted : bound};`);
        continue;
      }
      this.w(`${this.ident(bound)} = ${this.rt("import_")}(${JSON.stringify(asAt >= 0 ? dotted : (dotted.split(".")[0] as string))}); `);
    }
  }

  private checkModule(module: string, n: SyntaxNode): void {
    if (module === "torch" || module.startsWith("torch.") || module === "math") return;
    this.fail(n, `ModuleNotFoundError: only torch (and math) can be imported in Autograd Lens Python, not ${module}`);
  }

  private assertStatement(n: SyntaxNode): void {
    const parts = children(n).slice(1);
    const [cond, , msg] = parts;
    if (cond === undefined) this.fail(n, "SyntaxError: invalid syntax");
    if (this.readable) {
      this.w("if (!(");
      this.readableCondition(cond);
      this.w(")) throw new Error(");
      if (msg !== undefined) this.expr(msg);
      else this.w(JSON.stringify(`AssertionError: ${this.text(cond)}`));
      this.w(");");
      return;
    }
    this.w(`${this.rt("assert_")}(`);
    this.expr(cond);
    if (msg !== undefined) {
      this.w(", () => ");
      this.expr(msg);
    }
    this.w(");");
  }

  // ---- expressions ----

  /** Writes `n` wrapped in parentheses unless it is atomic. */
  private paren(n: SyntaxNode): void {
    const atomic = ["VariableName", "Number", "CallExpression", "MemberExpression", "ParenthesizedExpression", "String", "Boolean", "None"].includes(n.name) || (this.readable && this.becomesMethodCall(n));
    if (atomic) this.expr(n);
    else {
      this.w("(");
      this.expr(n);
      this.w(")");
    }
  }

  expr(n: SyntaxNode): void {
    const named = own(NAMED_CONSTRUCTS, n.name);
    if (named !== undefined) this.unsupported(n, named);
    if (n.type.isError) this.fail(n, "SyntaxError: invalid syntax");
    this.out.span(n.from, n.to, () => this.exprInner(n), this.anchorOf(n));
  }

  /** Readable mode: does this operator expression come out as `a.mul(b)` / `torch.mul(2, b)` (no parentheses needed)? */
  private becomesMethodCall(n: SyntaxNode): boolean {
    if (n.name === "ParenthesizedExpression") {
      const inner = children(n)[1];
      return inner !== undefined && this.becomesMethodCall(inner);
    }
    if (n.name !== "BinaryExpression" && n.name !== "UnaryExpression") return false;
    const cs = children(n);
    const op = n.name === "UnaryExpression" ? cs[0] : cs[1];
    if (op === undefined || op.name === "not" || op.name === "and" || op.name === "or" || op.name === "is" || op.name === "in") return false;
    if (n.name === "UnaryExpression") return !isNumeric(this.typeOf(cs[1] as SyntaxNode)) && this.text(op) !== "+";
    const lt = this.typeOf(cs[0] as SyntaxNode);
    const rt = this.typeOf(cs[cs.length - 1] as SyntaxNode);
    const o = this.text(op);
    return !(isNumeric(lt) && isNumeric(rt)) && (own(READABLE.arith, o) !== undefined || own(COMPARE, o) !== undefined);
  }

  /** The spot of an expression an error inside it should point at (see Segment.anchor). */
  private anchorOf(n: SyntaxNode): number {
    const cs = children(n);
    if (n.name === "BinaryExpression" || n.name === "UnaryExpression") return (n.name === "UnaryExpression" ? cs[0] : cs[1])?.from ?? n.from;
    if (n.name === "CallExpression") {
      const callee = cs[0];
      if (callee?.name === "MemberExpression") return children(callee)[2]?.from ?? n.from;
      return callee?.from ?? n.from;
    }
    if (n.name === "MemberExpression") return cs[2]?.from ?? n.from;
    return n.from;
  }

  private exprInner(n: SyntaxNode): void {
    switch (n.name) {
      case "Number":
        return this.number(n);
      case "Boolean":
        return this.w(this.text(n) === "True" ? "true" : "false");
      case "None":
        return this.w("null");
      case "String":
        return this.w(JSON.stringify(stringValue(this.text(n), n.from, n.to)));
      case "ContinuedString":
        return this.w(JSON.stringify(children(n).map((c) => (c.name === "String" ? stringValue(this.text(c), c.from, c.to) : this.fail(c, "f-strings joined to other strings are not supported in Autograd Lens Python"))).join("")));
      case "FormatString":
        return this.formatString(n);
      case "VariableName":
        return this.name(n);
      case "ParenthesizedExpression": {
        const inner = children(n)[1];
        if (inner === undefined) this.fail(n, "SyntaxError: invalid syntax");
        if (this.readable && this.becomesMethodCall(inner)) return this.expr(inner);
        this.w("(");
        this.expr(inner);
        return this.w(")");
      }
      case "TupleExpression":
        return this.tupleItems(children(n).filter((c) => c.name !== "," && c.name !== "(" && c.name !== ")"));
      case "ArrayExpression": {
        const items = children(n).filter((c) => c.name !== "," && c.name !== "[" && c.name !== "]");
        const flags = this.readable ? "" : this.floatFlags(items);
        if (flags !== "") this.w(`${this.rt("floats")}(`);
        this.w("[");
        items.forEach((it, i) => {
          if (i > 0) this.w(", ");
          this.expr(it);
        });
        return this.w(flags === "" ? "]" : `]${flags})`);
      }
      case "UnaryExpression":
        return this.unary(n);
      case "BinaryExpression":
        return this.binary(n);
      case "ConditionalExpression": {
        const [a, , cond, , b] = children(n);
        if (a === undefined || cond === undefined || b === undefined) this.fail(n, "SyntaxError: invalid conditional expression");
        this.w("(");
        this.condition(cond);
        this.w(" ? ");
        this.expr(a);
        this.w(" : ");
        this.expr(b);
        return this.w(")");
      }
      case "MemberExpression":
        return this.member(n);
      case "CallExpression":
        return this.call(n);
      case "LambdaExpression":
        return this.lambda(n);
      case "ArrayComprehensionExpression":
      case "ComprehensionExpression":
        return this.comprehension(n, children(n).slice(1, -1));
      case "Ellipsis":
        if (this.readable) this.unsupported(n, "Ellipsis (...)");
        return this.w(this.rt("ELLIPSIS"));
      default:
        this.unsupported(n, `"${this.text(n).slice(0, 40)}" (${n.name})`);
    }
  }

  private number(n: SyntaxNode): void {
    let t = this.text(n);
    if (/j$/i.test(t)) this.unsupported(n, "complex numbers");
    if (/^0[0-7]+$/.test(t)) this.fail(n, "SyntaxError: leading zeros in decimal integer literals are not permitted");
    t = t.replace(/^0O/, "0o").replace(/^0X/, "0x").replace(/^0B/, "0b");
    // `1.` and `1.e5` are Python floats; TypeScript wants a digit after the dot.
    this.w(t.replace(/\.(?=$|e|E)/, ".0"));
  }

  private name(n: SyntaxNode): void {
    const name = this.text(n);
    if (this.scope.lookup(name) !== null) return this.w(this.ident(name));
    if (this.readable) {
      if (name === "print") return this.w("console.log");
      if (own(BUILTINS, name) !== undefined || UNSUPPORTED_BUILTINS.has(name)) this.unsupported(n, `Python's ${name}()`);
      return this.w(this.ident(name));
    }
    const member = own(BUILTINS, name);
    if (member !== undefined) return this.w(this.rt(member));
    if (name === "print") this.unsupported(n, "print used as a value (call it: print(...))");
    if (UNSUPPORTED_BUILTINS.has(name)) this.unsupported(n, `the builtin ${name}()`);
    if (["Exception", "ValueError", "TypeError", "RuntimeError"].includes(name)) this.unsupported(n, "exceptions");
    // No scope binds it and it is no builtin: Python's NameError when evaluated. (As a plain identifier it could
    // resolve to one of JavaScript's globals, `Object`, `hasOwnProperty`, …, and run on.)
    this.w(`${this.rt("unbound")}(${JSON.stringify(name)})`);
  }

  private unary(n: SyntaxNode): void {
    const [op, arg] = children(n);
    if (op === undefined || arg === undefined) this.fail(n, "SyntaxError: invalid syntax");
    const o = this.text(op);
    const at = this.typeOf(arg);
    if (o === "not") {
      this.w("!");
      if (this.readable || at === "bool") this.paren(arg);
      else {
        this.w(`${this.rt("truth")}(`);
        this.expr(arg);
        this.w(")");
      }
      return;
    }
    if (this.readable) {
      if (at === "tensor" || at === "unknown") {
        if (o === "+") return this.expr(arg);
        this.paren(arg);
        return this.w(o === "-" ? ".neg()" : ".bitwise_not()");
      }
      this.w(o);
      return this.paren(arg);
    }
    if (isNumeric(at) && at !== "bool" && o === "-") {
      this.w("-");
      return this.paren(arg);
    }
    this.w(`${this.rt(o === "-" ? "neg" : o === "+" ? "pos" : "invert")}(`);
    this.expr(arg);
    this.w(")");
  }

  /** Is this comparison the tail of a chain (`a < b < c` parses as `(a < b) < c` without parentheses)? */
  private isChain(n: SyntaxNode): boolean {
    const [l, op] = children(n);
    if (l?.name !== "BinaryExpression" || !this.isComparisonOp(op)) return false;
    return this.isComparisonOp(children(l)[1]);
  }

  private isComparisonOp(op: SyntaxNode | undefined): boolean {
    return op !== undefined && (op.name === "CompareOp" || op.name === "in" || op.name === "is" || op.name === "not");
  }

  /** Operands and operators of a comparison (chain); `not in`, `is not` are two tokens. */
  private comparisonParts(n: SyntaxNode): { operands: SyntaxNode[]; ops: string[] } {
    const cs = children(n);
    const left = cs[0] as SyntaxNode;
    const right = cs[cs.length - 1] as SyntaxNode;
    const op = cs.slice(1, -1).map((c) => this.text(c)).join(" ");
    if (left.name === "BinaryExpression" && this.isChain(n)) {
      const inner = this.comparisonParts(left);
      return { operands: [...inner.operands, right], ops: [...inner.ops, op] };
    }
    return { operands: [left, right], ops: [op] };
  }

  private binary(n: SyntaxNode): void {
    const cs = children(n);
    const l = cs[0] as SyntaxNode;
    const r = cs[cs.length - 1] as SyntaxNode;
    const opNode = cs[1] as SyntaxNode;
    const op = cs.slice(1, -1).map((c) => this.text(c)).join(" ");
    if (opNode.name === "and" || opNode.name === "or") return this.logical(opNode.name, l, r);
    if (this.isComparisonOp(opNode)) {
      const { operands, ops } = this.comparisonParts(n);
      if (operands.length > 2) return this.chain(operands, ops, n);
      return this.compare(l, op, r);
    }
    const method = own(ARITH, op);
    if (method === undefined) this.unsupported(opNode, `the ${op} operator`);
    const lt = this.typeOf(l);
    const rt = this.typeOf(r);
    if (this.readable) return this.readableArith(l, op, r, lt, rt);
    if (isNumeric(lt) && isNumeric(rt) && JS_SAFE_ARITH.has(op)) {
      this.paren(l);
      this.w(` ${op} `);
      return this.paren(r);
    }
    this.w(`${this.rt(method)}(`);
    this.expr(l);
    this.w(", ");
    this.expr(r);
    // Which operands are Python floats, for the error text (`'float' and 'str'`): one JS number type serves both.
    const floats = (lt === "float" ? 1 : 0) + (rt === "float" ? 2 : 0);
    this.w(floats === 0 ? ")" : `, ${floats})`);
  }

  private readableArith(l: SyntaxNode, op: string, r: SyntaxNode, lt: PyType, rt: PyType): void {
    const fn = own(READABLE.arith, op);
    const numbers = isNumeric(lt) && isNumeric(rt);
    if (numbers || fn === undefined) {
      if (op === "//") {
        this.w("Math.floor(");
        this.paren(l);
        this.w(" / ");
        this.paren(r);
        return this.w(")");
      }
      this.paren(l);
      this.w(` ${op === "@" ? "*" : op} `);
      return this.paren(r);
    }
    // A tensor (or a value we cannot see, which in a PyTorch snippet is almost always a tensor) on the left: the
    // method form; a number on the left: torch.fn(number, tensor), which records Python's reflected operator.
    if (!isNumeric(lt)) {
      this.paren(l);
      this.w(`.${fn}(`);
      this.expr(r);
      return this.w(")");
    }
    this.w(`torch.${fn}(`);
    this.expr(l);
    this.w(", ");
    this.expr(r);
    this.w(")");
  }

  private compare(l: SyntaxNode, op: string, r: SyntaxNode): void {
    const lt = this.typeOf(l);
    const rt = this.typeOf(r);
    if (op === "is" || op === "is not") {
      this.w(op === "is" ? (this.readable ? "" : `${this.rt("is_")}(`) : this.readable ? "" : `!${this.rt("is_")}(`);
      if (this.readable) {
        this.paren(l);
        this.w(op === "is" ? " === " : " !== ");
        return this.paren(r);
      }
      this.expr(l);
      this.w(", ");
      this.expr(r);
      return this.w(")");
    }
    if (op === "in" || op === "not in") {
      if (this.readable) this.unsupported(l, "the in operator");
      this.w(`${op === "in" ? "" : "!"}${this.rt("contains")}(`);
      this.expr(r);
      this.w(", ");
      this.expr(l);
      return this.w(")");
    }
    const method = own(COMPARE, op);
    if (method === undefined) this.fail(l, `SyntaxError: invalid comparison ${op}`);
    if (this.readable) {
      if (isNumeric(lt) && isNumeric(rt)) {
        this.paren(l);
        this.w(` ${op === "==" ? "===" : op === "!=" ? "!==" : op} `);
        return this.paren(r);
      }
      if (!isNumeric(lt)) {
        this.paren(l);
        this.w(`.${method}(`);
        this.expr(r);
        return this.w(")");
      }
      this.w(`torch.${method}(`);
      this.expr(l);
      this.w(", ");
      this.expr(r);
      return this.w(")");
    }
    if (isNumeric(lt) && isNumeric(rt)) {
      this.paren(l);
      this.w(` ${op === "==" ? "===" : op === "!=" ? "!==" : op} `);
      return this.paren(r);
    }
    this.w(`${this.rt(method)}(`);
    this.expr(l);
    this.w(", ");
    this.expr(r);
    this.w(")");
  }

  /** `a < b <= c`: each operand evaluated once, left to right, stopping at the first false comparison. */
  private chain(operands: SyntaxNode[], ops: string[], n: SyntaxNode): void {
    if (this.readable) this.unsupported(n, "chained comparisons");
    this.w(`${this.rt("chain")}([`);
    operands.forEach((o, i) => {
      if (i > 0) this.w(", ");
      this.w("() => ");
      this.expr(o);
    });
    this.w(`], ${JSON.stringify(ops)})`);
  }

  /** `a and b` / `a or b`: Python returns an operand, and evaluates `b` only when needed. */
  private logical(kind: "and" | "or", l: SyntaxNode, r: SyntaxNode): void {
    const lt = this.typeOf(l);
    const rt = this.typeOf(r);
    if (this.readable || (lt === "bool" && rt === "bool")) {
      this.paren(l);
      this.w(kind === "and" ? " && " : " || ");
      return this.paren(r);
    }
    this.w(`${this.rt(kind === "and" ? "and" : "or")}(`);
    this.expr(l);
    this.w(", () => ");
    this.expr(r);
    this.w(")");
  }

  private member(n: SyntaxNode): void {
    if (isTrailingDotFloat(n)) {
      this.w(`${this.text(children(n)[0] as SyntaxNode)}.0`);
      return;
    }
    const [obj, sep, ...rest] = children(n);
    if (obj === undefined || sep === undefined) this.fail(n, "SyntaxError: invalid syntax");
    if (sep.name === ".") {
      const prop = rest[0];
      if (prop === undefined || prop.type.isError) this.fail(n, "SyntaxError: invalid syntax");
      const name = this.text(prop);
      if (FORBIDDEN_ATTRIBUTES.has(name)) this.fail(prop, `\`.${name}\` is not available in snippets (it reaches outside the sandbox)`);
      if (name.startsWith("__") && name.endsWith("__")) this.unsupported(prop, `the special attribute ${name}`);
      if (this.readable) {
        this.paren(obj);
        return this.w(`.${name}`);
      }
      this.w(`${this.rt("ga")}(`);
      this.expr(obj);
      return this.w(`, ${JSON.stringify(name)})`);
    }
    if (this.readable) {
      // x[0, 1:3, None, ...] → x.at(0, "1:3", null, "..."): the snippet API's spelling of Python's subscripts.
      const groups = splitAt(rest.slice(0, -1), ",").filter((g) => g.length > 0);
      this.paren(obj);
      this.w(".at(");
      groups.forEach((g, i) => {
        if (i > 0) this.w(", ");
        if (!g.some((c) => c.name === ":")) {
          const item = g[0] as SyntaxNode;
          if (item.name === "Ellipsis") this.w('"..."');
          else this.expr(item);
          return;
        }
        const parts = splitAt(g, ":");
        if (parts.every((p) => p.length === 0 || (p.length === 1 && /^-?\d+$/.test(this.text(p[0] as SyntaxNode).replace(/\s+/g, ""))))) {
          this.w(JSON.stringify(parts.map((p) => (p.length === 0 ? "" : this.text(p[0] as SyntaxNode).replace(/\s+/g, ""))).join(":")));
          return;
        }
        this.w("{ ");
        let first = true;
        ["start", "stop", "step"].forEach((k, j) => {
          const p = parts[j];
          if (p === undefined || p.length === 0) return;
          this.w(`${first ? "" : ", "}${k}: `);
          first = false;
          this.expr(p[0] as SyntaxNode);
        });
        this.w(" }");
      });
      return this.w(")");
    }
    this.w(`${this.rt("gi")}(`);
    this.expr(obj);
    this.w(", ");
    this.subscriptKey(rest.slice(0, -1), n);
    this.w(")");
  }

  /** `i`, `1:3`, `:, 1`, `..., None`: one key, a slice, or a tuple of them. */
  private subscriptKey(items: SyntaxNode[], n: SyntaxNode): void {
    const groups = splitAt(items, ",");
    const trailingComma = groups.length > 1 && (groups[groups.length - 1] as SyntaxNode[]).length === 0;
    const keys = trailingComma ? groups.slice(0, -1) : groups;
    const one = (g: SyntaxNode[]): void => {
      if (g.length === 0) this.fail(n, "SyntaxError: invalid syntax");
      if (!g.some((c) => c.name === ":")) {
        this.expr(g[0] as SyntaxNode);
        return;
      }
      const parts = splitAt(g, ":");
      this.w(`${this.rt("slice")}(`);
      for (let i = 0; i < 3; i++) {
        if (i > 0) this.w(", ");
        const p = parts[i];
        if (p === undefined || p.length === 0) this.w("null");
        else this.expr(p[0] as SyntaxNode);
      }
      this.w(")");
    };
    if (keys.length === 1 && !trailingComma) return one(keys[0] as SyntaxNode[]);
    this.w(`${this.rt("tuple")}([`);
    keys.forEach((g, i) => {
      if (i > 0) this.w(", ");
      one(g);
    });
    this.w("])");
  }

  /** Positional and keyword arguments of an ArgList (keywords flattened as `name = value` by the grammar). */
  private args(list: SyntaxNode): { positional: Array<{ node: SyntaxNode; star: boolean }>; keywords: Array<{ name: string; node: SyntaxNode; value: SyntaxNode }>; generator: boolean } {
    const cs = children(list).filter((c) => c.name !== "(" && c.name !== ")");
    const positional: Array<{ node: SyntaxNode; star: boolean }> = [];
    const keywords: Array<{ name: string; node: SyntaxNode; value: SyntaxNode }> = [];
    if (cs.some((c) => c.name === "for")) return { positional: [], keywords: [], generator: true };
    for (const g of splitAt(cs, ",")) {
      if (g.length === 0) continue;
      const [a, b, c] = g;
      if (a?.name === "**") this.unsupported(a, "**kwargs arguments");
      if (a?.name === "*" && b !== undefined) positional.push({ node: b, star: true });
      else if (b?.name === "AssignOp" && a !== undefined && c !== undefined) {
        if (keywords.some((k) => k.name === this.text(a))) this.fail(a, `SyntaxError: keyword argument repeated: ${this.text(a)}`);
        keywords.push({ name: this.text(a), node: a, value: c });
      } else if (a !== undefined) {
        if (keywords.length > 0) this.fail(a, "SyntaxError: positional argument follows keyword argument");
        positional.push({ node: a, star: false });
      }
    }
    return { positional, keywords, generator: false };
  }

  private call(n: SyntaxNode): void {
    const [callee, list] = children(n);
    if (callee === undefined || list === undefined) this.fail(n, "SyntaxError: invalid syntax");
    const a = this.args(list);
    if (a.generator) {
      // f(x for x in xs): the generator becomes a list (the subset's builtins consume it at once).
      this.expr(callee);
      this.w("(");
      this.comprehension(list, children(list).slice(1, -1));
      return this.w(")");
    }
    if (callee.name === "VariableName" && this.text(callee) === "print" && this.scope.lookup("print") === null) return this.print(a.positional, a.keywords, n);
    if (this.readable) return this.readableCall(callee, a);
    const writeArgs = (): void => {
      a.positional.forEach((p, i) => {
        if (i > 0) this.w(", ");
        if (p.star) {
          this.w(`...${this.rt("iter")}(`);
          this.expr(p.node);
          this.w(")");
        } else this.expr(p.node);
      });
      if (a.keywords.length > 0 || intData || floatData !== null) {
        if (a.positional.length > 0) this.w(", ");
        this.keywordObject(a.keywords, true, intData ? 'dtype: "int64"' : floatData !== null ? `dtype: ${floatData}` : null);
      }
    };
    const intData = this.isIntegerTensorCall(callee, a);
    const floatData = intData ? null : this.floatTensorDtype(callee, a);
    if (callee.name === "MemberExpression" && children(callee)[1]?.name === ".") {
      const [obj, , prop] = children(callee);
      const name = this.text(prop as SyntaxNode);
      if (FORBIDDEN_ATTRIBUTES.has(name) || name.startsWith("__")) this.fail(prop as SyntaxNode, `\`.${name}\` is not available in snippets (it reaches outside the sandbox)`);
      if (this.typeOf(obj as SyntaxNode) === "float") {
        // A float has no methods in the subset: Python's AttributeError, naming 'float'.
        this.w(`${this.rt("call")}(${this.rt("ga")}(`);
        this.expr(obj as SyntaxNode);
        this.w(`, ${JSON.stringify(name)}, true)${a.positional.length + a.keywords.length > 0 ? ", " : ""}`);
        writeArgs();
        return this.w(")");
      }
      this.w(`${this.rt("cm")}(`);
      this.expr(obj as SyntaxNode);
      this.w(`, ${JSON.stringify(name)}${a.positional.length + a.keywords.length > 0 ? ", " : ""}`);
      writeArgs();
      return this.w(")");
    }
    if (callee.name === "VariableName") {
      const fname = this.text(callee);
      const owner = this.scope.lookup(fname);
      const def = owner?.defs.get(fname);
      if (def !== undefined && owner?.assigned.get(fname)?.length === 1) return this.callDef(callee, def, a);
      if (owner === null && own(BUILTINS, fname) !== undefined) {
        this.expr(callee);
        this.w("(");
        writeArgs();
        const first = a.positional[0];
        if ((fname === "str" || fname === "repr") && a.positional.length === 1 && first !== undefined && this.typeOf(first.node) === "float") this.w(", true");
        return this.w(")");
      }
    }
    this.w(`${this.rt("call")}(`);
    this.expr(callee);
    if (a.positional.length + a.keywords.length > 0) this.w(", ");
    writeArgs();
    this.w(")");
  }

  /** An int literal, or a (nested) list/tuple of them: PyTorch makes an int64 tensor of it. */
  private isIntData(n: SyntaxNode): boolean {
    if (n.name === "Number") return this.typeOf(n) === "int";
    if (n.name === "UnaryExpression") return this.isIntData(children(n)[1] ?? n.firstChild!) && this.text(children(n)[0] ?? n) !== "not";
    if (n.name === "ArrayExpression" || n.name === "TupleExpression") {
      const items = children(n).filter((c) => !["[", "]", "(", ")", ","].includes(c.name));
      return items.length > 0 && items.every((c) => this.isIntData(c));
    }
    return false;
  }

  /**
   * `torch.tensor([1, 2])`, `torch.arange(4)`, `torch.full((2,), 3)`: PyTorch makes int64 tensors of int data, and
   * JavaScript's numbers cannot say so, so the call gets an explicit `dtype: "int64"` (unless it names a dtype).
   */
  private isIntegerTensorCall(callee: SyntaxNode, a: ReturnType<Translator["args"]>): boolean {
    const call = this.dtypelessTorchCall(callee, a);
    if (call === null) return false;
    const { name, pos } = call;
    const ints =
      name === "tensor" ? pos[0] !== undefined && this.isIntData(pos[0]) :
      name === "arange" ? pos.length > 0 && pos.every((p) => this.isIntData(p)) :
      name === "full" ? pos[1] !== undefined && this.isIntData(pos[1]) : false;
    return ints;
  }

  /** Numeric literal data with at least one float in it (`[0., 1]`, `4.0`, `-2.5`). */
  private isFloatData(n: SyntaxNode): boolean {
    // `0.` parses as a MemberExpression of `0` (types.ts reads it as a float): a leaf too.
    const leaf = (m: SyntaxNode): boolean => m.name === "Number" || (m.name === "MemberExpression" && /^\d+\.$/.test(this.text(m)));
    const numeric = (m: SyntaxNode): boolean => {
      if (leaf(m)) return true;
      if (m.name === "UnaryExpression") return this.text(children(m)[0] ?? m) === "-" && numeric(children(m)[1] ?? m);
      if (m.name === "ArrayExpression" || m.name === "TupleExpression") return children(m).filter((c) => !["[", "]", "(", ")", ","].includes(c.name)).every(numeric);
      return false;
    };
    const anyFloat = (m: SyntaxNode): boolean => (leaf(m) ? this.typeOf(m) === "float" : children(m).some(anyFloat));
    return numeric(n) && anyFloat(n);
  }

  /**
   * `torch.tensor([0., 1.])`, `torch.arange(4.0)`: float data whose values are whole numbers. The engine takes a
   * dtype-less tensor of whole numbers for PyTorch's int64 literal (the TypeScript spelling, which may index), so
   * the call names the default dtype, and PyTorch's "tensors used as indices must be long…" holds for it.
   * Returns the dtype expression to pass, or null.
   */
  private floatTensorDtype(callee: SyntaxNode, a: ReturnType<Translator["args"]>): string | null {
    const call = this.dtypelessTorchCall(callee, a);
    if (call === null) return null;
    const { torch, name, pos } = call;
    const floats = name === "tensor" ? pos[0] !== undefined && this.isFloatData(pos[0]) : name === "arange" ? pos.some((p) => this.isFloatData(p)) : false;
    return floats ? `${this.rt("cm")}(${torch}, "get_default_dtype")` : null;
  }

  /**
   * `torch.NAME(…)` (under any name torch was imported as) without a `dtype` keyword: the calls whose dtype the
   * translation may have to spell out. The module's text, the function's name and the positional arguments.
   */
  private dtypelessTorchCall(callee: SyntaxNode, a: ReturnType<Translator["args"]>): { torch: string; name: string; pos: SyntaxNode[] } | null {
    if (callee.name !== "MemberExpression") return null;
    const [obj, , prop] = children(callee);
    if (obj === undefined || prop === undefined || !this.torchNames.has(this.text(obj))) return null;
    if (a.keywords.some((k) => k.name === "dtype")) return null;
    return { torch: this.text(obj), name: this.text(prop), pos: a.positional.map((p) => p.node) };
  }

  /** A call to a `def` of this file: keyword arguments go to their parameter's position. */
  private callDef(callee: SyntaxNode, def: { params: string[]; star: number | null; required: number }, a: ReturnType<Translator["args"]>): void {
    const name = this.text(callee);
    const slots: Array<SyntaxNode | null> = a.positional.filter((p) => !p.star).map((p) => p.node);
    if (a.positional.some((p) => p.star)) {
      if (a.keywords.length > 0) this.unsupported(callee, "calls mixing *args and keyword arguments");
    }
    for (const k of a.keywords) {
      const i = def.params.indexOf(k.name);
      if (i < 0 || i === def.star) this.fail(k.node, `TypeError: ${name}() got an unexpected keyword argument '${k.name}'`);
      if (slots[i] !== undefined && slots[i] !== null) this.fail(k.node, `TypeError: ${name}() got multiple values for argument '${k.name}'`);
      while (slots.length < i) slots.push(null);
      slots[i] = k.value;
    }
    if (!a.positional.some((p) => p.star)) {
      // Python's arity errors, found before running: never a silent `undefined` for a missing argument.
      const positional = a.positional.length;
      const max = def.star === null ? def.params.length : Infinity;
      if (positional > max) this.fail(callee.parent ?? callee, `TypeError: ${name}() takes ${max} positional argument${max === 1 ? "" : "s"} but ${positional} ${positional === 1 ? "was" : "were"} given`);
      const missing = def.params.slice(0, def.required).filter((_p, i) => slots[i] === undefined || slots[i] === null);
      if (missing.length > 0)
        this.fail(callee.parent ?? callee, `TypeError: ${name}() missing ${missing.length} required positional argument${missing.length === 1 ? "" : "s"}: ${missing.map((m) => `'${m}'`).join(missing.length === 2 ? " and " : ", ")}`);
    }
    this.expr(callee);
    this.w("(");
    if (a.positional.some((p) => p.star)) {
      a.positional.forEach((p, i) => {
        if (i > 0) this.w(", ");
        if (p.star) this.w("...");
        if (p.star) {
          this.w(`${this.rt("iter")}(`);
          this.expr(p.node);
          this.w(")");
        } else this.expr(p.node);
      });
    } else
      slots.forEach((s, i) => {
        if (i > 0) this.w(", ");
        if (s === null) this.w("undefined");
        else this.expr(s);
      });
    this.w(")");
  }

  /** Keyword arguments as the engine's trailing options object: `{ requires_grad: true }`. */
  private keywordObject(keywords: Array<{ name: string; value: SyntaxNode }>, tagged: boolean, extra: string | null = null): void {
    if (tagged) this.w(`${this.rt("kw")}(`);
    this.w("{ ");
    keywords.forEach((k, i) => {
      if (i > 0) this.w(", ");
      this.w(`${/^[A-Za-z_]\w*$/.test(k.name) ? k.name : JSON.stringify(k.name)}: `);
      this.expr(k.value);
    });
    if (extra !== null) this.w(`${keywords.length > 0 ? ", " : ""}${extra}`);
    this.w(" }");
    if (tagged) this.w(")");
  }

  private readableCall(callee: SyntaxNode, a: ReturnType<Translator["args"]>): void {
    if (callee.name === "VariableName" && this.scope.lookup(this.text(callee)) === null) {
      const fname = this.text(callee);
      const first = a.positional[0]?.node;
      const mapped = READABLE.builtin(fname, first === undefined ? "unknown" : this.typeOf(first));
      if (mapped !== null && first !== undefined && a.positional.length === 1) {
        if (mapped.startsWith(".")) {
          this.paren(first);
          this.w(mapped);
          return;
        }
        this.w(`${mapped}(`);
        this.expr(first);
        this.w(")");
        return;
      }
    }
    // `y.backward(gradient=v)` → `y.backward(v)`: keywords the engine takes by position move into place.
    const calleeName = callee.name === "MemberExpression" ? this.text(children(callee)[2] ?? callee) : this.text(callee);
    const positional = a.positional.map((p) => ({ node: p.node, star: p.star }));
    let keywords = a.keywords;
    for (const [i, kwName] of (own(POSITIONAL_KEYWORDS, calleeName) ?? []).entries()) {
      const k = keywords.find((x) => x.name === kwName);
      if (k === undefined || positional.length !== i) continue;
      positional.push({ node: k.value, star: false });
      keywords = keywords.filter((x) => x !== k);
    }
    this.paren(callee);
    this.w("(");
    positional.forEach((p, i) => {
      if (i > 0) this.w(", ");
      if (p.star) this.w("...");
      this.expr(p.node);
    });
    if (keywords.length > 0) {
      if (positional.length > 0) this.w(", ");
      this.keywordObject(keywords, false);
    }
    this.w(")");
  }

  /** print(a, b, sep=…, end=…) → the captured console, with Python's str() of each value. */
  private print(positional: Array<{ node: SyntaxNode; star: boolean }>, keywords: Array<{ name: string; node: SyntaxNode; value: SyntaxNode }>, n: SyntaxNode): void {
    for (const k of keywords) if (k.name !== "sep" && k.name !== "end") this.fail(k.node, `TypeError: '${k.name}' is an invalid keyword argument for print()`);
    if (positional.some((p) => p.star)) this.unsupported(n, "print(*args)");
    if (this.readable) {
      this.w("console.log(");
      positional.forEach((p, i) => {
        if (i > 0) this.w(", ");
        this.expr(p.node);
      });
      return this.w(")");
    }
    this.w(`${this.rt("print")}(console.log, [`);
    positional.forEach((p, i) => {
      if (i > 0) this.w(", ");
      this.expr(p.node);
    });
    this.w(`], ${JSON.stringify(positional.map((p) => printFlag(this.typeOf(p.node))).join(""))}`);
    for (const name of ["sep", "end"]) {
      const k = keywords.find((x) => x.name === name);
      this.w(", ");
      if (k === undefined) this.w("null");
      else this.expr(k.value);
    }
    this.w(")");
  }

  private formatString(n: SyntaxNode): void {
    const token = this.text(n);
    const { prefix, quote } = literalParts(token);
    const raw = prefix.includes("r");
    const start = n.from + prefix.length + quote.length;
    const end = n.to - quote.length;
    const pieces: Array<string | SyntaxNode> = [];
    let pos = start;
    for (const r of children(n)) {
      if (r.name !== "FormatReplacement") continue;
      pieces.push(this.src.slice(pos, r.from));
      pieces.push(r);
      pos = r.to;
    }
    pieces.push(this.src.slice(pos, end));
    const lit = (s: string): string => unescape(s.replace(/\{\{/g, "{").replace(/\}\}/g, "}"), raw);
    if (this.readable) {
      this.w("`");
      for (const p of pieces) {
        if (typeof p === "string") this.w(lit(p).replace(/[`\\]/g, "\\$&").replace(/\$\{/g, "\\${"));
        else {
          const value = children(p)[1] as SyntaxNode;
          const spec = children(p).find((c) => c.name === "FormatSpec");
          this.w("${");
          this.expr(value);
          const fixed = spec === undefined ? null : /^:\.(\d+)f$/.exec(this.text(spec));
          if (fixed !== null) this.w(`${this.typeOf(value) === "tensor" ? ".item()" : ""}.toFixed(${fixed[1]})`);
          this.w("}");
        }
      }
      this.w("`");
      return;
    }
    this.w("(\"\"");
    for (const p of pieces) {
      if (typeof p === "string") {
        if (p !== "") this.w(` + ${JSON.stringify(lit(p))}`);
        continue;
      }
      const cs = children(p);
      const value = cs[1];
      if (value === undefined || value.name === "}") this.fail(p, "SyntaxError: f-string: empty expression not allowed");
      const conv = cs.find((c) => c.name === "FormatConversion");
      const spec = cs.find((c) => c.name === "FormatSpec");
      const selfDoc = cs.find((c) => c.name === "FormatSelfDoc");
      if (spec !== undefined && children(spec).some((c) => c.name === "FormatReplacement")) this.unsupported(spec, "nested f-string format specs");
      if (selfDoc !== undefined) this.w(` + ${JSON.stringify(this.src.slice(value.from, selfDoc.to))}`);
      this.w(` + ${this.rt("format")}(`);
      this.expr(value);
      const specText = spec === undefined ? "" : this.src.slice(spec.from + 1, spec.to);
      const convText = conv === undefined ? (selfDoc !== undefined && spec === undefined ? "r" : "") : this.text(conv).slice(1);
      this.w(`, ${JSON.stringify(specText)}, ${JSON.stringify(convText)}, ${this.typeOf(value) === "float"})`);
    }
    this.w(")");
  }

  private lambda(n: SyntaxNode): void {
    const cs = children(n);
    const params = cs.find((c) => c.name === "ParamList");
    const bodyExpr = cs[cs.length - 1] as SyntaxNode;
    const p = params === undefined ? { names: [], star: null, doubleStar: null, defaults: new Map<string, SyntaxNode>() } : paramNames(params, this.src);
    if (p.doubleStar !== null) this.unsupported(p.doubleStar, "**kwargs parameters");
    const outer = this.scope;
    const inner = new Scope("lambda", outer);
    for (const pn of p.names) inner.locals.add(pn);
    if (!this.readable) this.w(`${this.rt("def")}(`);
    this.w("((");
    p.names.forEach((pn, i) => {
      if (i > 0) this.w(", ");
      if (i === p.star) this.w("...");
      this.w(this.ident(pn));
      const d = p.defaults.get(pn);
      if (d !== undefined) {
        this.w(" = ");
        this.expr(d);
      }
    });
    this.w(") => ");
    this.scope = inner;
    this.paren(bodyExpr);
    this.scope = outer;
    this.w(")");
    if (!this.readable) this.w(`, ${JSON.stringify(p.names)}, ${p.star ?? -1}, ${JSON.stringify(this.qualname("<lambda>"))})`);
  }

  /** `[e for x in xs if c for y in ys]` → a list built by an immediately called arrow function with its own scope. */
  private comprehension(n: SyntaxNode, inner: SyntaxNode[]): void {
    if (this.readable) this.unsupported(n, "comprehensions in the TypeScript API");
    const forAt = inner.findIndex((c) => c.name === "for");
    const element = inner.slice(0, forAt);
    if (element.length !== 1) this.fail(n, "SyntaxError: invalid comprehension");
    const outer = this.scope;
    const scope = new Scope("comprehension", outer);
    // Clauses: for targets in iter [if cond]*
    const clauses: Array<{ kind: "for"; targets: SyntaxNode[]; iter: SyntaxNode } | { kind: "if"; cond: SyntaxNode }> = [];
    for (let i = forAt; i < inner.length; i++) {
      const c = inner[i] as SyntaxNode;
      if (c.name === "for") {
        const inAt = inner.findIndex((x, j) => j > i && x.name === "in");
        const targets = inner.slice(i + 1, inAt).filter((x) => x.name !== ",");
        for (const t of targets) for (const name of targetNames(t, [], this.src)) scope.locals.add(name);
        clauses.push({ kind: "for", targets, iter: inner[inAt + 1] as SyntaxNode });
        i = inAt + 1;
      } else if (c.name === "if") {
        clauses.push({ kind: "if", cond: inner[i + 1] as SyntaxNode });
        i++;
      }
    }
    const result = scope.temp();
    this.w("(() => { ");
    const declAt = this.out.text.length;
    this.w(`${result} = []; `);
    let opened = 0;
    clauses.forEach((cl, idx) => {
      // The first iterable is evaluated in the enclosing scope, as in Python.
      if (idx === 0) this.scope = outer;
      else this.scope = scope;
      if (cl.kind === "for") {
        const t = scope.temp();
        this.w(`for (${t} of ${this.rt("iter")}(`);
        this.expr(cl.iter);
        this.scope = scope;
        this.w(")) { ");
        const first = cl.targets[0] as SyntaxNode;
        if (cl.targets.length === 1) this.assignTo(first, () => this.w(t), null);
        else this.unpackInto(cl.targets, t, [first, cl.targets[cl.targets.length - 1] as SyntaxNode]);
        this.w(" ");
      } else {
        this.w("if (");
        this.condition(cl.cond);
        this.w(") { ");
      }
      opened++;
    });
    this.scope = scope;
    this.w(`${result}.push(`);
    this.expr(element[0] as SyntaxNode);
    this.w("); ");
    this.w("} ".repeat(opened));
    this.w(`return ${result}; })()`);
    this.scope = outer;
    const names = [...scope.locals].map((x) => this.ident(x)).concat(scope.tempNames);
    const decl = `let ${names.join(", ")}; `;
    this.out.text = this.out.text.slice(0, declAt) + decl + this.out.text.slice(declAt);
    for (const s of this.out.segments) {
      if (s.outStart >= declAt) s.outStart += decl.length;
      if (s.outEnd > declAt) s.outEnd += decl.length;
    }
  }
}

/** Translates a Python snippet; throws the first PythonProblem in run mode. */
export function translatePython(source: string, opts: TranslateOptions): Translation {
  const t = new Translator(source, opts);
  t.translate();
  // Readable code has no position map to keep: tidy its blank lines.
  const code = opts.mode === "readable" ? `${t.out.text.replace(/\n[ \t]*(?=\n)/g, "\n").replace(/\n{3,}/g, "\n\n").trim()}\n` : t.out.text;
  return { code, out: t.out, problems: t.problems, renamed: t.renamed };
}

export { SCOPE_NODES };
