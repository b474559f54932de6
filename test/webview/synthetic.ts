/**
 * Synthetic Traces of a chosen size for the view's tests and benchmarks: an unrolled loop
 * `b = b * w + c` (c a constant) ending in `s = b.sum(); s.backward()`, with the backward pass recorded the way the
 * runner records it (steps in execution order, flows, accumulations, freed saved tensors).
 */
import type { BackwardPass, TensorData, Trace, TraceGradFn, TraceTensor } from "../../src/protocol.js";

function data(values: number[], shape: number[]): TensorData {
  const finite = values.filter((v) => !Number.isNaN(v));
  return {
    shape,
    dtype: "float32",
    data: values,
    truncated: false,
    numel: values.length,
    stats: {
      min: finite.length ? Math.min(...finite) : null,
      max: finite.length ? Math.max(...finite) : null,
      mean: finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null,
      nanCount: values.length - finite.length,
      infCount: values.filter((v) => v === Infinity || v === -Infinity).length,
    },
  };
}

export interface SyntheticOptions {
  /** Approximate number of graph nodes (tensors + grad functions). */
  nodes: number;
  /** Record loop iterations (so the view groups them); false gives a flat graph of the same size. */
  loop?: boolean;
}

/** Builds the Trace. Each iteration adds 3 tensors (m, c, b) and 2 grad functions (Mul, Add): 5 nodes. */
export function syntheticTrace(o: SyntheticOptions): Trace {
  const iterations = Math.max(1, Math.round((o.nodes - 6) / 5));
  const tensors: TraceTensor[] = [];
  const gradFns: TraceGradFn[] = [];
  let tid = 0;
  let gid = 0;
  const range = (line: number) => ({ startLine: line, startColumn: 1, endLine: line, endColumn: 20 });
  const tensor = (p: Partial<TraceTensor> & Pick<TraceTensor, "label" | "op" | "value">): TraceTensor => {
    const t: TraceTensor = {
      id: `t${++tid}`,
      name: null,
      version: 1,
      range: range(1),
      bindingRange: null,
      requiresGrad: true,
      isLeaf: false,
      retainsGrad: false,
      createdUnderNoGrad: false,
      detachedFrom: null,
      gradFn: null,
      grads: [],
      loop: null,
      inputs: [],
      ...p,
    };
    tensors.push(t);
    return t;
  };
  const gradFn = (name: string, out: string, next: Array<string | null>, formulas: string[]): TraceGradFn => {
    const g: TraceGradFn = {
      id: `g${++gid}`,
      name,
      tensor: out,
      nextFunctions: next.map((n, i) => ({ gradFn: n, inputIndex: i })),
      saved: [],
      formulas,
      freedAfterPass: null,
      range: range(1),
    };
    gradFns.push(g);
    return g;
  };
  const x = tensor({ name: "x", label: "x", op: "tensor", value: data([0.5, -1, 2], [3]), isLeaf: true });
  const w = tensor({ name: "w", label: "w", op: "tensor", value: data([1.01, 0.99, 1], [3]), isLeaf: true });
  const accX = gradFn("AccumulateGrad", x.id, [], []);
  const accW = gradFn("AccumulateGrad", w.id, [], []);
  let b = x;
  let bFn = accX.id;
  const chain: Array<{ mul: TraceGradFn; add: TraceGradFn }> = [];
  for (let i = 1; i <= iterations; i++) {
    const loop = o.loop === false ? null : { line: 5, iteration: i };
    const m = tensor({ label: `mul @ 6:${i}`, op: "mul", value: data([i, i, i], [3]), loop });
    const mul = gradFn("MulBackward0", m.id, [bFn, accW.id], ["∂out/∂self = other", "∂out/∂other = self"]);
    mul.saved = [{ role: "self", tensor: b.id }, { role: "other", tensor: w.id }];
    m.gradFn = mul.id;
    // As a real Trace records them: the forward inputs (the computation view draws its edges from these).
    m.inputs = [b.id, w.id];
    const c = tensor({ name: "c", label: i === 1 ? "c" : `c#${i}`, op: "ones", value: data([1, 1, 1], [3]), requiresGrad: false, isLeaf: true, loop });
    const nb = tensor({ name: "b", label: i === 1 ? "b" : `b#${i}`, op: "add", value: data([i + 1, i + 1, i + 1], [3]), loop });
    nb.inputs = [m.id, c.id];
    const add = gradFn("AddBackward0", nb.id, [mul.id, null], ["∂out/∂self = 1", "∂out/∂other = 1"]);
    nb.gradFn = add.id;
    chain.push({ mul, add });
    b = nb;
    bFn = add.id;
  }
  const s = tensor({ name: "s", label: "s", op: "sum", value: data([42], []) });
  const sum = gradFn("SumBackward0", s.id, [bFn], ["∂out/∂self = ones_like(self)"]);
  s.gradFn = sum.id;
  s.inputs = [b.id];

  const ones = data([1, 1, 1], [3]);
  const pass: BackwardPass = {
    index: 1,
    kind: "backward",
    range: range(9),
    roots: [s.id],
    seeds: [data([1], [])],
    options: { retainGraph: false, createGraph: false, inputs: null, allowUnused: false },
    steps: [],
    flows: [],
    accumulations: [],
    hooks: [],
    freed: [],
    error: null,
  };
  const step = (g: TraceGradFn, out: TensorData, flows: Array<[string | null, number, TensorData]>): void => {
    const k = pass.steps.length;
    pass.steps.push({ gradFn: g.id, gradOutputs: [out] });
    for (const [to, inputIndex, grad] of flows) pass.flows.push({ step: k, from: g.id, to, inputIndex, grad });
  };
  step(sum, data([1], []), [[bFn, 0, ones]]);
  for (let i = chain.length - 1; i >= 0; i--) {
    const { mul, add } = chain[i] as { mul: TraceGradFn; add: TraceGradFn };
    step(add, ones, [[mul.id, 0, ones], [null, 1, ones]]);
    step(mul, ones, [[mul.nextFunctions[0]?.gradFn ?? null, 0, ones], [accW.id, 1, ones]]);
  }
  const wGrad = data([iterations, iterations, iterations], [3]);
  pass.steps.push({ gradFn: accW.id, gradOutputs: [wGrad] });
  pass.accumulations.push({ step: pass.steps.length - 1, tensor: w.id, before: null, after: wGrad });
  pass.steps.push({ gradFn: accX.id, gradOutputs: [ones] });
  pass.accumulations.push({ step: pass.steps.length - 1, tensor: x.id, before: null, after: ones });
  pass.freed = gradFns.filter((g) => g.saved.length > 0).map((g) => g.id);
  for (const g of gradFns) if (g.saved.length > 0) g.freedAfterPass = 1;
  x.grads = [{ pass: 1, grad: ones }];
  w.grads = [{ pass: 1, grad: wGrad }];

  return {
    version: 1,
    file: `synthetic-${o.nodes}${o.loop === false ? "-flat" : ""}.ts`,
    tensors,
    gradFns,
    passes: [pass],
    variables: {},
    console: [],
    warnings: [],
    error: null,
    truncated: null,
    timings: { parseMs: 0, runMs: 0, totalMs: 0 },
  };
}
