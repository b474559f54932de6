/**
 * Static types, as far as they can be seen without running: enough to print a Python float as `28.0` when the
 * value is integral, to skip runtime dispatch when both operands are plain numbers, and (in the readable
 * translation) to choose `x.mul(y)` over `torch.mul(x, y)`. "unknown" is always safe: the runtime decides.
 */
import { own } from "./own.js";
import { children, isTrailingDotFloat, type SyntaxNode } from "./parse.js";
import type { Scope } from "./scope.js";

export type PyType = "int" | "float" | "bool" | "str" | "none" | "tensor" | "list" | "tuple" | "dtype" | "unknown";

const NUMERIC = new Set<PyType>(["int", "float", "bool"]);
export const isNumeric = (t: PyType): boolean => NUMERIC.has(t);

/** torch.* functions whose result is not a tensor. */
const TORCH_NON_TENSOR: Record<string, PyType> = {
  is_grad_enabled: "bool", equal: "bool", allclose: "bool", is_tensor: "bool", numel: "int", manual_seed: "unknown",
  no_grad: "unknown", enable_grad: "unknown", set_grad_enabled: "none", grad: "tuple",
};
/** Tensor methods whose result is not a tensor. */
const METHOD_TYPES: Record<string, PyType> = {
  item: "float", tolist: "list", size: "unknown", dim: "int", numel: "int", backward: "none", equal: "bool", allclose: "bool",
  retain_grad: "none", register_hook: "unknown", max: "unknown", min: "unknown", __len__: "int", ndimension: "int",
};
const ATTR_TYPES: Record<string, PyType> = { requires_grad: "bool", is_leaf: "bool", shape: "tuple", ndim: "int", dtype: "dtype", grad_fn: "unknown" };
/** torch members that are dtypes (the engine spells them "float32"; Python prints torch.float32). */
const TORCH_DTYPES = new Set(["float32", "float64", "float", "double", "int64", "long", "bool"]);
const MATH_TYPES: Record<string, PyType> = { floor: "int", ceil: "int", isnan: "bool", isinf: "bool", isclose: "bool" };
const BUILTIN_TYPES: Record<string, PyType> = { float: "float", int: "int", len: "int", bool: "bool", str: "str", repr: "str", list: "list", tuple: "tuple", round: "unknown" };

/** Joins two types: equal ones stay, different ones are unknown (int ∪ float is a number but which one?). */
function join(a: PyType | null, b: PyType | null): PyType | null {
  if (a === null) return b;
  if (b === null) return a;
  return a === b ? a : "unknown";
}

export class Types {
  private readonly inProgress = new Set<string>();
  private readonly memo = new Map<string, PyType | null>();

  constructor(
    private readonly src: string,
    /** Names bound to the torch module (`import torch`, `import torch as t`). */
    private readonly torchNames: Set<string>,
    /** Names bound to the math module. */
    private readonly mathNames: Set<string> = new Set(),
  ) {}

  private text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  /** The type of a variable read in `scope`: the join of everything assigned to it (parameters are unknown). */
  nameType(name: string, scope: Scope): PyType | null {
    const owner = scope.lookup(name);
    if (owner === null) return "unknown";
    const assigned = owner.assigned.get(name);
    if (assigned === undefined) return "unknown"; // a parameter
    const key = `${name}@${owner.kind}:${[...owner.locals].join(",")}`;
    if (this.memo.has(key)) return this.memo.get(key) ?? null;
    if (this.inProgress.has(key)) return null; // a cycle (`b = b * 2`): no information from this path
    this.inProgress.add(key);
    let t: PyType | null = null;
    for (const v of assigned) {
      const vt = v === null ? "unknown" : v === "int" ? "int" : v.name === "UpdateStatement" ? this.updateType(v, owner) : this.of(v, owner);
      t = join(t, vt);
    }
    this.inProgress.delete(key);
    this.memo.set(key, t);
    return t;
  }

  private updateType(n: SyntaxNode, scope: Scope): PyType | null {
    const [target, op, value] = children(n);
    if (target === undefined || value === undefined || op === undefined) return "unknown";
    return this.binary(this.of(target, scope), this.text(op).slice(0, -1), this.of(value, scope));
  }

