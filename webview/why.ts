/** The answer to "why is this grad null?" for a tensor, from the Trace alone (pure). */
import type { Trace, TraceTensor } from "../src/protocol.js";

/**
 * Reasons a tensor's `.grad` is None after the given pass, most specific first; empty when it has a grad.
 * Mirrors PyTorch's rules: only leaves that require grad (or tensors with retain_grad) get `.grad`, a detach cuts
 * the graph, no_grad records nothing, and a leaf off the path from the pass's roots receives nothing.
 */
export function whyNoGrad(trace: Trace, t: TraceTensor, passIndex: number): string[] {
  const has = t.grads.some((g) => g.pass <= passIndex && g.grad !== null);
  if (has) return [];
  const reasons: string[] = [];
  if (!t.requiresGrad) {
    if (t.detachedFrom) {
      const src = trace.tensors.find((x) => x.id === t.detachedFrom);
      reasons.push(`cut by detach: ${t.label} = ${src?.label ?? t.detachedFrom}.detach() has the same values but no history, so no gradient flows through it.`);
    } else if (t.createdUnderNoGrad) {
      reasons.push("created under torch.no_grad(): nothing was recorded, so it is a constant for autograd.");
    } else {
      reasons.push("requires_grad=False: it is a constant (it was created without requires_grad and none of its inputs requires grad).");
    }
    return reasons;
  }
  if (!t.isLeaf && !t.retainsGrad) {
    reasons.push(`not a leaf: PyTorch fills .grad only for leaf tensors. Call ${t.name ?? "it"}.retain_grad() before backward() to keep it.`);
  }
  if (trace.passes.length === 0) {
    reasons.push("no backward pass ran yet: call backward() on a scalar that depends on it.");
  } else {
    const pass = trace.passes.find((p) => p.index === passIndex);
    if (pass?.kind === "autograd.grad") reasons.push("torch.autograd.grad() returns the gradients instead of writing .grad.");
    const reached = trace.passes.some((p) => p.index <= passIndex && p.accumulations.some((a) => a.tensor === t.id));
    if (!reached && (t.isLeaf || t.retainsGrad)) reasons.push("not on the path: no backward pass so far went from its root back to this tensor.");
  }
  return reasons;
}
