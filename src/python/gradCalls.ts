/**
 * The `.backward(...)` and `torch.autograd.grad(...)` calls of a Python snippet, from @lezer/python's tree (calls in
 * strings and comments never count), in the shape the CodeLens and quick fixes use for TypeScript (GradCall).
 */
import type { GradCall } from "../extension/tsGradCalls";
import { children, parsePython } from "./parse.js";
import { LineIndex } from "./positionMap.js";

export function collectPythonGradCalls(text: string): GradCall[] {
  const lines = new LineIndex(text);
  const at = (offset: number): { line: number; character: number } => {
    const p = lines.position(offset);
    return { line: p.line - 1, character: p.column - 1 };
  };
  const calls: GradCall[] = [];
  parsePython(text).iterate({
    enter: (ref) => {
      if (ref.name !== "CallExpression") return undefined;
      const [callee, argList] = children(ref.node);
      if (callee?.name !== "MemberExpression" || argList?.name !== "ArgList") return undefined;
      const [obj, dot, prop] = children(callee);
      if (dot?.name !== "." || prop === undefined || obj === undefined) return undefined;
      const name = text.slice(prop.from, prop.to);
      let kind: GradCall["kind"] | null = null;
      if (name === "backward") kind = "backward";
      else if (name === "grad" && obj.name === "MemberExpression" && text.slice(obj.to - "autograd".length, obj.to) === "autograd") kind = "autograd.grad";
      if (kind === null) return undefined;
      const args = children(argList).filter((c) => c.name !== "(" && c.name !== ")");
      const groups: string[][] = [[]];
      for (const a of args) {
        if (a.name === ",") groups.push([]);
        else groups[groups.length - 1]?.push(a.name);
      }
      const given = groups.filter((g) => g.length > 0);
      calls.push({
        kind,
        start: at(ref.from),
        end: at(ref.to),
        receiver: kind === "backward" ? text.slice(obj.from, obj.to) : null,
        argsStart: argList.from + 1,
        argCount: given.length,
        // `y.backward(retain_graph=True)`: keyword arguments only, no gradient given (Python's "options").
        firstArgIsOptions: given[0]?.[1] === "AssignOp",
      });
      return undefined;
    },
  });
  calls.sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
  return calls;
}
