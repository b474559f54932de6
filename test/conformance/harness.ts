/**
 * Registry and value encoding for the TypeScript side of the conformance programs: the twin of harness.py.
 * Both sides must encode values identically so conformance.test.ts can compare them with the PyTorch fixtures.
 */
import * as torch from "../../src/engine/index.js";

/** A value as stored in fixtures.json (see harness.py `encode`). */
export type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

/** Records a named output of a program. */
export type Out = (step: string, value: unknown) => void;
/** Runs `fn` and records the exact text of the error it threw, or that it threw nothing. */
export type Err = (step: string, fn: () => unknown) => void;
/** One conformance program; the PyTorch twin in *_programs.py has the same name and the same `out` calls. */
export type Program = (out: Out, err: Err) => void;

/** Every program, in registration order. */
export const PROGRAMS: Array<[string, Program]> = [];

/** Registers a program under the name its Python twin has. */
export function program(name: string, fn: Program): void {
  PROGRAMS.push([name, fn]);
}

/** Name of t.grad_fn, or null. */
export function gfn(t: torch.Tensor): string | null {
  return t.grad_fn === null ? null : t.grad_fn.name();
}

/** t.grad_fn.next_functions as [[name or null, index], ...]. */
export function nexts(t: torch.Tensor): Array<[string | null, number]> {
  if (t.grad_fn === null) throw new Error("nexts: tensor has no grad_fn");
  return t.grad_fn.next_functions.map(([f, i]): [string | null, number] => [f === null ? null : f.name(), i]);
}

/** NaN and ±Infinity as the strings JSON can carry, like harness.py `_num`. */
function num(v: number): number | string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  return v;
}

/** Encodes a program output exactly as harness.py does. */
export function encode(v: unknown): Encoded {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") {
    const n = num(v);
    return typeof n === "string" ? { $: "float", v: n } : n;
  }
  if (v instanceof torch.Tensor) {
    return {
      $: "tensor",
      shape: [...v.shape],
      dtype: v.dtype,
      data: Array.from(v.dataView(), num),
      requires_grad: v.requires_grad,
      grad_fn: gfn(v),
    };
  }
  if (Array.isArray(v)) return v.map(encode);
  throw new TypeError(`cannot encode ${Object.prototype.toString.call(v)}`);
}

/** Collects one program's outputs in call order. */
export class Recorder {
  readonly outputs: Array<[string, Encoded]> = [];
  lastStep: string | null = null;

  readonly out: Out = (step, value) => this.record(step, encode(value));

  readonly err: Err = (step, fn) => {
    try {
      fn();
    } catch (e) {
      this.record(step, { $: "error", message: e instanceof Error ? e.message : String(e) });
      return;
    }
    this.record(step, { $: "no_error" });
  };

  private record(step: string, value: Encoded): void {
    if (this.outputs.some(([s]) => s === step)) throw new Error(`duplicate step ${step}`);
    this.outputs.push([step, value]);
    this.lastStep = step;
  }
}
