// `npm run lint` (run by `npm test`). Rules chosen for problems that reach users, not for style (formatting is
// prettier's job: `npm run format`):
// - typescript-eslint's recommended rules, plus promises that are neither awaited nor marked `void`
//   (a rejected one disappears silently) and promises handed to places that ignore them;
// - import cycles (import-x/no-cycle): the engine's 14-file cycle made load order matter;
// - the architecture's boundaries: the engine imports only itself (it runs inside the snippet's realm); nothing
//   under src/engine, src/protocol.ts or webview/ imports `vscode` (the engine and the view also run in the CLI,
//   the child process and the browser, where there is no `vscode`); the view imports no Node module;
// - what several sides read lives in src/shared (the Trace codec, the host ⇄ view messages): src/ never reaches
//   into webview/, the view reaches into src/ only for protocol.ts and src/shared, and src/shared imports only
//   itself and protocol.ts (plus valibot) so it runs unchanged in the host, the child, the CLI and the browser.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

const cytoscapeOwners = [{ name: "cytoscape", message: "Only GraphView (webview/graph.ts) and the helpers it hands `cy` to use cytoscape: go through GraphView." }];
const noVscode = { name: "vscode", message: "Only the extension host (src/extension) may import vscode: this code also runs outside VS Code." };

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".vscode-test/**", ".vscode-test-web/**", "test-artifacts/**", "bench/results/**", "examples/node_modules/**", "**/*.d.ts", "**/fixtures/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "import-x": importX },
    settings: {
      // import-x reads .ts files only when told to (its defaults are JavaScript's extensions).
      "import-x/extensions": [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".mts", ".cts"] },
      "import-x/external-module-folders": ["node_modules", "node_modules/@types"],
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      // node:test's describe/it return promises the runner itself tracks.
      "@typescript-eslint/no-floating-promises": ["error", { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["describe", "it", "test", "before", "after", "beforeEach", "afterEach"] }] }],
      // Comma sequences (`(this.pause(), this.play())`) are a style the view uses on purpose; not a bug class.
      "@typescript-eslint/no-unused-expressions": "off",
      // CommonJS loading is deliberate where it appears (code caches, the snippet realm); tsc checks the rest.
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      // Deliberate: `_` for unused parameters and destructured leftovers.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // The snippet runtime and the tests need `any`-free but loosely typed escapes; tsc's strict mode already rules.
      "@typescript-eslint/no-explicit-any": "off",
      "no-empty": ["error", { allowEmptyCatch: true }],
      // PyTorch's reprs have runs of spaces; a regex that shows them literally reads like the output it matches.
      "no-regex-spaces": "off",
      // `const cls = this` in a static method names the class being called; closures would work as well.
      "@typescript-eslint/no-this-alias": "off",
    },
  },
  // Before the engine's and src/shared's blocks: a later block's options for the same rule replace these.
  {
    files: ["src/**/*.ts"],
    rules: { "import-x/no-restricted-paths": ["error", { zones: [{ target: "./src", from: "./webview", message: "What host, CLI and view all read belongs in src/shared, not webview/." }] }] },
  },
  {
    files: ["src/engine/**/*.ts"],
    rules: {
      "import-x/no-restricted-paths": ["error", { zones: [{ target: "./src/engine", from: "./", except: ["./src/engine"], message: "The engine imports only itself." }] }],
      "no-restricted-imports": ["error", { paths: [noVscode], patterns: [{ group: ["node:*", "fs", "path", "os", "child_process", "worker_threads", "vm", "crypto"], message: "The engine imports only itself (it runs inside the snippet's realm)." }] }],
    },
  },
  { files: ["src/protocol.ts"], rules: { "no-restricted-imports": ["error", { paths: [noVscode] }] } },
  {
    files: ["webview/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [noVscode, ...cytoscapeOwners], patterns: [{ group: ["node:*"], message: "The view runs in a browser." }] }],
      "import-x/no-restricted-paths": ["error", { zones: [{ target: "./webview", from: "./src", except: ["./protocol.ts", "./shared"], message: "The view reads only src/protocol.ts and src/shared from src/." }] }],
    },
  },
  // GraphView (graph.ts) alone talks to cytoscape; fit.ts, svg.ts and exporters.ts work on the `cy` it hands them,
  // style.ts builds its stylesheet. cytoscapeChunk.ts is the library's own script and cytoscapeShim.ts its stand-in in
  // the app's (scripts/view-bundle.mjs). Everything else goes through GraphView.
  {
    files: ["webview/graph.ts", "webview/fit.ts", "webview/svg.ts", "webview/exporters.ts", "webview/style.ts", "webview/cytoscapeChunk.ts", "webview/cytoscapeShim.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [noVscode], patterns: [{ group: ["node:*"], message: "The view runs in a browser." }] }] },
  },
  // scene.ts uses cytoscape's element type only: it runs before cytoscape's script has (webview/prepare.ts).
  {
    files: ["webview/scene.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [noVscode], patterns: [{ group: ["node:*"], message: "The view runs in a browser." }] }],
      "@typescript-eslint/no-restricted-imports": ["error", { paths: [{ ...cytoscapeOwners[0], allowTypeImports: true }] }],
    },
  },
  {
    files: ["src/shared/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [noVscode], patterns: [{ group: ["node:*", "fs", "path", "os", "child_process", "worker_threads", "vm", "crypto"], message: "src/shared also runs in the browser." }] }],
      "import-x/no-restricted-paths": ["error", { zones: [{ target: "./src/shared", from: "./src", except: ["./shared", "./protocol.ts"], message: "src/shared imports only itself and protocol.ts." }, { target: "./src/shared", from: "./webview", message: "src/shared imports only itself and protocol.ts." }] }],
    },
  },
  // Plain JavaScript (build scripts, this file): no type information.
  { files: ["**/*.mjs", "**/*.js"], ...tseslint.configs.disableTypeChecked, languageOptions: { globals: { console: "readonly", process: "readonly" } } },
);
