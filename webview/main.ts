/**
 * Entry of dist/webview.js. In a VS Code webview (acquireVsCodeApi exists) it says `ready` and waits for the host's
 * messages; in the standalone render HTML it reads the Trace embedded in #trace-data. Never imports `vscode`.
 */
import type { ExportFormat, Trace } from "../src/protocol.js";
import { parseHostMessage, type HostToView, type ViewToHost } from "../src/shared/messages.js";
import type { App, Host, SavedView } from "./app.js";
import { decodeTraceText } from "../src/shared/traceCodec.js";
import { loadApp } from "./appLoader.js";
import type { AppModule } from "./appChunk.js";
import type { FirstArrival } from "./prepare.js";

type TraceMessage = Extract<HostToView, { type: "trace" }>;

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare global {
  /** `performance.now()` when the bundle started evaluating (esbuild banner: it is parsed and compiled by then). */
  var __aglBundleStart: number | undefined;
  interface Window {
    acquireVsCodeApi?: () => VsCodeApi;
    /** For tests and debugging: the running app. */
    autogradLens?: App;
  }
}

function isState(s: unknown): s is SavedView {
  return typeof s === "object" && s !== null && "pass" in s && "position" in s && "collapsed" in s;
}

function webviewHost(api: VsCodeApi): Host {
  return {
    post: (msg: ViewToHost) => api.postMessage(msg),
    getState: () => {
      const s = api.getState();
      return isState(s) ? s : null;
    },
    setState: (s) => api.setState(s),
    deliver: (format: ExportFormat, data, encoding) => api.postMessage({ type: "exported", format, data, encoding } satisfies ViewToHost),
  };
}

