/**
 * Binds ops to Tensor methods from outside the class (tfjs's `public/chained_ops` style): each op module declares the
 * methods in a `declare module "../tensor.js"` block, typed from the op itself with `Method<typeof op>`, and installs
 * them here. tensor.ts therefore imports no op, and an op's forward, backward, formula and both bindings (the method
 * and the `torch.*` function its module exports) sit in one place.
 */
import { Tensor } from "../tensor.js";

/** The method form of an op `f(input, ...rest)`: `input.f(...rest)`, same parameters (names included) and result. */
export type Method<F> = F extends (input: Tensor, ...args: infer A) => infer R ? (...args: A) => R : never;

// `never[]` rest: any op whose first parameter accepts a Tensor fits, whatever its other parameters are.
type Op = (input: Tensor, ...args: never[]) => unknown;

function define(name: string, value: unknown): void {
  if (Object.prototype.hasOwnProperty.call(Tensor.prototype, name)) throw new Error(`Tensor.${name} is defined twice`);
  // Non-enumerable like class methods, so `for … in` over a tensor and object spreads see data only.
  Object.defineProperty(Tensor.prototype, name, { value, writable: true, configurable: true, enumerable: false });
}

/**
 * Installs `x.name(a, b, c, d)` → `op(x, a, b, c, d)` for ops with at most four parameters after the input. A fixed
 * arity keeps the hot path free of rest-array allocation; trailing `undefined`s behave as omitted arguments because
 * no op reads `arguments.length`.
 */
export function installMethods(ops: Record<string, Op>): void {
  for (const [name, op] of Object.entries(ops)) {
    const f = op as (input: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) => unknown;
    define(name, function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) { return f(this, a, b, c, d); });
  }
}

/** Installs methods of ops that take a variable number of sizes or dims (`x.view(2, 3)`, `x.permute(1, 0)`). */
export function installVariadic(ops: Record<string, Op>): void {
  for (const [name, op] of Object.entries(ops)) {
    const f = op as (input: Tensor, ...args: unknown[]) => unknown;
    define(name, function (this: Tensor, ...args: unknown[]) { return f(this, ...args); });
  }
}

/** Installs a read-only property (`x.T`, `x.data`). */
export function installGetter(name: string, get: (t: Tensor) => unknown): void {
  if (Object.prototype.hasOwnProperty.call(Tensor.prototype, name)) throw new Error(`Tensor.${name} is defined twice`);
  Object.defineProperty(Tensor.prototype, name, { get(this: Tensor) { return get(this); }, configurable: true, enumerable: false });
}
