import type { Tensor } from "./tensor.js";
import { state } from "./state.js";

/** PyTorch's print options (defaults of torch/_tensor_str.py). */
const PRECISION = 4;
const LINEWIDTH = 80;
const THRESHOLD = 1000;
const EDGEITEMS = 3;

/**
 * Decimal digits of |x| rounded half-to-even at `frac` fraction digits, as Python's `format` does. JS's toFixed
 * rounds exact ties up, so the exact expansion is rounded here by hand.
 */
function fixedHalfEven(x: number, frac: number): string {
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  if (ax >= 1e21) return (neg ? "-" : "") + BigInt(Math.round(ax)).toString() + (frac > 0 ? "." + "0".repeat(frac) : "");
  const exact = ax.toFixed(Math.min(100, frac + 30));
  const cut = exact.indexOf(".") + (frac === 0 ? 0 : frac + 1);
  let head = frac === 0 ? exact.slice(0, exact.indexOf(".")) : exact.slice(0, cut);
  const tail = exact.slice(frac === 0 ? exact.indexOf(".") + 1 : cut);
  const first = tail.charCodeAt(0) - 48;
  const restZero = /^0*$/.test(tail.slice(1));
  const lastDigit = head.charCodeAt(head.length - 1) - 48;
  const roundUp = first > 5 || (first === 5 && (!restZero || lastDigit % 2 === 1));
  if (roundUp) head = incrementDecimal(head);
  return (neg ? "-" : "") + head;
}

function incrementDecimal(s: string): string {
  const chars = s.split("");
  let i = chars.length - 1;
  for (; i >= 0; i--) {
    const c = chars[i]!;
    if (c === ".") continue;
    if (c === "9") { chars[i] = "0"; continue; }
    chars[i] = String.fromCharCode(c.charCodeAt(0) + 1);
    return chars.join("");
  }
  return "1" + chars.join("");
}

/** Python's `'{:.Ne}'.format(x)`: half-even mantissa, at least two exponent digits. */
function sciHalfEven(x: number, frac: number): string {
  if (x === 0) return (Object.is(x, -0) ? "-" : "") + "0." + "0".repeat(frac) + "e+00";
  const neg = x < 0;
  const ax = Math.abs(x);
  const digits = ax.toExponential(Math.min(100, frac + 25));
  const [mant, expStr] = digits.split("e") as [string, string];
  let exp = Number(expStr);
  const all = mant.replace(".", "");
  const keep = all.slice(0, frac + 1);
  const first = all.charCodeAt(frac + 1) - 48;
  const restZero = /^0*$/.test(all.slice(frac + 2));
  const last = keep.charCodeAt(keep.length - 1) - 48;
  let kept = keep;
  if (first > 5 || (first === 5 && (!restZero || last % 2 === 1))) {
    kept = incrementDecimal(keep);
    if (kept.length > keep.length) {
      kept = kept.slice(0, keep.length);
      exp += 1;
    }
  }
  const m = frac > 0 ? kept[0] + "." + kept.slice(1) : kept;
  const e = Math.abs(exp) < 10 ? "0" + Math.abs(exp) : String(Math.abs(exp));
  return (neg ? "-" : "") + m + "e" + (exp < 0 ? "-" : "+") + e;
}

function nonFinite(v: number): string | null {
  if (v !== v) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  return null;
}

/** torch/_tensor_str.py's `_Formatter`: picks int / fixed / scientific mode and a common width. */
class Formatter {
  private readonly floating: boolean;
  private intMode = true;
  private sciMode = false;
  private maxWidth = 1;

  private readonly integer: boolean;

  constructor(values: ArrayLike<number>, floating: boolean, integer = false) {
    this.floating = floating;
    this.integer = integer;
    if (integer) {
      for (let i = 0; i < values.length; i++) this.maxWidth = Math.max(this.maxWidth, String(values[i]).length);
      return;
    }
    if (!floating) {
      for (let i = 0; i < values.length; i++) this.maxWidth = Math.max(this.maxWidth, values[i] ? 4 : 5);
      return;
    }
    const nz: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isFinite(v) && v !== 0) nz.push(v);
    }
    if (nz.length === 0) return;
    let mn = Infinity;
    let mx = -Infinity;
    for (const v of nz) {
      const a = Math.abs(v);
      if (a < mn) mn = a;
      if (a > mx) mx = a;
      if (v !== Math.ceil(v)) this.intMode = false;
    }
    if (this.intMode) {
      if (mx / mn > 1000 || mx > 1e8) {
        this.sciMode = true;
        for (const v of nz) this.maxWidth = Math.max(this.maxWidth, sciHalfEven(v, PRECISION).length);
      } else {
        for (const v of nz) this.maxWidth = Math.max(this.maxWidth, fixedHalfEven(v, 0).length + 1);
      }
    } else if (mx / mn > 1000 || mx > 1e8 || mn < 1e-4) {
      this.sciMode = true;
      for (const v of nz) this.maxWidth = Math.max(this.maxWidth, sciHalfEven(v, PRECISION).length);
    } else {
      for (const v of nz) this.maxWidth = Math.max(this.maxWidth, fixedHalfEven(v, PRECISION).length);
    }
  }

  width(): number {
    return this.maxWidth;
  }

  format(v: number): string {
    let s: string;
    if (this.integer) s = String(v);
    else if (!this.floating) s = v ? "True" : "False";
    else {
      const nf = nonFinite(v);
      if (this.sciMode) s = nf ?? sciHalfEven(v, PRECISION);
      else if (this.intMode) s = nf ?? fixedHalfEven(v, 0) + ".";
      else s = nf ?? fixedHalfEven(v, PRECISION);
    }
    return s.length < this.maxWidth ? " ".repeat(this.maxWidth - s.length) + s : s;
  }
}

