/**
 * Python's text of values: `repr`, `str` and `format(value, spec)` for what a translated snippet holds (numbers,
 * booleans, None, strings, lists, tuples, ranges, tensors and grad functions), so `print` shows what Python shows.
 */
import { PyError } from "./pyerrors.js";

/** Values the runtime marks so they print as Python does (JavaScript has only arrays). */
export const tuples = new WeakSet<object>();
export const sizes = new WeakSet<object>();
/** Per tuple/list literal, which items are Python floats ("f") — JavaScript has one number type. */
export const floatFlags = new WeakMap<object, string>();

export class PyRange {
  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {}

  get length(): number {
    const n = this.step > 0 ? Math.ceil((this.stop - this.start) / this.step) : Math.ceil((this.start - this.stop) / -this.step);
    return Math.max(0, n);
  }

  *[Symbol.iterator](): Generator<number> {
    if (this.step > 0) for (let i = this.start; i < this.stop; i += this.step) yield i;
    else for (let i = this.start; i > this.stop; i += this.step) yield i;
  }
}

export class PySlice {
  constructor(
    readonly start: number | null,
    readonly stop: number | null,
    readonly step: number | null,
  ) {}
}

export const ELLIPSIS = Object.freeze({ ellipsis: true });

type IsTensor = (v: unknown) => boolean;

/** Python's repr of a float: shortest round-trip digits, `.0` on integral values, exponents from 1e16 / below 1e-4. */
export function floatRepr(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const a = Math.abs(v);
  if (a >= 1e16 || a < 1e-4) {
    const [m, e] = v.toExponential().split("e") as [string, string];
    const exp = Number(e);
    return `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const s = String(v);
  return Number.isInteger(v) ? `${s}.0` : s;
}

/** A number as Python prints it: a float when the translator knew it is one, or when it is not integral. */
export function numberRepr(v: number, isFloat: boolean): string {
  if (isFloat || !Number.isInteger(v) || Math.abs(v) >= 1e16) return floatRepr(v);
  return Object.is(v, -0) ? "0" : String(v);
}

export function stringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const c of s) {
    if (c === quote || c === "\\") out += `\\${c}`;
    else if (c === "\n") out += "\\n";
    else if (c === "\t") out += "\\t";
    else if (c === "\r") out += "\\r";
    else if (c < " ") out += `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
    else out += c;
  }
  return out + quote;
}

interface GradFnLike {
  name(): string;
  next_functions: unknown;
  id?: number;
}

function isGradFn(v: object): v is GradFnLike {
  const g = v as Partial<GradFnLike>;
  return typeof g.name === "function" && "next_functions" in v;
}

export function repr(v: unknown, isTensor: IsTensor, isFloat = false, depth = 0): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return numberRepr(v, isFloat);
  if (typeof v === "string") return stringRepr(v);
  if (typeof v === "function") {
    // A callable engine object (an nn.Module) has PyTorch's repr as its toString.
    const own = (v as { toString?: unknown }).toString;
    if (typeof own === "function" && own !== Function.prototype.toString) return String(v);
    return `<function ${(v as { name?: string }).name || "<lambda>"}>`;
  }
  if (typeof v !== "object") return String(v);
  if (isTensor(v)) return String(v);
  if (depth > 20) return "...";
  if (v instanceof PyRange) return v.step === 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  if (v instanceof PySlice) return `slice(${repr(v.start, isTensor)}, ${repr(v.stop, isTensor)}, ${repr(v.step, isTensor)})`;
  if (v === ELLIPSIS) return "Ellipsis";
  if (Array.isArray(v)) {
    const flags = floatFlags.get(v) ?? "";
    const items = v.map((x, i) => repr(x, isTensor, flags[i] === "f", depth + 1));
    if (sizes.has(v)) return `torch.Size([${items.join(", ")}])`;
    if (tuples.has(v)) return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
    return `[${items.join(", ")}]`;
  }
  if (isGradFn(v)) return `<${v.name()} object at 0x${(0x7f0000000000 + (v.id ?? 0) * 0x40).toString(16)}>`;
  const mr = v as { values?: unknown; indices?: unknown };
  if (isTensor(mr.values) && isTensor(mr.indices)) return `torch.return_types.max(\nvalues=${String(mr.values)},\nindices=${String(mr.indices)})`;
  return String(v);
}

export function str(v: unknown, isTensor: IsTensor, isFloat = false): string {
  return typeof v === "string" ? v : repr(v, isTensor, isFloat);
}

