/**
 * Text of captured `console.*` calls, like Node prints them, with tensors shown by their PyTorch-like `toString()`
 * (also inside arrays and objects, where Node's inspector would dump the engine's internals).
 *
 * Runs inside the snippet's realm (realmRun.ts), on values the snippet made: any property read may run the
 * snippet's getters or proxy traps, so every read is guarded, and no host function (such as Node's inspector) ever
 * sees a snippet value.
 */

/** Items of an array, Map or Set, and keys of an object, shown before the rest is counted. */
const MAX_ITEMS = 100;

/** The first `n` items of an iterator, without walking the rest. */
function first<T>(it: Iterator<T>, n: number): T[] {
  const out: T[] = [];
  for (let r = it.next(); !r.done && out.length < n; r = it.next()) out.push(r.value);
  return out;
}

/** A property, or undefined when reading it throws (a getter or a proxy trap of the snippet). */
function read(o: object, key: PropertyKey): unknown {
  try {
    return (o as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** The class name a value shows (`Foo { … }`), or null for plain objects. */
function className(v: object): string | null {
  try {
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto === null || typeof proto !== "object") return null;
    const ctor = read(proto, "constructor");
    const name = typeof ctor === "function" ? read(ctor, "name") : undefined;
    return typeof name === "string" && name !== "Object" && name !== "" ? name : null;
  } catch {
    return null;
  }
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === null || (typeof proto === "object" && Object.getPrototypeOf(proto) === null);
}

/** One value as Node's console would print it; `top` strings print raw, nested ones quoted. */
export function formatValue(v: unknown, isTensor: (x: unknown) => boolean, top = true, depth = 0): string {
  if (isTensor(v)) return String(v);
  if (typeof v === "string") return top ? v : JSON.stringify(v);
  if (v === null || typeof v !== "object") {
    if (typeof v === "function") return `[Function: ${(v as { name?: string }).name || "(anonymous)"}]`;
    return typeof v === "bigint" ? `${v}n` : Object.is(v, -0) ? "-0" : String(v);
  }
  if (depth > 3) return Array.isArray(v) ? "[Array]" : "[Object]";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    // Like Node: the first 100 items, then a count (a million-element array must not become a megabyte line).
    const items = v.slice(0, MAX_ITEMS).map((x) => formatValue(x, isTensor, false, depth + 1));
    if (v.length > MAX_ITEMS) items.push(`... ${v.length - MAX_ITEMS} more items`);
    return `[ ${items.join(", ")} ]`;
  }
  const message = read(v, "message");
  const name = read(v, "name");
  if (typeof message === "string" && typeof name === "string" && "stack" in v) return `${name}: ${message}`;
  if (v instanceof Map) {
    const items = first(v.entries(), MAX_ITEMS).map(([k, x]) => `${formatValue(k, isTensor, false, depth + 1)} => ${formatValue(x, isTensor, false, depth + 1)}`);
    return `Map(${v.size}) {${items.length > 0 ? ` ${items.join(", ")} ` : ""}}`;
  }
  if (v instanceof Set) {
    const items = first(v.values(), MAX_ITEMS).map((x) => formatValue(x, isTensor, false, depth + 1));
    return `Set(${v.size}) {${items.length > 0 ? ` ${items.join(", ")} ` : ""}}`;
  }
  const keys = Object.keys(v).slice(0, MAX_ITEMS);
  const body = keys.map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${formatValue(read(v, k), isTensor, false, depth + 1)}`).join(", ");
  const cls = isPlainObject(v) ? null : className(v);
  const braces = keys.length === 0 ? "{}" : `{ ${body} }`;
  return cls === null ? braces : `${cls} ${braces}`;
}

/** `formatValue` that never throws: a value whose every read throws still gets a name. */
export function formatValueSafely(v: unknown, isTensor: (x: unknown) => boolean, top = true): string {
  try {
    return formatValue(v, isTensor, top);
  } catch {
    try {
      return typeof v === "object" && v !== null ? "[object]" : String(v);
    } catch {
      return "[value that cannot be shown]";
    }
  }
}

/** The text of one console call: its arguments separated by spaces. */
export function formatConsoleArgs(args: readonly unknown[], isTensor: (x: unknown) => boolean): string {
  return args.map((a) => formatValueSafely(a, isTensor)).join(" ");
}
