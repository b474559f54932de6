/**
 * What the screen shows at each position of a backward pass (pure; the app applies it to cytoscape).
 *
 * Positions of pass k with n steps: 0 = the root is seeded, nothing ran yet; 1…n = step n-1 is running (its grad
 * function is "active"); n+1 = the pass is over (saved tensors of pass.freed look freed).
 */
import type { BackwardPass, GradientFlow, TensorData, Trace } from "../src/protocol.js";
import { nextEdgeId } from "./model.js";
import { indexTrace } from "./traceIndex.js";
import { namedPreview } from "./format.js";

export interface EdgeNote {
  edgeId: string;
  /** "upstream × local = downstream" with the op's formula. */
  text: string;
}

export interface Frame {
  position: number;
  last: number;
  /** Grad function id running at this position, or null (seed / done). */
  active: string | null;
  /** Edges whose gradient is travelling now, with their chain-rule text. */
  flowing: EdgeNote[];
  /** Edges a gradient already travelled in this pass. */
  flowed: string[];
  /** Grad functions that already ran. */
  done: string[];
  /** Tensor id → "grad before → after" for accumulations happening now. */
  accumulating: Map<string, string>;
  /** Grad functions whose saved tensors are freed (only at the end). */
  freed: string[];
  /** Human-readable account of this position (the course walkthrough, one step at a time). */
  narration: string[];
}

/** Last position of a pass (n+1 for n steps). */
export function lastPosition(pass: BackwardPass): number {
  return pass.steps.length + 1;
}

/** "grad_b" for tensor b, falling back to the tensor's label. */
function gradName(trace: Trace, tensorId: string | undefined): string {
  const t = tensorId ? indexTrace(trace).tensors.get(tensorId) : undefined;
  return `grad_${t ? t.label : "?"}`;
}

function joinGrads(gs: Array<TensorData | null>): string {
  return gs.map((g) => namedPreview(g)).join(", ");
}

/** The chain-rule text for one flow: upstream × local derivative = downstream. */
export function flowText(trace: Trace, pass: BackwardPass, f: GradientFlow): string {
  const step = pass.steps[f.step];
  const g = indexTrace(trace).gradFns.get(f.from);
  const formula = g?.formulas[f.inputIndex] ?? `∂out/∂input${f.inputIndex}`;
  const upstream = step ? joinGrads(step.gradOutputs) : "?";
  return `${upstream} × (${formula}) = ${namedPreview(f.grad)}`;
}

