/** What the extension host and the CodeLens parser worker (parseWorkerMain.ts) send each other. */
import type { GradCall } from "./tsGradCalls";

/** The worker's `workerData`: compilers to try in order, and where their verified code caches live (null: none). */
export interface ParseWorkerData {
  compilers: string[];
  cacheDir: string | null;
}

export interface ParseRequest {
  id: number;
  text: string;
}

/** `calls` is null when no compiler could be loaded or parsing failed: the host falls back. */
export interface ParseResponse {
  id: number;
  calls: GradCall[] | null;
}
