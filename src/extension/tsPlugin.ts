/**
 * A TypeScript server plugin (contributes.typescriptServerPlugins) that makes `import * as torch from "autograd-lens"`
 * resolve to the engine's bundled declarations, in any folder, with nothing installed. It only answers for that one
 * module name and leaves every other resolution to TypeScript.
 *
 * Built by scripts/build-types.mjs into dist/types/ts-plugin.js, next to the declarations (dist/types/index.d.ts);
 * tsserver loads it through the stub package the extension writes to <extension>/node_modules/autograd-lens-ts-plugin.
 */
import type * as ts from "typescript/lib/tsserverlibrary";
import * as path from "node:path";

/** The module name snippets import. */
export const MODULE_NAME = "autograd-lens";

function init(modules: { typescript: typeof ts }): ts.server.PluginModule {
  const t = modules.typescript;
  const typesFile = path.join(__dirname, "index.d.ts");
  const resolved: ts.ResolvedModuleFull = { resolvedFileName: typesFile, extension: t.Extension.Dts, isExternalLibraryImport: false };

  function create(info: ts.server.PluginCreateInfo): ts.LanguageService {
    const host = info.languageServiceHost;
    info.project.projectService.logger.info(`autograd-lens-ts-plugin: "${MODULE_NAME}" → ${typesFile}`);
    const literals = host.resolveModuleNameLiterals?.bind(host);
    if (literals !== undefined) {
      host.resolveModuleNameLiterals = (names, containingFile, redirected, options, sourceFile, reused) => {
        const out = literals(names, containingFile, redirected, options, sourceFile, reused);
        return out.map((r, i) => (names[i]?.text === MODULE_NAME && r.resolvedModule === undefined ? { resolvedModule: resolved } : r));
      };
    }
    const legacy = host.resolveModuleNames?.bind(host);
    if (legacy !== undefined) {
      host.resolveModuleNames = (names, containingFile, reused, redirected, options, sourceFile) => {
        const out = legacy(names, containingFile, reused, redirected, options, sourceFile);
        return out.map((r, i) => (names[i] === MODULE_NAME && r === undefined ? resolved : r));
      };
    }
    return info.languageService;
  }

  return { create };
}

export default init;