/** Computes the frame at `position` of `pass` (clamped to the pass's range). */
export function frameAt(trace: Trace, pass: BackwardPass, position: number): Frame {
  const last = lastPosition(pass);
  const p = Math.max(0, Math.min(last, Math.round(position)));
  const stepIndex = p >= 1 && p <= pass.steps.length ? p - 1 : -1;
  const ranBefore = p === last ? pass.steps.length : Math.max(0, p - 1);
  const active = stepIndex >= 0 ? (pass.steps[stepIndex]?.gradFn ?? null) : null;
  const ix = indexTrace(trace);
  const g = active ? ix.gradFns.get(active) : undefined;

  const flowing: EdgeNote[] = [];
  const flowed: string[] = [];
  for (const f of pass.flows) {
    if (!f.to) continue;
    const edgeId = nextEdgeId(f.to, f.from, f.inputIndex);
    if (f.step === stepIndex) flowing.push({ edgeId, text: flowText(trace, pass, f) });
    else if (f.step < ranBefore) flowed.push(edgeId);
  }
  const accumulating = new Map<string, string>();
  for (const a of ix.accumulationsAt(pass, stepIndex)) accumulating.set(a.tensor, `${namedPreview(a.before)} → ${namedPreview(a.after)}`);
  const done = pass.steps.slice(0, ranBefore).map((s) => s.gradFn);

  const narration: string[] = [];
  const passName = `${pass.kind === "backward" ? "backward()" : "autograd.grad()"} #${pass.index}`;
  if (p === 0) {
    pass.roots.forEach((r, i) => narration.push(`${passName}: seed ${gradName(trace, r)} = ${namedPreview(pass.seeds[i] ?? null)}`));
  } else if (p === last) {
    narration.push(`${passName} finished after ${pass.steps.length} steps.`);
    if (pass.freed.length > 0) {
      // Counted by name: a 1,000-step loop would otherwise list hundreds of MulBackward0.
      const byName = new Map<string, number>();
      for (const id of pass.freed) {
        const name = ix.gradFns.get(id)?.name ?? id;
        byName.set(name, (byName.get(name) ?? 0) + 1);
      }
      narration.push(`Saved tensors freed (retain_graph=False): ${[...byName].map(([n, c]) => (c > 1 ? `${n} ×${c}` : n)).join(", ")}.`);
    }
    if (pass.error) narration.push(`Error: ${pass.error}`);
  } else if (g) {
    const step = pass.steps[stepIndex];
    const incoming = ix.flowsInto(pass, g.id).filter((f) => f.step < stepIndex);
    const upstream = joinGrads(step?.gradOutputs ?? []);
    narration.push(`Step ${p}/${pass.steps.length}: ${g.name} receives ${gradName(trace, g.tensor)} = ${upstream}`);
    if (incoming.length > 1) {
      // Fan-out in the forward graph is a sum in the backward graph: every use of the tensor sends its share.
      narration.push(`  = sum of ${incoming.length} incoming gradients: ${incoming.map((f) => namedPreview(f.grad)).join(" + ")}`);
    }
    for (const f of ix.flowsAt(pass, stepIndex)) {
      const target = f.to ? ix.gradFns.get(f.to) : undefined;
      const formula = g.formulas[f.inputIndex] ?? "";
      const dest = target ? `${gradName(trace, target.tensor)} (→ ${target.name})` : "(input needs no grad)";
      narration.push(`  input ${f.inputIndex}: ${dest} = ${upstream} × (${formula}) = ${namedPreview(f.grad)}`);
    }
    for (const a of ix.accumulationsAt(pass, stepIndex)) {
      narration.push(`  ${ix.tensors.get(a.tensor)?.label ?? a.tensor}.grad: ${namedPreview(a.before)} → ${namedPreview(a.after)}`);
    }
    for (const h of ix.hooksAt(pass, stepIndex)) {
      narration.push(`  hook on ${h.tensor}: got ${namedPreview(h.grad)}${h.replacedWith ? `, returned ${namedPreview(h.replacedWith)}` : ""}`);
    }
  }
  return { position: p, last, active, flowing, flowed, done, accumulating, freed: p === last ? pass.freed.slice() : [], narration };
}

/** Tensor ids whose .grad changes during pass `passIndex` (their labels need updating while stepping). */
export function accumulatedTensors(trace: Trace, passIndex: number): string[] {
  return [...new Set(indexTrace(trace).passes.get(passIndex)?.accumulations.map((a) => a.tensor) ?? [])];
}

/**
 * The .grad a tensor shows at a position of pass k: the accumulation state so far in this pass, or the value left by
 * an earlier pass. Returns undefined when the tensor never had a grad by then.
 */
export function gradAt(trace: Trace, tensorId: string, passIndex: number, position: number): TensorData | null | undefined {
  const ix = indexTrace(trace);
  const t = ix.tensors.get(tensorId);
  if (!t) return undefined;
  const pass = ix.passes.get(passIndex);
  if (pass) {
    const ranBefore = position >= lastPosition(pass) ? pass.steps.length : position;
    const all = ix.accumulationsInto(pass, tensorId);
    const acc = all.filter((a) => a.step < ranBefore);
    const lastAcc = acc[acc.length - 1];
    if (lastAcc) return lastAcc.after;
    // Not accumulated yet in this pass: the value it had when the pass ran (a zero_() between passes is not in
    // `grads`, but it is in the first accumulation's `before`).
    const first = all[0];
    if (first) return first.before ?? undefined;
    if (position >= lastPosition(pass)) {
      const own = t.grads.find((g) => g.pass === passIndex);
      if (own) return own.grad;
    }
  }
  const earlier = t.grads.filter((g) => g.pass < passIndex);
  return earlier.length > 0 ? earlier[earlier.length - 1]?.grad : undefined;
}
