/** Python string literals (the token text the grammar hands us) → their value. */
import { own } from "./own.js";
import { PythonProblem } from "./parse.js";

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", v: "\v", "0": "\0", "\n": "" };

/** Splits `rb'…'` into prefix and quote style. */
export function literalParts(token: string): { prefix: string; quote: string; body: string } {
  const m = /^([A-Za-z]*)('''|"""|'|")/.exec(token);
  if (m === null) return { prefix: "", quote: '"', body: token };
  const prefix = (m[1] ?? "").toLowerCase();
  const quote = m[2] ?? '"';
  const body = token.slice(m[0].length, token.length >= m[0].length + quote.length ? token.length - quote.length : token.length);
  return { prefix, quote, body };
}

/** Decodes the escapes of a (non-raw) string body. */
export function unescape(body: string, raw: boolean): string {
  if (raw) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\" || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const e = body[++i] as string;
    const simple = own(SIMPLE_ESCAPES, e);
    if (simple !== undefined) out += simple;
    else if (e === "x") {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === "u") {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else out += `\\${e}`;
  }
  return out;
}

/** The value of a plain string literal token; bytes literals are outside the subset. */
export function stringValue(token: string, from: number, to: number): string {
  const { prefix, body } = literalParts(token);
  if (prefix.includes("b")) throw new PythonProblem("bytes literals are not supported in Autograd Lens Python", from, to);
  return unescape(body, prefix.includes("r"));
}
