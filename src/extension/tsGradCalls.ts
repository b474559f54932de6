/**
 * The gradient calls in a TypeScript parse tree. Its own module so that the CodeLens parser worker
 * (dist/parse-worker.js, parseWorkerMain.ts) bundles this and nothing else of the extension.
 */
import type * as ts from "typescript";

/** One gradient call, 0-based positions as in the editor. */
export interface GradCall {
  kind: "backward" | "autograd.grad";
  /** Range of the whole call expression. */
  start: { line: number; character: number };
  end: { line: number; character: number };
  /** Source text of the tensor `backward` is called on (`y` in `y.backward()`); null for autograd.grad. */
  receiver: string | null;
  /** Offsets (in the document text) just inside the call's parentheses, and the argument count. */
  argsStart: number;
  argCount: number;
  /** True when the first argument is an object literal (options only, no gradient given). */
  firstArgIsOptions: boolean;
}

/** The `.backward(...)` and `….autograd.grad(...)` calls of `text`, parsed with the compiler `t`, in source order. */
export function collectGradCalls(t: typeof ts, text: string): GradCall[] {
  const sf = t.createSourceFile("snippet.ts", text, t.ScriptTarget.Latest, true, t.ScriptKind.TS);
  const calls: GradCall[] = [];
  const visit = (node: ts.Node): void => {
    if (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression)) {
      const callee = node.expression;
      const name = callee.name.text;
      let kind: GradCall["kind"] | null = null;
      if (name === "backward") kind = "backward";
      else if (name === "grad" && t.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === "autograd") kind = "autograd.grad";
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
          firstArgIsOptions: first !== undefined && t.isObjectLiteralExpression(first),
        });
      }
    }
    t.forEachChild(node, visit);
  };
  visit(sf);
  calls.sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
  return calls;
}
