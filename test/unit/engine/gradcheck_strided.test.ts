/** torch.autograd.gradcheck on inputs that are strided views: the perturbation must reach the elements func reads. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as torch from "../../../src/engine/index.js";

test("gradcheck of a transposed (non-contiguous) float64 leaf passes, and leaves its values as they were", () => {
  const x = torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: torch.float64 }).t().detach().requires_grad_();
  assert.equal(x.is_contiguous(), false);
  const before = x.tolist();
  assert.equal(torch.autograd.gradcheck((t: torch.Tensor) => t.mul(t).mul(torch.arange(2, { dtype: torch.float64 })).sum(), [x]), true);
  assert.deepEqual(x.tolist(), before);
});

test("gradcheck of a strided input still finds a wrong backward", () => {
  class Wrong extends torch.autograd.Function {
    static override forward(ctx: torch.autograd.FunctionCtx, t: torch.Tensor): torch.Tensor {
      ctx.save_for_backward(t);
      return t.mul(t);
    }
    static override backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor): torch.Tensor {
      const [t] = ctx.saved_tensors;
      return g.mul(t!); // d(t²)/dt is 2t: this is half of it
    }
  }
  const x = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float64 }).t().detach().requires_grad_();
  assert.equal(torch.autograd.gradcheck((t: torch.Tensor) => Wrong.apply(t), [x], { raise_exception: false }), false);
});
