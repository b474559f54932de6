/**
 * The snippet API as a learner meets it in completions and hovers: every public name (each export of
 * `autograd-lens` and each Tensor member) has a doc line, and the engine's internals are tagged @internal so that
 * scripts/build-types.mjs strips them from the declarations snippets see.
 */
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as ts from "typescript";
import { join } from "node:path";
const ROOT = join(__dirname, "..", "..", "..");

const program = ts.createProgram([join(ROOT, "src", "engine", "index.ts")], {
  target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, skipLibCheck: true, types: ["node"],
});
const checker = program.getTypeChecker();
const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, "src", "engine", "index.ts"))!)!;
const isInternal = (s: ts.Symbol): boolean => s.getJsDocTags(checker).some((t) => t.name === "internal");
const doc = (s: ts.Symbol): string => {
  // A namespace re-export (`export * as nn from …`) is documented on its export statement.
  const ns = (s.declarations ?? []).filter(ts.isNamespaceExport).map((d) => ts.getJSDocCommentsAndTags(d.parent).map((c) => (ts.isJSDoc(c) ? ts.getTextOfJSDocComment(c.comment) ?? "" : "")).join(" ")).join(" ").trim();
  if (ns !== "") return ns;
  const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
  const own = ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
  if (own !== "") return own;
  // Overloads and accessors: the doc may sit on any declaration's signature.
  const decl = target.declarations ?? [];
  return decl.map((d) => ts.getJSDocCommentsAndTags(d).map((c) => (ts.isJSDoc(c) ? ts.getTextOfJSDocComment(c.comment) ?? "" : "")).join(" ")).join(" ").trim();
};

describe("snippet API docs", () => {
  it("every export of autograd-lens has a doc line", () => {
    const missing = checker.getExportsOfModule(moduleSymbol).filter((s) => doc(s) === "").map((s) => s.name);
    assert.deepEqual(missing, []);
  });

  it("every public member of the classes in torch.nn and torch.optim has a doc line", () => {
    const isPrivate = (p: ts.Symbol): boolean =>
      (p.declarations ?? []).some((d) => (ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0);
    const missing: string[] = [];
    const checked: string[] = [];
    for (const ns of ["nn", "optim"]) {
      const symbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === ns);
      assert.ok(symbol, ns);
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      for (const cls of checker.getExportsOfModule(target).map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s)).filter((s) => s.flags & ts.SymbolFlags.Class)) {
        if (doc(cls) === "") missing.push(`${ns}.${cls.name}`);
        for (const p of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(cls))) {
          if (isInternal(p) || isPrivate(p) || p.name.startsWith("_") || p.name.startsWith("__@")) continue;
          checked.push(`${ns}.${cls.name}#${p.name}`);
          if (doc(p) === "") missing.push(`${ns}.${cls.name}#${p.name}`);
        }
      }
    }
    for (const name of ["nn.Linear#weight", "nn.MSELoss#reduction", "optim.SGD#momentum", "optim.Adam#betas"]) assert.ok(checked.includes(name), name);
    assert.deepEqual(missing, []);
  });

  it("every public Tensor member has a doc line; internals are tagged @internal", () => {
    const tensor = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === "Tensor")!;
    const type = checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(tensor));
    const members = checker.getPropertiesOfType(type).filter((p) => !isInternal(p) && !p.name.startsWith("__@"));
    assert.ok(members.length > 60, String(members.length));
    assert.deepEqual(members.filter((p) => doc(p) === "").map((p) => p.name), []);
    const internals = checker.getPropertiesOfType(type).filter((p) => p.name.startsWith("_") && !p.name.startsWith("__@") && p.name !== "_version" && p.name !== "_base" && !/^__\w+__$/.test(p.name) && !isInternal(p)).map((p) => p.name);
    assert.deepEqual(internals, [], "underscore fields are @internal (PyTorch's _version and _base and Python's dunders such as __setitem__ stay public)");
    for (const name of ["gradRaw", "retainsGrad", "dataView", "storage", "id"]) assert.ok(!members.some((p) => p.name === name), `${name} is internal`);
  });
});
