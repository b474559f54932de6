/**
 * A TypeScript server plugin (contributes.typescriptServerPlugins) for snippets:
 *
 * - `import * as torch from "autograd-lens"` resolves to the engine's bundled declarations, in any folder, with
 *   nothing installed (only that module name; every other resolution is TypeScript's);
 * - the learner's slips (slips.ts: tensor arithmetic, `==` between tensors, Python's `True`/`None` and `kw=v`) get
 *   a diagnostic on their expression in place of TypeScript's generic one, and a code fix (Ctrl+.);
 * - names starting with `_` (the engine's internals, PyTorch's private attributes) leave Tensor completions unless
 *   the learner types the `_`.
 *
 * Why here and not in the extension's own diagnostics/code-action providers: the slips need the type checker (is
 * this operand a Tensor?), which only tsserver has; the extension host would have to run a second TypeScript
 * program over the same files. A plugin runs inside tsserver in desktop VS Code and in code-server alike (both start
 * tsserver as a Node process with the extension's plugin), its diagnostics replace TypeScript's on the same
 * squiggle instead of doubling it, and its fixes are offered by VS Code's own TypeScript quick-fix provider.
 *
 * Built by scripts/build-types.mjs into dist/types/ts-plugin.js, next to the declarations (dist/types/index.d.ts);
 * tsserver loads it through the stub package the extension writes to <extension>/node_modules/autograd-lens-ts-plugin.
 */
import type * as ts from "typescript/lib/tsserverlibrary";
import * as path from "node:path";
import { setPluginLocale } from "./pluginL10n";
import { analyzeSlips, MODULE_NAME, torchNamespace, type SlipAnalysis } from "./slips";

export { MODULE_NAME };

function init(modules: { typescript: typeof ts }): ts.server.PluginModule {
  const t = modules.typescript;
  const typesFile = path.join(__dirname, "index.d.ts");
  const resolved: ts.ResolvedModuleFull = { resolvedFileName: typesFile, extension: t.Extension.Dts, isExternalLibraryImport: false };
  // tsserver was started with VS Code's display language (`--locale`); TypeScript keeps it as its UI locale.
  // (getUILocale is public at run time but missing from typescript.d.ts.)
  setPluginLocale((t as { getUILocale?: () => string | undefined }).getUILocale?.());

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
    return withSlips(t, info.languageService);
  }

  return { create };
}

/**
 * Wraps a LanguageService: semantic diagnostics with the slips, their code fixes, completions without `_` names.
 * Exported for the unit tests, which call it on a plain LanguageService.
 */
export function withSlips(t: typeof ts, ls: ts.LanguageService): ts.LanguageService {
  const proxy: ts.LanguageService = Object.create(null);
  for (const k of Object.keys(ls) as Array<keyof ts.LanguageService>) {
    const f = ls[k];
    // @ts-expect-error: copying every method of the service as it is, each bound to the original.
    proxy[k] = typeof f === "function" ? f.bind(ls) : f;
  }
  const analysis = (fileName: string, diagnostics?: readonly ts.Diagnostic[]): { sf: ts.SourceFile; a: SlipAnalysis } | undefined => {
    const program = ls.getProgram();
    const sf = program?.getSourceFile(fileName);
    if (program === undefined || sf === undefined || torchNamespace(t, sf) === null) return undefined;
    return { sf, a: analyzeSlips(t, sf, program.getTypeChecker(), diagnostics ?? ls.getSemanticDiagnostics(fileName)) };
  };

  proxy.getSemanticDiagnostics = (fileName) => {
    const original = ls.getSemanticDiagnostics(fileName);
    const r = analysis(fileName, original);
    if (r === undefined) return original;
    const category = (s: "error" | "warning"): ts.DiagnosticCategory => (s === "error" ? t.DiagnosticCategory.Error : t.DiagnosticCategory.Warning);
    const ours: ts.Diagnostic[] = r.a.slips.map((s) => ({
      file: r.sf,
      start: s.start,
      length: s.end - s.start,
      messageText: s.message,
      category: category(s.severity),
      code: s.code,
      source: "autograd-lens",
    }));
    return [...original.filter((d) => r.a.keep(d)), ...ours];
  };

  proxy.getCodeFixesAtPosition = (fileName, start, end, errorCodes, formatOptions, preferences) => {
    const original = ls.getCodeFixesAtPosition(fileName, start, end, errorCodes, formatOptions, preferences);
    const r = analysis(fileName);
    if (r === undefined) return original;
    const ours: ts.CodeFixAction[] = [];
    for (const s of r.a.slips) {
      if (!errorCodes.includes(s.code) || s.end < start || s.start > end) continue;
      for (const f of s.fixes) {
        ours.push({
          fixName: f.name,
          description: f.description,
          changes: [{ fileName, textChanges: [{ span: { start: f.start, length: f.end - f.start }, newText: f.newText }] }],
        });
      }
    }
    if (ours.length === 0) return original;
    // TypeScript's own fixes for these spans ("Add 'const' to unresolved variable", "Declare property") are noise.
    const slipAt = (): boolean => r.a.slips.some((s) => s.start <= start && s.end >= end);
    return slipAt() ? ours : [...ours, ...original];
  };

  proxy.getCompletionsAtPosition = (fileName, position, options, formatting) => {
    const result = ls.getCompletionsAtPosition(fileName, position, options, formatting);
    if (result === undefined || !result.isMemberCompletion) return result;
    const sf = ls.getProgram()?.getSourceFile(fileName);
    if (sf === undefined || torchNamespace(t, sf) === null) return result;
    // What the learner typed after the dot: `c._` asks for the private names, `c.` does not get them.
    const typed = /[\w$]*$/.exec(sf.text.slice(0, position))?.[0] ?? "";
    if (typed.startsWith("_")) return result;
    // Also TypeScript's `[Symbol]` entry (offered for the engine's Symbol.toPrimitive / inspect members): noise here.
    const entries = result.entries.filter((e) => !e.name.startsWith("_") && !(e.name === "Symbol" && e.insertText === "[Symbol]"));
    if (entries.length === result.entries.length) return result;
    // Incomplete: VS Code asks again as the learner types, so `c._` then gets the private names.
    return { ...result, entries, isIncomplete: true };
  };

  return proxy;
}

export default init;
