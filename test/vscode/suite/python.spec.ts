/**
 * A Python snippet in the real workbench: it runs on open (it imports torch), its CodeLens, hovers, diagnostics and
 * graph panel point at the .py lines, and "Paste Python as Autograd Lens TypeScript" inserts the translation.
 */
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { AutogradLensApi } from "../../../src/extension/extension";
import type { RunResult } from "../../../src/extension/runs";

const root = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;
const file = (name: string): vscode.Uri => vscode.Uri.joinPath(root(), name);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(what: string, get: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function lineOf(doc: vscode.TextDocument, needle: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
  throw new Error(`"${needle}" not in ${doc.uri.path}`);
}

let api: AutogradLensApi;

describe("Python snippets in VS Code", () => {
  before(async () => {
    const ext = vscode.extensions.getExtension<AutogradLensApi>("autograd-lens.autograd-lens");
    assert.ok(ext);
    api = ext.isActive ? ext.exports : await ext.activate();
  });

  it("runs a .py file that imports torch when it is opened, with CodeLens results on its backward lines", async () => {
    const doc = await vscode.workspace.openTextDocument(file("examples/09-course-python.py"));
    assert.equal(doc.languageId, "python");
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    // Opened in the editor: the extension runs it by itself (runOn = save runs a snippet when it is shown).
    const r = await eventually("the automatic run of the .py file", () => api.runs.get(doc.uri));
    assert.equal(r.trace.error, null, JSON.stringify(r.trace.error));
    assert.deepEqual(r.trace.console.map((c) => [c.line, c.text]), [
      [8, "tensor([ 0.,  4.,  8., 12.]) tensor(28., grad_fn=<MulBackward0>)"],
      [25, "tensor(True)"],
    ]);
    const lenses = await eventually("lenses with results", async () => {
      const ls = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri, 10);
      return ls.filter((l) => l.command?.title.includes("∇")).length >= 2 ? ls : undefined;
    });
    const runLines = lenses.filter((l) => l.command?.title.includes("Run backward")).map((l) => l.range.start.line);
    assert.deepEqual(runLines, [lineOf(doc, "y.backward()"), lineOf(doc, "d.backward()")]);
    const titles = lenses.map((l) => l.command?.title ?? "");
    assert.ok(titles.some((t) => t.includes("∇ x = [0, 4, 8, 12]")), titles.join(" | "));
    assert.ok(titles.some((t) => t.includes("∇ a = 1024")), titles.join(" | "));
  });

  it("hovers a Python variable with its value and grad, and the loop's versions of b", async () => {
    const doc = await vscode.workspace.openTextDocument(file("examples/09-course-python.py"));
    await api.runs.run(doc);
    const line = lineOf(doc, "print(x.grad, y)");
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, new vscode.Position(line, 6));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : "value" in c ? c.value : ""))).join("\n");
    assert.match(text, /grad = \[0, 4, 8, 12\]/);
    const inLoop = lineOf(doc, "        b = b * 2");
    const hb = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, new vscode.Position(inLoop, 8));
    const tb = hb.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : "value" in c ? c.value : ""))).join("\n");
    assert.match(tb, /loop line 13/);
  });

  it("Show Gradient Graph opens the panel on the .py file, and a node's range reveals its Python line", async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file("examples/09-course-python.py")), vscode.ViewColumn.One);
    const r = await vscode.commands.executeCommand<RunResult>("autogradLens.showGraph");
    assert.ok(r);
    const panel = api.panel();
    assert.equal(panel?.uri?.toString(), file("examples/09-course-python.py").toString());
    await eventually("the view to say ready", () => panel?.isReady === true);
    const d = r.trace.tensors.find((t) => t.label === "d");
    assert.ok(d?.range, "d has a range");
    await vscode.commands.executeCommand("autogradLens.revealRange", r.uri.toString(), d.range);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), r.uri.toString());
    assert.equal(editor?.document.getText(editor.selection), "b * 2");
  });

  it("puts a Python error on its line as a diagnostic", async () => {
    const doc = await vscode.workspace.openTextDocument(file("error-none-grad.py"));
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await api.runs.run(doc);
    const diag = await eventually("the error diagnostic", () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.source === "autograd-lens"));
    assert.equal(diag.range.start.line, 3);
    assert.match(diag.message, /AttributeError: 'NoneType' object has no attribute 'zero_'/);
  });

  it("does not run a .py file that only mentions torch", async () => {
    const doc = await vscode.workspace.openTextDocument(file("not-a-snippet.py"));
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri, 10);
    assert.deepEqual(lenses.filter((l) => l.command?.command === "autogradLens.runBackward"), []);
    await sleep(500);
    assert.equal(api.runs.get(doc.uri), undefined);
  });

  it("Paste Python as Autograd Lens TypeScript inserts the translation at the cursor of a TypeScript snippet", async () => {
    const doc = await vscode.workspace.openTextDocument({ language: "typescript", content: 'import * as torch from "autograd-lens";\n\n' });
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    // The Python goes in as the command's argument (the real clipboard path is test/vscode/python.test.ts's).
    await vscode.commands.executeCommand("autogradLens.pastePythonAsTypeScript", "x = torch.arange(4.0, requires_grad=True)\ny = 2 * torch.dot(x, x)\ny.backward(retain_graph=True)\nprint(x.grad, True, None)\n");
    assert.equal(
      doc.getText(),
      'import * as torch from "autograd-lens";\n\n' +
        "const x = torch.arange(4.0, { requires_grad: true });\nconst y = torch.mul(2, torch.dot(x, x));\ny.backward({ retain_graph: true });\nconsole.log(x.grad, true, null);\n",
    );
    const r = await api.runs.run(doc);
    assert.equal(r.trace.error, null);
    assert.deepEqual(r.trace.variables.x?.grad, [0, 4, 8, 12]);
  });
});
