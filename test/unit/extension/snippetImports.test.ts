// Which TypeScript files run on open and save: only those with an import declaration of "autograd-lens".
import { test } from "node:test";
import assert from "node:assert/strict";
import { importsAutogradLens } from "../../../src/extension/snippetImports.js";

const runs: string[] = [
  'import * as torch from "autograd-lens";\n',
  "import torch, { tensor } from 'autograd-lens'\n",
  'import type { Tensor } from "autograd-lens";',
  'import {\n  tensor,\n  ones,\n} from "autograd-lens";',
  'const a = 1; import * as t from "autograd-lens";',
  '// the course, chapter 2\nimport * as torch from "autograd-lens";\n',
];
const doesNotRun: string[] = [
  '// import * as torch from "autograd-lens";\nconst a = 1;',
  '/* import * as torch from "autograd-lens"; */',
  'const s = "import * as torch from \\"autograd-lens\\"";',
  'const s = `\nimport * as torch from "autograd-lens"\n`;',
  "// uses autograd-lens\nconst x = 1;",
  'import * as other from "autograd-lens-extra";',
  'const note = "see autograd-lens";',
];
for (const text of runs) test(`runs: ${JSON.stringify(text)}`, () => assert.equal(importsAutogradLens(text), true));
for (const text of doesNotRun) test(`does not run: ${JSON.stringify(text)}`, () => assert.equal(importsAutogradLens(text), false));
