/**
 * Builds the Trace from the engine's observer events plus the instrumentation's naming and call-site reports.
 *
 * Ids are the engine's own (`t<id>`, `g<id>`): they are deterministic after `resetEngine()`, and they match the
 * `tensorId` of engine errors. Beyond `maxNodes` (tensors + grad functions) new nodes are counted, not kept, and
 * the recorder keeps no reference to them, so a runaway loop does not hold its garbage alive. Nor does it hold the
 * kept tensors (not even weakly: a WeakRef keeps its target alive until the synchronous snippet ends): recording
 * a loop of big temporaries must not keep their storage alive. Their later changes arrive as events.
 */
import type {
  BackwardFinishedEvent,
  BackwardStartedEvent,
  EngineObserver,
  GradAccumulatedEvent,
  GradFnExecutedEvent,
  GradientFlowedEvent,
  HookFiredEvent,
  InplaceEvent,
  ObservedGradFn,
  ObservedTensor,
  TensorCreatedEvent,
  TensorNamedEvent,
  WarningEvent,
} from "../engine/observer.js";
import type { BackwardPass, SourceRange, TraceGradFn, TraceTensor, TraceVariable, TraceWarning } from "../protocol.js";
import type { HookSink } from "./hooks.js";
import type { BindKind, SiteTables } from "./sites.js";
import { snapshot } from "./tensorData.js";

export interface RecorderOptions {
  maxNodes: number;
  dataCap: number;
  tables: SiteTables;
  isTensor: (x: unknown) => x is ObservedTensor;
  /** Innermost running loop, for `TraceTensor.loop`. */
  currentLoop: () => { line: number; iteration: number } | null;
  /** Where the snippet is now (from the stack), for warnings and backward calls. */
  currentPosition: () => { line: number; column: number } | null;
  /** Called at every tensor the engine creates, before it is recorded (the memory guard; may throw). */
  onTensor?: () => void;
  /**
   * The engine's J and v·J for `root.backward(seed)`, asked before the pass runs (engine/autograd/pass_jacobian.ts);
   * without it passes carry no `jacobian`.
   */
  passJacobian?: (root: ObservedTensor, seed: ObservedTensor, inputs: ObservedTensor[] | null) => ObservedJacobian;
}

/** What `passJacobian` returns: tensors the recorder snapshots into the pass. */
export interface ObservedJacobian {
  leaves: ReadonlyArray<{ leaf: ObservedTensor; jacobian: ObservedTensor; vjp: ObservedTensor }>;
  skipped: string | null;
}

/**
 * How strongly a binding names a tensor; a stronger one renames it, an equal or weaker one only adds an alias.
 * Parameters and returns are weak (the caller's name is better); a top-level variable beats a function's local,
 * so `d = f(a)` shows the root as `d`, not as the `c` that `f` returned.
 */
function strengthOf(kind: BindKind, topLevel: boolean): number {
  if (kind === "parameter" || kind === "return") return 1;
  return topLevel ? 3 : 2;
}

/** A module's parameter name ("fc1.weight") outranks every variable binding. */
const PARAMETER_NAME_STRENGTH = 10;

const MAX_ALIASES = 20;

const tid = (t: { id: number }): string => `t${t.id}`;
// Event arrays may come from the snippet's realm (an array the user passed); Array.from gives the Trace our own
// arrays, so an in-process Trace is plain data of this realm like one that came through postMessage.
const gid = (g: { id: number }): string => `g${g.id}`;

function contains(r: SourceRange, line: number, column: number): boolean {
  const afterStart = line > r.startLine || (line === r.startLine && column >= r.startColumn);
  const beforeEnd = line < r.endLine || (line === r.endLine && column < r.endColumn);
  return afterStart && beforeEnd;
}

/** The part of a Trace the recorder owns; the sandbox adds console, error and timings. */
export interface RecordedGraph {
  tensors: TraceTensor[];
  gradFns: TraceGradFn[];
  passes: BackwardPass[];
  variables: Record<string, TraceVariable>;
  warnings: TraceWarning[];
  truncated: { limit: number; droppedTensors: number; droppedGradFns: number } | null;
}

