/**
 * The backward pass told in the learner's names (pure): what each tensor's record shows at a position of a pass,
 * and the chain rule of each flow written with the tensors' own names (`grad_x = grad_a × y = [[1, 2, -1], …]`)
 * instead of PyTorch's argument roles (`∂out/∂self = other`). The roles' formula stays in Details.
 */
import { indexTrace } from "./traceIndex.js";
import type { BackwardPass, GradientFlow, TensorData, Trace, TraceGradFn, TraceTensor } from "../src/protocol.js";
import { allEqual, fmtNum, fmtShape } from "./format.js";
import { lastPosition } from "./playback.js";

/** Vectors up to this many elements are shown in full. */
export const VECTOR_FULL = 16;
/** Matrices up to this many rows and columns are shown as a grid. */
export const GRID_MAX = 6;

/** Lines of a value as the record shows it: every element of a ≤16-vector, a ≤6×6 grid, else shape + min/max/mean. */
export function valueLines(t: TensorData): string[] {
  const f = (v: number): string => fmtNum(v, t.dtype);
  if (t.shape.length === 0) return [t.data.length > 0 ? f(t.data[0] ?? Number.NaN) : "?"];
  if (!t.truncated && t.numel > 1 && t.dtype !== "bool") {
    if (allEqual(t, 1)) return [`ones(${fmtShape(t.shape)})`];
    if (allEqual(t, 0)) return [`zeros(${fmtShape(t.shape)})`];
  }
  if (!t.truncated && t.shape.length === 1 && t.numel <= VECTOR_FULL) {
    const cells = t.data.map(f);
    const out: string[] = [];
    for (let i = 0; i < cells.length; i += 8) out.push(cells.slice(i, i + 8).join(", "));
    return out.map((l, i) => `${i === 0 ? "[" : " "}${l}${i === out.length - 1 ? "]" : ","}`);
  }
  const [rows = 0, cols = 0] = t.shape;
  if (!t.truncated && t.shape.length === 2 && rows <= GRID_MAX && cols <= GRID_MAX) {
    const cells = t.data.map(f);
    const width = Math.max(...cells.map((c) => c.length));
    const out: string[] = [];
    for (let r = 0; r < rows; r++) {
      const row = cells.slice(r * cols, (r + 1) * cols).map((c) => c.padStart(width)).join(" ");
      out.push(`${r === 0 ? "[[" : " ["}${row}]${r === rows - 1 ? "]" : ""}`);
    }
    return out;
  }
  const s = t.stats;
  const g = (v: number | null): string => (v === null ? "—" : fmtNum(v));
  return [`${fmtShape(t.shape)} · min ${g(s.min)} · max ${g(s.max)}`, `mean ${g(s.mean)}${s.nanCount ? ` · ${s.nanCount} nan` : ""}`];
}

/** A one-line preview for chain-rule texts: `[[1, 2, -1], …]` for a matrix, the first values of a vector, a scalar. */
export function shortValue(t: TensorData | null | undefined): string {
  if (!t) return "None";
  const f = (v: number): string => fmtNum(v, t.dtype);
  if (t.shape.length === 0) return t.data.length > 0 ? f(t.data[0] ?? Number.NaN) : "?";
  if (!t.truncated && t.numel > 1 && allEqual(t, 1)) return `ones(${fmtShape(t.shape)})`;
  if (!t.truncated && t.numel > 1 && allEqual(t, 0)) return `zeros(${fmtShape(t.shape)})`;
  if (t.shape.length === 1) return `[${t.data.slice(0, 4).map(f).join(", ")}${t.numel > 4 ? ", …" : ""}]`;
  const cols = t.shape[t.shape.length - 1] ?? 1;
  const first = t.data.slice(0, Math.min(cols, 4)).map(f).join(", ");
  const open = "[".repeat(t.shape.length);
  return `${open}${first}${cols > 4 ? ", …" : ""}]${t.numel > cols ? ", …" : ""}${"]".repeat(t.shape.length - 1)}`;
}

/** What a tensor's record says about its gradient at a position of the selected pass. */
export interface RecordGrad {
  /** none: no grad line (a constant); "no-backward": the snippet has no pass; "pending": the pass hasn't reached it yet; "unreached": the pass never does; "value": it has one. */
  state: "none" | "no-backward" | "pending" | "unreached" | "value";
  /** The gradient this pass gave it (its total, fan-in summed), when `state` is "value". */
  grad: TensorData | null;
  /** For leaves: `.grad` before this pass's accumulation (null = None) and after it. */
  before?: TensorData | null;
  after?: TensorData | null;
  /** Non-leaf without retain_grad: PyTorch does not keep it in `.grad`. */
  notKept: boolean;
}

