/** Options of a snippet run, shared by `runSnippet` (worker) and `traceInProcess`. */

export interface RunOptions {
  /** Name of the snippet file, for display (`Trace.file`) and diagnostics. */
  file?: string;
  /** Wall-clock limit of the run in ms (default 5000). */
  timeoutMs?: number;
  /** Graph nodes (tensors + grad functions) kept in the Trace (default 5000). */
  maxNodes?: number;
  /** Elements of each tensor's data kept in the Trace (default 1000); stats always cover all of them. */
  dataCap?: number;
  /** Heap cap of the worker in MB, and separately of its tensor storage (default 1024); also sizes the engine's per-tensor element limit. */
  memoryMb?: number;
  /** The snippet's language (default: "python" for a `.py` file name, else "typescript"). */
  language?: SnippetLanguage;
}

/** TypeScript snippets import "autograd-lens"; Python ones `import torch` and are translated (src/python). */
export type SnippetLanguage = "typescript" | "python";

export type ResolvedRunOptions = Required<Omit<RunOptions, "file">> & { file: string | null };

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_NODES = 5000;
export const DEFAULT_DATA_CAP = 1000;
/**
 * 1 GB: the course's runaway `while` loop started at a = 0 grows its graph by ~120 MB/s on this machine, and must
 * hit the 5 s timeout (which names the loop) before it runs out of memory.
 */
export const DEFAULT_MEMORY_MB = 1024;

function positive(n: number | undefined, fallback: number): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Fills in defaults; out-of-range values fall back to the defaults rather than disabling a limit. */
export function resolveOptions(o: RunOptions | undefined): ResolvedRunOptions {
  return {
    file: o?.file ?? null,
    timeoutMs: positive(o?.timeoutMs, DEFAULT_TIMEOUT_MS),
    maxNodes: Math.floor(positive(o?.maxNodes, DEFAULT_MAX_NODES)),
    dataCap: Math.floor(o?.dataCap !== undefined && o.dataCap >= 0 ? o.dataCap : DEFAULT_DATA_CAP),
    memoryMb: positive(o?.memoryMb, DEFAULT_MEMORY_MB),
    language: o?.language ?? (o?.file?.toLowerCase().endsWith(".py") === true ? "python" : "typescript"),
  };
}

/**
 * Largest tensor (in elements) a run may create: a sixteenth of the memory cap in bytes, so one float64 tensor can
 * take at most half of it and `torch.zeros(1e9)` fails with a clear engine error instead of an out-of-memory kill.
 */
export function elementLimitFor(memoryMb: number): number {
  return Math.floor((memoryMb * 1024 * 1024) / 16);
}