/** format(value, spec) for numbers and strings: [[fill]align][sign][#][0][width][,|_][.precision][type]. */
export function formatSpec(v: unknown, spec: string, isTensor: IsTensor, isFloat: boolean): string {
  if (spec === "") return str(v, isTensor, isFloat);
  const m = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/.exec(spec);
  if (m === null) throw new PyError("ValueError", `Invalid format specifier '${spec}'`);
  const [, fillCh, align, sign, , zero, widthS, group, precS, type] = m;
  let body: string;
  const precision = precS === undefined ? null : Number(precS);
  if (typeof v === "string") {
    if (type !== undefined && type !== "s") throw new PyError("ValueError", `Unknown format code '${type}' for object of type 'str'`);
    body = precision === null ? v : v.slice(0, precision);
  } else {
    const n = typeof v === "boolean" ? Number(v) : v;
    if (typeof n !== "number") throw new PyError("TypeError", `unsupported format string passed to ${typeName(v, isTensor)}.__format__`);
    const neg = n < 0 || Object.is(n, -0);
    const a = Math.abs(n);
    let digits: string;
    switch (type) {
      case "f":
      case "F":
        digits = Number.isFinite(a) ? a.toFixed(precision ?? 6) : floatRepr(a);
        break;
      case "e":
      case "E": {
        const [mant, e] = a.toExponential(precision ?? 6).split("e") as [string, string];
        digits = `${mant}e${Number(e) < 0 ? "-" : "+"}${String(Math.abs(Number(e))).padStart(2, "0")}`;
        if (type === "E") digits = digits.toUpperCase();
        break;
      }
      case "%":
        digits = `${(a * 100).toFixed(precision ?? 6)}%`;
        break;
      case "d":
        if (!Number.isInteger(a)) throw new PyError("ValueError", "Unknown format code 'd' for object of type 'float'");
        digits = String(a);
        break;
      case "g":
      case "G":
      case undefined: {
        if (type === undefined && precision === null) {
          digits = numberRepr(a, isFloat);
          break;
        }
        const p = precision === 0 ? 1 : precision ?? 6;
        const exp = a === 0 ? 0 : Math.floor(Math.log10(a));
        if (exp < -4 || exp >= p) {
          const [mant, e] = a.toExponential(p - 1).split("e") as [string, string];
          digits = `${mant.includes(".") ? mant.replace(/\.?0+$/, "") : mant}e${Number(e) < 0 ? "-" : "+"}${String(Math.abs(Number(e))).padStart(2, "0")}`;
        } else {
          digits = a.toFixed(Math.max(0, p - 1 - exp));
          if (digits.includes(".")) digits = digits.replace(/\.?0+$/, "");
          if (type === undefined && !digits.includes(".") && (isFloat || !Number.isInteger(a))) digits += ".0";
        }
        break;
      }
      default:
        throw new PyError("ValueError", `Unknown format code '${type}' for object of type '${typeName(v, isTensor)}'`);
    }
    if (group !== undefined) {
      const [int, frac] = digits.split(".") as [string, string | undefined];
      digits = int.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (frac === undefined ? "" : `.${frac}`);
    }
    const signText = neg ? "-" : sign === "+" ? "+" : sign === " " ? " " : "";
    const width = widthS === undefined ? 0 : Number(widthS);
    if (zero !== undefined && align === undefined) return signText + digits.padStart(Math.max(0, width - signText.length), "0");
    body = signText + digits;
  }
  const width = widthS === undefined ? 0 : Number(widthS);
  if (body.length >= width) return body;
  const fill = fillCh ?? " ";
  const pad = width - body.length;
  const a = align ?? (typeof v === "string" ? "<" : ">");
  if (a === "<") return body + fill.repeat(pad);
  if (a === "^") return fill.repeat(Math.floor(pad / 2)) + body + fill.repeat(Math.ceil(pad / 2));
  return fill.repeat(pad) + body;
}

export function typeName(v: unknown, isTensor: IsTensor): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "str";
  if (typeof v === "function") return "function";
  if (isTensor(v)) return "Tensor";
  if (Array.isArray(v)) return sizes.has(v) ? "Size" : tuples.has(v) ? "tuple" : "list";
  if (v instanceof PyRange) return "range";
  if (typeof v === "object" && isGradFn(v)) return v.name();
  return "object";
}