/** The step (index into pass.steps) at which a tensor receives its gradient: its grad fn's, or its AccumulateGrad's. */
export function receivingStep(trace: Trace, pass: BackwardPass, t: TraceTensor): number | null {
  const ix = indexTrace(trace);
  const fn = t.gradFn ?? ix.accumulateOf.get(t.id) ?? null;
  if (!fn) return null;
  return ix.stepOf(pass, fn) ?? null;
}

/** The gradient of tensor `t` in pass `passIndex` at playback position `position` (0 = seed, last = done). */
export function recordGrad(trace: Trace, t: TraceTensor, passIndex: number, position: number): RecordGrad {
  const none: RecordGrad = { state: "none", grad: null, notKept: false };
  if (!t.requiresGrad) return none;
  if (trace.passes.length === 0) return { ...none, state: "no-backward" };
  const pass = indexTrace(trace).passes.get(passIndex);
  if (!pass) return { ...none, state: "no-backward" };
  const leaf = t.isLeaf;
  const notKept = !leaf && !t.retainsGrad;
  const rootAt = pass.roots.indexOf(t.id);
  const k = receivingStep(trace, pass, t);
  const started = position >= lastPosition(pass) ? pass.steps.length : position;
  let grad: TensorData | null = null;
  let state: RecordGrad["state"];
  if (k !== null && k < started) {
    // A node with several outputs (a custom Function's tuple) received one gradient per output: this tensor's.
    grad = pass.steps[k]?.gradOutputs[t.outputNr ?? 0] ?? null;
    state = "value";
  } else if (rootAt >= 0) {
    grad = pass.seeds[rootAt] ?? null;
    state = "value";
  } else state = k === null ? "unreached" : "pending";
  const out: RecordGrad = { state, grad, notKept };
  if (leaf) {
    const acc = indexTrace(trace).accumulationsInto(pass, t.id);
    const first = acc[0];
    const done = acc.filter((a) => a.step < started);
    const lastDone = done[done.length - 1];
    out.before = first ? first.before : previousGrad(t, passIndex);
    out.after = lastDone ? lastDone.after : undefined;
    if (!first && state !== "unreached") out.after = t.grads.find((g) => g.pass === passIndex)?.grad;
  }
  return out;
}

/** `.grad` a tensor was left with by passes before `passIndex`. */
function previousGrad(t: TraceTensor, passIndex: number): TensorData | null {
  const earlier = t.grads.filter((g) => g.pass < passIndex);
  return earlier[earlier.length - 1]?.grad ?? null;
}

/**
 * The record's label, like micrograd's `{ label | data | grad }`: name and shape, value lines, gradient lines. A
 * one-line value shares the name's line (`c = -13.27`), a one-line gradient its heading, so scalars take two lines.
 */
export function recordLabel(t: TraceTensor, g: RecordGrad): string {
  const dtype = t.value.dtype === "float32" ? "" : ` ${t.value.dtype}`;
  const values = valueLines(t.value);
  const head = t.value.shape.length === 0 ? [`${t.label} = ${values[0] ?? "?"}${dtype}`] : [`${t.label} · ${fmtShape(t.value.shape)}${dtype}`, ...values];
  return [...head, ...gradLines(t, g)].join("\n");
}

/** Puts a one-line value on its heading's line. */
function withValue(headBefore: string, lines: string[], headAfter = ""): string[] {
  return lines.length === 1 ? [`${headBefore} ${lines[0] ?? ""}${headAfter}`] : [`${headBefore}${headAfter}`, ...lines];
}

/** The gradient part of a record (also the text alternative's words). */
export function gradLines(t: TraceTensor, g: RecordGrad): string[] {
  switch (g.state) {
    case "none":
      return [];
    case "no-backward":
      return ["grad: no backward yet"];
    case "unreached":
      return t.isLeaf ? [`.grad ${shortValue(g.before ?? null)} (not reached)`] : ["grad: not reached by this pass"];
    case "pending":
      return t.isLeaf ? [`.grad ${shortValue(g.before ?? null)} (waiting)`] : ["grad: …"];
    case "value": {
      if (t.isLeaf) {
        if (g.after === undefined) return [`.grad ${shortValue(g.before ?? null)} (waiting)`];
        return withValue(`.grad ${shortValue(g.before ?? null)} →`, g.after ? valueLines(g.after) : ["None"]);
      }
      const lines = g.grad ? valueLines(g.grad) : ["None"];
      return withValue("grad", lines, g.notKept ? " · not kept in .grad" : " · = .grad (retain_grad)");
    }
  }
}

