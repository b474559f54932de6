/**
 * A fresh workspace folder for the VS Code tests: copies of examples/ plus snippets that fail in the ways the
 * extension must report. No node_modules, no tsconfig: "autograd-lens" must resolve through the extension alone.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ROOT } from "./codeServer";

/** Snippets beyond the examples; the in-host suite refers to them by file name and line. */
export const FIXTURES: Record<string, string> = {
  // Line 5 raises "grad can be implicitly created only for scalar outputs"; the quick fix seeds it with ones.
  "error-scalar.ts": `import * as torch from "autograd-lens";

const x = torch.arange(4.0, { requires_grad: true });
const y = x.mul(2);
y.backward();
console.log(x.grad);
`,
  // Line 7 reads .grad of a non-leaf: a warning; the quick fix inserts y.retain_grad() after line 4.
  "nonleaf-grad.ts": `import * as torch from "autograd-lens";

const x = torch.tensor([1.0, 2.0], { requires_grad: true });
const y = x.mul(3);
const z = y.sum();
z.backward();
console.log(y.grad);
`,
  // The course's loop started at a = 0 never ends: the timeout error belongs on the while line (5).
  "infinite-loop.ts": `import * as torch from "autograd-lens";

const a = torch.tensor(0.0, { requires_grad: true });
let b = a.mul(2);
while (b.norm().item() < 1000) {
  b = b.mul(2);
}
console.log(b);
`,
  // For the types test: completions after "torch." must list the engine's functions.
  // Line 4 calls zero_() on a None .grad: Python's AttributeError, as a diagnostic on that line.
  "error-none-grad.py": `import torch

x = torch.ones(2, requires_grad=True)
x.grad.zero_()
`,
  // Mentions torch only in a comment and a string: not a snippet, never run.
  "not-a-snippet.py": `# import torch
s = "import torch"
y.backward()
`,
  "types-probe.ts": `import * as torch from "autograd-lens";

const t = torch.arange(3);
console.log(t);
`,
};

/** Creates the workspace (in a new temp folder, or afresh at `at`); returns its absolute path. */
export function makeWorkspace(at?: string): string {
  let dir: string;
  if (at === undefined) dir = mkdtempSync(join(tmpdir(), "agl-ws-"));
  else {
    dir = resolve(at);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(join(dir, "examples"), { recursive: true });
  for (const f of readdirSync(join(ROOT, "examples")).filter((n) => n.endsWith(".ts") || n.endsWith(".py"))) copyFileSync(join(ROOT, "examples", f), join(dir, "examples", f));
  for (const [name, text] of Object.entries(FIXTURES)) writeFileSync(join(dir, name), text);
  return dir;
}

// `node --import tsx test/vscode/harness/workspace.ts DIR`: the "Extension Tests" launch configuration's workspace.
if (require.main === module) console.log(makeWorkspace(process.argv[2] ?? ".vscode-test/workspace"));