export class TraceRecorder implements EngineObserver, HookSink {
  private readonly tensors = new Map<number, TraceTensor>();
  private readonly bindStrength = new Map<number, number>();
  private readonly gradFns = new Map<number, TraceGradFn>();
  private readonly passes: BackwardPass[] = [];
  /** Per pass: engine step → index into `steps` (steps of dropped nodes are skipped). */
  private readonly stepIndex = new Map<number, Map<number, number>>();
  /** Per running pass: the tensors it accumulated into (held until the pass finishes, to read their `.grad`). */
  private readonly accumulated = new Map<number, Map<number, ObservedTensor>>();
  private readonly warnings: TraceWarning[] = [];
  private readonly versions = new Map<string, number>();
  /** Final binding of each top-level name: the value if it is a tensor, else null, with the binding's range. */
  private readonly topLevel = new Map<string, { tensor: ObservedTensor | null; range: SourceRange }>();
  private pending: TraceTensor[] = [];
  private droppedTensors = 0;
  private droppedGradFns = 0;

  constructor(private readonly o: RecorderOptions) {}

  private full(): boolean {
    return this.tensors.size + this.gradFns.size >= this.o.maxNodes;
  }

  // ---- engine events ----

  tensorCreated(e: TensorCreatedEvent): void {
    this.o.onTensor?.();
    const t = e.tensor;
    if (this.full()) {
      this.droppedTensors++;
      if (t.grad_fn !== null && !this.gradFns.has(t.grad_fn.id)) this.droppedGradFns++;
      return;
    }
    const rec: TraceTensor = {
      id: tid(t),
      name: null,
      version: 1,
      label: e.op,
      op: e.op,
      range: null,
      bindingRange: null,
      value: snapshot(t, this.o.dataCap),
      requiresGrad: t.requires_grad,
      isLeaf: t.is_leaf,
      retainsGrad: t.retainsGrad,
      createdUnderNoGrad: !e.gradEnabled,
      detachedFrom: e.detachedFrom === null ? null : tid(e.detachedFrom),
      gradFn: t.grad_fn === null ? null : gid(t.grad_fn),
      grads: [],
      loop: this.o.currentLoop(),
      inputs: Array.from(e.inputs, tid),
    };
    if (t.output_nr !== 0) rec.outputNr = t.output_nr;
    this.tensors.set(t.id, rec);
    this.pending.push(rec);
    if (t.grad_fn !== null) this.recordGradFn(t.grad_fn, t);
  }

  /**
   * A module named its parameter ("fc1.weight"): that is the name PyTorch shows, stronger than any variable binding
   * (a later `const w = model.fc1.weight` becomes an alias).
   */
  tensorNamed(e: TensorNamedEvent): void {
    const rec = this.tensors.get(e.tensor.id);
    if (rec === undefined) return;
    const name = String(e.name);
    if (rec.name !== null && rec.name !== name && rec.bindingRange !== null) this.addAlias(rec, rec.label, rec.bindingRange);
    this.bindStrength.set(e.tensor.id, PARAMETER_NAME_STRENGTH);
    rec.name = name;
    rec.version = 1;
    rec.label = name;
  }

  tensorChanged(e: InplaceEvent): void {
    const rec = this.tensors.get(e.tensor.id);
    if (rec === undefined) return;
    const t = e.tensor;
    rec.value = snapshot(t, this.o.dataCap);
    rec.requiresGrad = t.requires_grad;
    rec.isLeaf = t.is_leaf;
    rec.retainsGrad = t.retainsGrad;
    rec.gradFn = t.grad_fn === null ? null : gid(t.grad_fn);
    // A custom Function's tuple makes its outputs k > 0 here; an in-place op afterwards makes them output 0 again.
    if (t.output_nr !== 0) rec.outputNr = t.output_nr;
    else delete rec.outputNr;
    if (t.grad_fn !== null) this.recordGradFn(t.grad_fn, t);
  }