  /** Arithmetic result types, Python's rules for numbers; anything with a tensor is a tensor. */
  binary(a: PyType | null, op: string, b: PyType | null): PyType | null {
    if (a === "tensor" || b === "tensor") return "tensor";
    if (a === null || b === null) return null;
    if (op === "@") return "unknown";
    if (isNumeric(a) && isNumeric(b)) {
      if (op === "/") return "float";
      if (a === "float" || b === "float") return "float";
      if (op === "**") return "unknown"; // 2 ** -1 is a float
      return "int";
    }
    if (op === "+" && a === b && (a === "str" || a === "list" || a === "tuple")) return a;
    return "unknown";
  }

  /** The static type of an expression (null: no information, inside a cycle). */
  of(n: SyntaxNode, scope: Scope): PyType | null {
    switch (n.name) {
      case "Number": {
        const t = this.text(n).toLowerCase();
        if (t.endsWith("j")) return "unknown";
        return /^0[xob]/.test(t) || !/[.e]/.test(t) ? "int" : "float";
      }
      case "Boolean":
        return "bool";
      case "None":
        return "none";
      case "String":
      case "FormatString":
      case "ContinuedString":
        return "str";
      case "ArrayExpression":
      case "ArrayComprehensionExpression":
        return "list";
      case "TupleExpression":
        return "tuple";
      case "ParenthesizedExpression": {
        const inner = children(n)[1];
        return inner === undefined ? "unknown" : this.of(inner, scope);
      }
      case "VariableName":
        return this.nameType(this.text(n), scope);
      case "UnaryExpression": {
        const [op, arg] = children(n);
        if (op?.name === "not") return "bool";
        const t = arg === undefined ? "unknown" : this.of(arg, scope);
        return t === "bool" ? "int" : t;
      }
      case "BinaryExpression": {
        const [l, op, r] = children(n);
        if (l === undefined || op === undefined || r === undefined) return "unknown";
        const lt = this.of(l, scope);
        const rt = this.of(r, scope);
        const opText = this.text(op);
        if (op.name === "CompareOp" || op.name === "is" || op.name === "in" || op.name === "not") {
          if (opText === "is" || op.name === "in" || op.name === "not" || op.name === "is") return "bool";
          if (lt === "tensor" || rt === "tensor") return "tensor";
          return lt !== null && rt !== null && isNumeric(lt) && isNumeric(rt) ? "bool" : lt === null || rt === null ? null : "unknown";
        }
        if (op.name === "and" || op.name === "or") return lt === rt ? lt : lt === null ? rt : rt === null ? lt : "unknown";
        return this.binary(lt, opText, rt);
      }
      case "ConditionalExpression": {
        const cs = children(n);
        return join(cs[0] ? this.of(cs[0], scope) : "unknown", cs[4] ? this.of(cs[4], scope) : "unknown");
      }
      case "MemberExpression": {
        if (isTrailingDotFloat(n)) return "float";
        const [obj, sep, prop] = children(n);
        if (obj === undefined || prop === undefined) return "unknown";
        const ot = this.of(obj, scope);
        if (sep?.name === "[") return ot === "tensor" ? "tensor" : "unknown";
        const name = this.text(prop);
        if (obj.name === "VariableName" && this.torchNames.has(this.text(obj)) && TORCH_DTYPES.has(name)) return "dtype";
        if (obj.name === "VariableName" && this.mathNames.has(this.text(obj))) return name === "pi" || name === "e" || name === "inf" || name === "nan" || name === "tau" ? "float" : "unknown";
        if (ot === "tensor") return own(ATTR_TYPES, name) ?? (name === "grad" || name === "data" || name === "T" ? "tensor" : "unknown");
        return "unknown";
      }
      case "CallExpression":
        return this.call(n, scope);
      default:
        return "unknown";
    }
  }

  private call(n: SyntaxNode, scope: Scope): PyType | null {
    const callee = n.firstChild;
    if (callee === null) return "unknown";
    if (callee.name === "VariableName") {
      const name = this.text(callee);
      if (scope.lookup(name) === null) return own(BUILTIN_TYPES, name) ?? "unknown";
      return "unknown";
    }
    if (callee.name !== "MemberExpression") return "unknown";
    const [obj, , prop] = children(callee);
    if (obj === undefined || prop === undefined) return "unknown";
    const name = this.text(prop);
    if (obj.name === "VariableName" && this.mathNames.has(this.text(obj))) return own(MATH_TYPES, name) ?? "float";
    if (obj.name === "VariableName" && this.torchNames.has(this.text(obj)) && scope.lookup(this.text(obj))?.kind === "module")
      return own(TORCH_NON_TENSOR, name) ?? "tensor";
    const ot = this.of(obj, scope);
    if (ot === "tensor") return own(METHOD_TYPES, name) ?? "tensor";
    return "unknown";
  }
}
