/**
 * Where a learner looks for what the snippet printed: the "Autograd Lens" output channel (every run's console
 * output, each line prefixed with the source line that printed it) and the same output inline at the end of that
 * line (capped; the whole value in a hover), as Quokka shows it. Both read the run's Trace (`trace.console`).
 */
import * as vscode from "vscode";
import * as path from "node:path";
import { channelLines, entriesByLine, HOVER_ENTRIES, inlineText, worstLevel } from "./consoleText";
import type { RunResult, Runs } from "./runs";

const LEVEL_COLORS = {
  log: new vscode.ThemeColor("editorCodeLens.foreground"),
  warn: new vscode.ThemeColor("editorWarning.foreground"),
  error: new vscode.ThemeColor("editorError.foreground"),
} as const;

/** The output channel, written after every run. */
export class ConsoleChannel implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel(vscode.l10n.t("Autograd Lens"));
  private readonly sub: vscode.Disposable;

  constructor(runs: Runs) {
    this.sub = runs.onDidRun((r) => this.append(r));
  }

  private append(r: RunResult): void {
    const file = path.basename(r.uri.path);
    const time = new Date().toLocaleTimeString();
    const header = vscode.l10n.t("── {0} · {1} · run in {2} ms ──", file, time, Math.round(r.trace.timings.runMs));
    const lines = channelLines(r.trace, file);
    this.channel.appendLine(header);
    this.channel.appendLine(lines.length > 0 ? lines.join("\n") : vscode.l10n.t("(no console output)"));
  }

  dispose(): void {
    this.sub.dispose();
    this.channel.dispose();
  }
}

/** Inline console output at the end of each line that printed, for visible editors, as the setting says. */
export class InlineConsole implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { margin: "0 0 0 2em", color: LEVEL_COLORS.log },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly subs: vscode.Disposable[];

  constructor(private readonly runs: Runs) {
    this.subs = [
      runs.onDidRun((r) => {
        for (const e of vscode.window.visibleTextEditors) if (e.document.uri.toString() === r.uri.toString()) this.apply(e, r);
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("autogradLens.inlineConsole")) this.refreshAll();
      }),
    ];
  }

  private refreshAll(): void {
    for (const e of vscode.window.visibleTextEditors) {
      const r = this.runs.get(e.document.uri);
      if (r !== undefined) this.apply(e, r);
    }
  }

  private apply(editor: vscode.TextEditor, r: RunResult): void {
    if (!vscode.workspace.getConfiguration("autogradLens").get<boolean>("inlineConsole", true)) {
      editor.setDecorations(this.type, []);
      return;
    }
    const doc = editor.document;
    const options: vscode.DecorationOptions[] = [];
    for (const [line, entries] of entriesByLine(r.trace)) {
      if (line >= doc.lineCount) continue;
      const text = doc.lineAt(line);
      // The range is the line's code, so hovering the printing statement (or the inline text after it) shows it all.
      const range = new vscode.Range(line, text.firstNonWhitespaceCharacterIndex, line, text.range.end.character);
      options.push({
        range,
        hoverMessage: hoverFor(entries),
        renderOptions: { after: { contentText: inlineText(entries), color: LEVEL_COLORS[worstLevel(entries)] } },
      });
    }
    editor.setDecorations(this.type, options);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.type.dispose();
  }
}

function hoverFor(entries: ReadonlyArray<{ text: string }>): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  const title = entries.length === 1 ? vscode.l10n.t("Console output") : vscode.l10n.t("Console output ({0} times)", entries.length);
  md.appendMarkdown(`**${title}**\n\n`);
  md.appendCodeblock(entries.slice(0, HOVER_ENTRIES).map((e) => e.text).join("\n"), "python");
  if (entries.length > HOVER_ENTRIES) md.appendMarkdown(vscode.l10n.t("… and {0} more (see the Autograd Lens output)", entries.length - HOVER_ENTRIES));
  return md;
}