  /**
   * Records a grad function and every grad function it reaches that is not recorded yet: the AccumulateGrad nodes
   * of leaves, and the nodes a `create_graph` pass built while the engine was silent. Iterative, so a deep graph
   * from a long loop cannot overflow the stack.
   */
  private recordGradFn(first: ObservedGradFn, produced: ObservedTensor | null): void {
    const todo: Array<[ObservedGradFn, ObservedTensor | null]> = [[first, produced]];
    for (let item = todo.pop(); item !== undefined; item = todo.pop()) {
      const [fn, out] = item;
      if (this.gradFns.has(fn.id)) continue;
      if (this.full()) {
        this.droppedGradFns++;
        continue;
      }
      const owner = fn.variable ?? out;
      const ownerRec = owner === null ? undefined : this.tensors.get(owner.id);
      this.gradFns.set(fn.id, {
        id: gid(fn),
        name: fn.name(),
        tensor: owner === null ? "" : tid(owner),
        // inputIndex is the forward input's position (as the protocol and the flows use it), not PyTorch's output
        // number in the tuple, which is 0 for every op we have.
        nextFunctions: Array.from(fn.next_functions, ([g], inputIndex) => ({ gradFn: g === null ? null : gid(g), inputIndex })),
        saved: Array.from(fn.savedTensors, (sv) => ({ role: sv.role, tensor: sv.tensor === null ? null : tid(sv.tensor) })),
        formulas: [...fn.formulas],
        freedAfterPass: null,
        range: ownerRec?.range ?? null,
      });
      for (const [g] of fn.next_functions) if (g !== null && !this.gradFns.has(g.id)) todo.push([g, null]);
    }
  }

  backwardStarted(e: BackwardStartedEvent): void {
    const pos = this.o.currentPosition();
    this.passes.push({
      index: e.pass,
      kind: e.kind,
      range: pos === null ? null : this.callRangeAt(pos.line, pos.column),
      roots: Array.from(e.roots, tid),
      seeds: Array.from(e.seeds, (s) => snapshot(s, this.o.dataCap)),
      options: { retainGraph: e.retainGraph, createGraph: e.createGraph, inputs: e.inputs === null ? null : Array.from(e.inputs, tid), allowUnused: e.allowUnused },
      steps: [],
      flows: [],
      accumulations: [],
      hooks: [],
      freed: [],
      error: null,
      ...this.jacobianOf(e),
    });
    this.stepIndex.set(e.pass, new Map());
    this.accumulated.set(e.pass, new Map());
  }

  /** `y.backward(v)` with a non-scalar y: J and v·J, the vector–Jacobian product the view explains. */
  private jacobianOf(e: BackwardStartedEvent): Pick<BackwardPass, "jacobian"> {
    const root = e.roots[0];
    const seed = e.seeds[0];
    const f = this.o.passJacobian;
    if (f === undefined || e.kind !== "backward" || e.roots.length !== 1 || root === undefined || seed === undefined) return {};
    if (seed.shape.reduce((a, b) => a * b, 1) <= 1) return {};
    const j = f(root, seed, e.inputs === null ? null : Array.from(e.inputs));
    // Leaves past the node limit are not in the Trace, so neither is their J.
    const kept = Array.from(j.leaves).filter((l) => this.tensors.has(l.leaf.id));
    const leaves = kept.map((l) => ({ tensor: tid(l.leaf), jacobian: snapshot(l.jacobian, this.o.dataCap), vjp: snapshot(l.vjp, this.o.dataCap) }));
    return { jacobian: { leaves, skipped: j.skipped } };
  }

  private pass(index: number): BackwardPass | undefined {
    for (let i = this.passes.length - 1; i >= 0; i--) if (this.passes[i]?.index === index) return this.passes[i];
    return undefined;
  }

