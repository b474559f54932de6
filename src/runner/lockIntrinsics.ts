/**
 * Locks the snippet realm's built-ins before the snippet runs (called by realmRun.ts's `boot`, inside the realm).
 *
 * The engine, the recorder and the Trace encoder run in the snippet's realm (realmRun.ts) and call its built-ins
 * (`Array.prototype.map`, `Object.keys`, `JSON.stringify`, `Function.prototype.call`, array iterators, …). A snippet
 * that replaced one of them used to break its own recording, reported as an internal error on line 1. With every
 * built-in method and accessor locked, the replacement itself fails, in the snippet's strict code, on its own line
 * ("TypeError: Cannot assign to read only property 'map' of object '[object Array]'"). This is not what keeps the
 * host safe (nothing here belongs to the host; see realmRun.ts); it keeps a run's recording trustworthy.
 *
 * What is locked, for every object reachable from the realm's standard globals (constructors, prototypes,
 * namespaces like Math, JSON, Reflect, Atomics, Intl) and the hidden intrinsics (iterator and generator prototypes,
 * %TypedArray%):
 * - methods (function-valued data properties): non-writable, non-configurable;
 * - accessors (`__proto__`, `size`, `byteLength`, species getters): non-configurable;
 * - the object itself: not extensible, so no new `Object.prototype.toJSON`, `then`, or index setter on
 *   `Array.prototype`, and no new prototype.
 * Other data properties (`Error.prototype.name`, `.message`) stay writable, so `this.name = "MyError"` in an Error
 * subclass keeps working (the "override mistake" a full freeze would cause). The realm's globals of these names
 * are made read-only too. The engine's own objects (torch, tensors) are not touched here.
 */

/** The standard globals whose values are walked (ES2023 + Intl + Atomics); a name this realm lacks is skipped. */
const STANDARD_GLOBALS = [
  "Object", "Function", "Array", "Number", "Boolean", "String", "Symbol", "BigInt", "Date", "RegExp", "Promise",
  "Error", "AggregateError", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError",
  "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Proxy", "Reflect", "JSON", "Math", "Atomics",
  "Intl", "ArrayBuffer", "SharedArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray",
  "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array",
  "BigUint64Array", "Iterator", "parseFloat", "parseInt", "isFinite", "isNaN", "encodeURI", "encodeURIComponent",
  "decodeURI", "decodeURIComponent", "escape", "unescape", "globalThis",
] as const;

/** Intrinsics with no global name, reached from instances made here, before any snippet code exists. */
function hiddenIntrinsics(): object[] {
  const proto = Object.getPrototypeOf as (o: unknown) => object | null;
  const gen = function* (): Generator<number> {
    yield 1;
  };
  const agen = async function* (): AsyncGenerator<number> {
    yield 1;
  };
  const afn = async function (): Promise<void> {
    // Only its prototype chain is wanted.
  };
  const found = [
    proto([][Symbol.iterator]()),
    proto(proto([][Symbol.iterator]())),
    proto(""[Symbol.iterator]()),
    proto(new Map().entries()),
    proto(new Set().values()),
    proto("a".matchAll(/a/g)),
    proto(Int8Array),
    proto(gen),
    proto(gen()),
    proto(proto(gen())),
    proto(agen),
    proto(agen()),
    proto(proto(agen())),
    proto(afn),
  ];
  return found.filter((o): o is object => o !== null);
}

/**
 * Gives a locked object fast (non-dictionary) properties again, the attributes unchanged. Redefining an existing
 * data property's attributes turns V8's object into a dictionary, and a dictionary prototype cannot be
 * constant-folded: `a.length` on a typed array inside a loop became a generic lookup per iteration and the
 * inlined `Math.exp`, `push`, … generic calls, which made the engine's kernels 5–20× slower in the locked realm
 * (a 1M-element sum: 1 → 10–18 ms). An object that becomes a prototype and is then looked through by an inline
 * cache is migrated back to fast properties by V8 (its prototype optimisation), which is what this provokes.
 * Object.freeze would keep them fast too, but it also freezes the plain data the lock leaves writable and, on
 * Array.prototype and Object.prototype, invalidates V8's no-elements protector (holey array reads 3× slower).
 */
function refasten(o: object): void {
  function Holder(): void {
    // Only its `prototype` is used.
  }
  Holder.prototype = o;
  const probe = new (Holder as unknown as new () => { missing?: unknown })();
  const look = (): string => typeof probe.missing;
  look();
  look();
}

/** Locks every built-in reachable from the standard globals; returns how many objects it locked. */
export function lockIntrinsics(): number {
  const g = globalThis as unknown as Record<string, unknown>;
  const getDesc = Object.getOwnPropertyDescriptor;
  const define = Object.defineProperty;
  const ownKeys = Reflect.ownKeys;
  const getProto = Object.getPrototypeOf as (o: object) => object | null;
  const preventExtensions = Object.preventExtensions;
  const seen = new Set<object>();
  const todo: object[] = [];
  const visit = (v: unknown): void => {
    if ((typeof v === "object" && v !== null) || typeof v === "function") {
      if (!seen.has(v) && v !== g) {
        seen.add(v);
        todo.push(v);
      }
    }
  };
  for (const name of STANDARD_GLOBALS) {
    const d = getDesc(g, name);
    if (d === undefined) continue;
    if (name !== "globalThis") visit(d.value);
    if (d.configurable === true) define(g, name, { value: d.value, writable: false, configurable: false, enumerable: d.enumerable ?? false });
  }
  for (const o of hiddenIntrinsics()) visit(o);
  while (todo.length > 0) {
    const o = todo.pop()!;
    visit(getProto(o));
    for (const key of ownKeys(o)) {
      const d = getDesc(o, key);
      if (d === undefined) continue;
      if ("value" in d) {
        visit(d.value);
        if (typeof d.value !== "function") {
          // Plain data (`name`, `message`, constants) keeps its writability; it just cannot become an accessor.
          if (d.configurable === true) define(o, key, { configurable: false });
          continue;
        }
        if (d.configurable === true || d.writable === true) define(o, key, { writable: false, configurable: false });
      } else {
        visit(d.get);
        visit(d.set);
        if (d.configurable === true) define(o, key, { configurable: false });
      }
    }
    preventExtensions(o);
  }
  for (const o of seen) refasten(o);
  return seen.size;
}
