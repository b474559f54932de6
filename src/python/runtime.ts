/**
 * `$py`: what a translated Python snippet calls for Python's semantics. Numbers stay numbers (`7 // 2 == 3`,
 * `-7 % 3 == 2`), anything with a tensor goes to the engine with the operands in Python's order (`2 * x` is
 * `torch.mul(2, x)`, recorded as Python's reflected operator), truth tests follow `__bool__`, attribute and method
 * access raise Python's AttributeError/TypeError texts, and print/f-strings show Python's text of each value.
 * It lives in the host realm next to the engine; the snippet sees it as one frozen global.
 */
import { own } from "./own.js";
import * as torch from "../engine/index.js";
import { isTensor } from "../engine/runtime.js";
import { POSITIONAL_KEYWORDS } from "./keywords.js";
import { PyError } from "./pyerrors.js";
import { ELLIPSIS, floatFlags, formatSpec, PyRange, PySlice, repr, sizes, str, tuples, typeName } from "./pyformat.js";

type Tensor = torch.Tensor;
type Fn = (...args: unknown[]) => unknown;

const kwObjects = new WeakSet<object>();
const tn = (v: unknown): string => typeName(v, isTensor);

function isNum(v: unknown): v is number | boolean {
  return typeof v === "number" || typeof v === "boolean";
}

function tuple<T>(items: T[], flags?: string): readonly T[] {
  const t = Object.freeze(items);
  tuples.add(t);
  if (flags !== undefined) floatFlags.set(t, flags);
  return t;
}

/** A list literal with Python floats among its items (flags as in tuple): they print as floats. */
function floats<T>(items: T[], flags: string): T[] {
  floatFlags.set(items, flags);
  return items;
}

function sizeOf(shape: readonly number[]): readonly number[] {
  const s = Object.freeze([...shape]);
  tuples.add(s);
  sizes.add(s);
  return s;
}

/** The type name of an operand; `floats` says which operands the translator knows are Python floats (1: left, 2: right). */
function operandType(v: unknown, isFloat: boolean): string {
  return isFloat && typeof v === "number" ? "float" : tn(v);
}

function unsupportedOperand(op: string, a: unknown, b: unknown, floats = 0): PyError {
  const ta = operandType(a, (floats & 1) !== 0);
  const tb = operandType(b, (floats & 2) !== 0);
  if (op === "+" && (ta === "str" || ta === "list" || ta === "tuple")) return new PyError("TypeError", `can only concatenate ${ta} (not "${tb}") to ${ta}`);
  return new PyError("TypeError", `unsupported operand type(s) for ${op}: '${ta}' and '${tb}'`);
}

// ---- arithmetic ----

/**
 * Python's float operand with an int64 tensor: PyTorch computes in the default float dtype (`torch.arange(4) * 2.0`
 * is `tensor([0., 2., 4., 6.])`), but a JavaScript number cannot say `2.0`, so the engine would keep int64. The
 * translator flags the operands it knows are floats (1: left, 2: right); such an int64 tensor is converted first
 * (int64 never requires grad, so no gradient path changes).
 */
function floatOperands(a: unknown, b: unknown, floats: number): [unknown, unknown] {
  if (floats === 0) return [a, b];
  const conv = (t: unknown, other: unknown, flagged: boolean): unknown =>
    flagged && typeof other === "number" && isTensor(t) && t.dtype === "int64" ? t.to(torch.get_default_dtype()) : t;
  return [conv(a, b, (floats & 2) !== 0), conv(b, a, (floats & 1) !== 0)];
}

function add(a: unknown, b: unknown, floats = 0): unknown {
  if (isNum(a) && isNum(b)) return Number(a) + Number(b);
  if (isTensor(a) || isTensor(b)) {
    [a, b] = floatOperands(a, b, floats);
    return torch.add(a as Tensor, b as Tensor);
  }
  if (typeof a === "string" && typeof b === "string") return a + b;
  if (Array.isArray(a) && Array.isArray(b) && tuples.has(a) === tuples.has(b)) return tuples.has(a) ? tuple([...a, ...b]) : [...a, ...b];
  throw unsupportedOperand("+", a, b, floats);
}

function sub(a: unknown, b: unknown, floats = 0): unknown {
  if (isNum(a) && isNum(b)) return Number(a) - Number(b);
  if (isTensor(a) || isTensor(b)) {
    [a, b] = floatOperands(a, b, floats);
    return torch.sub(a as Tensor, b as Tensor);
  }
  throw unsupportedOperand("-", a, b, floats);
}

function repeat(seq: unknown, n: unknown): unknown {
  const k = Math.max(0, Number(n));
  if (typeof seq === "string") return seq.repeat(k);
  const arr = seq as unknown[];
  const out: unknown[] = [];
  for (let i = 0; i < k; i++) out.push(...arr);
  return tuples.has(arr) ? tuple(out) : out;
}

function mul(a: unknown, b: unknown, floats = 0): unknown {
  if (isNum(a) && isNum(b)) return Number(a) * Number(b);
  if (isTensor(a) || isTensor(b)) {
    [a, b] = floatOperands(a, b, floats);
    return torch.mul(a as Tensor, b as Tensor);
  }
  if ((typeof a === "string" || Array.isArray(a)) && typeof b === "number" && Number.isInteger(b)) return repeat(a, b);
  if ((typeof b === "string" || Array.isArray(b)) && typeof a === "number" && Number.isInteger(a)) return repeat(b, a);
  throw unsupportedOperand("*", a, b, floats);
}

