/**
 * The Trace of one snippet run, and the plain types the host ⇄ view messages carry (src/shared/messages.ts).
 *
 * Every side (extension host, webview, CLI) reads this one description of what a run produced; nobody re-runs the
 * engine to answer a hover. Types only: this file imports nothing, so the browser bundle can use it too.
 */

/** Bumped whenever a field changes meaning or disappears. Additive optional fields keep the version. */
export const TRACE_VERSION = 1;

/** A range in the snippet, 1-based lines and columns, end exclusive (like the editor shows them). */
export interface SourceRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export type Dtype = "float32" | "float64" | "int64" | "bool";

/** Always present, whatever the size of the tensor; computed over all elements, ignoring NaN for min/max/mean. */
export interface TensorStats {
  min: number | null;
  max: number | null;
  mean: number | null;
  nanCount: number;
  infCount: number;
}

/**
 * Values of a tensor (or of a gradient), flat in row-major order, capped at `RunOptions.dataCap` elements.
 * In JSON, NaN and ±Infinity are written as the strings "NaN", "Infinity", "-Infinity" (see traceJson.ts);
 * in memory they are plain numbers. Booleans are stored as 0/1 with dtype "bool".
 */
export interface TensorData {
  shape: number[];
  dtype: Dtype;
  data: number[];
  /** true when `data` holds only the first `data.length` of `numel` elements. */
  truncated: boolean;
  numel: number;
  stats: TensorStats;
}

/** A tensor as the run saw it: where it came from, what it held, what gradient it got. */
export interface TraceTensor {
  /** Stable across re-runs of the same snippet: "t1", "t2", … in creation order. */
  id: string;
  /** Variable the tensor was bound to, or null for an unnamed intermediate. */
  name: string | null;
  /** 1 for the first binding of `name`, 2 for `name#2` (a reassignment), … */
  version: number;
  /** What the view prints: "b", "b#2", or for intermediates the op and place, e.g. "mul @ 3:5". */
  label: string;
  /** The operation that created it ("tensor", "arange", "mul", "sum", "detach", …). */
  op: string;
  /** Where it was created (the call expression), 1-based. */
  range: SourceRange | null;
  /** Where it was bound to `name` (the declaration or assignment target), if it was. */
  bindingRange: SourceRange | null;
  value: TensorData;
  requiresGrad: boolean;
  isLeaf: boolean;
  retainsGrad: boolean;
  /** Created while grad mode was off (`torch.no_grad`). */
  createdUnderNoGrad: boolean;
  /** Set on `u` for `u = y.detach()`: the id of `y`. Such an edge is a detach boundary: no gradient flows. */
  detachedFrom: string | null;
  /** Id of the grad function that produced it (null for leaves and tensors that do not require grad). */
  gradFn: string | null;
  /**
   * Which output of `gradFn` it is (PyTorch's `output_nr`), present only when not 0: a custom autograd.Function
   * returning several tensors gives them one node, and a pass's step lists one gradient per output.
   */
  outputNr?: number;
  /** The `.grad` of this tensor after each backward pass that changed it (pass index → value). */
  grads: Array<{ pass: number; grad: TensorData | null }>;
  /** Set when the tensor was created inside a loop body: which loop (its line) and which iteration (1-based). */
  loop: { line: number; iteration: number } | null;
  /** Ids of the tensors the forward op took as inputs, in order (scalars are not listed). */
  inputs: string[];
  /**
   * Other names the same tensor was bound to, in binding order (`c = b` makes `c` an alias of `b#3`; a name the
   * tensor lost to a top-level variable, e.g. `c` inside `f` for `d = f(a)`, is kept here too). Capped at 20.
   */
  aliases?: Array<{ name: string; range: SourceRange }>;
}

/** An edge of the backward graph, as PyTorch's `next_functions[i]`. */
export interface NextFunction {
  /** Id of the grad function gradient goes to; null where PyTorch has `(None, 0)`. */
  gradFn: string | null;
  /** Which input of the forward op this edge belongs to. */
  inputIndex: number;
}

/** A grad function (a node of the backward graph), e.g. MulBackward0 or AccumulateGrad. */
export interface TraceGradFn {
  /** "g1", "g2", … in creation order, stable across re-runs. */
  id: string;
  /** PyTorch's class name: "MulBackward0", "SumBackward0", "AccumulateGrad", … */
  name: string;
  /** The tensor this node produced (for AccumulateGrad: the leaf it accumulates into). */
  tensor: string;
  nextFunctions: NextFunction[];
  /** Tensors saved for backward, by their role in the op ("self", "other", "result", …). */
  saved: Array<{ role: string; tensor: string | null }>;
  /** Local derivatives in words, one per input, e.g. "∂out/∂self = other". */
  formulas: string[];
  /** Index of the pass after which its saved tensors were freed; null while still held. */
  freedAfterPass: number | null;
  range: SourceRange | null;
}