  gradFnExecuted(e: GradFnExecutedEvent): void {
    const p = this.pass(e.pass);
    if (p === undefined || !this.gradFns.has(e.gradFn.id)) return;
    this.stepIndex.get(e.pass)?.set(e.step, p.steps.length);
    p.steps.push({ gradFn: gid(e.gradFn), gradOutputs: Array.from(e.gradOutputs, (g) => (g === null ? null : snapshot(g, this.o.dataCap))) });
  }

  private step(pass: number, engineStep: number): number | undefined {
    return this.stepIndex.get(pass)?.get(engineStep);
  }

  gradientFlowed(e: GradientFlowedEvent): void {
    const p = this.pass(e.pass);
    const step = this.step(e.pass, e.step);
    if (p === undefined || step === undefined) return;
    if (e.to !== null && !this.gradFns.has(e.to.id)) return;
    p.flows.push({ step, from: gid(e.from), to: e.to === null ? null : gid(e.to), inputIndex: e.inputIndex, grad: snapshot(e.grad, this.o.dataCap) });
  }

  gradAccumulated(e: GradAccumulatedEvent): void {
    const p = this.pass(e.pass);
    if (p === undefined || !this.tensors.has(e.tensor.id)) return;
    this.accumulated.get(e.pass)?.set(e.tensor.id, e.tensor);
    p.accumulations.push({
      step: this.step(e.pass, e.step) ?? -1,
      tensor: tid(e.tensor),
      before: e.before === null ? null : snapshot(e.before, this.o.dataCap),
      after: snapshot(e.after, this.o.dataCap),
    });
  }

  hookFired(e: HookFiredEvent): void {
    const p = this.pass(e.pass);
    if (p === undefined || !this.tensors.has(e.tensor.id)) return;
    p.hooks.push({
      step: this.step(e.pass, e.step) ?? -1,
      tensor: tid(e.tensor),
      grad: snapshot(e.grad, this.o.dataCap),
      replacedWith: e.replacedWith === null ? null : snapshot(e.replacedWith, this.o.dataCap),
    });
  }

  backwardFinished(e: BackwardFinishedEvent): void {
    const p = this.pass(e.pass);
    if (p === undefined) return;
    p.error = e.error;
    for (const g of e.freed) {
      const rec = this.gradFns.get(g.id);
      if (rec === undefined) continue;
      p.freed.push(rec.id);
      rec.freedAfterPass ??= e.pass;
    }
    const accumulated = this.accumulated.get(e.pass) ?? new Map<number, ObservedTensor>();
    this.accumulated.delete(e.pass);
    for (const [id, t] of accumulated) {
      const rec = this.tensors.get(id);
      if (rec === undefined) continue;
      rec.grads.push({ pass: e.pass, grad: t.gradRaw === null ? null : snapshot(t.gradRaw, this.o.dataCap) });
      rec.retainsGrad = t.retainsGrad;
    }
  }

  warning(e: WarningEvent): void {
    const pos = this.o.currentPosition();
    this.warnings.push({ message: e.message, line: pos?.line ?? null, column: pos?.column ?? null, tensor: e.tensor === null ? null : tid(e.tensor) });
  }

  // ---- instrumentation reports ----

  /** A call finished: tensors created since the last report (and not yet placed) were made by this call. */
  callCompleted(site: number, _value: unknown): void {
    if (this.pending.length === 0) return;
    const range = this.o.tables.calls[site];
    if (range === undefined) return;
    for (const rec of this.pending) this.place(rec, range);
    this.pending = [];
  }

  private place(rec: TraceTensor, range: SourceRange): void {
    rec.range = range;
    if (rec.name === null) rec.label = `${rec.op} @ ${range.startLine}:${range.startColumn}`;
    const fnId = rec.gradFn === null ? undefined : Number(rec.gradFn.slice(1));
    const fn = fnId === undefined ? undefined : this.gradFns.get(fnId);
    if (fn !== undefined && fn.range === null) fn.range = range;
  }

