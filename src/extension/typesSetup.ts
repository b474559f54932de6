/**
 * "Types for snippets": tsserver finds plugins only as packages under <extension>/node_modules/, and a .vsix carries
 * no node_modules, so the extension writes a two-file stub package there that forwards to dist/types/ts-plugin.js.
 * When the stub had to be written, the TypeScript server started without it: restart it once so the plugin loads.
 */
import * as vscode from "vscode";
import * as fs from "node:fs/promises";
import * as path from "node:path";

/** Package name, also listed in package.json's contributes.typescriptServerPlugins. */
export const PLUGIN_PACKAGE = "autograd-lens-ts-plugin";

/** Writes the stub package if missing or stale; returns true when it had to write it. */
export async function writePluginStub(extensionPath: string): Promise<boolean> {
  const target = path.join(extensionPath, "dist", "types", "ts-plugin.js");
  const dir = path.join(extensionPath, "node_modules", PLUGIN_PACKAGE);
  const relTarget = path.relative(dir, target).split(path.sep).join("/");
  const index = `// Written by Autograd Lens: forwards tsserver to the bundled plugin.\nconst m = require(${JSON.stringify(relTarget)});\nmodule.exports = m.default || m;\n`;
  const pkg = `${JSON.stringify({ name: PLUGIN_PACKAGE, version: "0.0.0", main: "index.js", private: true }, null, 2)}\n`;
  try {
    await fs.access(target);
  } catch {
    return false; // Declarations not built (a development checkout before scripts/build-types.mjs): nothing to point at.
  }
  const current = await fs.readFile(path.join(dir, "index.js"), "utf8").catch(() => null);
  if (current === index) return false;
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, "package.json"), pkg);
  await fs.writeFile(path.join(dir, "index.js"), index);
  return true;
}

/** Makes sure tsserver can load the plugin; restarts the TS server if it could not have loaded it yet. */
export async function ensureTypesPlugin(ctx: vscode.ExtensionContext): Promise<void> {
  try {
    if (await writePluginStub(ctx.extensionPath)) {
      await vscode.commands.executeCommand("typescript.restartTsServer").then(undefined, () => undefined);
    }
  } catch (e) {
    // A read-only extension folder: IntelliSense for "autograd-lens" is lost, running snippets is not.
    console.warn(`Autograd Lens: could not set up snippet types: ${String(e)}`);
  }
}
