/**
 * One index over a Trace, built once per Trace object and shared by every part of the view: both graph models
 * (model.ts, computation.ts), playback (playback.ts), the learner's texts (learner.ts) and the controller. A step
 * of playback asks it by id or by (pass, step) instead of scanning the Trace's arrays, so stepping a 5,000-node
 * graph costs what the step changes, not the graph's size.
 *
 * Pure and cached in a WeakMap keyed by the Trace: a re-run brings a new Trace (and so a new index); the old one
 * goes with its Trace.
 */
import type { Accumulation, BackwardPass, GradientFlow, HookFired, SourceRange, Trace, TraceGradFn, TraceTensor } from "../src/protocol.js";

export interface TraceIndex {
  readonly trace: Trace;
  readonly tensors: ReadonlyMap<string, TraceTensor>;
  readonly gradFns: ReadonlyMap<string, TraceGradFn>;
  /** By `BackwardPass.index` (1-based). */
  readonly passes: ReadonlyMap<number, BackwardPass>;
  /** Every pass's roots. */
  readonly roots: ReadonlySet<string>;
  /** Tensors the forward graph of some pass root depends on (through inputs and detach), roots included. */
  readonly rootAncestors: ReadonlySet<string>;
  /** Leaf tensor id → its AccumulateGrad's id. */
  readonly accumulateOf: ReadonlyMap<string, string>;
  /** AccumulateGrad id → its leaf tensor's id. */
  readonly leafOf: ReadonlyMap<string, string>;
  /** Tensors some grad fn saved for backward (other than its own output). */
  readonly savedTensors: ReadonlySet<string>;
  /** Grad fns a pass freed (`freedAfterPass` set), in Trace order. */
  readonly freedGradFns: readonly TraceGradFn[];
  /** Index into `pass.steps` of the step that ran grad fn `gradFnId`, or undefined. */
  stepOf(pass: BackwardPass, gradFnId: string): number | undefined;
  /** The flows sent by step `step` of a pass. */
  flowsAt(pass: BackwardPass, step: number): readonly GradientFlow[];
  /** The accumulations made at step `step` of a pass. */
  accumulationsAt(pass: BackwardPass, step: number): readonly Accumulation[];
  /** The hooks fired at step `step` of a pass. */
  hooksAt(pass: BackwardPass, step: number): readonly HookFired[];
  /** The flows a pass sent to grad fn `gradFnId`, in step order. */
  flowsInto(pass: BackwardPass, gradFnId: string): readonly GradientFlow[];
  /** The first step of a pass that sent a gradient to tensor `tensorId` (through its grad fn or AccumulateGrad). */
  firstFlowInto(pass: BackwardPass, tensorId: string): number | undefined;
  /** Tensors (by range or binding range) and grad fns (by range) whose source spans `line`, tensors first. */
  onLine(line: number): readonly string[];
  /** Every accumulation into `tensorId` during a pass, in step order. */
  accumulationsInto(pass: BackwardPass, tensorId: string): readonly Accumulation[];
}

const EMPTY: readonly never[] = [];

/** Groups `items` by `key` (insertion order kept inside each group). */
function groupBy<T, K>(items: readonly T[], key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** What a pass is looked up by, built on first use of that pass (a Trace may have many passes nobody steps). */
interface PassIndex {
  stepOf: Map<string, number>;
  flows: Map<number, GradientFlow[]>;
  accumulations: Map<number, Accumulation[]>;
  hooks: Map<number, HookFired[]>;
  into: Map<string, Accumulation[]>;
  flowsInto: Map<string | null, GradientFlow[]>;
  firstInto: Map<string, number>;
}

function ancestorsOfRoots(roots: Iterable<string>, tensors: ReadonlyMap<string, TraceTensor>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    const t = tensors.get(id);
    if (!t) continue;
    seen.add(id);
    stack.push(...t.inputs);
    if (t.detachedFrom) stack.push(t.detachedFrom);
  }
  return seen;
}