function truediv(a: unknown, b: unknown, floats = 0): unknown {
  if (isNum(a) && isNum(b)) {
    if (Number(b) === 0) throw new PyError("ZeroDivisionError", Number.isInteger(Number(a)) && Number.isInteger(Number(b)) ? "division by zero" : "float division by zero");
    return Number(a) / Number(b);
  }
  if (isTensor(a) || isTensor(b)) {
    [a, b] = floatOperands(a, b, floats);
    return torch.div(a as Tensor, b as Tensor);
  }
  throw unsupportedOperand("/", a, b, floats);
}

/**
 * Python's float floor division and modulo (CPython's float_divmod): from fmod, so `1 // 0.1` is 9.0 and `-4.0 % 2`
 * is 0.0 with the divisor's sign. Both ints (and no float the translator can see): exact integer results.
 */
function divmod(x: number, y: number, floats: number): [number, number] {
  if (floats === 0 && Number.isInteger(x) && Number.isInteger(y)) {
    const m = x % y;
    const r = m !== 0 && m < 0 !== y < 0 ? m + y : m + 0;
    return [Math.round((x - r) / y) + 0, r];
  }
  let mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0) {
    if (y < 0 !== mod < 0) {
      mod += y;
      div -= 1;
    }
  } else {
    mod = y < 0 ? -0 : 0;
  }
  let fl: number;
  if (div !== 0) {
    fl = Math.floor(div);
    if (div - fl > 0.5) fl += 1;
  } else {
    fl = x / y < 0 || Object.is(x / y, -0) ? -0 : 0;
  }
  return [fl, mod];
}

function floordiv(a: unknown, b: unknown, floats = 0): unknown {
  if (isNum(a) && isNum(b)) {
    if (Number(b) === 0) throw new PyError("ZeroDivisionError", floats === 0 && Number.isInteger(Number(a)) && Number.isInteger(Number(b)) ? "integer division or modulo by zero" : "float floor division by zero");
    return divmod(Number(a), Number(b), floats)[0];
  }
  // Tensor.__floordiv__ / __rfloordiv__: torch.floor_divide in Python's operand order (7 // x is floor_divide(7, x)).
  if (isTensor(a) || isTensor(b)) {
    [a, b] = floatOperands(a, b, floats);
    return torch.floor_divide(a as Tensor, b as Tensor);
  }
  throw unsupportedOperand("//", a, b, floats);
}

function mod(a: unknown, b: unknown, floats = 0): unknown {
  if (isNum(a) && isNum(b)) {
    const x = Number(a);
    const y = Number(b);
    if (y === 0) throw new PyError("ZeroDivisionError", floats === 0 && Number.isInteger(x) && Number.isInteger(y) ? "integer division or modulo by zero" : "float modulo");
    return divmod(x, y, floats)[1];
  }
  if (typeof a === "string") throw new PyError("NotImplementedError", "%-formatting of strings is not supported in Autograd Lens Python; use an f-string");
  // Tensor.__mod__ / __rmod__: torch.remainder in Python's operand order.
  if (isTensor(a) || isTensor(b)) {
    [a, b] = floatOperands(a, b, floats);
    return torch.remainder(a as Tensor, b as Tensor);
  }
  throw unsupportedOperand("%", a, b, floats);
}

function pow(a: unknown, b: unknown, floats = 0): unknown {
  if (isNum(a) && isNum(b)) {
    const x = Number(a);
    const y = Number(b);
    if (x === 0 && y < 0) throw new PyError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
    if (x < 0 && !Number.isInteger(y)) throw new PyError("NotImplementedError", "complex results of ** are not supported in Autograd Lens Python");
    return x ** y;
  }
  if (isTensor(a) || isTensor(b)) {
    [a, b] = floatOperands(a, b, floats);
    return torch.pow(a as Tensor, b as Tensor);
  }
  throw unsupportedOperand("** or pow()", a, b, floats);
}

function matmul(a: unknown, b: unknown, floats = 0): unknown {
  if (isTensor(a) && isTensor(b)) return torch.matmul(a, b);
  throw unsupportedOperand("@", a, b, floats);
}

function intOnly(op: string, f: (x: number, y: number) => number): (a: unknown, b: unknown) => unknown {
  return (a, b) => {
    if (isNum(a) && isNum(b) && Number.isInteger(Number(a)) && Number.isInteger(Number(b))) {
      if (typeof a === "boolean" && typeof b === "boolean" && (op === "&" || op === "|" || op === "^")) return Boolean(f(Number(a), Number(b)));
      return f(Number(a), Number(b));
    }
    if (isTensor(a) || isTensor(b)) throw new PyError("NotImplementedError", `${op} on tensors is not supported by the Autograd Lens engine yet`);
    throw unsupportedOperand(op, a, b);
  };
}

function neg(a: unknown): unknown {
  if (isNum(a)) return -Number(a);
  if (isTensor(a)) return torch.neg(a);
  throw new PyError("TypeError", `bad operand type for unary -: '${tn(a)}'`);
}

function pos(a: unknown): unknown {
  if (isNum(a)) return Number(a);
  if (isTensor(a)) return a;
  throw new PyError("TypeError", `bad operand type for unary +: '${tn(a)}'`);
}

