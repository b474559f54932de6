/**
 * `autograd-lens` (dist/cli.js):
 *   autograd-lens trace FILE [--json] [--out trace.json] [--timeout ms] [--max-nodes n] [--data-cap n] [--memory mb]
 *   autograd-lens render FILE --out g.html|g.svg|g.dot|g.json [--view computation|autograd] [same limits]
 *     (FILE may also be a trace.json saved by `trace --out`; the format follows the extension of --out)
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
import { EXPORT_FORMATS, exportFormatInfo, formatOfFile } from "./shared/exportFormats.js";
import { VIEW_MODES, type HeadlessFormat, type HeadlessRenderer, type ViewMode } from "./shared/render.js";

/** What `render --out` writes: the interactive HTML, or an export format that needs no browser. */
type RenderFormat = "html" | HeadlessFormat;
const RENDER_EXTENSIONS = [".html", ...EXPORT_FORMATS.filter((f) => f.headless).map((f) => f.extension)];

const USAGE = `usage:
  autograd-lens trace FILE [--json] [--out trace.json] [--timeout ms] [--max-nodes n] [--data-cap n] [--memory mb]
  autograd-lens render FILE|TRACE.json --out ${RENDER_EXTENSIONS.map((e) => `g${e}`).join("|")} [--view ${VIEW_MODES.join("|")}]
                     [--timeout ms] [--max-nodes n] [--data-cap n] [--memory mb]
    the format follows the extension of --out; --view picks the picture (default: computation)
exit codes: 0 ran, 1 the snippet raised, 2 bad usage or unreadable file`;

/** Thrown for anything that should end with exit code 2. */
class UsageError extends Error {}

interface CliArgs {
  command: "trace" | "render";
  file: string;
  json: boolean;
  out: string | null;
  view: ViewMode;
  run: RunOptions;
}

const NUMERIC_FLAGS: Record<string, keyof RunOptions> = { "--timeout": "timeoutMs", "--max-nodes": "maxNodes", "--data-cap": "dataCap", "--memory": "memoryMb" };

function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command !== "trace" && command !== "render") throw new UsageError(command === undefined ? "missing command" : `unknown command "${command}"`);
  let file: string | null = null;
  let json = false;
  let out: string | null = null;
  let view: ViewMode | null = null;
  const run: RunOptions = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === "--json" && command === "trace") json = true;
    else if (a === "--out") {
      out = rest[++i] ?? null;
      if (out === null) throw new UsageError("--out needs a file name");
    } else if (a === "--view" && command === "render") {
      const v = rest[++i];
      if (!(VIEW_MODES as readonly string[]).includes(v ?? "")) throw new UsageError(`--view needs ${VIEW_MODES.join(" or ")}`);
      view = v as ViewMode;
    } else if (a in NUMERIC_FLAGS) {
      const v = Number(rest[++i]);
      if (!Number.isFinite(v) || v < 0) throw new UsageError(`${a} needs a non-negative number`);
      (run as Record<string, number>)[NUMERIC_FLAGS[a] as string] = v;
    } else if (a.startsWith("-")) throw new UsageError(`unknown option "${a}"`);
    else if (file === null) file = a;
    else throw new UsageError(`unexpected argument "${a}"`);
  }
  if (file === null) throw new UsageError("missing FILE");
  if (command === "render" && out === null) throw new UsageError("render needs --out graph.html (or .svg, .dot, .json)");
  if (command === "render") renderFormat(out as string);
  return { command, file, json, out, view: view ?? "computation", run };
}

/** The format `render --out FILE` writes, from FILE's extension. */
function renderFormat(out: string): RenderFormat {
  if (/\.html?$/i.test(out)) return "html";
  const f = formatOfFile(out);
  if (f !== null && exportFormatInfo(f).headless) return f as HeadlessFormat;
  if (f !== null) throw new UsageError(`${exportFormatInfo(f).label} needs a browser to draw: render --out graph.html and export it there, or use ${RENDER_EXTENSIONS.join(", ")}`);
  throw new UsageError(`--out ${out}: the extension must be one of ${RENDER_EXTENSIONS.join(", ")}`);
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

/**
 * The view's headless render, dist/render.js next to this file (the view's own code: the CLI draws what the panel
 * draws). Loaded only for `render --out g.svg|g.dot|g.json`: it brings cytoscape and the layouts.
 */
function headlessRenderer(): HeadlessRenderer {
  const file = path.join(__dirname, "render.js");
  let mod: unknown;
  try {
    mod = require(file) as unknown;
  } catch (e) {
    throw new UsageError(`cannot load the graph renderer ${file}: ${(e as Error).message}`);
  }
  if (typeof mod !== "object" || mod === null || typeof (mod as Partial<HeadlessRenderer>).renderHeadless !== "function") throw new UsageError(`${file} is not the graph renderer`);
  return mod as HeadlessRenderer;
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
  const out = args.out as string;
  const format = renderFormat(out);
  if (format === "html") {
    // The view's bundle and stylesheet sit next to this file in dist/ (and in the packaged extension).
    const scriptText = readText(path.join(__dirname, "webview.js"), "the view bundle");
    const cssText = readText(path.join(__dirname, "..", "media", "view.css"), "the view stylesheet");
    writeFileSync(out, buildStandaloneHtml({ scriptText, cssText, trace, title: `Autograd Lens — ${path.basename(args.file)}`, view: args.view }));
  } else {
    writeFileSync(out, await headlessRenderer().renderHeadless(trace, format, args.view));
  }
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
