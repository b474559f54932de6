/**
 * The first Trace laid out before the app can draw it. The app's script arrives well before cytoscape's (a third of
 * its size, streamed beside it: appLoader.ts); meanwhile the main thread would wait. It lays the Trace out the way
 * the app will open it — the same view state (state.ts `openTrace`), model, labels, folded groups and toggles, so
 * the same layout input — and leaves the positions for the app's first layout (layout.ts `layoutAhead`). When
 * anything differs (the app opened it otherwise), the input differs and the app lays it out itself: the result is the
 * same either way, only sooner.
 */
import type { Trace } from "../src/protocol.js";
import { buildModel, type ViewModel } from "./model.js";
import { buildComputation } from "./computation.js";
import { labelsOverPlayback, nodeLabel, type LabelContext } from "./labels.js";
import { layoutAhead } from "./layout.js";
import { Scene } from "./scene.js";
import * as act from "./state.js";
import type { SavedView, ViewMode, ViewState } from "./state.js";

/** Either picture's model of a Trace. */
export function modelFor(mode: ViewMode, trace: Trace): ViewModel {
  return mode === "computation" ? buildComputation(trace) : buildModel(trace);
}

/** How a view that has shown nothing yet opens `trace` (App.setTrace's first arrival). */
export interface FirstArrival {
  /** The pass the host asked for, if any. */
  pass?: number | undefined;
  /** The webview's saved state (a reload), if any: it is used when it is this file's. */
  saved: SavedView | null;
  /** The picture the view opens on (`render --view autograd`). */
  mode: ViewMode;
}

/** The view state a fresh view opens `trace` in (App.setTrace's first arrival, through the same state.ts rules). */
export function firstOpen(trace: Trace, a: FirstArrival): ViewState {
  return act.openTrace({ ...act.initialState, mode: a.mode }, trace, { pass: a.pass, sameSnippet: false, restoring: act.restoredView(a.saved, trace) });
}

/** Lays `trace` out as the app's first load of it will (see above). */
export async function prepareFirstLayout(trace: Trace, a: FirstArrival): Promise<void> {
  const state = firstOpen(trace, a);
  const model = modelFor(state.mode, trace);
  const c: LabelContext = { mode: state.mode, trace, model, pass: state.pass, position: state.position };
  const scene = new Scene();
  scene.setToggles(state);
  scene.setModel(trace, model, (n) => nodeLabel(c, n), { collapsed: state.collapsed ? [...state.collapsed] : undefined, labelsOverPlayback: (n) => labelsOverPlayback(c, n) });
  await layoutAhead(scene.freshLayoutInput(), scene.direction);
}