function invert(a: unknown): unknown {
  if (typeof a === "number" && Number.isInteger(a)) return ~a;
  if (typeof a === "boolean") return ~Number(a);
  throw new PyError("TypeError", `bad operand type for unary ~: '${tn(a)}'`);
}

const BINARY: Record<string, (a: unknown, b: unknown) => unknown> = {
  "+": add, "-": sub, "*": mul, "/": truediv, "//": floordiv, "%": mod, "**": pow, "@": matmul,
  "<<": intOnly("<<", (x, y) => x * 2 ** y), ">>": intOnly(">>", (x, y) => Math.floor(x / 2 ** y)),
  "&": intOnly("&", (x, y) => x & y), "|": intOnly("|", (x, y) => x | y), "^": intOnly("^", (x, y) => x ^ y),
};
const INPLACE: Record<string, string> = { "+": "add_", "-": "sub_", "*": "mul_", "/": "div_", "//": "floor_divide_", "%": "remainder_", "**": "pow_" };

/** `a op= b`: in place on a tensor (Python's `__iadd__`), a list `+=` extends, numbers rebind. */
function iop(op: string, a: unknown, b: unknown): unknown {
  if (isTensor(a)) {
    const m = own(INPLACE, op);
    if (m === undefined) throw new PyError("NotImplementedError", `${op}= on a tensor (in place) is not supported by the Autograd Lens engine yet`);
    return (a as unknown as Record<string, Fn>)[m]!.call(a, b);
  }
  if (op === "+" && Array.isArray(a) && !tuples.has(a)) {
    a.push(...iterate(b));
    return a;
  }
  const f = own(BINARY, op);
  if (f === undefined) throw new PyError("SyntaxError", `invalid operator ${op}=`);
  return f(a, b);
}

// ---- comparisons and truth ----

function eqValues(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (isNum(a) && isNum(b)) return Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return tuples.has(a) === tuples.has(b) && a.length === b.length && a.every((x, i) => truth(eq(x, b[i])));
  return a === b;
}

function eq(a: unknown, b: unknown): unknown {
  if (isTensor(a) && (isTensor(b) || isNum(b))) return torch.eq(a, b as Tensor);
  if (isTensor(b) && isNum(a)) return torch.eq(b, a as number);
  return eqValues(a, b);
}

function ne(a: unknown, b: unknown): unknown {
  if (isTensor(a) && (isTensor(b) || isNum(b))) return torch.ne(a, b as Tensor);
  if (isTensor(b) && isNum(a)) return torch.ne(b, a as number);
  return !eqValues(a, b);
}

type Order = "lt" | "le" | "gt" | "ge";
const ORDER_OPS: Record<Order, string> = { lt: "<", le: "<=", gt: ">", ge: ">=" };
const FLIP: Record<Order, Order> = { lt: "gt", le: "ge", gt: "lt", ge: "le" };

function order(kind: Order): (a: unknown, b: unknown) => unknown {
  const js = (x: number | string, y: number | string): boolean =>
    kind === "lt" ? x < y : kind === "le" ? x <= y : kind === "gt" ? x > y : x >= y;
  return (a, b) => {
    if (isNum(a) && isNum(b)) return js(Number(a), Number(b));
    if (isTensor(a) && (isTensor(b) || isNum(b))) return (torch[kind] as (x: Tensor, y: unknown) => Tensor)(a, b);
    if (isTensor(b) && isNum(a)) return (torch[FLIP[kind]] as (x: Tensor, y: unknown) => Tensor)(b, a);
    if (typeof a === "string" && typeof b === "string") return js(a, b);
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (!eqValues(a[i], b[i])) return truth(order(kind)(a[i], b[i]));
      return js(a.length, b.length);
    }
    throw new PyError("TypeError", `'${ORDER_OPS[kind]}' not supported between instances of '${tn(a)}' and '${tn(b)}'`);
  };
}

const COMPARE: Record<string, (a: unknown, b: unknown) => unknown> = {
  "==": eq, "!=": ne, "<": order("lt"), "<=": order("le"), ">": order("gt"), ">=": order("ge"),
  is: (a, b) => is_(a, b), "is not": (a, b) => !is_(a, b), in: (a, b) => contains(b, a), "not in": (a, b) => !contains(b, a),
};

/** Python's truth value (`__bool__`); a tensor must have exactly one element. */
function truth(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isTensor(v)) return Boolean((v as Tensor).valueOf());
  if (v instanceof PyRange) return v.length > 0;
  return true;
}

