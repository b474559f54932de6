// Types of scripts/view-bundle.mjs for the TypeScript callers (test/webview/harness.ts).
import type { BuildOptions } from "esbuild";
export interface ViewScripts {
  app: string;
  cytoscape: string;
}
export function viewScripts(): Promise<ViewScripts>;
export function viewBundleOptions(scripts: ViewScripts): BuildOptions & { entryPoints: Record<string, string> };
