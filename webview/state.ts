/**
 * The view's state and the actions that change it, pure (no DOM, no cytoscape, no timers): which pass and which
 * position of it, what is selected, which groups are folded, which picture, which direction, the toggles, playing
 * or not. Every action takes a state and returns the next one; the controller (app.ts) applies the result to the
 * DOM and the GraphView. Tested without a browser (test/unit/webview/state.test.ts).
 *
 * The shape follows GitLens's `apps/*\/state.ts` + `actions.ts`: one plain state, a few named actions, the
 * rendering elsewhere.
 */
import type { BackwardPass, Trace } from "../src/protocol.js";
import { lastPosition } from "./playback.js";
import { indexTrace } from "./traceIndex.js";
import type { ViewModel } from "./model.js";
import type { ComputationModel } from "./computation.js";

import type { ViewMode } from "../src/shared/render.js";

/** Which picture (src/shared/render.ts, where the CLI reads it too): the computation view or the grad_fn graph. */
export type { ViewMode };
/** Forward direction of the drawing: top-down (torchviz) or left-to-right (micrograd). */
export type Direction = "TB" | "LR";

export interface ViewState {
  /** `BackwardPass.index` (1-based), 0 when the Trace has no pass. */
  readonly pass: number;
  /** 0 = seed, 1…n = step i running, n+1 = done (playback.ts). */
  readonly position: number;
  /** A node id of either view (an op `op:<t>`, a tensor, a grad fn), or null. */
  readonly selected: string | null;
  /** Group ids folded into one box; null until a Trace chose its defaults (GraphView's `defaultCollapsed`). */
  readonly collapsed: readonly string[] | null;
  readonly mode: ViewMode;
  readonly direction: Direction;
  readonly showAccumulate: boolean;
  readonly showSaved: boolean;
  /** Playback speed, 1 = one step per PLAY_MS. */
  readonly speed: number;
  readonly playing: boolean;
}

/** What the view persists across a reload of the webview (VS Code's webview state). */
export interface SavedView {
  file: string | null;
  pass: number;
  position: number;
  selected: string | null;
  zoom: number | null;
  pan: { x: number; y: number } | null;
  collapsed: string[];
  showAccumulate: boolean;
  showSaved: boolean;
  /** Absent in states saved before the computation view existed. */
  mode?: ViewMode;
  direction?: Direction;
}

/** A fresh view: the computation picture, top-down (VS Code opens the panel beside the editor, taller than wide). */
export const initialState: ViewState = {
  pass: 0,
  position: 0,
  selected: null,
  collapsed: null,
  mode: "computation",
  direction: "TB",
  showAccumulate: true,
  showSaved: false,
  speed: 1,
  playing: false,
};

/** The pass the state shows, if the Trace has it. */
export function currentPass(s: ViewState, trace: Trace | null): BackwardPass | undefined {
  return trace ? indexTrace(trace).passes.get(s.pass) : undefined;
}

/** How a new Trace arrives: a re-run of the shown snippet, a reload restoring a saved view, or a new snippet. */
export interface Arrival {
  /** The pass the host asked for (a Run backward CodeLens), if any. */
  pass?: number | undefined;
  /** The previous Trace was of the same file: keep pass, step, selection and folded groups. */
  sameSnippet: boolean;
  /** The view was reloaded and had saved this file's view. */
  restoring: SavedView | null;
}

/** The saved view a view that shows nothing yet restores for `trace`: the one saved for the same file (a reload). */
export function restoredView(saved: SavedView | null, trace: Trace): SavedView | null {
  return saved !== null && saved.file === trace.file ? saved : null;
}

/**
 * A new Trace: a fresh one opens at the seed of its first pass (grad_c = 1), ready to step; a re-run keeps its
 * pass and step (clamped to the new pass); a restored view goes back to its pass and step. Playback stops.
 */
export function openTrace(s: ViewState, trace: Trace, a: Arrival): ViewState {
  const saved = a.restoring;
  let next: ViewState = { ...s, playing: false };
  if (saved) {
    next = { ...next, showAccumulate: saved.showAccumulate, showSaved: saved.showSaved };
    if (saved.mode) next = { ...next, mode: saved.mode };
    if (saved.direction) next = { ...next, direction: saved.direction };
  }
  const ix = indexTrace(trace);
  const first = trace.passes.length > 0 ? 1 : 0;
  const k = a.pass ?? (saved ? saved.pass : a.sameSnippet ? s.pass : first);
  const pass = ix.passes.has(k) ? k : first;
  const p = ix.passes.get(pass);
  const position = saved ? saved.position : a.sameSnippet && p ? Math.min(s.position, lastPosition(p)) : 0;
  const collapsed = a.sameSnippet ? s.collapsed : saved ? saved.collapsed : null;
  return { ...next, pass, position, collapsed };
}

/** What stays selected after a new Trace: the restored or kept selection, else the tensor the error names. */
export function selectionAfterOpen(s: ViewState, trace: Trace, a: Arrival, model: ViewModel): string | null {
  const sel = a.restoring ? a.restoring.selected : a.sameSnippet ? s.selected : (trace.error?.tensor ?? null);
  return sel && (model.tensors.has(sel) || model.gradFns.has(sel)) ? sel : null;
}