function is_(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

function contains(container: unknown, item: unknown): boolean {
  if (typeof container === "string") {
    if (typeof item !== "string") throw new PyError("TypeError", `'in <string>' requires string as left operand, not ${tn(item)}`);
    return container.includes(item);
  }
  if (isTensor(container)) return truth(torch.any(torch.eq(container, item as Tensor)));
  for (const x of iterate(container)) if (truth(eq(x, item))) return true;
  return false;
}

function chain(operands: Array<() => unknown>, ops: string[]): unknown {
  let left = operands[0]!();
  let result: unknown = true;
  for (let i = 0; i < ops.length; i++) {
    const right = operands[i + 1]!();
    result = COMPARE[ops[i] as string]!(left, right);
    if (!truth(result)) return result;
    left = right;
  }
  return result;
}

// ---- attributes, items, calls ----

function noAttribute(o: unknown, name: string, isFloat = false): PyError {
  if (isFloat && typeof o === "number") return new PyError("AttributeError", `'float' object has no attribute '${name}'`);
  if (isTensor(o)) return new PyError("AttributeError", `'Tensor' object has no attribute '${name}' (not in the Autograd Lens engine)`);
  if (o === torch) return new PyError("AttributeError", `module 'torch' has no attribute '${name}' (not in the Autograd Lens engine)`);
  return new PyError("AttributeError", `'${tn(o)}' object has no attribute '${name}'`);
}

/** Never reachable from translated code (the translator rejects them); refused here too, as a second wall. */
const FORBIDDEN = new Set(["constructor", "prototype", "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "caller", "callee", "arguments"]);

function guardName(name: string): void {
  if (FORBIDDEN.has(name) || name.startsWith("__")) throw new PyError("AttributeError", `\`.${name}\` is not available in snippets (it reaches outside the sandbox)`);
}

function ga(o: unknown, name: string, isFloat = false): unknown {
  guardName(name);
  if (o === null || o === undefined || typeof o === "number" || typeof o === "boolean" || typeof o === "string") throw noAttribute(o, name, isFloat);
  const v = (o as Record<string, unknown>)[name];
  if (v === undefined && !(name in (o as object))) throw noAttribute(o, name);
  if (isTensor(o)) {
    if (name === "shape") return sizeOf(v as number[]);
    if (typeof v === "function") return (v as Fn).bind(o);
  }
  if (name === "next_functions" && Array.isArray(v)) return tuple(v.map((p: unknown) => (Array.isArray(p) ? tuple([...p]) : p)));
  return v;
}

function sa(o: unknown, name: string, v: unknown): void {
  guardName(name);
  if (o === null || o === undefined || typeof o !== "object") throw noAttribute(o, name);
  if (isTensor(o) && name === "requires_grad") {
    (o as Tensor).requires_grad_(truth(v));
    return;
  }
  let proto: object | null = o;
  while (proto !== null) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (d !== undefined) {
      if (d.set === undefined && d.writable !== true) throw new PyError("AttributeError", `attribute '${name}' of '${tn(o)}' objects is not writable`);
      break;
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  (o as Record<string, unknown>)[name] = v;
}

function index(i: unknown, n: number, what: string): number {
  const k = isTensor(i) ? Number((i as Tensor).item()) : Number(i);
  if (!Number.isInteger(k)) throw new PyError("TypeError", `${what} indices must be integers or slices, not ${tn(i)}`);
  const j = k < 0 ? k + n : k;
  if (j < 0 || j >= n) throw new PyError("IndexError", `${what} index out of range`);
  return j;
}

function sliceIndices(s: PySlice, n: number): number[] {
  const step = s.step ?? 1;
  if (step === 0) throw new PyError("ValueError", "slice step cannot be zero");
  const clamp = (v: number | null, dflt: number, lo: number, hi: number): number => {
    if (v === null) return dflt;
    const x = v < 0 ? v + n : v;
    return Math.min(Math.max(x, lo), hi);
  };
  const out: number[] = [];
  if (step > 0) for (let i = clamp(s.start, 0, 0, n); i < clamp(s.stop, n, 0, n); i += step) out.push(i);
  else for (let i = clamp(s.start, n - 1, -1, n - 1); i > clamp(s.stop, -1, -1, n - 1); i += step) out.push(i);
  return out;
}

/**
 * A Python subscript as the engine's `__getitem__`/`__setitem__` take it: a tuple is an array, a slice
 * `{ start, stop, step }`, `...` the string "...", None null, and a list of indices a tensor.
 */
function engineKey(key: unknown, top = true): unknown {
  if (key instanceof PySlice) return { start: key.start, stop: key.stop, step: key.step };
  if (key === ELLIPSIS) return "...";
  if (Array.isArray(key)) {
    if (tuples.has(key) && top) return key.map((k) => engineKey(k, false));
    return torch.tensor(key as number[]);
  }
  return key;
}

function tensorItem(t: Tensor, key: unknown): unknown {
  const custom = (t as unknown as { __getitem__?: Fn }).__getitem__;
  if (typeof custom === "function") return custom.call(t, engineKey(key));
  const keys = Array.isArray(key) && tuples.has(key) ? key : [key];
  let out: Tensor = t;
  let dim = 0;
  for (const k of keys) {
    if (typeof k === "number" || typeof k === "boolean" || isTensor(k)) {
      if (isTensor(k) && (k as Tensor).numel() !== 1) throw new PyError("NotImplementedError", "indexing a tensor with a tensor of indices is not supported by the Autograd Lens engine yet");
      if (dim !== 0) throw new PyError("NotImplementedError", "indexing a tensor after a slice (x[:, 1]) is not supported by the Autograd Lens engine yet");
      if (out.shape.length === 0) throw new PyError("IndexError", "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
      out = out.at(isTensor(k) ? Number((k as Tensor).item()) : Number(k));
      continue;
    }
    if (k instanceof PySlice && k.start === null && k.stop === null && k.step === null) {
      dim++;
      continue;
    }
    throw new PyError("NotImplementedError", "tensor slicing (x[1:3], x[:, 1], x[None]) is not supported by the Autograd Lens engine yet");
  }
  return out;
}

function gi(o: unknown, key: unknown): unknown {
  if (isTensor(o)) return tensorItem(o as Tensor, key);
  if (Array.isArray(o) || typeof o === "string") {
    const what = typeof o === "string" ? "string" : tuples.has(o) ? "tuple" : "list";
    if (key instanceof PySlice) {
      const idx = sliceIndices(key, o.length);
      if (typeof o === "string") return idx.map((i) => o[i]).join("");
      const items = idx.map((i) => o[i]);
      return tuples.has(o) && !sizes.has(o) ? tuple(items) : sizes.has(o) ? sizeOf(items as number[]) : items;
    }
    return o[index(key, o.length, what)];
  }
  if (o instanceof PyRange) {
    const all = [...o];
    return all[index(key, all.length, "range object")];
  }
  const mr = o as { values?: unknown; indices?: unknown } | null;
  if (mr !== null && typeof mr === "object" && isTensor(mr.values)) return [mr.values, mr.indices][index(key, 2, "tuple")];
  throw new PyError("TypeError", `'${tn(o)}' object is not subscriptable`);
}

function si(o: unknown, key: unknown, v: unknown): void {
  if (Array.isArray(o) && !tuples.has(o)) {
    if (key instanceof PySlice) throw new PyError("NotImplementedError", "assigning to a list slice is not supported in Autograd Lens Python");
    o[index(key, o.length, "list assignment")] = v;
    floatFlags.delete(o);
    return;
  }
  if (isTensor(o)) {
    const custom = (o as unknown as { __setitem__?: Fn }).__setitem__;
    if (typeof custom === "function") {
      custom.call(o, engineKey(key), v);
      return;
    }
    throw new PyError("NotImplementedError", "assigning to tensor elements (x[i] = v) is not supported by the Autograd Lens engine yet");
  }
  throw new PyError("TypeError", `'${tn(o)}' object does not support item assignment`);
}


/** Moves keyword arguments the engine takes by position into place. */
function placeKeywords(name: string, args: unknown[]): unknown[] {
  const last = args[args.length - 1];
  if (typeof last !== "object" || last === null || !kwObjects.has(last)) return args;
  const positional = own(POSITIONAL_KEYWORDS, name);
  const kw = { ...(last as Record<string, unknown>) };
  const rest = args.slice(0, -1);
  if (positional !== undefined) {
    positional.forEach((p, i) => {
      if (p in kw) {
        if (i < rest.length) throw new PyError("TypeError", `${name}() got multiple values for argument '${p}'`);
        while (rest.length < i) rest.push(undefined);
        rest[i] = kw[p];
        delete kw[p];
      }
    });
  }
  if ("size" in kw && Array.isArray(kw.size)) kw.size = [...(kw.size as unknown[])];
  return Object.keys(kw).length > 0 ? [...rest, kw] : rest;
}

const LIST_METHODS: Record<string, (l: unknown[], ...a: unknown[]) => unknown> = {
  append: (l, x) => {
    l.push(x);
    return null;
  },
  extend: (l, x) => {
    l.push(...iterate(x));
    return null;
  },
  pop: (l, i) => {
    if (l.length === 0) throw new PyError("IndexError", "pop from empty list");
    return l.splice(i === undefined ? l.length - 1 : index(i, l.length, "pop"), 1)[0];
  },
  insert: (l, i, x) => {
    l.splice(Number(i), 0, x);
    return null;
  },
  index: (l, x) => {
    const i = l.findIndex((y) => eqValues(y, x));
    if (i < 0) throw new PyError("ValueError", `${repr(x, isTensor)} is not in list`);
    return i;
  },
  count: (l, x) => l.filter((y) => eqValues(y, x)).length,
  reverse: (l) => {
    l.reverse();
    return null;
  },
  clear: (l) => {
    l.splice(0);
    return null;
  },
  copy: (l) => [...l],
};

const STRING_METHODS: Record<string, (s: string, ...a: unknown[]) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s) => s.trim(),
  join: (s, xs) => [...iterate(xs)].map((x) => {
    if (typeof x !== "string") throw new PyError("TypeError", `sequence item: expected str instance, ${tn(x)} found`);
    return x;
  }).join(s),
  split: (s, sep) => (sep === undefined || sep === null ? s.trim().split(/\s+/).filter((x) => x !== "") : s.split(String(sep))),
  replace: (s, a, b) => s.split(String(a)).join(String(b)),
  startswith: (s, p) => s.startsWith(String(p)),
  endswith: (s, p) => s.endsWith(String(p)),
  format: (s, ...args) => {
    let i = 0;
    return s.replace(/\{(\d*)(?::([^}]*))?\}/g, (_m, n: string, spec: string | undefined) => formatSpec(args[n === "" ? i++ : Number(n)], spec ?? "", isTensor, false));
  },
};

const classes = new WeakMap<object, boolean>();

/** Is `f` a class (`nn.Linear`, `torch.optim.SGD`)? Python calls a class to make an instance; JavaScript says `new`. */
function isClass(f: Fn): boolean {
  let known = classes.get(f);
  if (known === undefined) {
    known = /^class[\s{]/.test(Function.prototype.toString.call(f));
    classes.set(f, known);
  }
  return known;
}

function invoke(f: Fn, self: unknown, args: unknown[]): unknown {
  // Reflect.apply: a callable nn.Module is a function whose prototype is not Function.prototype.
  return isClass(f) ? Reflect.construct(f, args) : Reflect.apply(f, self, args);
}

/** `o.name(*args)`. */
function cm(o: unknown, name: string, ...args: unknown[]): unknown {
  guardName(name);
  if (Array.isArray(o)) {
    const m = tuples.has(o) ? (name === "index" || name === "count" ? own(LIST_METHODS, name) : undefined) : own(LIST_METHODS, name);
    if (m === undefined) throw noAttribute(o, name);
    // Items moved: the float flags of the literal no longer line up.
    if (!tuples.has(o) && name !== "index" && name !== "count" && name !== "copy") floatFlags.delete(o);
    return m(o, ...args);
  }
  if (typeof o === "string") {
    const m = own(STRING_METHODS, name);
    if (m === undefined) throw noAttribute(o, name);
    return m(o, ...args);
  }
  if (o === null || o === undefined || typeof o !== "object" && typeof o !== "function") throw noAttribute(o, name);
  const f = (o as Record<string, unknown>)[name];
  if (f === undefined) throw noAttribute(o, name);
  if (typeof f !== "function") throw new PyError("TypeError", `'${tn(f)}' object is not callable`);
  const placed = placeKeywords(name, args);
  if (isTensor(o) && name === "size" && placed.length === 0) return sizeOf((o as Tensor).shape);
  const result = invoke(f as Fn, o, placed);
  if (o === torch.autograd && name === "grad" && Array.isArray(result)) return tuple(result);
  return result;
}

/** Parameter names of the snippet's own functions (`def`, `lambda`), for keyword calls through any alias. */
const defs = new WeakMap<object, { params: string[]; star: number; qualname: string }>();

function def<F extends Fn>(f: F, params: string[], star: number, qualname: string): F {
  defs.set(f, { params, star, qualname });
  return f;
}

/** A keyword call of the snippet's own function: each keyword to its parameter's position, as Python binds them. */
function bindKeywords(info: { params: string[]; star: number; qualname: string }, args: unknown[]): unknown[] {
  const last = args[args.length - 1];
  if (typeof last !== "object" || last === null || !kwObjects.has(last)) return args;
  const name = info.qualname;
  const out = args.slice(0, -1);
  const given = out.length;
  for (const [k, v] of Object.entries(last as Record<string, unknown>)) {
    const i = info.params.indexOf(k);
    if (i < 0 || i === info.star) throw new PyError("TypeError", `${name}() got an unexpected keyword argument '${k}'`);
    if (i < given) throw new PyError("TypeError", `${name}() got multiple values for argument '${k}'`);
    while (out.length < i) out.push(undefined);
    out[i] = v;
  }
  return out;
}

/** `f(*args)` for a value that is not a `def` of this file. */
function call(f: unknown, ...args: unknown[]): unknown {
  if (typeof f !== "function") throw new PyError("TypeError", `'${tn(f)}' object is not callable`);
  const info = defs.get(f);
  if (info !== undefined) return Reflect.apply(f as Fn, undefined, bindKeywords(info, args));
  return invoke(f as Fn, undefined, placeKeywords((f as { name?: string }).name ?? "", args));
}

function kw(o: object): object {
  kwObjects.add(o);
  return o;
}

// ---- iteration ----

function* tensorRows(t: Tensor): Generator<Tensor> {
  for (let i = 0; i < t.shape[0]!; i++) yield t.at(i);
}

function iterate(v: unknown): Iterable<unknown> {
  if (Array.isArray(v) || typeof v === "string" || v instanceof PyRange) return v as Iterable<unknown>;
  if (isTensor(v)) {
    if ((v as Tensor).shape.length === 0) throw new PyError("TypeError", "iteration over a 0-d tensor");
    return tensorRows(v as Tensor);
  }
  const mr = v as { values?: unknown; indices?: unknown } | null;
  if (mr !== null && typeof mr === "object" && isTensor(mr.values)) return [mr.values, mr.indices];
  throw new PyError("TypeError", `'${tn(v)}' object is not iterable`);
}

function unpack(v: unknown, n: number): unknown[] {
  const items = [...iterate(v)];
  if (items.length > n) throw new PyError("ValueError", `too many values to unpack (expected ${n})`);
  if (items.length < n) throw new PyError("ValueError", `not enough values to unpack (expected ${n}, got ${items.length})`);
  return items;
}

// ---- builtins ----

function toInt(v: unknown, what: string): number {
  const n = isTensor(v) ? Number((v as Tensor).item()) : v;
  if (typeof n === "boolean") return Number(n);
  if (typeof n !== "number" || !Number.isInteger(n)) throw new PyError("TypeError", `'${tn(v)}' object cannot be interpreted as an integer${what}`);
  return n;
}

function range(a: unknown, b?: unknown, c?: unknown): PyRange {
  const start = b === undefined ? 0 : toInt(a, "");
  const stop = b === undefined ? toInt(a, "") : toInt(b, "");
  const step = c === undefined ? 1 : toInt(c, "");
  if (step === 0) throw new PyError("ValueError", "range() arg 3 must not be zero");
  return new PyRange(start, stop, step);
}

function len(v: unknown): number {
  if (Array.isArray(v) || typeof v === "string") return v.length;
  if (v instanceof PyRange) return v.length;
  if (isTensor(v)) {
    if ((v as Tensor).shape.length === 0) throw new PyError("TypeError", "len() of a 0-d tensor");
    return (v as Tensor).shape[0]!;
  }
  throw new PyError("TypeError", `object of type '${tn(v)}' has no len()`);
}

function toFloat(v: unknown): number {
  if (isNum(v)) return Number(v);
  if (isTensor(v)) return Number((v as Tensor).item());
  if (typeof v === "string") {
    const t = v.trim().toLowerCase();
    const n = t === "inf" || t === "+inf" ? Infinity : t === "-inf" ? -Infinity : t === "nan" ? NaN : Number(t);
    if (t === "" || Number.isNaN(n) && t !== "nan") throw new PyError("ValueError", `could not convert string to float: ${repr(v, isTensor)}`);
    return n;
  }
  throw new PyError("TypeError", `float() argument must be a string or a real number, not '${tn(v)}'`);
}

function toIntBuiltin(v: unknown): number {
  if (typeof v === "string") {
    if (!/^\s*[+-]?\d+\s*$/.test(v)) throw new PyError("ValueError", `invalid literal for int() with base 10: ${repr(v, isTensor)}`);
    return Number(v);
  }
  const n = toFloat(v);
  if (!Number.isFinite(n)) throw new PyError(Number.isNaN(n) ? "ValueError" : "OverflowError", Number.isNaN(n) ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer");
  return Math.trunc(n);
}

function extreme(kind: "min" | "max", args: unknown[]): unknown {
  const items = args.length === 1 ? [...iterate(args[0])] : args;
  if (items.length === 0) throw new PyError("ValueError", `${kind}() arg is an empty sequence`);
  let best = items[0];
  const better = kind === "max" ? own(COMPARE, ">")! : own(COMPARE, "<")!;
  for (const x of items.slice(1)) if (truth(better(x, best))) best = x;
  return best;
}

function sum(xs: unknown, start: unknown = 0): unknown {
  let acc = start;
  for (const x of iterate(xs)) acc = add(acc, x);
  return acc;
}

function round(x: unknown, n?: unknown): unknown {
  if (isTensor(x)) throw new PyError("NotImplementedError", "round() of a tensor is not supported by the Autograd Lens engine yet");
  const v = toFloat(x);
  if (n === undefined || n === null) {
    const f = Math.floor(v);
    const d = v - f;
    return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
  }
  const k = toInt(n, "");
  return Number(v.toFixed(Math.max(0, Math.min(100, k))));
}

const MATH = Object.freeze({
  pi: Math.PI, e: Math.E, inf: Infinity, nan: NaN, tau: 2 * Math.PI,
  sqrt: (x: number) => {
    if (toFloat(x) < 0) throw new PyError("ValueError", "math domain error");
    return Math.sqrt(toFloat(x));
  },
  exp: (x: number) => Math.exp(toFloat(x)),
  log: (x: number, base?: number) => {
    if (toFloat(x) <= 0) throw new PyError("ValueError", "math domain error");
    return base === undefined ? Math.log(toFloat(x)) : Math.log(toFloat(x)) / Math.log(toFloat(base));
  },
  sin: (x: number) => Math.sin(toFloat(x)), cos: (x: number) => Math.cos(toFloat(x)), tan: (x: number) => Math.tan(toFloat(x)),
  tanh: (x: number) => Math.tanh(toFloat(x)), fabs: (x: number) => Math.abs(toFloat(x)),
  floor: (x: number) => Math.floor(toFloat(x)), ceil: (x: number) => Math.ceil(toFloat(x)),
  pow: (x: number, y: number) => toFloat(x) ** toFloat(y),
  isnan: (x: number) => Number.isNaN(toFloat(x)), isinf: (x: number) => Math.abs(toFloat(x)) === Infinity,
  isclose: (a: number, b: number) => Math.abs(toFloat(a) - toFloat(b)) <= Math.max(1e-9 * Math.max(Math.abs(toFloat(a)), Math.abs(toFloat(b))), 0),
});

function moduleAt(path: string): unknown {
  if (path === "math") return MATH;
  const parts = path.split(".");
  if (parts[0] !== "torch") throw new PyError("ModuleNotFoundError", `No module named '${path}'`);
  let m: unknown = torch;
  for (const p of parts.slice(1)) {
    // Only the module's own members: `import torch.constructor` reaches nothing.
    m = typeof m === "object" && m !== null && Object.hasOwn(m, p) && !FORBIDDEN.has(p) ? (m as Record<string, unknown>)[p] : undefined;
    if (m === undefined || m === null) throw new PyError("ModuleNotFoundError", `No module named '${path}' (the Autograd Lens engine does not have ${path} yet)`);
  }
  return m;
}

function fromImport(path: string, name: string): unknown {
  const m = moduleAt(path) as Record<string, unknown>;
  const v = Object.hasOwn(m, name) && !FORBIDDEN.has(name) && !name.startsWith("__") ? m[name] : undefined;
  if (v === undefined) throw new PyError("ImportError", `cannot import name '${name}' from '${path}' (not in the Autograd Lens engine)`);
  return v;
}

/**
 * Text printed with `end=` other than a newline, waiting for the rest of its line. One run per realm (a worker
 * serves one snippet; in-process runs flush at the end of every module), so module state is safe here.
 */
let pendingLine = "";

function print(log: (text: string) => void, args: unknown[], floats: string, sep: unknown, end: unknown): null {
  if (sep !== null && typeof sep !== "string") throw new PyError("TypeError", `sep must be None or a string, not ${tn(sep)}`);
  if (end !== null && typeof end !== "string") throw new PyError("TypeError", `end must be None or a string, not ${tn(end)}`);
  const text = pendingLine + args.map((a, i) => shown(a, floats[i])).join(sep ?? " ") + (end ?? "\n");
  // The console holds lines: one entry per completed line (a tensor's repr keeps its own newlines).
  const cut = text.lastIndexOf("\n");
  pendingLine = text.slice(cut + 1);
  if (cut >= 0) log(text.slice(0, cut));
  return null;
}

/** str() of a value with the translator's flag ("f": a Python float, "d": a dtype, which the engine keeps as a string). */
function shown(v: unknown, flag: string | undefined, asRepr = false): string {
  if (flag === "d" && typeof v === "string") return `torch.${v}`;
  return asRepr ? repr(v, isTensor, flag === "f") : str(v, isTensor, flag === "f");
}

function flush(log: (text: string) => void): void {
  if (pendingLine !== "") log(pendingLine);
  pendingLine = "";
}

/** Python's format(value, spec) after a !r / !s conversion; a 0-d tensor formats as its number. */
function format(v: unknown, spec: string, conv: string, isFloat: boolean): string {
  if (conv === "r") return formatSpec(repr(v, isTensor, isFloat), spec, isTensor, false);
  if (conv === "s") return formatSpec(str(v, isTensor, isFloat), spec, isTensor, false);
  if (isTensor(v) && (v as Tensor).shape.length === 0) return formatSpec((v as Tensor).item(), spec, isTensor, (v as Tensor).dtype !== "bool");
  if (isTensor(v) || Array.isArray(v) || v === null || v === undefined) {
    if (spec !== "") throw new PyError("TypeError", `unsupported format string passed to ${tn(v)}.__format__`);
    return str(v, isTensor, isFloat);
  }
  return formatSpec(v, spec, isTensor, isFloat);
}

function gradMode(flag: boolean): boolean {
  const prev = torch.is_grad_enabled();
  torch.set_grad_enabled(flag);
  return prev;
}

function assert_(cond: unknown, message?: () => unknown): void {
  if (!truth(cond)) throw new PyError("AssertionError", message === undefined ? "" : str(message(), isTensor));
}

/** The `$py` global of a translated snippet. */
export const pythonRuntime = Object.freeze({
  add, sub, mul, truediv, floordiv, mod, pow, matmul, neg, pos, invert,
  lshift: own(BINARY, "<<"), rshift: own(BINARY, ">>"), and_: own(BINARY, "&"), or_: own(BINARY, "|"), xor: own(BINARY, "^"),
  iop, eq, ne, lt: own(COMPARE, "<"), le: own(COMPARE, "<="), gt: own(COMPARE, ">"), ge: own(COMPARE, ">="), is_, contains, chain, truth,
  and: (a: unknown, b: () => unknown) => (truth(a) ? b() : a),
  or: (a: unknown, b: () => unknown) => (truth(a) ? a : b()),
  ga, sa, gi, si, cm, call, def, kw, tuple, floats, unpack, iter: iterate,
  slice: (a: number | null, b: number | null, c: number | null) => new PySlice(a, b, c),
  ELLIPSIS,
  range, len, abs: (x: unknown) => (isTensor(x) ? torch.abs(x as Tensor) : isNum(x) ? Math.abs(Number(x)) : (() => { throw new PyError("TypeError", `bad operand type for abs(): '${tn(x)}'`); })()),
  min: (...a: unknown[]) => extreme("min", a), max: (...a: unknown[]) => extreme("max", a), sum,
  float: toFloat, int: toIntBuiltin, bool_: truth, str: (v: unknown = "", isFloat = false) => str(v, isTensor, isFloat), repr: (v: unknown, isFloat = false) => repr(v, isTensor, isFloat),
  list: (v: unknown = []) => [...iterate(v)], tuple_: (v: unknown = []) => tuple([...iterate(v)]),
  enumerate: (v: unknown, start: unknown = 0) => [...iterate(v)].map((x, i) => tuple([i + Number(start), x])),
  zip: (...vs: unknown[]) => {
    const lists = vs.map((v) => [...iterate(v)]);
    const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_x, i) => tuple(lists.map((l) => l[i])));
  },
  round, reversed: (v: unknown) => [...iterate(v)].reverse(),
  sorted: (v: unknown) => [...iterate(v)].sort((a, b) => (truth(own(COMPARE, "<")!(a, b)) ? -1 : truth(own(COMPARE, "<")!(b, a)) ? 1 : 0)),
  any: (v: unknown) => [...iterate(v)].some(truth), all: (v: unknown) => [...iterate(v)].every(truth),
  __name__: "__main__",
  import_: moduleAt, from_import: fromImport,
  print, flush, format, grad_mode: gradMode, assert_,
  unbound: (name: string): never => {
    throw new PyError("NameError", `name '${name}' is not defined`);
  },
  display: (log: (text: string) => void, v: unknown, flag?: string) => {
    if (v !== null && v !== undefined) log(shown(v, flag, true));
  },
});