/** One gradient travelling along one edge during a pass: upstream × local derivative = downstream. */
export interface GradientFlow {
  /** Position in `steps` of the grad function that sent it. */
  step: number;
  from: string;
  /** Grad function id receiving it; null where the edge leads nowhere (an input that needs no grad). */
  to: string | null;
  inputIndex: number;
  grad: TensorData;
}

export interface Accumulation {
  step: number;
  tensor: string;
  before: TensorData | null;
  after: TensorData;
}

export interface HookFired {
  step: number;
  tensor: string;
  /** The gradient the hook received, and what it returned in its place (null: unchanged). */
  grad: TensorData;
  replacedWith: TensorData | null;
}

/** One `backward()` or `torch.autograd.grad()` call. This is what the view animates. */
export interface BackwardPass {
  /** 1-based, in call order. */
  index: number;
  kind: "backward" | "autograd.grad";
  range: SourceRange | null;
  /** Tensor ids of the outputs differentiated (one for `y.backward()`). */
  roots: string[];
  /** The seed gradient(s): ones for a scalar, `gradient`/`grad_outputs` otherwise. */
  seeds: TensorData[];
  options: { retainGraph: boolean; createGraph: boolean; inputs: string[] | null; allowUnused: boolean };
  /** Grad function ids in the order they ran. */
  steps: Array<{ gradFn: string; gradOutputs: Array<TensorData | null> }>;
  flows: GradientFlow[];
  accumulations: Accumulation[];
  hooks: HookFired[];
  /** Grad function ids whose saved tensors were freed at the end of this pass. */
  freed: string[];
  /** Set when the pass raised (e.g. the second backward through a freed graph). */
  error: string | null;
  /** Set for `y.backward(v)` with a non-scalar y: the Jacobian behind the vector–Jacobian product x.grad += v·J. */
  jacobian?: PassJacobian;
}

/**
 * J = ∂y/∂x for each leaf x a `y.backward(v)` pass reaches (v is the pass's seed), computed by the engine with one
 * backward pass per element of y, only for small y and x (see engine/autograd/pass_jacobian.ts).
 */
export interface PassJacobian {
  /** `jacobian` has shape y.shape + x.shape (torch.autograd.functional.jacobian's); `vjp` = v·J has x's shape. */
  leaves: Array<{ tensor: string; jacobian: TensorData; vjp: TensorData }>;
  /** Why J was not computed (too many elements, hooks, …); null when it was. */
  skipped: string | null;
}

/** The final binding of a top-level variable: the compact view tools and tests read. */
export interface TraceVariable {
  tensor: string;
  shape: number[];
  data: number[];
  grad: number[] | null;
  requires_grad: boolean;
  is_leaf: boolean;
  grad_fn: string | null;
  range: SourceRange | null;
}

export interface ConsoleEntry {
  level: "log" | "info" | "warn" | "error" | "debug";
  text: string;
  line: number | null;
}

export interface TraceWarning {
  message: string;
  line: number | null;
  column: number | null;
  /** The tensor the warning is about, if any (e.g. the non-leaf whose `.grad` was read). */
  tensor: string | null;
}

export type RunErrorKind = "syntax" | "forbidden" | "runtime" | "timeout" | "memory" | "internal";

export interface RunError {
  kind: RunErrorKind;
  message: string;
  /** 1-based, in the snippet. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** The tensor involved, when the engine knows it (e.g. the non-scalar root of `backward()`). */
  tensor?: string | null;
  /** A fix a person can apply, e.g. "y.backward(torch.ones_like(y))". */
  suggestion?: string | null;
}

export interface Trace {
  version: typeof TRACE_VERSION;
  /** Name of the snippet file, for display. */
  file: string | null;
  tensors: TraceTensor[];
  gradFns: TraceGradFn[];
  passes: BackwardPass[];
  variables: Record<string, TraceVariable>;
  console: ConsoleEntry[];
  warnings: TraceWarning[];
  error: RunError | null;
  /** Set when the node limit was hit: the first `limit` nodes are kept, the rest counted. */
  truncated: { limit: number; droppedTensors: number; droppedGradFns: number } | null;
  timings: { parseMs: number; runMs: number; totalMs: number };
}

/**
 * The host ⇄ view messages (`HostToView`, `ViewToHost`) are typed by their schemas in src/shared/messages.ts, so
 * the types and the runtime checks cannot drift; this file keeps the Trace and the plain types they carry.
 */
export type ExportFormat = "png" | "svg" | "json" | "dot";
