// A custom autograd.Function that returns several tensors makes one node with one output per tensor (PyTorch's
// output_nr); a pass's step for that node lists one gradient per output. The Trace says which output each tensor is,
// and the view's gradient of each output is its own, not the first output's.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Trace, TraceTensor } from "../../../src/protocol.js";
import { traceInProcess } from "../../../src/runner/inProcess.js";
import { parseTrace } from "../../../src/traceSchema.js";
import { recordGrad } from "../../../webview/learner.js";

const SNIPPET = `import * as torch from "autograd-lens";
class SinCos extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor): [torch.Tensor, torch.Tensor] {
    ctx.save_for_backward(x);
    return [x.sin(), x.cos()];
  }
  static backward(ctx: torch.autograd.FunctionCtx, gs: torch.Tensor, gc: torch.Tensor): torch.Tensor {
    const [x] = ctx.saved_tensors;
    return gs.mul(x!.cos()).sub(gc.mul(x!.sin()));
  }
}
const x = torch.tensor([0.5, 1.0], { requires_grad: true });
const [s, c] = SinCos.apply(x) as [torch.Tensor, torch.Tensor];
const loss = s.mul(2).add(c.mul(3)).sum();
loss.backward();
console.log(s.output_nr, c.output_nr, x.output_nr);
`;

function tensorNamed(trace: Trace, name: string): TraceTensor {
  const t = trace.tensors.find((x) => x.name === name);
  assert.ok(t, `tensor ${name} in the Trace`);
  return t;
}

describe("several outputs of one node", () => {
  const trace = traceInProcess(SNIPPET);

  it("runs, and output_nr reads as PyTorch's", () => {
    assert.equal(trace.error, null, JSON.stringify(trace.error));
    assert.deepEqual(trace.console.map((l) => l.text), ["0 1 0"]);
  });

  it("the Trace names the output of each tensor (absent for output 0) and passes its schema", () => {
    const s = tensorNamed(trace, "s");
    const c = tensorNamed(trace, "c");
    assert.equal(s.gradFn, c.gradFn, "one node for both outputs");
    assert.equal(s.outputNr, undefined);
    assert.equal(c.outputNr, 1);
    assert.equal(tensorNamed(trace, "x").outputNr, undefined);
    const parsed = parseTrace(JSON.parse(JSON.stringify(trace)));
    assert.ok(parsed.ok, parsed.ok ? "" : parsed.problem);
  });

  it("each output's gradient in the view is its own: d loss/ds = 2, d loss/dc = 3", () => {
    const done = (t: TraceTensor): number[] | undefined => {
      const r = recordGrad(trace, t, 1, Number.MAX_SAFE_INTEGER);
      assert.equal(r.state, "value", `${t.name}: ${r.state}`);
      return r.grad?.data;
    };
    assert.deepEqual(done(tensorNamed(trace, "s")), [2, 2]);
    assert.deepEqual(done(tensorNamed(trace, "c")), [3, 3]);
  });
});
