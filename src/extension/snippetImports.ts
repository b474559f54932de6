/**
 * Does a TypeScript file import "autograd-lens"? Only an import declaration counts: a mention in a comment, a
 * string or a template literal does not, so an ordinary file that talks about the extension never runs on open
 * or save. A small scanner (no TypeScript compiler on the extension host's thread): it blanks comments and the
 * contents of template literals, then looks for `import … from "autograd-lens"` / `import "autograd-lens"` at the
 * start of a statement.
 */

/** The text with comments removed and template literals emptied; string literals are kept (imports need them). */
function codeOnly(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
      out += " ";
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === "`") {
      // Nested `${ … }` expressions are rare in files that decide this; the whole literal is skipped.
      let j = i + 1;
      while (j < text.length && text[j] !== "`") j += text[j] === "\\" ? 2 : 1;
      out += "``";
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const IMPORT = /(?:^|[;}\n])\s*import\s+(?:type\s+)?(?:[\w$]+\s*,?\s*)?(?:\*\s*as\s+[\w$]+\s*|\{[^}]*\}\s*)?(?:from\s*)?["']autograd-lens["']/;

/** True when `text` has an import declaration of "autograd-lens". */
export function importsAutogradLens(text: string): boolean {
  // Cheap test first: most files never mention it.
  if (!text.includes("autograd-lens")) return false;
  return IMPORT.test(codeOnly(text));
}