function build(trace: Trace): TraceIndex {
  const tensors = new Map(trace.tensors.map((t) => [t.id, t]));
  const gradFns = new Map(trace.gradFns.map((g) => [g.id, g]));
  const roots = new Set(trace.passes.flatMap((p) => p.roots));
  const accumulateOf = new Map<string, string>();
  const leafOf = new Map<string, string>();
  const savedTensors = new Set<string>();
  const freedGradFns: TraceGradFn[] = [];
  for (const g of trace.gradFns) {
    if (g.name === "AccumulateGrad") {
      accumulateOf.set(g.tensor, g.id);
      leafOf.set(g.id, g.tensor);
    }
    for (const s of g.saved) if (s.tensor && s.tensor !== g.tensor) savedTensors.add(s.tensor);
    if (g.freedAfterPass !== null) freedGradFns.push(g);
  }
  // Line → ids, built on the first cursor move (the host sends `highlightLine` as the cursor moves).
  let byLine: Map<number, string[]> | null = null;
  const lines = (): Map<number, string[]> => {
    if (byLine) return byLine;
    const out = new Map<number, string[]>();
    const put = (id: string, ...ranges: Array<SourceRange | null>): void => {
      const seen = new Set<number>();
      for (const r of ranges) {
        if (!r) continue;
        for (let l = r.startLine; l <= r.endLine; l++) {
          if (seen.has(l)) continue;
          seen.add(l);
          const list = out.get(l);
          if (list) list.push(id);
          else out.set(l, [id]);
        }
      }
    };
    for (const t of trace.tensors) put(t.id, t.range, t.bindingRange);
    for (const g of trace.gradFns) put(g.id, g.range);
    return (byLine = out);
  };
  const perPass = new Map<BackwardPass, PassIndex>();
  const of = (pass: BackwardPass): PassIndex => {
    let p = perPass.get(pass);
    if (!p) {
      p = {
        stepOf: new Map(pass.steps.map((s, i) => [s.gradFn, i])),
        flows: groupBy(pass.flows, (f) => f.step),
        accumulations: groupBy(pass.accumulations, (a) => a.step),
        hooks: groupBy(pass.hooks, (h) => h.step),
        into: groupBy(pass.accumulations, (a) => a.tensor),
        flowsInto: groupBy(pass.flows, (f) => f.to),
        firstInto: new Map(),
      };
      for (const f of pass.flows) {
        const receiver = f.to ? gradFns.get(f.to)?.tensor : undefined;
        if (receiver !== undefined && !(f.step >= (p.firstInto.get(receiver) ?? Infinity))) p.firstInto.set(receiver, f.step);
      }
      perPass.set(pass, p);
    }
    return p;
  };
  return {
    trace,
    tensors,
    gradFns,
    passes: new Map(trace.passes.map((p) => [p.index, p])),
    roots,
    rootAncestors: ancestorsOfRoots(roots, tensors),
    accumulateOf,
    leafOf,
    savedTensors,
    freedGradFns,
    stepOf: (pass, id) => of(pass).stepOf.get(id),
    flowsAt: (pass, step) => of(pass).flows.get(step) ?? EMPTY,
    accumulationsAt: (pass, step) => of(pass).accumulations.get(step) ?? EMPTY,
    hooksAt: (pass, step) => of(pass).hooks.get(step) ?? EMPTY,
    flowsInto: (pass, id) => of(pass).flowsInto.get(id) ?? EMPTY,
    firstFlowInto: (pass, id) => of(pass).firstInto.get(id),
    onLine: (line) => lines().get(line) ?? EMPTY,
    accumulationsInto: (pass, id) => of(pass).into.get(id) ?? EMPTY,
  };
}

const indexes = new WeakMap<Trace, TraceIndex>();

/** The index of a Trace, built on the first call for that Trace object. */
export function indexTrace(trace: Trace): TraceIndex {
  let ix = indexes.get(trace);
  if (!ix) {
    ix = build(trace);
    indexes.set(trace, ix);
  }
  return ix;
}
