// What the editor side asks of a Python file: is it a snippet (imports torch by a statement)? where are its
// backward / autograd.grad calls (CodeLens, quick fixes)?
import { test } from "node:test";
import assert from "node:assert/strict";
import { importsTorch } from "../../../src/python/detect.js";
import { collectPythonGradCalls } from "../../../src/python/gradCalls.js";

test("a Python file is a snippet when an import statement imports torch, not when it mentions torch", () => {
  for (const yes of ["import torch\n", "import numpy, torch\n", "import torch.nn as nn\n", "from torch import tensor\n", "from torch.autograd import grad\n", "if True:\n    import torch\n"])
    assert.equal(importsTorch(yes), true, yes);
  for (const no of ["# import torch\n", 's = "import torch"\n', "import torchvision\n", "torch = 1\n", "from mytorch import x\n", "print('no')\n"])
    assert.equal(importsTorch(no), false, no);
});

test("backward and autograd.grad calls of a Python snippet, with their receivers and arguments", () => {
  const text = "import torch\n# y.backward() in a comment\ns = 'x.backward()'\ny.backward()\nz.sum().backward(retain_graph=True)\n(g,) = torch.autograd.grad(y, x)\nq.backward(v)\n";
  const calls = collectPythonGradCalls(text);
  assert.deepEqual(
    calls.map((c) => [c.kind, c.start.line, c.start.character, c.end.character, c.receiver, c.argCount, c.firstArgIsOptions]),
    [
      ["backward", 3, 0, 12, "y", 0, false],
      ["backward", 4, 0, 35, "z.sum()", 1, true],
      ["autograd.grad", 5, 7, 32, null, 2, false],
      ["backward", 6, 0, 13, "q", 1, false],
    ],
  );
  assert.equal(text.slice(calls[0]!.argsStart, calls[0]!.argsStart + 1), ")");
});
