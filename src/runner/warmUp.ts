/**
 * What a warm spare child does while it waits for its request (child.ts), so that the run it then serves (a re-run
 * on save) pays for as little as possible besides the snippet itself. A fresh process has the bundles compiled
 * (code cache) but has run none of their code: the first TypeScript transpile, the first realm set-up and the
 * engine's first ops run cold (measured on the examples: 30-180 ms of compiling and 50-130 ms of running, of which
 * most went to code that had never run in the process). So the spare
 * 1. compiles and runs a small snippet of our own, in a realm of its own that is thrown away (the user's snippet
 *    still gets a fresh realm and engine, and a process no other user snippet ever ran in), warming the compiler,
 *    the instrumenter, the recorder and the engine's common ops;
 * 2. does the same for a small Python snippet (the translator);
 * 3. makes the realm of the next run ahead and locks its built-ins (sandbox.ts `prepareRealm`).
 * Each step is short and the child looks for its request between steps: a request that arrives skips what is left.
 * Before them comes loading the compiler part itself (dist/compiler.js, which a run from the compile cache never
 * loads), so that a `prepare` (compile ahead) that arrives once the spare is ready finds it loaded.
 */
import { resolveOptions } from "./options.js";
import { type Compiling, runPipeline } from "./pipeline.js";
import { prepareRealm } from "./sandbox.js";

/** Ours, fixed: the ops, loop, print and backward paths the course's examples use. */
const WARM_TS = `import * as torch from "autograd-lens";
const x = torch.tensor([[0.5, -1.0], [1.5, 2.0]], { requires_grad: true });
const y = torch.arange(4.0).requires_grad_();
let b = torch.dot(y, y).mul(2);
for (let i = 0; i < 2; i++) b = b.add(x.sum());
const u = x.mul(x).detach();
const c = torch.sum(x.mul(u).add(torch.ones(2, 2))).add(b);
while (c.norm().item() < 0) console.log(c);
c.backward({ retain_graph: true });
console.log(x.grad, y.grad, c.item(), torch.norm(x, 2, 1));
`;

const WARM_PY = `import torch
x = torch.arange(4.0, requires_grad=True)
y = 2 * torch.dot(x, x)
y.backward()
print(x.grad, y)
`;

function run(source: string, language: "typescript" | "python", compiling: Compiling): void {
  try {
    runPipeline(source, resolveOptions({ file: language === "python" ? "warm-up.py" : "warm-up.ts", timeoutMs: 2000, language }), { startedAt: Date.now(), guardMemory: false }, compiling);
  } catch {
    // Warming up is an optimisation: a failure here changes nothing about the run that follows.
  }
}

/**
 * The warm-up steps, in order (child.ts runs them one per event-loop turn while no request is waiting).
 * `loadCompiler` loads the compiler part; `compiling` compiles with it (never through the compile cache: these
 * steps are there to warm the compiler up).
 */
export function warmUpSteps(compiling: Compiling, loadCompiler: () => void): Array<() => void> {
  const load = (): void => {
    try {
      loadCompiler();
    } catch {
      // The compile that needs it will say what went wrong.
    }
  };
  return [load, () => run(WARM_TS, "typescript", compiling), () => run(WARM_PY, "python", compiling), () => prepareRealm()];
}
