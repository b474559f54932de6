// The same in-host integration suite (test/vscode/suite → dist/test/suite/index.js) under desktop VS Code, through
// @vscode/test-electron, for laptops and CI with internet. It cannot run on the offline project machines: there
// test/vscode/workbench.test.ts runs the suite in code-server instead (see ../shared/vscode-web-testing.md).
//
// One-time setup (not in devDependencies: installing them is fine offline, but they download VS Code at test time;
// on Node 20 pin these versions, later ones require Node 22):
//   npm install --no-save @vscode/test-electron@2.5.2
// Run (xvfb-run -a on a headless Linux):
//   node --import tsx scripts/test-electron.mjs                  # downloads VS Code 1.100.3 into .vscode-test/
//   VSCODE_PATH=/path/to/code node --import tsx scripts/test-electron.mjs   # use an installed VS Code
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
let testElectron;
try {
  testElectron = await import("@vscode/test-electron");
} catch {
  console.error("test-electron: @vscode/test-electron is not installed. Run: npm install --no-save @vscode/test-electron@2.5.2");
  process.exit(2);
}

for (const args of [["esbuild.mjs"], ["scripts/build-types.mjs"]]) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// The workspace the suite expects: examples + the failing snippets (needs tsx: run with `node --import tsx`).
const { makeWorkspace } = await import("../test/vscode/harness/workspace.ts");
const workspace = makeWorkspace();
const extensionTestsPath = join(root, "dist", "test", "suite", "index.js");
if (!existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} not built`);

const options = {
  extensionDevelopmentPath: root,
  extensionTestsPath,
  launchArgs: [workspace, "--disable-workspace-trust", "--skip-welcome", "--skip-release-notes"],
};
if (process.env.VSCODE_PATH) options.vscodeExecutablePath = process.env.VSCODE_PATH;
else options.version = "1.100.3";
try {
  const code = await testElectron.runTests(options);
  process.exit(code);
} catch (e) {
  console.error(`test-electron: ${e}`);
  process.exit(1);
}