  /** A value was bound to a name: name the tensor (first strong binding wins), track top-level variables. */
  bound(value: unknown, siteIndex: number): void {
    const site = this.o.tables.binds[siteIndex];
    if (site === undefined) return;
    let tensor: ObservedTensor | null = null;
    try {
      tensor = this.o.isTensor(value) ? value : null;
    } catch {
      // A Proxy whose getPrototypeOf trap throws: not a tensor, and binding it is not an error.
      tensor = null;
    }
    if (site.topLevel) this.topLevel.set(site.name, { tensor, range: site.range });
    if (tensor === null) return;
    let rec = this.tensors.get(tensor.id);
    if (rec === undefined) {
      // Made by the engine while it was silent (the results of autograd.grad, a `.grad` tensor): it is the user's
      // now, so it joins the graph where it was bound.
      if (this.full()) return;
      this.tensorCreated({ tensor, op: "grad", inputs: [], gradEnabled: true, detachedFrom: null });
      rec = this.tensors.get(tensor.id);
      if (rec === undefined) return;
    }
    if (rec.range === null) {
      // Made outside any instrumented call (a getter such as `x.T`): the binding is the best place we know.
      this.place(rec, site.range);
      this.pending = this.pending.filter((p) => p !== rec);
    }
    const strength = strengthOf(site.kind, site.topLevel);
    const current = this.bindStrength.get(tensor.id) ?? 0;
    if (current >= strength) {
      // Variables only: a parameter or `f()` name on an already named tensor says nothing new.
      if (rec.name !== site.name && strength > 1) this.addAlias(rec, site.name, site.range);
      return;
    }
    this.bindStrength.set(tensor.id, strength);
    if (current > 1 && rec.bindingRange !== null) this.addAlias(rec, rec.label, rec.bindingRange);
    const version = (this.versions.get(site.name) ?? 0) + 1;
    this.versions.set(site.name, version);
    rec.name = site.name;
    rec.version = version;
    rec.label = version === 1 ? site.name : `${site.name}#${version}`;
    rec.bindingRange = site.range;
  }

  private addAlias(rec: TraceTensor, name: string, range: SourceRange): void {
    const aliases = (rec.aliases ??= []);
    if (aliases.length >= MAX_ALIASES) return;
    if (aliases.some((a) => a.name === name && a.range.startLine === range.startLine && a.range.startColumn === range.startColumn)) return;
    aliases.push({ name, range });
  }

  /** The innermost instrumented call whose range holds the position. */
  callRangeAt(line: number, column: number): SourceRange | null {
    let best: SourceRange | null = null;
    for (const r of this.o.tables.calls) {
      if (!contains(r, line, column)) continue;
      if (best === null || contains(best, r.startLine, r.startColumn)) best = r;
    }
    return best;
  }

  // ---- result ----

  /** The recorded graph, with variables read from the live tensors as they are now (after the run). */
  finish(): RecordedGraph {
    const cap = this.o.dataCap;
    const variables: Record<string, TraceVariable> = {};
    for (const [name, { tensor: t, range }] of this.topLevel) {
      if (t === null) continue;
      const grad = t.gradRaw;
      variables[name] = {
        tensor: tid(t),
        shape: [...t.shape],
        data: snapshot(t, cap).data,
        grad: grad === null ? null : snapshot(grad, cap).data,
        requires_grad: t.requires_grad,
        is_leaf: t.is_leaf,
        grad_fn: t.grad_fn === null ? null : t.grad_fn.name(),
        range,
      };
    }
    const dropped = this.droppedTensors + this.droppedGradFns > 0;
    return {
      tensors: [...this.tensors.values()],
      gradFns: [...this.gradFns.values()],
      passes: this.passes,
      variables,
      warnings: this.warnings,
      truncated: dropped ? { limit: this.o.maxNodes, droppedTensors: this.droppedTensors, droppedGradFns: this.droppedGradFns } : null,
    };
  }
}
