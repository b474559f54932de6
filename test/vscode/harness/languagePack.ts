/**
 * A stand-in language pack for the workbench core, so code-server accepts `--locale zh-cn` offline (the real
 * Microsoft pack comes from the Marketplace). It translates nothing of VS Code itself; what the zh-cn test checks is
 * our extension's own package.nls.zh-cn.json and l10n bundle, which VS Code applies once the UI language is zh-cn.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installVsix, ROOT } from "./codeServer";

/** Packages the stub with vsce and installs it into a user-data dir; returns that dir. */
export function userDataWithChineseLocale(): string {
  const src = mkdtempSync(join(tmpdir(), "agl-lp-"));
  mkdirSync(join(src, "translations"));
  writeFileSync(
    join(src, "package.json"),
    JSON.stringify({
      name: "language-pack-zh-hans-stub",
      displayName: "zh-hans (test stub)",
      description: "Lets the workbench run with --locale zh-cn offline",
      publisher: "autograd-lens-tests",
      version: "1.0.0",
      license: "MIT",
      engines: { vscode: "^1.100.0" },
      categories: ["Language Packs"],
      contributes: { localizations: [{ languageId: "zh-cn", languageName: "Chinese Simplified", localizedLanguageName: "中文(简体)", translations: [{ id: "vscode", path: "./translations/main.i18n.json" }] }] },
    }),
  );
  writeFileSync(join(src, "translations", "main.i18n.json"), JSON.stringify({ version: "1.0.0", contents: {} }));
  writeFileSync(join(src, "README.md"), "Test stub.\n");
  const vsix = join(src, "lp.vsix");
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "@vscode", "vsce", "vsce"), "package", "--skip-license", "--allow-missing-repository", "--out", vsix], { cwd: src, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`vsce package (language pack stub) failed: ${r.stdout}${r.stderr}`);
  const data = mkdtempSync(join(tmpdir(), "agl-cs-zh-"));
  installVsix(vsix, join(data, "extensions"), data);
  rmSync(src, { recursive: true, force: true });
  // The CLI install does not index language packs (the running server would); write the index the server reads
  // at start-up to resolve --locale (<user-data-dir>/languagepacks.json).
  const id = "autograd-lens-tests.language-pack-zh-hans-stub";
  const translations = join(data, "extensions", `${id}-1.0.0`, "translations", "main.i18n.json");
  writeFileSync(
    join(data, "languagepacks.json"),
    JSON.stringify({ "zh-cn": { hash: "agl-stub-1", extensions: [{ extensionIdentifier: { id }, version: "1.0.0" }], translations: { vscode: translations }, label: "中文(简体)" } }),
  );
  return data;
}
