// Types of scripts/view-bundle.mjs for the TypeScript callers (test/webview/harness.ts).
import type { BuildOptions } from "esbuild";
export function appScript(): Promise<string>;
export function viewBundleOptions(appText: string): BuildOptions & { entryPoints: Record<string, string> };
