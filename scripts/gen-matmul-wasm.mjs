// Compiles src/engine/ops/matmul.wat with wabt into src/engine/ops/matmul_wasm_bytes.ts (checked in): the engine
// embeds the bytes, so neither the build nor a run needs wabt. `node scripts/gen-matmul-wasm.mjs [--check]`
// (--check: exit 1 if the checked-in bytes are not what the WAT compiles to; test/unit/engine/matmulWasm.test.ts
// does the same check).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { matmulWasmSource } from "./matmul-wasm-source.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "src/engine/ops/matmul_wasm_bytes.ts");
const text = await matmulWasmSource(root);
if (process.argv.includes("--check")) {
  const same = fs.readFileSync(out, "utf8") === text;
  if (!same) console.error(`${path.relative(root, out)} is not what matmul.wat compiles to: run node scripts/gen-matmul-wasm.mjs`);
  process.exit(same ? 0 : 1);
}
fs.writeFileSync(out, text);
console.log(`wrote ${path.relative(root, out)}`);