/** `grad_x` for tensor x. */
export function gradName(t: TraceTensor | undefined): string {
  // An unnamed intermediate is labelled by op and place ("dot @ 9:11"): bracket it so the sentence still parses.
  return !t ? "grad_?" : t.name === null ? `grad_(${t.label})` : `grad_${t.label}`;
}

/** Roles PyTorch's formulas use for an op's inputs, in order, and for its output. */
const SECOND_ROLES = ["other", "tensor", "mat2", "vec", "exponent", "src"];

/**
 * The local derivative of a flow in the tensors' names: the op's formula with its roles replaced by the inputs'
 * labels, or the shape of ones for a sum. Returns the right-hand side after `grad_out`, e.g. "× y".
 */
export function localTerm(trace: Trace, g: TraceGradFn, inputIndex: number): string {
  const ix = indexTrace(trace);
  const out = ix.tensors.get(g.tensor);
  const inputs = (out?.inputs ?? []).map((id) => ix.tensors.get(id));
  const input = inputs[inputIndex];
  if (g.name.startsWith("SumBackward") || g.name.startsWith("ExpandBackward")) return `× ones(${input ? fmtShape(input.value.shape) : "…"})`;
  const formula = g.formulas[inputIndex] ?? "";
  const rhs = (formula.split(" = ").slice(1).join(" = ") || "?").trim();
  const name = (role: string): string | null => {
    if (role === "self") return inputs[0]?.label ?? null;
    if (SECOND_ROLES.includes(role)) return inputs[1]?.label ?? null;
    if (role === "result") return out?.label ?? null;
    return null;
  };
  const replaced = rhs.replace(/\b(self|other|tensor|mat2|vec|exponent|src|result)\b/g, (m) => name(m) ?? m).replace(/\balpha\b/g, "1");
  if (/^1(\s|$)/.test(replaced) && !/^1 \//.test(replaced)) return replaced === "1" ? "" : `× 1 ${replaced.slice(2)}`.trimEnd();
  if (replaced === "-1") return "× −1";
  if (replaced.includes("grad")) return `→ ${replaced}`;
  return `× ${/^[\w#.@ ]+$/.test(replaced) ? replaced : `(${replaced})`}`;
}

/** One flow of a step in the learner's names: the term `grad_a × y` and its value. */
export interface LearnerFlow {
  flow: GradientFlow;
  /** The tensor receiving the gradient (an input of the op). */
  receiver: TraceTensor | undefined;
  /** "grad_a × y" */
  term: string;
}

export function learnerFlows(trace: Trace, pass: BackwardPass, stepIndex: number): LearnerFlow[] {
  const ix = indexTrace(trace);
  const step = pass.steps[stepIndex];
  const g = step ? ix.gradFns.get(step.gradFn) : undefined;
  if (!g) return [];
  const out = ix.tensors.get(g.tensor);
  const upstream = gradName(out);
  return ix
    .flowsAt(pass, stepIndex)
    .filter((f) => f.to)
    .map((f) => {
      const to = f.to ? ix.gradFns.get(f.to) : undefined;
      const receiver = to ? ix.tensors.get(to.tensor) : undefined;
      const local = localTerm(trace, g, f.inputIndex);
      const term = local.startsWith("→") ? local.slice(2).replace(/\bgrad\b/g, upstream) : `${upstream}${local ? ` ${local}` : ""}`;
      return { flow: f, receiver, term };
    });
}

/**
 * The chain-rule sentences of one step, one per receiving tensor: `grad_x = grad_a × y = [[1, 2, -1], …]`; an input
 * used twice (x*x) gets one sentence with the fan-in sum `grad_x = grad_y × x + grad_y × x = […]`.
 */
export function stepSentences(trace: Trace, pass: BackwardPass, stepIndex: number): Array<{ receiver: string; edgeFlows: GradientFlow[]; text: string }> {
  const byReceiver = new Map<string, LearnerFlow[]>();
  for (const lf of learnerFlows(trace, pass, stepIndex)) {
    const key = lf.receiver?.id ?? "?";
    byReceiver.set(key, [...(byReceiver.get(key) ?? []), lf]);
  }
  const out: Array<{ receiver: string; edgeFlows: GradientFlow[]; text: string }> = [];
  for (const [id, lfs] of byReceiver) {
    const receiver = lfs[0]?.receiver;
    const total = lfs.length === 1 ? lfs[0]?.flow.grad : sumGrads(lfs.map((x) => x.flow.grad));
    // A tensor used by an earlier-run op too collects its gradient in parts: say so with +=.
    const k = receiver ? receivingStep(trace, pass, receiver) : null;
    const earlier = (indexTrace(trace).firstFlowInto(pass, id) ?? Infinity) < stepIndex;
    const op = earlier && k !== null ? "+=" : "=";
    out.push({ receiver: id, edgeFlows: lfs.map((x) => x.flow), text: `${gradName(receiver)} ${op} ${lfs.map((x) => x.term).join(" + ")} = ${shortValue(total ?? null)}` });
  }
  return out;
}

/** Element-wise sum of gradients of one shape (for the fan-in of x*x). */
function sumGrads(gs: TensorData[]): TensorData | null {
  const [first] = gs;
  if (!first) return null;
  const data = first.data.map((_, i) => gs.reduce((s, g) => s + (g.data[i] ?? 0), 0));
  const finite = data.filter((v) => !Number.isNaN(v));
  return {
    ...first,
    data,
    stats: {
      min: finite.length ? Math.min(...finite) : null,
      max: finite.length ? Math.max(...finite) : null,
      mean: finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null,
      nanCount: data.length - finite.length,
      infCount: data.filter((v) => !Number.isFinite(v) && !Number.isNaN(v)).length,
    },
  };
}

/** The narration of a position in learner's names (computation view). */
export function learnerNarration(trace: Trace, pass: BackwardPass, position: number): string[] {
  const last = lastPosition(pass);
  const ix = indexTrace(trace);
  const name = (id: string): TraceTensor | undefined => ix.tensors.get(id);
  const passName = `${pass.kind === "backward" ? "backward()" : "autograd.grad()"} #${pass.index}`;
  if (position <= 0) return pass.roots.map((r, i) => `${passName}: seed ${gradName(name(r))} = ${shortValue(pass.seeds[i] ?? null)}`);
  if (position >= last) {
    const lines = [`${passName} finished after ${pass.steps.length} steps.`];
    const freed = pass.freed.map((id) => ix.gradFns.get(id)).filter((g): g is TraceGradFn => g !== undefined);
    if (freed.length > 0) lines.push(`Freed what ${freed.length > 8 ? `${freed.length} ops` : freed.map((g) => `${name(g.tensor)?.label ?? "?"} = ${name(g.tensor)?.op ?? "?"}(…)`).join(", ")} saved (retain_graph=False).`);
    if (pass.error) lines.push(`Error: ${pass.error}`);
    return lines;
  }
  const stepIndex = position - 1;
  const step = pass.steps[stepIndex];
  const g = step ? ix.gradFns.get(step.gradFn) : undefined;
  if (!g || !step) return [];
  const out = name(g.tensor);
  const lines: string[] = [];
  if (g.name === "AccumulateGrad") {
    const acc = ix.accumulationsAt(pass, stepIndex);
    lines.push(`Step ${position}/${pass.steps.length}: ${out?.label ?? "?"} is a leaf: its .grad accumulates ${gradName(out)} = ${shortValue(step.gradOutputs[0] ?? null)}`);
    for (const a of acc) lines.push(`  ${out?.label ?? "?"}.grad: ${shortValue(a.before)} → ${shortValue(a.after)}`);
    return lines;
  }
  lines.push(`Step ${position}/${pass.steps.length}: ${out?.label ?? "?"} = ${out?.op ?? "?"}(${(out?.inputs ?? []).map((i) => name(i)?.label ?? "?").join(", ")}) sends ${gradName(out)} = ${shortValue(step.gradOutputs[0] ?? null)} back`);
  for (const s of stepSentences(trace, pass, stepIndex)) lines.push(`  ${s.text}`);
  for (const a of ix.accumulationsAt(pass, stepIndex)) lines.push(`  ${name(a.tensor)?.label ?? "?"}.grad: ${shortValue(a.before)} → ${shortValue(a.after)}`);
  return lines;
}