function standaloneHost(title: string): Host {
  let state: SavedView | null = null;
  return {
    post: () => undefined,
    getState: () => state,
    setState: (s) => (state = s),
    deliver: (format, data, encoding, mime) => {
      const bytes = encoding === "base64" ? Uint8Array.from(atob(data), (c) => c.charCodeAt(0)) : new TextEncoder().encode(data);
      const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `${title.replace(/[^\w.-]+/g, "_") || "graph"}.${format}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}

/** Now as an epoch (ms): the host and the tests read the same machine clock. */
const epoch = (ms = performance.now()): number => performance.timeOrigin + ms;

/**
 * The view's cold-path marks: when the document started, the bundle arrived, began to run and finished its
 * top level, when `ready` went out. Each painted trace adds its own and the host's (sent with the trace).
 */
function viewPhases(): Record<string, number> {
  const script = performance.getEntriesByType("resource").find((e) => /\/webview\.js(\?|$)/.test(e.name)) as PerformanceResourceTiming | undefined;
  const p: Record<string, number> = { docStart: epoch(0) };
  if (script !== undefined) p["bundleFetched"] = epoch(script.responseEnd);
  if (globalThis.__aglBundleStart !== undefined) p["bundleEvalStart"] = epoch(globalThis.__aglBundleStart);
  return p;
}

/**
 * After each trace is drawn: `data-painted` (a count) and `data-phases` (the merged cold-path record, JSON) on the
 * root, and a `painted` message to the host. Tests wait on these instead of on a time.
 */
function paintedAfter(root: HTMLElement, host: Host, applied: Promise<void>, phases: Record<string, number>): void {
  // The next frame is drawn in the animation-frame turn after the apply: cytoscape's render loop draws its canvas
  // in its own callback, requested in the frame before and so run before ours, and the browser then styles, lays
  // out and paints the DOM. A message posted from our callback is handled once that frame's rendering is done: the
  // frame that shows the new Trace (a second animation frame would add the whole next frame, ~17 ms, to the mark).
  const frameDrawn = (): Promise<void> =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          ch.port1.close();
          resolve();
        };
        ch.port2.postMessage(null);
      }),
    );
  void applied
    .then(() => {
      phases["applied"] = epoch();
      return frameDrawn();
    })
    .then(() => {
      phases["painted"] = epoch();
      const seq = Number(root.dataset["painted"] ?? "0") + 1;
      root.dataset["phases"] = JSON.stringify(phases);
      root.dataset["painted"] = String(seq);
      host.post({ type: "painted", seq });
    });
}

/** The page's script nonce (its CSP runs only scripts that carry it), read while this bundle's own script runs. */
const scriptNonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? "";

/** A view that cannot draw says so in the page (and to the host, through `report`). */
function failed(root: HTMLElement, err: unknown): void {
  root.dataset["failed"] = String(err);
  root.removeAttribute("aria-busy");
  root.replaceChildren(Object.assign(document.createElement("p"), { className: "loading", textContent: `The graph view could not start: ${String(err)}` }));
  console.error(err);
}

/**
 * The first Trace laid out while cytoscape's script still compiles (prepare.ts), marking when in `marks`. Once that
 * script has run there is no wait to fill: the app is about to lay it out itself. A failure here is the app's first
 * layout failing too (the same code on the same input), which the app reports, once.
 */
function layOutAhead(m: AppModule, trace: Trace, arrival: FirstArrival, marks: Record<string, number> = {}): void {
  if (globalThis.__aglCytoscape !== undefined) return;
  marks["prepareStart"] = epoch();
  m.prepareFirstLayout(trace, arrival).then(
    () => (marks["prepared"] = epoch()),
    (err: unknown) => console.warn("the first layout computed ahead failed", err),
  );
}

function start(): void {
  const root = document.getElementById("app");
  if (!root) return;
  // The app's and cytoscape's scripts start compiling now, off the main thread (appLoader.ts); everything up to
  // creating the app (ready, the Trace's arrival and its check, the embedded Trace's decoding) happens meanwhile.
  const loading = loadApp(scriptNonce);
  const appLoaded = loading.all.then((m) => m.App);
  const api = typeof window.acquireVsCodeApi === "function" ? window.acquireVsCodeApi() : null;
  if (api) {
    const host = webviewHost(api);
    const loaded: Record<string, number> = { ...viewPhases(), bundleEvaluated: epoch() };
    const report = (err: unknown): void => host.post({ type: "error", message: String(err instanceof Error ? err.stack ?? err.message : err) });
    const handle = (app: App, msg: HostToView, received: number): void => {
      const applied = app.handle(msg);
      // The last message the view finished handling ("highlightLine:9", "select", …): tests wait on it.
      applied.then(() => (root.dataset["handled"] = msg.type === "highlightLine" ? `highlightLine:${msg.line}` : msg.type), report);
      if (msg.type === "trace") paintedAfter(root, host, applied, { ...msg.phases, ...loaded, traceReceived: received });
    };
    // Messages that arrive before the app exists (its scripts still loading) wait here, in order, with their arrival.
    let app: App | null = null;
    const early: Array<{ msg: HostToView; received: number }> = [];
    // The first Trace the app will load (the embedded one, else the first to arrive), laid out as soon as the app's
    // script has run (layOutAhead).
    let module: AppModule | undefined;
    let first: TraceMessage | undefined;
    let prepared = false;
    const prepare = (): void => {
      if (prepared || module === undefined || first === undefined || app !== null) return;
      prepared = true;
      layOutAhead(module, first.trace, { pass: first.pass, saved: host.getState(), mode: "computation" }, loaded);
    };
    window.addEventListener("message", (ev: MessageEvent<unknown>) => {
      const msg = parseHostMessage(ev.data);
      if (msg === null) return;
      const received = epoch();
      if (app === null) {
        early.push({ msg, received });
        if (msg.type === "trace" && first === undefined) {
          first = msg;
          prepare();
        }
      } else handle(app, msg, received);
    });
    host.post({ type: "ready" });
    loaded["readyPosted"] = epoch();
    // A panel created with its trace carries it in the HTML: decoded now, painted as soon as the graph exists (the
    // host does not send it again).
    const embeddedText = document.getElementById("trace-data")?.textContent;
    let embedded: { msg: HostToView; received: number } | undefined;
    if (embeddedText) {
      const meta = JSON.parse(document.getElementById("trace-meta")?.textContent ?? "{}") as Omit<TraceMessage, "type" | "trace">;
      const msg: TraceMessage = { ...meta, type: "trace", trace: decodeTraceText(embeddedText) };
      embedded = { msg, received: epoch() };
      first = msg;
    }
    loading.app.then((m) => {
      loaded["appScriptLoaded"] = epoch();
      module = m;
      prepare();
    }, () => undefined);
    appLoaded.then(
      (AppClass) => {
        loaded["appLoaded"] = epoch();
        const created = new AppClass(root, host);
        window.autogradLens = created;
        loaded["appCreated"] = epoch();
        app = created;
        if (embedded !== undefined) {
          const { msg, received } = embedded;
          const applied = created.handle(msg);
          applied.catch(report);
          if (msg.type === "trace") paintedAfter(root, host, applied, { ...msg.phases, ...loaded, traceReceived: received });
        }
        for (const e of early.splice(0)) handle(created, e.msg, e.received);
      },
      (err: unknown) => (failed(root, err), report(err)),
    );
    return;
  }
  const data = document.getElementById("trace-data")?.textContent ?? "";
  const trace = decodeTraceText(data);
  // `autograd-lens render --view autograd` opens on PyTorch's grad_fn graph.
  const mode = document.body.dataset["view"] === "autograd" ? "autograd" : "computation";
  loading.app.then((m) => layOutAhead(m, trace, { saved: null, mode }), () => undefined);
  appLoaded
    .then((AppClass) => {
      const app = new AppClass(root, standaloneHost(trace.file ?? document.title));
      app.mode = mode;
      window.autogradLens = app;
      return app.setTrace(trace);
    })
    .catch((err: unknown) => failed(root, err));
}

start();
