/**
 * The one hook through which the engine reports what it does. The runner's recorder implements it and builds the
 * Trace from exactly these events. With no observer attached, each report site costs a single null check
 * (`if (observer !== null) observer.x(...)`), so the engine runs at full speed outside Autograd Lens.
 *
 * The shapes below are the minimal, read-only views the recorder needs; the engine's Tensor and grad-function
 * classes satisfy them structurally.
 */

export interface ObservedTensor {
  /** @internal stable, 1-based creation counter within one engine context (reset by `resetIds`). */
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: "float32" | "float64" | "int64" | "bool";
  readonly requires_grad: boolean;
  readonly is_leaf: boolean;
  readonly grad_fn: ObservedGradFn | null;
  /** @internal row-major values (bool as 0/1). The recorder copies what it keeps. */
  dataView(): ArrayLike<number>;
  /** @internal the `.grad` field without the non-leaf warning that the public getter emits. */
  readonly gradRaw: ObservedTensor | null;
  /** @internal set by retain_grad(). */
  readonly retainsGrad: boolean;
  /** Which output of its grad_fn this tensor is (PyTorch's `output_nr`): above 0 only for a custom Function's tuple. */
  readonly output_nr: number;
}

export interface ObservedGradFn {
  /** Stable, 1-based creation counter within one engine context. */
  readonly id: number;
  /** PyTorch's class name, e.g. "MulBackward0", "AccumulateGrad". */
  name(): string;
  /** Like PyTorch's `next_functions`: one entry per forward input; `[null, 0]` where no grad flows. */
  readonly next_functions: ReadonlyArray<readonly [ObservedGradFn | null, number]>;
  /** Local derivatives in words, one per input: "∂out/∂self = other". */
  readonly formulas: readonly string[];
  /** Saved tensors by role; empty after the graph was freed. */
  readonly savedTensors: ReadonlyArray<{ role: string; tensor: ObservedTensor | null }>;
  /** For AccumulateGrad: the leaf it accumulates into. */
  readonly variable: ObservedTensor | null;
}

export interface TensorCreatedEvent {
  tensor: ObservedTensor;
  /** Op name as the user called it: "tensor", "arange", "mul", "sum", "detach", "clone", … */
  op: string;
  /** Tensor inputs of the op in order (scalars are not listed). */
  inputs: ObservedTensor[];
  /** True when grad mode was on at creation. */
  gradEnabled: boolean;
  /** For `detach()`: the tensor it was detached from. */
  detachedFrom: ObservedTensor | null;
}

export interface BackwardStartedEvent {
  pass: number;
  kind: "backward" | "autograd.grad";
  roots: ObservedTensor[];
  seeds: ObservedTensor[];
  retainGraph: boolean;
  createGraph: boolean;
  inputs: ObservedTensor[] | null;
  allowUnused: boolean;
}

export interface GradFnExecutedEvent {
  pass: number;
  /** 0-based position in this pass's execution order. */
  step: number;
  gradFn: ObservedGradFn;
  /** Gradients arriving at this node (one per output of the forward op; usually one). */
  gradOutputs: Array<ObservedTensor | null>;
}

export interface GradientFlowedEvent {
  pass: number;
  step: number;
  from: ObservedGradFn;
  to: ObservedGradFn | null;
  inputIndex: number;
  grad: ObservedTensor;
}

export interface GradAccumulatedEvent {
  pass: number;
  step: number;
  tensor: ObservedTensor;
  /** Copies: `before` is null when `.grad` was null. */
  before: ObservedTensor | null;
  after: ObservedTensor;
}

export interface HookFiredEvent {
  pass: number;
  step: number;
  tensor: ObservedTensor;
  grad: ObservedTensor;
  replacedWith: ObservedTensor | null;
}

export interface BackwardFinishedEvent {
  pass: number;
  /** Grad functions whose saved tensors were freed (empty with retain_graph). */
  freed: ObservedGradFn[];
  /** Set when the pass raised; the error still propagates to the caller. */
  error: string | null;
}

export interface WarningEvent {
  message: string;
  tensor: ObservedTensor | null;
}

export interface InplaceEvent {
  tensor: ObservedTensor;
  op: string;
}

export interface TensorNamedEvent {
  tensor: ObservedTensor;
  /** The name PyTorch gives it: a module's parameter path such as "fc1.weight" or "0.bias". */
  name: string;
}

/** Implement any subset: the engine calls only the methods present. */
export interface EngineObserver {
  tensorCreated?(e: TensorCreatedEvent): void;
  /** Called when a tensor's `requires_grad`, `retain_grad`, `grad_fn` or data change after creation (in-place ops). */
  tensorChanged?(e: InplaceEvent): void;
  backwardStarted?(e: BackwardStartedEvent): void;
  gradFnExecuted?(e: GradFnExecutedEvent): void;
  gradientFlowed?(e: GradientFlowedEvent): void;
  gradAccumulated?(e: GradAccumulatedEvent): void;
  hookFired?(e: HookFiredEvent): void;
  backwardFinished?(e: BackwardFinishedEvent): void;
  warning?(e: WarningEvent): void;
  /** A module named its parameter (first `model(x)`, `parameters()` or `named_parameters()` call). */
  tensorNamed?(e: TensorNamedEvent): void;
}
