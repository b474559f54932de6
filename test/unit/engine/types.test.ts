/**
 * The snippet types (scripts/build-types.mjs → dist/types/index.d.ts, what `import * as torch from "autograd-lens"`
 * resolves to) declare exactly what the engine installs at run time: every Tensor method the op modules put on the
 * prototype and every `torch.*` export. Methods come from `declare module` blocks in the op modules, so a method
 * installed without its declaration (or the reverse) would silently lose IntelliSense; this catches both.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import ts from "typescript";
import * as torch from "../../../src/engine/index.js";

const ROOT = resolve(__dirname, "../../..");
const DTS = join(ROOT, "dist/types/index.d.ts");

function checker(): { program: ts.Program; module: ts.Symbol } {
  const r = spawnSync(process.execPath, ["scripts/build-types.mjs"], { cwd: ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const program = ts.createProgram([DTS], { strict: true, noEmit: true, skipLibCheck: false, types: [], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 });
  const diags = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName.startsWith(join(ROOT, "dist")));
  assert.deepEqual(diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), [], "the .d.ts files type-check");
  const sf = program.getSourceFile(DTS)!;
  return { program, module: program.getTypeChecker().getSymbolAtLocation(sf)! };
}

const { program, module } = checker();
const tc = program.getTypeChecker();

function tensorMembers(): Set<string> {
  const tensorSym = tc.getExportsOfModule(module).find((s) => s.name === "Tensor")!;
  const aliased = tensorSym.flags & ts.SymbolFlags.Alias ? tc.getAliasedSymbol(tensorSym) : tensorSym;
  const type = tc.getDeclaredTypeOfSymbol(aliased);
  return new Set(tc.getPropertiesOfType(type).map((p) => p.name));
}

test("every Tensor method installed at run time is declared in the snippet types", () => {
  const declared = tensorMembers();
  // Tagged @internal in tensor.ts (the recorder's accessors, the Trace id, the storage accessor): stripped from the snippet types.
  const internal = new Set(["constructor", "id", "retainsGrad", "gradRaw", "dataView", "storage"]);
  const installed = Object.getOwnPropertyNames(torch.Tensor.prototype).filter((n) => !internal.has(n) && !n.startsWith("_"));
  assert.ok(installed.length > 80, `only ${installed.length} methods installed`);
  assert.deepEqual(installed.filter((n) => !declared.has(n)), []);
  // And the other way: nothing declared that the prototype lacks (instance fields aside).
  const instance = new Set(Object.keys(torch.ones(1)));
  const missing = [...declared].filter((n) => !n.startsWith("_") && !(n in torch.Tensor.prototype) && !instance.has(n));
  assert.deepEqual(missing, []);
});

test("every torch.* export is declared, and nothing more", () => {
  const declared = new Set(tc.getExportsOfModule(module).map((s) => s.name));
  const runtime = Object.keys(torch);
  assert.deepEqual(runtime.filter((n) => !declared.has(n)), []);
  const valueExports = tc.getExportsOfModule(module).filter((s) => {
    const t = s.flags & ts.SymbolFlags.Alias ? tc.getAliasedSymbol(s) : s;
    return (t.flags & ts.SymbolFlags.Value) !== 0;
  });
  assert.deepEqual(valueExports.map((s) => s.name).filter((n) => !runtime.includes(n)), []);
});

test("method signatures come from the op: parameter names and overloads survive", () => {
  const probe = `import * as torch from "${DTS.replace(/\.d\.ts$/, ".js")}";
const x = torch.ones([2, 3], { requires_grad: true });
const a: torch.Tensor = x.add(1, { alpha: 2 }).clamp({ min: 0 }).sum(1, true).view(3, 2).permute(1, 0);
const m = x.max(1); const v: torch.Tensor = m.values; const full: torch.Tensor = x.max();
const n: readonly number[] = x.shape;
// @ts-expect-error shape is read-only
x.shape = [1];
// @ts-expect-error add needs an operand
x.add();
x.backward(torch.ones(2, 3), { retain_graph: true });
void [a, v, full, n];
`;
  const file = join(ROOT, "dist/types/__probe.ts");
  const host = ts.createCompilerHost({});
  const read = host.readFile.bind(host);
  host.readFile = (f) => (f === file ? probe : read(f));
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => f === file || exists(f);
  const p = ts.createProgram([file], { strict: true, noEmit: true, types: [], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 }, host);
  const diags = ts.getPreEmitDiagnostics(p).filter((d) => d.file?.fileName === file);
  assert.deepEqual(diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), []);
  // Hover text of `x.add` names the op's parameters.
  const sf = p.getSourceFile(file)!;
  const c = p.getTypeChecker();
  let addType = "";
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === "add" && addType === "") addType = c.typeToString(c.getTypeAtLocation(node));
    ts.forEachChild(node, visit);
  };
  visit(sf);
  assert.match(addType, /\(other: TensorLike, opts\?: \{ alpha\?: number.*\}.*\) => Tensor/);
});
