/**
 * Where a learner looks for what the snippet printed: the "Autograd Lens" output channel (every run's console
 * output, each line prefixed with the source line that printed it) and the same output inline at the end of that
 * line (capped; the whole value in a hover), as Quokka shows it. Both read the run's Trace (`trace.console`).
 */
import * as vscode from "vscode";
import * as path from "node:path";
import type { ConsoleEntry } from "../protocol";
import { type Anchored, channelLines, clockTime, entriesByLine, HOVER_ENTRIES, inlineText, shiftLines, worstLevel } from "./consoleText";
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
    const time = clockTime(new Date());
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

/**
 * Inline console output at the end of each line that printed, for visible editors, as the setting says; hovering
 * the printing statement (or the text after it) shows the whole output. The hover is answered on demand
 * (a HoverProvider), not attached to each decoration: VS Code converts a decoration's hover Markdown when the
 * decorations are set, and that first conversion (its Markdown parser warming up) cost 15–50 ms on the extension
 * host's thread right when the first Trace arrived, on the cold path of "Show Gradient Graph".
 */
export class InlineConsole implements vscode.HoverProvider, vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { margin: "0 0 0 2em", color: LEVEL_COLORS.log },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  /** Per document, the 0-based lines decorated and what they printed (anchored where the code starts); moved with edits as the decorations are. */
  private readonly printed = new Map<string, Map<number, Anchored<ConsoleEntry[]>>>();
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
      vscode.workspace.onDidChangeTextDocument((e) => {
        const key = e.document.uri.toString();
        let lines = this.printed.get(key);
        if (lines === undefined) return;
        // Bottom-up, so each change's range is still in the coordinates the lines are in.
        for (const c of [...e.contentChanges].sort((a, b) => b.range.start.compareTo(a.range.start))) {
          const { start, end } = c.range;
          lines = shiftLines(lines, { startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character, text: c.text });
        }
        this.printed.set(key, lines);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.printed.delete(doc.uri.toString())),
    ];
  }

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const entries = this.printed.get(doc.uri.toString())?.get(pos.line)?.value;
    if (entries === undefined || pos.line >= doc.lineCount) return undefined;
    const range = codeRange(doc.lineAt(pos.line));
    return range.contains(pos) ? new vscode.Hover(hoverFor(entries), range) : undefined;
  }

  private refreshAll(): void {
    for (const e of vscode.window.visibleTextEditors) {
      const r = this.runs.get(e.document.uri);
      if (r !== undefined) this.apply(e, r);
    }
  }

  private apply(editor: vscode.TextEditor, r: RunResult): void {
    const doc = editor.document;
    if (!vscode.workspace.getConfiguration("autogradLens").get<boolean>("inlineConsole", true)) {
      editor.setDecorations(this.type, []);
      this.printed.delete(doc.uri.toString());
      return;
    }
    const options: vscode.DecorationOptions[] = [];
    const lines = new Map<number, Anchored<ConsoleEntry[]>>();
    for (const [line, entries] of entriesByLine(r.trace)) {
      if (line >= doc.lineCount) continue;
      const range = codeRange(doc.lineAt(line));
      lines.set(line, { column: range.start.character, value: entries });
      options.push({
        range,
        renderOptions: { after: { contentText: inlineText(entries), color: LEVEL_COLORS[worstLevel(entries)] } },
      });
    }
    this.printed.set(doc.uri.toString(), lines);
    editor.setDecorations(this.type, options);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.type.dispose();
  }
}

/** The line's code (from its first non-blank character): where the inline output sits and its hover answers. */
function codeRange(text: vscode.TextLine): vscode.Range {
  return new vscode.Range(text.lineNumber, text.firstNonWhitespaceCharacterIndex, text.lineNumber, text.range.end.character);
}

function hoverFor(entries: ReadonlyArray<{ text: string }>): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  const title = entries.length === 1 ? vscode.l10n.t("Console output") : vscode.l10n.t("Console output ({0} times)", entries.length);
  md.appendMarkdown(`**${title}**\n\n`);
  md.appendCodeblock(entries.slice(0, HOVER_ENTRIES).map((e) => e.text).join("\n"), "python");
  if (entries.length > HOVER_ENTRIES) md.appendMarkdown(vscode.l10n.t("… and {0} more (see the Autograd Lens output)", entries.length - HOVER_ENTRIES));
  return md;
}
