// Types of scripts/view-bundle.mjs for the TypeScript callers (test/webview/harness.ts).
import type { BuildOptions } from "esbuild";
export function cytoscapeScript(): Promise<string>;
export function viewBundleOptions(cytoscapeText: string): BuildOptions & { entryPoints: Record<string, string> };
