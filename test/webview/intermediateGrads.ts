/**
 * PyTorch's gradient of every tensor of each example, per backward pass (intermediate-grads.json, written by the
 * committed test/gen_example_twins.py from real PyTorch 1.13 with retain_grad()), and what the computation view must
 * therefore show: shared by the unit test (the model and labels) and the Chromium test (the drawn page).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TensorData, Trace, TraceTensor } from "../../src/protocol.js";
import { buildComputation } from "../../webview/computation.js";
import { valueLines } from "../../webview/learner.js";

export interface GradFixturePass {
  index: number;
  error: string | null;
  /** Trace label → PyTorch's .grad after this pass (intermediates: this pass's only), flat; null = None. */
  grads: Record<string, number[] | null>;
}
export interface GradFixture {
  labels: string[];
  passes: GradFixturePass[];
}

export const GRAD_FIXTURES = (JSON.parse(readFileSync(join(__dirname, "intermediate-grads.json"), "utf8")) as { examples: Record<string, GradFixture> }).examples;

/** The tensors of the computation view that carry a gradient line: drawn (not a check or a loop condition) and requiring grad. */
export function gradTensors(trace: Trace): TraceTensor[] {
  const m = buildComputation(trace);
  return m.nodes.filter((n) => n.kind === "tensor" && !n.classes.includes("check")).map((n) => m.tensors.get(n.id) as TraceTensor).filter((t) => t.requiresGrad);
}

/** A fixture's values as TensorData of the tensor's shape (for the view's own value formatting). */
export function asTensorData(shape: number[], data: number[]): TensorData {
  const finite = data.filter((v) => Number.isFinite(v));
  return {
    shape,
    dtype: "float32",
    data,
    truncated: false,
    numel: data.length,
    stats: {
      min: finite.length ? Math.min(...finite) : null,
      max: finite.length ? Math.max(...finite) : null,
      mean: finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null,
      nanCount: data.filter((v) => Number.isNaN(v)).length,
      infCount: data.filter((v) => !Number.isNaN(v) && !Number.isFinite(v)).length,
    },
  };
}

/** The lines PyTorch's value makes in a record (`[0, 4, 8, 12]`, a grid, `ones(3×3)`), or null for None. */
export function expectedLines(t: TraceTensor, grad: number[] | null | undefined): string[] | null {
  return grad === null || grad === undefined ? null : valueLines(asTensorData(t.value.shape, grad));
}
