// Architecture boundaries worth a test (design.md): the engine, the Trace protocol and the browser view never
// import `vscode`; the engine imports nothing outside itself; protocol.ts imports nothing at all.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const root = join(__dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|cts|js)$/.test(name) ? [p] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports/requires. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)|^\s*import\s+["']([^"']+)["']/gm;
  for (const m of text.matchAll(re)) specs.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? "");
  return specs;
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
