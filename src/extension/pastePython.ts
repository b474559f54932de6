/**
 * "Paste Python as Autograd Lens TypeScript": the clipboard's PyTorch code, translated by the same translator the
 * `.py` runs use (src/python/translate.ts, readable mode), inserted at the cursor of a TypeScript editor (or in a
 * new snippet). What cannot be translated stays in place as commented lines, and a message says so.
 */
import * as vscode from "vscode";
import { PythonProblem } from "../python/parse";
import { LineIndex } from "../python/positionMap";
import { translatePython } from "../python/translate";

const IMPORT_LINE = 'import * as torch from "autograd-lens";\n';

/** `text`: the Python to translate instead of the clipboard's (for other extensions and the in-host tests). */
export async function pastePythonAsTypeScript(text?: unknown): Promise<void> {
  const python = typeof text === "string" ? text : await vscode.env.clipboard.readText();
  if (python.trim() === "") {
    void vscode.window.showInformationMessage(vscode.l10n.t("The clipboard holds no Python code to paste."));
    return;
  }
  let translation;
  try {
    translation = translatePython(python, { mode: "readable" });
  } catch (e) {
    if (!(e instanceof PythonProblem)) throw e;
    const line = new LineIndex(python).position(e.from).line;
    void vscode.window.showErrorMessage(vscode.l10n.t("The Python on the clipboard could not be translated: {0} (line {1}).", e.message, line));
    return;
  }
  const editor = vscode.window.activeTextEditor;
  const doc = editor?.document;
  if (editor === undefined || doc === undefined || (doc.languageId !== "typescript" && doc.languageId !== "typescriptreact")) {
    const created = await vscode.workspace.openTextDocument({ language: "typescript", content: translation.code });
    await vscode.window.showTextDocument(created);
  } else {
    // The snippet already imports the engine: do not import it twice.
    const code = /from\s+["']autograd-lens["']/.test(doc.getText()) ? translation.code.replace(IMPORT_LINE, "").replace(/^\n+/, "") : translation.code;
    await editor.edit((b) => {
      for (const s of editor.selections) b.replace(s, code);
    });
  }
  const first = translation.problems[0];
  if (first !== undefined) {
    const line = new LineIndex(python).position(first.from).line;
    void vscode.window.showWarningMessage(
      vscode.l10n.t("{0} Python statement(s) could not be translated and were kept as comments; the first, on line {1}: {2}", translation.problems.length, line, first.message),
    );
  }
}
