/**
 * Inside the worker, once the TypeScript compiler has done its work and before the snippet runs: cut the property
 * path from any host object to the host realm's code generators. The static checks reject `.constructor`, but a
 * computed key (`torch.ones["constr" + "uctor"]`) would otherwise reach this realm's `Function` — which, unlike the
 * snippet context's, may compile strings — and from there `process`. Only for a thread that runs nothing else.
 */

/** Replaces `constructor` on every function prototype of this realm with undefined. Irreversible. */
export function lockDownHostRealm(): void {
  const prototypes = [
    Function.prototype,
    Object.getPrototypeOf(async function () {}) as object,
    Object.getPrototypeOf(function* () {}) as object,
    Object.getPrototypeOf(async function* () {}) as object,
  ];
  for (const p of prototypes) Object.defineProperty(p, "constructor", { value: undefined, writable: false, configurable: false });
}
