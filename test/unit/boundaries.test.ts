// Architecture boundaries worth a test (design.md): the engine, the Trace protocol and the browser view never
// import `vscode`; the engine imports nothing outside itself; protocol.ts imports nothing at all.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import ts from "typescript";

const root = join(__dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|cts|js)$/.test(name) ? [p] : [];
  });
}

/** Module specifiers of imports, re-exports, dynamic imports and requires, as the TypeScript compiler reads them. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

test("engine, protocol and webview never import vscode", () => {
  const files = [...sourceFiles(join(root, "src", "engine")), ...sourceFiles(join(root, "webview")), join(root, "src", "protocol.ts")];
  assert.ok(files.length > 1, "expected engine and protocol sources");
  for (const f of files) {
    assert.ok(!importsOf(f).includes("vscode"), `${f} imports vscode`);
  }
});

test("the engine imports nothing outside src/engine (not even node: modules)", () => {
  const engineDir = join(root, "src", "engine");
  for (const f of sourceFiles(engineDir)) {
    for (const spec of importsOf(f)) {
      const target = resolve(dirname(f), spec);
      assert.ok(spec.startsWith(".") && target.startsWith(engineDir), `${f} imports ${spec}`);
    }
  }
});

test("protocol.ts imports nothing", () => {
  assert.deepEqual(importsOf(join(root, "src", "protocol.ts")), []);
});

test("what several sides read lives in src/shared: src never imports webview/, the view reads only protocol.ts and src/shared", () => {
  const srcDir = join(root, "src");
  const viewDir = join(root, "webview");
  const shared = join(srcDir, "shared");
  const relImports = (f: string): string[] => importsOf(f).filter((s) => s.startsWith(".")).map((s) => resolve(dirname(f), s).replace(/\.js$/, ".ts"));
  for (const f of sourceFiles(srcDir)) for (const target of relImports(f)) assert.ok(!target.startsWith(viewDir + "/"), `${f} imports ${target}`);
  for (const f of sourceFiles(viewDir))
    for (const target of relImports(f))
      assert.ok(target.startsWith(viewDir + "/") || target === join(srcDir, "protocol.ts") || target.startsWith(shared + "/"), `${f} imports ${target}`);
});

test("one module compiles a script with a V8 code cache (src/runner/codeCache.ts, which verifies it)", () => {
  const users = sourceFiles(join(root, "src")).filter((f) => /\bcachedData\b|\bcreateCachedData\b|\bproduceCachedData\b/.test(readFileSync(f, "utf8")));
  assert.deepEqual(users.map((f) => f.slice(root.length + 1)), [join("src", "runner", "codeCache.ts")]);
});
