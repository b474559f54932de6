/**
 * `autograd-lens` (dist/cli.js):
 *   autograd-lens trace FILE [--json] [--out trace.json] [--timeout ms] [--max-nodes n] [--data-cap n] [--memory mb]
 *   autograd-lens render FILE --out graph.html [same limits]   (FILE may also be a trace.json saved by `trace --out`)
 * Exit codes: 0 the snippet ran, 1 it raised (the trace / HTML is still written), 2 bad usage or unreadable file.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runSnippet } from "./runner/index.js";
import type { RunOptions } from "./runner/options.js";
import { summarizeTrace } from "./runner/summary.js";
import type { Trace } from "./protocol.js";
import { decodeTrace, encodeTrace } from "./traceJson.js";
import { buildStandaloneHtml } from "./viewHtml.js";

const USAGE = `usage:
  autograd-lens trace FILE [--json] [--out trace.json] [--timeout ms] [--max-nodes n] [--data-cap n] [--memory mb]
  autograd-lens render FILE|TRACE.json --out graph.html [--timeout ms] [--max-nodes n] [--data-cap n] [--memory mb]
exit codes: 0 ran, 1 the snippet raised, 2 bad usage or unreadable file`;

/** Thrown for anything that should end with exit code 2. */
class UsageError extends Error {}

interface CliArgs {
  command: "trace" | "render";
  file: string;
  json: boolean;
  out: string | null;
  run: RunOptions;
}

const NUMERIC_FLAGS: Record<string, keyof RunOptions> = { "--timeout": "timeoutMs", "--max-nodes": "maxNodes", "--data-cap": "dataCap", "--memory": "memoryMb" };

function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command !== "trace" && command !== "render") throw new UsageError(command === undefined ? "missing command" : `unknown command "${command}"`);
  let file: string | null = null;
  let json = false;
  let out: string | null = null;
  const run: RunOptions = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === "--json" && command === "trace") json = true;
    else if (a === "--out") {
      out = rest[++i] ?? null;
      if (out === null) throw new UsageError("--out needs a file name");
    } else if (a in NUMERIC_FLAGS) {
      const v = Number(rest[++i]);
      if (!Number.isFinite(v) || v < 0) throw new UsageError(`${a} needs a non-negative number`);
      (run as Record<string, number>)[NUMERIC_FLAGS[a] as string] = v;
    } else if (a.startsWith("-")) throw new UsageError(`unknown option "${a}"`);
    else if (file === null) file = a;
    else throw new UsageError(`unexpected argument "${a}"`);
  }
  if (file === null) throw new UsageError("missing FILE");
  if (command === "render" && out === null) throw new UsageError("render needs --out graph.html");
  return { command, file, json, out, run };
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file}: ${(e as Error).message}`);
  }
}

/** A Trace saved by `trace --out`, checked against the schema like any Trace (it may come from anyone). */
function savedTrace(file: string): Trace {
  try {
    return decodeTrace(readText(file, "trace"));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const trace = args.command === "render" && args.file.endsWith(".json") ? savedTrace(args.file) : await runSnippet(readText(args.file, "snippet"), { ...args.run, file: args.file });
  const code = trace.error === null ? 0 : 1;
  if (args.command === "trace") {
    if (args.out !== null) writeFileSync(args.out, encodeTrace(trace));
    process.stdout.write(args.json ? `${encodeTrace(trace)}\n` : summarizeTrace(trace));
    return code;
  }
  // The view's bundle and stylesheet sit next to this file in dist/ (and in the packaged extension).
  const scriptText = readText(path.join(__dirname, "webview.js"), "the view bundle");
  const cssText = readText(path.join(__dirname, "..", "media", "view.css"), "the view stylesheet");
  const html = buildStandaloneHtml({ scriptText, cssText, trace, title: `Autograd Lens — ${path.basename(args.file)}` });
  writeFileSync(args.out as string, html);
  process.stdout.write(summarizeTrace(trace));
  process.stdout.write(`wrote ${args.out}\n`);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`autograd-lens: ${e.message}\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`autograd-lens: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    }
  },
);
