/**
 * Which `.py` files are Autograd Lens snippets: those that import torch by an import statement (`import torch`,
 * `import torch.nn as nn`, `from torch import …`), found with the grammar, so a mention in a comment or a string
 * does not count. Used by the extension's `isSnippet` (src/extension/runs.ts), next to the TypeScript rule.
 */
import { children, parsePython } from "./parse.js";

/** The last answer: CodeLens, status bar and runs ask about the same text several times per keystroke or save. */
let last: { text: string; result: boolean } | null = null;

export function importsTorch(text: string): boolean {
  // Cheap rejection first: most Python files of a workspace never say "torch".
  if (!text.includes("torch")) return false;
  if (last !== null && last.text === text) return last.result;
  const result = scan(text);
  last = { text, result };
  return result;
}

function scan(text: string): boolean {
  let found = false;
  parsePython(text).iterate({
    enter: (ref) => {
      if (found) return false;
      if (ref.name !== "ImportStatement") return undefined;
      const cs = children(ref.node);
      const first = cs[cs[0]?.name === "from" || cs[0]?.name === "import" ? 1 : 0];
      // `import torch…` lists modules after `import` (maybe several, comma-separated); `from torch… import`.
      const names = cs[0]?.name === "from" ? [first] : cs.filter((c, i) => c.name === "VariableName" && (cs[i - 1]?.name === "import" || cs[i - 1]?.name === ","));
      found = names.some((n) => n !== undefined && text.slice(n.from, n.to) === "torch");
      return false;
    },
  });
  return found;
}
