// `npm run test:electron`: the same in-host integration suite (test/vscode/suite → dist/test/suite/index.js) under
// desktop VS Code, through @vscode/test-electron (a devDependency, pinned to 2.5.x: later versions need Node 22),
// for laptops and CI with internet. `npm test` runs the same suite in code-server (test/vscode/workbench.test.ts),
// which is what the offline project machines can do (see ../shared/vscode-web-testing.md).
//
//   npm run test:electron                              # downloads VS Code 1.100.3 into .vscode-test/ once
//   VSCODE_PATH=/path/to/code npm run test:electron    # use an installed VS Code instead
// On a headless Linux run it under `xvfb-run -a`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { downloadAndUnzipVSCode, runTests } from "@vscode/test-electron";

const VERSION = "1.100.3";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

for (const args of [["esbuild.mjs"], ["scripts/build-types.mjs"]]) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const extensionTestsPath = join(root, "dist", "test", "suite", "index.js");
if (!existsSync(extensionTestsPath)) {
  console.error(`test-electron: ${extensionTestsPath} was not built`);
  process.exit(1);
}

// Resolve VS Code first, on its own, so that a machine without internet gets one clear sentence instead of a
// stack trace from deep inside the download (and does not wait out retries).
let vscodeExecutablePath = process.env.VSCODE_PATH;
if (vscodeExecutablePath === undefined) {
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: VERSION, cachePath: join(root, ".vscode-test"), timeout: 20_000 });
  } catch (e) {
    console.error(
      `test-electron: could not download VS Code ${VERSION} (${e instanceof Error ? e.message : String(e)}).\n` +
        "This machine cannot reach VS Code's download server. Either set VSCODE_PATH to an installed VS Code's executable,\n" +
        "or run the same in-host suite in code-server instead: node --import tsx --test test/vscode/workbench.test.ts (part of npm test).",
    );
    process.exit(2);
  }
} else if (!existsSync(vscodeExecutablePath)) {
  console.error(`test-electron: VSCODE_PATH=${vscodeExecutablePath} does not exist`);
  process.exit(2);
}

// The workspace the suite expects: examples + the failing snippets (a .ts module: this script runs under tsx).
const { makeWorkspace } = await import("../test/vscode/harness/workspace.ts");
const workspace = makeWorkspace();
try {
  const code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath,
    launchArgs: [workspace, "--disable-workspace-trust", "--skip-welcome", "--skip-release-notes", "--disable-extensions"],
  });
  process.exit(code);
} catch (e) {
  console.error(`test-electron: the in-host suite failed (${e instanceof Error ? e.message : String(e)})`);
  process.exit(1);
}