/** Pass k (1-based) at `position`, by default its end ("done": the grads it left). Unknown passes change nothing. */
export function choosePass(s: ViewState, trace: Trace, k: number, position?: number): ViewState {
  const p = indexTrace(trace).passes.get(k);
  if (!p) return s;
  return { ...s, pass: k, position: position ?? lastPosition(p) };
}

/** Goes to a position of the current pass, clamped to 0…last. Without a pass nothing changes. */
export function goTo(s: ViewState, trace: Trace, position: number): ViewState {
  const p = currentPass(s, trace);
  if (!p) return s;
  return { ...s, position: Math.max(0, Math.min(lastPosition(p), position)) };
}

/** A step back or forward by the user: playback pauses. */
export function stepBy(s: ViewState, trace: Trace, d: number): ViewState {
  return goTo(pause(s), trace, s.position + d);
}

export function toStart(s: ViewState, trace: Trace): ViewState {
  return goTo(pause(s), trace, 0);
}

export function toEnd(s: ViewState, trace: Trace): ViewState {
  return goTo(pause(s), trace, Number.MAX_SAFE_INTEGER);
}

/** Starts playing (from the seed when at the end). Without a pass, or already playing, nothing changes. */
export function play(s: ViewState, trace: Trace): ViewState {
  const p = currentPass(s, trace);
  if (!p || s.playing) return s;
  return { ...(s.position >= lastPosition(p) ? goTo(s, trace, 0) : s), playing: true };
}

export function pause(s: ViewState): ViewState {
  return s.playing ? { ...s, playing: false } : s;
}

/** One tick of the play timer: the next position, or a pause at the end. */
export function tick(s: ViewState, trace: Trace): ViewState {
  const p = currentPass(s, trace);
  if (!p || s.position >= lastPosition(p)) return pause(s);
  return goTo(s, trace, s.position + 1);
}

export function setSpeed(s: ViewState, speed: number): ViewState {
  return { ...s, speed: Number.isFinite(speed) && speed > 0 ? speed : 1 };
}

export function select(s: ViewState, id: string | null): ViewState {
  return { ...s, selected: id };
}

/** Opens a folded group or folds an open one. */
export function toggleGroup(s: ViewState, id: string): ViewState {
  const now = s.collapsed ?? [];
  return { ...s, collapsed: now.includes(id) ? now.filter((x) => x !== id) : [...now, id] };
}

/** Folds these groups too (the computation view folding its loops when it would not fit at a readable size). */
export function fold(s: ViewState, ids: readonly string[]): ViewState {
  const now = s.collapsed ?? [];
  return { ...s, collapsed: [...now, ...ids.filter((id) => !now.includes(id))] };
}

/** The groups the GraphView chose (its defaults for a new Trace, restricted to groups that exist). */
export function setCollapsed(s: ViewState, ids: Iterable<string>): ViewState {
  return { ...s, collapsed: [...ids] };
}

export function toggleDirection(s: ViewState): ViewState {
  return { ...s, direction: s.direction === "LR" ? "TB" : "LR" };
}

export function setShowAccumulate(s: ViewState, on: boolean): ViewState {
  return { ...s, showAccumulate: on };
}

export function setShowSaved(s: ViewState, on: boolean): ViewState {
  return { ...s, showSaved: on };
}

/**
 * Switches the picture, keeping pass, step, folded groups and the selection: an op `op:<t>` stands for its grad fn
 * (or its tensor when it has none) and a grad fn for its op (`model`: the new picture's model).
 */
export function setMode(s: ViewState, mode: ViewMode, model: ViewModel | null): ViewState {
  if (mode === s.mode || !model) return { ...s, mode };
  const sel = s.selected;
  let next = sel;
  if (sel?.startsWith("op:")) next = model.tensors.get(sel.slice(3))?.gradFn ?? sel.slice(3);
  else if (sel && mode === "computation") next = (model as ComputationModel).nodeFor(sel);
  return { ...s, mode, selected: next };
}

/** The record VS Code keeps across a reload. */
export function savedView(s: ViewState, file: string | null, viewport: { zoom: number; pan: { x: number; y: number } } | null): SavedView {
  return {
    file,
    pass: s.pass,
    position: s.position,
    selected: s.selected,
    zoom: viewport?.zoom ?? null,
    pan: viewport?.pan ?? null,
    collapsed: [...(s.collapsed ?? [])],
    showAccumulate: s.showAccumulate,
    showSaved: s.showSaved,
    mode: s.mode,
    direction: s.direction,
  };
}

/** The position as the toolbar says it: "seed", "step 2/5", "done". */
export function positionText(s: ViewState, trace: Trace | null): string {
  const p = currentPass(s, trace);
  if (!p) return "";
  const last = lastPosition(p);
  return s.position === 0 ? "seed" : s.position === last ? "done" : `step ${s.position}/${last - 1}`;
}

/** Which step buttons can do something: back/start before the seed, forward/end before done. */
export function stepControls(s: ViewState, trace: Trace | null): { back: boolean; forward: boolean } | null {
  const p = currentPass(s, trace);
  return p ? { back: s.position > 0, forward: s.position < lastPosition(p) } : null;
}
