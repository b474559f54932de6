/**
 * The Trace as a schema (valibot): everything a runner child sends is untrusted, so the host checks shapes, kinds
 * and sizes before it uses a Trace (runner/index.ts for every run, traceJson.ts for a saved file). Unknown keys
 * are dropped. The schema's output type must *equal* `Trace` from protocol.ts (checked below at compile time), so
 * a field added to one and not the other fails the type check instead of drifting.
 */
import * as v from "valibot";
import type { Trace } from "./protocol.js";
import { TRACE_VERSION } from "./protocol.js";

/** Bounds far above what a run can produce within its own caps (maxNodes, dataCap, console, 48 MB trace). */
const MAX_TEXT = 1024 * 1024;
const MAX_ITEMS = 1_000_000;

/** Any JS number, NaN and ±Infinity included (tensors hold them; valibot's `number()` rejects NaN). */
const num = v.custom<number>((x) => typeof x === "number", "expected a number");
const int = v.custom<number>((x) => typeof x === "number" && Number.isInteger(x), "expected an integer");
const text = v.pipe(v.string(), v.maxLength(MAX_TEXT));
const list = <T extends v.GenericSchema>(item: T) => v.pipe(v.array(item), v.maxLength(MAX_ITEMS));
const nullable = <T extends v.GenericSchema>(s: T) => v.nullable(s);
/** Tensor values: one check over the whole array (they are most of a Trace; a schema per element is slow). */
const numbers = v.custom<number[]>((x) => Array.isArray(x) && x.length <= MAX_ITEMS && x.every((n) => typeof n === "number"), "expected an array of numbers");

const SourceRange = v.object({ startLine: int, startColumn: int, endLine: int, endColumn: int });
const Dtype = v.picklist(["float32", "float64", "int64", "bool"]);
const TensorStats = v.object({ min: nullable(num), max: nullable(num), mean: nullable(num), nanCount: int, infCount: int });
const TensorData = v.object({ shape: list(int), dtype: Dtype, data: numbers, truncated: v.boolean(), numel: int, stats: TensorStats });

const TraceTensor = v.object({
  id: text,
  name: nullable(text),
  version: int,
  label: text,
  op: text,
  range: nullable(SourceRange),
  bindingRange: nullable(SourceRange),
  value: TensorData,
  requiresGrad: v.boolean(),
  isLeaf: v.boolean(),
  retainsGrad: v.boolean(),
  createdUnderNoGrad: v.boolean(),
  detachedFrom: nullable(text),
  gradFn: nullable(text),
  outputNr: v.optional(int),
  grads: list(v.object({ pass: int, grad: nullable(TensorData) })),
  loop: nullable(v.object({ line: int, iteration: int })),
  inputs: list(text),
  aliases: v.optional(list(v.object({ name: text, range: SourceRange }))),
});

const TraceGradFn = v.object({
  id: text,
  name: text,
  tensor: text,
  nextFunctions: list(v.object({ gradFn: nullable(text), inputIndex: int })),
  saved: list(v.object({ role: text, tensor: nullable(text) })),
  formulas: list(text),
  freedAfterPass: nullable(int),
  range: nullable(SourceRange),
});

const BackwardPass = v.object({
  index: int,
  kind: v.picklist(["backward", "autograd.grad"]),
  range: nullable(SourceRange),
  roots: list(text),
  seeds: list(TensorData),
  options: v.object({ retainGraph: v.boolean(), createGraph: v.boolean(), inputs: nullable(list(text)), allowUnused: v.boolean() }),
  steps: list(v.object({ gradFn: text, gradOutputs: list(nullable(TensorData)) })),
  flows: list(v.object({ step: int, from: text, to: nullable(text), inputIndex: int, grad: TensorData })),
  accumulations: list(v.object({ step: int, tensor: text, before: nullable(TensorData), after: TensorData })),
  hooks: list(v.object({ step: int, tensor: text, grad: TensorData, replacedWith: nullable(TensorData) })),
  freed: list(text),
  error: nullable(text),
  jacobian: v.optional(v.object({ leaves: list(v.object({ tensor: text, jacobian: TensorData, vjp: TensorData })), skipped: nullable(text) })),
});

const TraceVariable = v.object({
  tensor: text,
  shape: list(int),
  data: numbers,
  grad: nullable(numbers),
  requires_grad: v.boolean(),
  is_leaf: v.boolean(),
  grad_fn: nullable(text),
  range: nullable(SourceRange),
});

const RunError = v.object({
  kind: v.picklist(["syntax", "forbidden", "runtime", "timeout", "memory", "internal"]),
  message: text,
  line: int,
  column: int,
  endLine: v.optional(int),
  endColumn: v.optional(int),
  tensor: v.optional(nullable(text)),
  suggestion: v.optional(nullable(text)),
});

export const TraceSchema = v.object({
  version: v.literal(TRACE_VERSION),
  file: nullable(text),
  tensors: list(TraceTensor),
  gradFns: list(TraceGradFn),
  passes: list(BackwardPass),
  variables: v.record(text, TraceVariable),
  console: list(v.object({ level: v.picklist(["log", "info", "warn", "error", "debug"]), text, line: nullable(int) })),
  warnings: list(v.object({ message: text, line: nullable(int), column: nullable(int), tensor: nullable(text) })),
  error: nullable(RunError),
  truncated: nullable(v.object({ limit: int, droppedTensors: int, droppedGradFns: int })),
  timings: v.object({ parseMs: num, runMs: num, totalMs: num }),
});

/** True when A and B are the same type (not merely assignable). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Fails to compile when the schema and protocol.ts's Trace differ in any field, optionality or kind. */
const schemaMatchesProtocol: Equals<v.InferOutput<typeof TraceSchema>, Trace> = true;
void schemaMatchesProtocol;

/** A checked Trace, or the first problem found (with its path) when `input` is not one. */
export function parseTrace(input: unknown): { ok: true; trace: Trace } | { ok: false; problem: string } {
  const r = v.safeParse(TraceSchema, input);
  if (r.success) return { ok: true, trace: r.output };
  const issue = r.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join(".") ?? "";
  return { ok: false, problem: `${path === "" ? "trace" : path}: ${issue.message}` };
}
