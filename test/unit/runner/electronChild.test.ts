// The runner's child under VS Code's Electron (process.execPath is Electron, run as Node with
// ELECTRON_RUN_AS_NODE=1, as VS Code's language servers are). No Electron binary is on this machine (none in
// node_modules or ~/.vscode-test, and the electron package's download host is unreachable), so this tests what
// can be tested without one:
// - the command for an Electron runtime: Electron's own executable, the environment vscode-languageclient gives a
//   forked server (ELECTRON_RUN_AS_NODE, ELECTRON_NO_ASAR) and nothing else of the editor's, an IPC channel, the
//   heap cap and no string compilation, and no permission-model flags (Electron's Node may not take them);
// - that exact argument list and environment, started with node in Electron's place, runs a real snippet to a
//   Trace and writes the verified code cache (so the child does not depend on the permission model to work).
// Electron itself reading ELECTRON_RUN_AS_NODE remains untested here.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Trace } from "../../../src/protocol.js";
import { type ChildRuntime, type ChildSpec, childCommand, currentRuntime, RunnerChild } from "../../../src/runner/childProcess.js";
import type { ChildMessage } from "../../../src/runner/childProtocol.js";
import { resolveOptions } from "../../../src/runner/options.js";
import { readRawTrace } from "../../../src/runner/traceResult.js";
import { ensureBuilt, repoRoot } from "./build.js";

const VSCODE: ChildRuntime = { execPath: "/usr/share/code/code", electron: "34.5.8", nodeMajor: 20, platform: "linux" };
let cacheDir = "";
const spec = (): ChildSpec => ({ loader: join(repoRoot, "dist", "runner-child.js"), bundle: join(repoRoot, "dist", "worker.js"), bundleId: "test", memoryMb: 512, cacheDir });

before(() => {
  ensureBuilt();
  cacheDir = mkdtempSync(join(tmpdir(), "agl-electron-cache-"));
});
after(() => rmSync(cacheDir, { recursive: true, force: true }));

test("under Electron the child is VS Code's own executable run as Node, with an empty environment and no permission flags", () => {
  const secret = "agl-electron-canary";
  process.env["AGL_ELECTRON_CANARY"] = secret;
  try {
    const c = childCommand(spec(), VSCODE);
    assert.equal(c.file, VSCODE.execPath);
    assert.deepEqual(c.options.env, { ELECTRON_RUN_AS_NODE: "1", ELECTRON_NO_ASAR: "1" });
    assert.deepEqual(c.options.stdio, ["ignore", "ignore", "pipe", "ipc", "pipe"]);
    assert.equal(c.options.serialization, "advanced");
    assert.deepEqual(c.args, ["--max-old-space-size=512", "--disallow-code-generation-from-strings", "--no-warnings", spec().loader, spec().bundle, cacheDir, String(512 + 160)]);
    // The same spec on Node gets the permission model: reading our bundles and the cache, writing only the cache.
    const onNode = childCommand(spec(), { ...VSCODE, execPath: "/usr/bin/node", electron: undefined });
    assert.ok(onNode.args.includes("--experimental-permission"), onNode.args.join(" "));
    assert.ok(onNode.args.includes(`--allow-fs-write=${cacheDir}/`), onNode.args.join(" "));
    assert.equal(onNode.file, "/usr/bin/node");
  } finally {
    delete process.env["AGL_ELECTRON_CANARY"];
  }
});

test("the Electron argument list and environment, started with node instead, run a snippet and write the verified cache", async () => {
  const command = childCommand(spec(), VSCODE);
  const child = new RunnerChild(spec(), { ...command, file: currentRuntime().execPath });
  const trace = await new Promise<Trace>((resolve, reject) => {
    child.onMessage = (m: ChildMessage) => {
      if (m.type === "traceText") resolve(readRawTrace(m.raw));
      else if (m.type === "trace") resolve(m.trace);
      else if (m.type === "failed") reject(new Error(m.message));
    };
    child.onExit = (code, signal) => reject(new Error(`child exited ${code} ${signal} before its Trace: ${child.stderr}`));
    const source = 'import * as torch from "autograd-lens";\nconst x = torch.tensor([1.0, 2.0], { requires_grad: true });\nx.mul(x).sum().backward();\nconsole.log(x.grad);\n';
    child.send({ source, options: resolveOptions({ file: "electron.ts" }) });
  });
  assert.equal(trace.error, null, JSON.stringify(trace.error));
  assert.deepEqual(trace.variables["x"]?.grad, [2, 4]);
  assert.ok(child.loaded, "the child said it loaded its bundle");
  // The child refreshes its cache after sending the Trace, then exits.
  await new Promise<void>((resolve) => (child.exited ? resolve() : child.proc.once("exit", () => resolve())));
  assert.deepEqual(readdirSync(cacheDir).filter((f) => f.startsWith("worker.js.") && f.endsWith(".v8cache")).length, 1, readdirSync(cacheDir).join(", "));
});
