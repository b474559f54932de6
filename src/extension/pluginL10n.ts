/**
 * `l10n.t` for the TypeScript server plugin. tsserver is a separate process without the `vscode` API, so the plugin
 * cannot call `vscode.l10n.t`; it reads the same bundle (l10n/bundle.l10n.zh-cn.json, inlined by esbuild) and picks
 * the language tsserver was started with (VS Code passes `--locale`, TypeScript keeps it as its UI locale).
 * Same keys and `{0}` placeholders as `vscode.l10n.t`, so the l10n test checks these strings too.
 */
import zhCn from "../../l10n/bundle.l10n.zh-cn.json";

const bundles: Record<string, Record<string, string>> = { "zh-cn": zhCn };
let locale = "en";

/** Sets the language of the plugin's messages ("zh-cn", "zh-CN", "en", …); unknown languages fall back to English. */
export function setPluginLocale(value: string | undefined): void {
  locale = (value ?? "en").toLowerCase();
}

function format(message: string, args: Array<string | number>): string {
  return message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));
}

export const l10n = {
  t(message: string, ...args: Array<string | number>): string {
    const bundle = bundles[locale] ?? (locale.startsWith("zh-hans") || locale === "zh" ? bundles["zh-cn"] : undefined);
    return format(bundle?.[message] ?? message, args);
  },
};
