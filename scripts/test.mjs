// The README's test command: type-check, lint, build (bundles + snippet types), then run every test file with node's test runner.
// `npm test [-- --only unit|conformance|webview|vscode]` narrows to one suite.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== "suite" && name !== "fixtures") out.push(...testFiles(p));
    } else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

// A fresh machine gets its setup first (Debian packages, npm packages, code-server), so this command stands alone.
if (!existsSync("node_modules") || !existsSync(".vscode-test-web/node_modules/code-server")) run("bash", ["scripts/setup.sh"]);
// Type-check (the whole project, then the Node side and the DOM side on their own), then lint, then build.
run("npm", ["run", "--silent", "typecheck"]);
run("npm", ["run", "--silent", "lint"]);
run("npm", ["run", "--silent", "build"]);
const suites = readdirSync("test").filter((d) => statSync(join("test", d)).isDirectory() && (!only || d === only));
const files = suites.flatMap((d) => testFiles(join("test", d)));
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
run("node", ["--import", "tsx", "--test", "--test-concurrency=1", ...files]);
