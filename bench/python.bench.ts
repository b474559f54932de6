/**
 * The Python section of `npm run bench` (issue 8 §2): a Python snippet traced (translate + compile + instrument +
 * run + record) vs the same snippet written in TypeScript — the readable translation "Paste Python as Autograd Lens
 * TypeScript" makes of it — traced in-process. The difference is the translation's cost: parsing with lezer and
 * the `$py` runtime's dispatch of every operator, attribute and truth test. Interleaved rounds, best round counts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compilePython } from "../src/python/compile.js";
import { translatePython } from "../src/python/translate.js";
import { compileSnippet } from "../src/runner/compile.js";
import { traceInProcess } from "../src/runner/inProcess.js";
import { registerBench, type BenchRow, type SectionReport } from "./registry.js";
import { timeLoop, type Timing } from "./timing.js";

const root = join(__dirname, "..");
const SNIPPETS = ["examples/09-course-python.py", "test/conformance/python/seed2_notebook.py", "test/conformance/python/tut_gradient_descent.py"];

function bestOf(ts: Timing[]): Timing {
  return ts.reduce((a, b) => (b.msPerIter < a.msPerIter ? b : a));
}

registerBench({
  name: "Python snippets (issue 8 §2)",
  async run({ quick }): Promise<SectionReport> {
    const rows: BenchRow[] = [];
    const rounds = quick ? 1 : 3;
    const budgetMs = quick ? 150 : 500;
    for (const rel of SNIPPETS) {
      const python = readFileSync(join(root, rel), "utf8");
      const typescript = translatePython(python, { mode: "readable" }).code;
      const name = rel.split("/").pop() ?? rel;
      const step = (source: string, file: string) => (): void => {
        const t = traceInProcess(source, { file });
        if (t.error !== null) throw new Error(`${file}: ${t.error.message}`);
      };
      const py: Timing[] = [];
      const tsT: Timing[] = [];
      for (let r = 0; r < rounds; r++) {
        const a = (): void => void py.push(timeLoop(step(python, name), { warmup: 3, budgetMs }));
        const b = (): void => void tsT.push(timeLoop(step(typescript, name.replace(/\.py$/, ".ts")), { warmup: 3, budgetMs }));
        if (r % 2 === 0) (a(), b());
        else (b(), a());
      }
      const p = bestOf(py);
      const t = bestOf(tsT);
      // The translation alone, without the run: lezer parse + translate + position map + the same compile pass.
      const cPy: Timing[] = [];
      const cTs: Timing[] = [];
      for (let r = 0; r < rounds; r++) {
        cPy.push(timeLoop(() => void compilePython(python), { warmup: 3, budgetMs }));
        cTs.push(timeLoop(() => void compileSnippet(typescript), { warmup: 3, budgetMs }));
      }
      const cp = bestOf(cPy);
      const ct = bestOf(cTs);
      rows.push({
        workload: `compile only (translation's cost): ${name}`,
        msPerIter: { ours: cp.msPerIter, typescript: ct.msPerIter },
        iterations: { ours: cp.iterations, typescript: ct.iterations },
        samples: { ours: cPy.map((x) => x.msPerIter), typescript: cTs.map((x) => x.msPerIter) },
      });
      rows.push({
        workload: `Python snippet traced vs the same snippet in TypeScript: ${name}`,
        msPerIter: { ours: p.msPerIter, typescript: t.msPerIter },
        iterations: { ours: p.iterations, typescript: t.iterations },
        samples: { ours: py.map((x) => x.msPerIter), typescript: tsT.map((x) => x.msPerIter) },
      });
    }
    return {
      rows,
      checks: [],
      notes: [
        "ours = the .py file traced (lezer parse + translation + the runner's compile, instrument, run, record); typescript = its readable translation (what the paste command inserts) traced the same way",
        "the Python side also records Python's own tensors that the TypeScript spelling avoids (a comparison such as b.norm() < 1000 makes a bool tensor in PyTorch and here)",
      ],
    };
  },
});
