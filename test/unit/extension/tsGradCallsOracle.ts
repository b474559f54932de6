/**
 * The test oracle of the CodeLens's gradient-call finder: the finder as it was before it moved onto
 * @lezer/javascript, on the TypeScript compiler's own parse tree (typescript is a devDependency; the extension no
 * longer loads a compiler for this). tsGradCalls.test.ts checks that both give the same calls.
 */
import * as ts from "typescript";
import type { GradCall } from "../../../src/extension/tsGradCalls";

/** The `.backward(...)` and `….autograd.grad(...)` calls of `text` in the compiler's tree, in source order. */
export function compilerGradCalls(text: string): GradCall[] {
  const sf = ts.createSourceFile("snippet.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const calls: GradCall[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const callee = node.expression;
      const name = callee.name.text;
      let kind: GradCall["kind"] | null = null;
      if (name === "backward") kind = "backward";
      else if (name === "grad" && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === "autograd") kind = "autograd.grad";
      if (kind !== null) {
        const s = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        const e = sf.getLineAndCharacterOfPosition(node.getEnd());
        const first = node.arguments[0];
        calls.push({
          kind,
          start: { line: s.line, character: s.character },
          end: { line: e.line, character: e.character },
          receiver: kind === "backward" ? callee.expression.getText(sf) : null,
          argsStart: node.arguments.pos,
          argCount: node.arguments.length,
          firstArgIsOptions: first !== undefined && ts.isObjectLiteralExpression(first),
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  calls.sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
  return calls;
}

/** Whether the compiler's parser reports a syntax error in `text` (the comparison is about valid snippets). */
export function hasSyntaxError(text: string): boolean {
  const sf = ts.createSourceFile("snippet.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  // A program of this one file, nothing resolved, no lib: its syntactic diagnostics are the parser's.
  const host: ts.CompilerHost = {
    getSourceFile: (f) => (f === "snippet.ts" ? sf : undefined),
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => undefined,
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (f) => f === "snippet.ts",
    readFile: () => undefined,
  };
  const program = ts.createProgram(["snippet.ts"], { noLib: true, noResolve: true, types: [] }, host);
  return program.getSyntacticDiagnostics(sf).length > 0;
}