/** A read-only strided view over the flat storage, enough to walk dims like PyTorch's recursive printer. */
interface View { data: ArrayLike<number>; offset: number; shape: readonly number[]; strides: readonly number[] }

function sub(v: View, i: number): View {
  return { data: v.data, offset: v.offset + i * v.strides[0]!, shape: v.shape.slice(1), strides: v.strides.slice(1) };
}

/** `get_summarized_data`: the edge items a summarized print shows (the formatter is fitted to these only). */
function summarized(v: View, out: number[]): void {
  if (v.shape.length === 0) { out.push(v.data[v.offset]!); return; }
  const n = v.shape[0]!;
  const idx: number[] = [];
  if (n > 2 * EDGEITEMS) {
    for (let i = 0; i < EDGEITEMS; i++) idx.push(i);
    for (let i = n - EDGEITEMS; i < n; i++) idx.push(i);
  } else for (let i = 0; i < n; i++) idx.push(i);
  for (const i of idx) summarized(sub(v, i), out);
}

function vectorStr(v: View, indent: number, summarize: boolean, f: Formatter): string {
  const elementLength = f.width() + 2;
  const perLine = Math.max(1, Math.floor((LINEWIDTH - indent) / elementLength));
  const n = v.shape[0]!;
  const at = (i: number): string => f.format(v.data[v.offset + i * v.strides[0]!]!);
  let data: string[];
  if (summarize && n > 2 * EDGEITEMS) {
    data = [];
    for (let i = 0; i < EDGEITEMS; i++) data.push(at(i));
    data.push(" ...");
    for (let i = n - EDGEITEMS; i < n; i++) data.push(at(i));
  } else {
    data = [];
    for (let i = 0; i < n; i++) data.push(at(i));
  }
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(", "));
  return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
}

function tensorStr(v: View, indent: number, summarize: boolean, f: Formatter): string {
  const dim = v.shape.length;
  if (dim === 0) return f.format(v.data[v.offset]!);
  if (dim === 1) return vectorStr(v, indent, summarize, f);
  const n = v.shape[0]!;
  let slices: string[];
  if (summarize && n > 2 * EDGEITEMS) {
    slices = [];
    for (let i = 0; i < EDGEITEMS; i++) slices.push(tensorStr(sub(v, i), indent + 1, summarize, f));
    slices.push("...");
    for (let i = n - EDGEITEMS; i < n; i++) slices.push(tensorStr(sub(v, i), indent + 1, summarize, f));
  } else {
    slices = [];
    for (let i = 0; i < n; i++) slices.push(tensorStr(sub(v, i), indent + 1, summarize, f));
  }
  return "[" + slices.join("," + "\n".repeat(dim - 1) + " ".repeat(indent + 1)) + "]";
}

function addSuffixes(tensorStr: string, suffixes: string[], indent: number): string {
  const parts = [tensorStr];
  let lastLineLen = tensorStr.length - tensorStr.lastIndexOf("\n") + 1;
  for (const s of suffixes) {
    if (lastLineLen + s.length + 2 > LINEWIDTH) {
      parts.push(",\n" + " ".repeat(indent) + s);
      lastLineLen = indent + s.length;
    } else {
      parts.push(", " + s);
      lastLineLen += s.length + 2;
    }
  }
  parts.push(")");
  return parts.join("");
}

/** The values part of the repr (`[[1., 2.], [3., 4.]]`), used for the view's text alternative too. */
export function formatValues(data: ArrayLike<number>, shape: readonly number[], dtype: string, indent = 7, integer = false): string {
  const strides: number[] = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { strides[i] = acc; acc *= shape[i]!; }
  const view: View = { data, offset: 0, shape, strides };
  const summarize = data.length > THRESHOLD;
  let fitted: ArrayLike<number> = data;
  if (summarize) {
    const s: number[] = [];
    summarized(view, s);
    fitted = s;
  }
  const f = new Formatter(fitted, dtype !== "bool", integer || dtype === "int64");
  return tensorStr(view, indent, summarize, f);
}

/** PyTorch's `repr(tensor)`: `tensor([ 0.,  4.,  8., 12.])`, `tensor(28., grad_fn=<MulBackward0>)`, … */
export function formatTensor(t: Tensor): string {
  const prefix = "tensor(";
  const indent = prefix.length;
  const suffixes: string[] = [];
  let body: string;
  if (t._numel === 0) {
    body = "[]";
    if (t._shape.length !== 1) suffixes.push(`size=(${t._shape.join(", ")}${t._shape.length === 1 ? "," : ""})`);
    // PyTorch: an empty tensor has no elements to show its dtype by, so any dtype but the default is named.
    if (t.dtype !== state.defaultDtype) suffixes.push(`dtype=torch.${t.dtype}`);
  } else {
    body = formatValues(t.storage, t._shape, t.dtype, indent);
    // int64 and bool are PyTorch's default dtypes of their kinds: shown by the values, never named.
    if (t.dtype !== state.defaultDtype && (t.dtype === "float32" || t.dtype === "float64")) suffixes.push(`dtype=torch.${t.dtype}`);
  }
  if (t.grad_fn !== null) suffixes.push(`grad_fn=<${t.grad_fn.name()}>`);
  else if (t.requires_grad) suffixes.push("requires_grad=True");
  return addSuffixes(prefix + body, suffixes, indent);
}
