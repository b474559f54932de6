/** The three issue workloads on our engine (the snippet API, exactly as a learner would write them). */
import * as torch from "../../src/engine/index.js";
import { det, heapAfterGc, timeLoop, type Timing } from "../timing.js";

const X33 = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [3.0, -2.5, 1.0]];
const Y33 = [[1.0, 2.0, -0.5], [0.1, -3.0, 4.0], [2.5, 0.0, -1.5]];
const Z33 = [[0.0, 1.0, 2.0], [-1.0, -2.0, 0.5], [0.3, 0.7, -0.9]];

function leaf(shape: [number, number], seed: number, scale: number): torch.Tensor {
  return torch.tensor(det(shape[0] * shape[1], seed).map((v) => v * scale)).reshape(shape[0], shape[1]).requires_grad_(true);
}

/** c = sum(x*y + z) on 3×3, forward + backward; the course's first walkthrough. */
export function courseStep(): () => void {
  const x = torch.tensor(X33, { requires_grad: true });
  const y = torch.tensor(Y33);
  const z = torch.tensor(Z33);
  return () => {
    x.grad = null;
    const c = torch.sum(x.mul(y).add(z));
    c.backward();
  };
}

export function oursCourse(iterations: number): Timing {
  return timeLoop(courseStep(), { warmup: 500, iterations });
}

/** Heap after 1,000 and after 20,000 iterations of the course step (nothing may leak through dropped graphs). */
export function oursCourseHeap(total: number): { after1k: number | null; afterAll: number | null } {
  const step = courseStep();
  for (let i = 0; i < 1000; i++) step();
  const after1k = heapAfterGc();
  for (let i = 1000; i < total; i++) step();
  return { after1k, afterAll: heapAfterGc() };
}

/** One SGD step of a 784-128-10 MLP on a batch of 64 with a log-softmax cross-entropy loss. */
export function oursMlp(budgetMs: number): Timing {
  const xb = torch.tensor(det(64 * 784, 1)).reshape(64, 784);
  const onehotData = new Array<number>(640).fill(0);
  for (let i = 0; i < 64; i++) onehotData[i * 10 + (i % 10)] = 1;
  const onehot = torch.tensor(onehotData).reshape(64, 10);
  const w1 = leaf([784, 128], 2, 0.1);
  const b1 = torch.zeros(128, { requires_grad: true });
  const w2 = leaf([128, 10], 3, 0.3);
  const b2 = torch.zeros(10, { requires_grad: true });
  const params = [w1, b1, w2, b2];
  const step = (): void => {
    const h = xb.matmul(w1).add(b1).relu();
    const loss = h.matmul(w2).add(b2).log_softmax(1).mul(onehot).sum().neg().div(64);
    loss.backward();
    torch.no_grad(() => {
      for (const p of params) {
        p.sub_(p.grad!.mul(0.01));
        p.grad!.zero_();
      }
    });
  };
  return timeLoop(step, { warmup: 5, budgetMs });
}

/** 256×256 matmul forward + backward. */
export function oursMatmul(budgetMs: number): Timing {
  const a = leaf([256, 256], 4, 1);
  const b = leaf([256, 256], 5, 1);
  const step = (): void => {
    a.grad = null;
    b.grad = null;
    a.mm(b).sum().backward();
  };
  return timeLoop(step, { warmup: 3, budgetMs });
}

/** The MLP as the tutorials write it: nn.Sequential(Linear, ReLU, Linear), nn.CrossEntropyLoss, optim.SGD. */
export function oursNnMlp(budgetMs: number): Timing {
  const xb = torch.tensor(det(64 * 784, 1)).reshape(64, 784);
  const target = torch.tensor(Array.from({ length: 64 }, (_v, i) => i % 10));
  const l1 = new torch.nn.Linear(784, 128);
  const l2 = new torch.nn.Linear(128, 10);
  torch.no_grad(() => {
    l1.weight.copy_(torch.tensor(det(128 * 784, 2).map((v) => v * 0.1)).reshape(128, 784));
    l1.bias!.zero_();
    l2.weight.copy_(torch.tensor(det(10 * 128, 3).map((v) => v * 0.3)).reshape(10, 128));
    l2.bias!.zero_();
  });
  const model = new torch.nn.Sequential(l1, new torch.nn.ReLU(), l2);
  const lossFn = new torch.nn.CrossEntropyLoss();
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.01 });
  const step = (): void => {
    opt.zero_grad();
    lossFn(model(xb), target).backward();
    opt.step();
  };
  return timeLoop(step, { warmup: 5, budgetMs });
}
