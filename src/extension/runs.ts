/**
 * Runs snippets and remembers each document's last Trace. Everything else (panel, CodeLens, hovers, inline
 * gradients, diagnostics, status bar) reads from here: nobody re-runs the engine to answer a hover.
 *
 * The runner executes the snippet in a child process, so the extension host never blocks or dies, not even on an
 * infinite loop or an out-of-memory abort (the child is killed at the timeout). Importing it is cheap (the
 * TypeScript compiler and the engine load inside the child), so a run starts its child in the same tick as the
 * request. From the first run on, the runner keeps a warm spare: later runs (re-run on save, CodeLens clicks) only
 * send their request. A newer version's run cancels the older one's (auto-save saves every few seconds).
 */
import * as vscode from "vscode";
import type { Trace } from "../protocol";
import { keepWarm, prepareRun, type RunOptions, runSnippetDetailed, stopKeepingWarm } from "../runner/index";
import type { Phases } from "./coldPath";
import { importsAutogradLens } from "./snippetImports";
import { importsTorch } from "../python/detect";

/** A finished run of one document version. */
export interface RunResult {
  uri: vscode.Uri;
  /** The document version the trace belongs to (positions are only meaningful for it). */
  version: number;
  trace: Trace;
  /** Wall-clock time seen by the host, child start-up included. */
  ms: number;
  /** When the run started (epoch ms, `Date.now()`), for the cold-path record. */
  startedAt: number;
  /**
   * Epoch marks of the run's phases, for the re-run record (test/vscode/rerun.test.ts): `saved` (the save event that
   * asked for it), `runStart`, the child's `childReceived`/`childSent`, `traceArrived`, `traceChecked`, `runDone`.
   */
  phases: Phases;
}


/**
 * True for documents the extension should run: TypeScript with an import declaration of the snippet module, or
 * Python with an import statement of torch (a mention in a comment or a string is not enough). The one place these
 * rules live; callers add workspace trust.
 */
export function isSnippet(doc: vscode.TextDocument): boolean {
  if (doc.languageId === "python") return importsTorch(doc.getText());
  return (doc.languageId === "typescript" || doc.languageId === "typescriptreact") && importsAutogradLens(doc.getText());
}

/** The runner's options for a document: the same for its run and for its compile ahead (they must match). */
function runOptions(doc: vscode.TextDocument): RunOptions {
  const timeoutMs = vscode.workspace.getConfiguration("autogradLens").get<number>("timeoutMs", 5000);
  const language = doc.languageId === "python" ? "python" : "typescript";
  return { file: doc.uri.scheme === "file" ? doc.uri.fsPath : doc.uri.path, timeoutMs, language };
}

/** Owns the last Trace of each snippet and serializes runs per document. */
export class Runs implements vscode.Disposable {
  private readonly results = new Map<string, RunResult>();
  private readonly inFlight = new Map<string, { version: number; promise: Promise<RunResult>; cancel: AbortController }>();
  private readonly emitter = new vscode.EventEmitter<RunResult>();
  private readonly startEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after every completed run (also failed snippets: their error is in the trace). */
  readonly onDidRun = this.emitter.event;
  /** Fires when a run starts, so the panel and status bar can say "running". */
  readonly onDidStart = this.startEmitter.event;

  /** The last finished run of a document, if any. */
  get(uri: vscode.Uri): RunResult | undefined {
    return this.results.get(uri.toString());
  }

  /**
   * The finished run of the document's current version, when it can stand for a new run: runs are deterministic
   * (fresh engine, seed reset), so running the same text again would only cost time. A run that hit a limit
   * (timeout, memory) or failed in the runner itself may have depended on the machine's load: not reused.
   */
  reusable(doc: vscode.TextDocument): RunResult | undefined {
    const last = this.get(doc.uri);
    const kind = last?.trace.error?.kind;
    return last !== undefined && last.version === doc.version && kind !== "timeout" && kind !== "memory" && kind !== "internal" ? last : undefined;
  }

  /**
   * The document was edited and will probably run on its next save: the runner's warm spare compiles this text
   * now, so that run skips its compile (runner/index.ts `prepareRun`). A newer edit replaces it; without a ready
   * spare nothing happens.
   */
  prepare(doc: vscode.TextDocument): void {
    prepareRun(doc.getText(), runOptions(doc));
  }

  /** Starts the runner's warm spare now, ahead of a first run (runs that are not automatic: `runOn` manual). */
  prewarm(): void {
    keepWarm({ startNow: true });
  }

  /**
   * Runs the document's current text. A second request for the same version joins the first; a newer version
   * starts its own run, and only results for the newest version are published.
   */
  run(doc: vscode.TextDocument, savedAt?: number): Promise<RunResult> {
    const key = doc.uri.toString();
    const running = this.inFlight.get(key);
    if (running !== undefined && running.version === doc.version) return running.promise;
    // A run of an older version can only produce a Trace nobody will see: stop its child now (its caller gets
    // this newer run's result instead, below).
    running?.cancel.abort();
    const cancel = new AbortController();
    const version = doc.version;
    const source = doc.getText();
    const started = performance.now();
    const startedAt = Date.now();
    // The child starts (or the spare gets the request) right here, before any listener below runs.
    const tracing = runSnippetDetailed(source, runOptions(doc), cancel.signal);
    // From now on a spare child waits for the next run.
    keepWarm();
    this.startEmitter.fire(doc.uri);
    const promise = (async (): Promise<RunResult> => {
      const { trace, marks } = await tracing;
      if (cancel.signal.aborted) {
        // Replaced by a run of a newer version: answer with that one.
        const newer = this.inFlight.get(key);
        if (newer !== undefined && newer.cancel !== cancel) return newer.promise;
      }
      const ms = performance.now() - started;
      // spareReady is a flag (1: the run's child was a spare that had loaded and warmed up), not a time.
      // compiledAhead likewise (1: the spare had compiled this text while it was being edited).
      const phases: Phases = { runStart: startedAt, runDone: startedAt + ms, spareReady: marks.spareReady ? 1 : 0, compiledAhead: marks.compiledAhead === true ? 1 : 0 };
      // Flags too: whether the child took this text's compile from the persistent compile cache, and whether it
      // loaded the TypeScript compiler at all (the cold path's record, test/vscode/coldpath.test.ts).
      if (marks.compileSource !== undefined) phases.compileCacheHit = marks.compileSource === "hit" ? 1 : 0;
      if (marks.compilerLoaded !== undefined) phases.compilerLoaded = marks.compilerLoaded ? 1 : 0;
      if (savedAt !== undefined) phases.saved = savedAt;
      for (const k of ["childReceived", "childSent", "received", "checked"] as const) {
        const at = marks[k];
        if (at !== undefined) phases[k === "received" ? "traceArrived" : k === "checked" ? "traceChecked" : k] = at;
      }
      const result: RunResult = { uri: doc.uri, version, trace, ms, startedAt, phases };
      // A newer run of the same document may have finished first: never replace it with an older trace.
      const previous = this.results.get(key);
      if (previous === undefined || previous.version <= version) {
        this.results.set(key, result);
        this.emitter.fire(result);
      }
      return result;
    })();
    this.inFlight.set(key, { version, promise, cancel });
    const clear = (): void => {
      if (this.inFlight.get(key)?.promise === promise) this.inFlight.delete(key);
    };
    promise.then(clear, clear);
    return promise;
  }

  /** Forgets a closed document's results. */
  forget(uri: vscode.Uri): void {
    this.results.delete(uri.toString());
  }

  dispose(): void {
    this.emitter.dispose();
    this.startEmitter.dispose();
    void stopKeepingWarm();
  }
}
