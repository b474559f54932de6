/** The static page structure with every DOM hook the tests and the extension's UI tests rely on. */
import { h } from "./dom.js";
import { ROLE_COLORS } from "./style.js";
import type { ExportFormat } from "../src/protocol.js";
import { EXPORT_FORMATS } from "../src/shared/exportFormats.js";

export interface Skeleton {
  root: HTMLElement;
  /** The graph's container (GraphView draws into it). */
  graphBox: HTMLElement;
  passSelect: HTMLSelectElement;
  play: HTMLButtonElement;
  pause: HTMLButtonElement;
  stepBack: HTMLButtonElement;
  stepForward: HTMLButtonElement;
  stepStart: HTMLButtonElement;
  stepEnd: HTMLButtonElement;
  speed: HTMLSelectElement;
  /** View switch: the computation (course / micrograd) picture or PyTorch's grad_fn graph. */
  viewComputation: HTMLButtonElement;
  viewAutograd: HTMLButtonElement;
  /** Direction toggle: left-to-right (micrograd) or top-down (torchviz). */
  direction: HTMLButtonElement;
  accumulateLabel: HTMLElement;
  /** The run's console output, each line linked to its source line. */
  console: HTMLElement;
  consoleBox: HTMLDetailsElement;
  position: HTMLElement;
  showAccumulate: HTMLInputElement;
  showSaved: HTMLInputElement;
  fit: HTMLButtonElement;
  relayout: HTMLButtonElement;
  /** The "⋯" button that opens the overflow menu (toggles, re-layout, exports) in a narrow panel. */
  more: HTMLButtonElement;
  moreMenu: HTMLElement;
  /** Shows/hides the details drawer in a narrow panel (in a wide one the details are always shown). */
  drawerToggle: HTMLButtonElement;
  drawerTitle: HTMLElement;
  legendBox: HTMLDetailsElement;
  exports: Record<ExportFormat, HTMLButtonElement>;
  error: HTMLElement;
  truncated: HTMLElement;
  busy: HTMLElement;
  narration: HTMLElement;
  details: HTMLElement;
  graphText: HTMLElement;
  status: HTMLElement;
  activeNode: HTMLElement;
}

/**
 * A toolbar button. With an icon, the text is in its own span so a narrow panel can hide it and show the icon
 * alone (the aria-label and title still name the action).
 */
function button(testid: string, text: string, title: string, icon?: string | SVGElement): HTMLButtonElement {
  const content = icon ? [h("span", { class: "icon", "aria-hidden": "true" }, icon), h("span", { class: "text" }, text)] : [text];
  return h("button", { type: "button", "data-testid": testid, title, "aria-label": title, class: icon ? "has-icon" : undefined }, ...content);
}

/**
 * Media-player icons drawn as SVG (the font's ⏮/⏭ glyphs vary, and some render as colour emoji): bars and
 * triangles in a 16×16 box, filled with the button's text colour. Shapes only, no Trace text.
 */
function icon(parts: Array<["bar", number] | ["left" | "right", number]>): SVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "14");
  svg.setAttribute("height", "14");
  svg.setAttribute("class", "glyph");
  for (const [kind, x] of parts) {
    const el = document.createElementNS(ns, kind === "bar" ? "rect" : "path");
    if (kind === "bar") {
      el.setAttribute("x", String(x));
      el.setAttribute("y", "3");
      el.setAttribute("width", "2");
      el.setAttribute("height", "10");
    } else el.setAttribute("d", kind === "right" ? `M${x} 3 L${x + 6} 8 L${x} 13 Z` : `M${x + 6} 3 L${x} 8 L${x + 6} 13 Z`);
    el.setAttribute("fill", "currentColor");
    svg.append(el);
  }
  return svg;
}

function legendItem(cls: string, color: string, text: string): HTMLElement {
  return h("li", {}, h("span", { class: `swatch ${cls}`, "data-color": color }), text);
}

/** Builds the page into `root` (replacing the loading text). */
export function buildSkeleton(root: HTMLElement): Skeleton {
  const passSelect = h("select", { "data-testid": "pass-select", "aria-label": "Backward pass" });
  const showAccumulate = h("input", { type: "checkbox", checked: true, "data-testid": "toggle-accumulate" });
  const showSaved = h("input", { type: "checkbox", "data-testid": "toggle-saved" });
  const s: Skeleton = {
    root,
    graphBox: h("div", { class: "cy", "data-testid": "graph", role: "img", "aria-label": "Computation graph (the list below is its text alternative)" }),
    passSelect,
    play: button("play", "Play", "Play the backward pass (Space)", icon([["right", 4]])),
    pause: button("pause", "Pause", "Pause (Space)", icon([["bar", 4], ["bar", 10]])),
    stepBack: button("step-back", "Back", "Step back (←)", icon([["left", 3], ["bar", 11]])),
    stepForward: button("step-forward", "Step", "Step forward (→)", icon([["bar", 3], ["right", 7]])),
    stepStart: button("step-start", "Start", "Go to the seed (Home)", icon([["bar", 1], ["left", 3], ["left", 9]])),
    stepEnd: button("step-end", "End", "Go to the end of the pass (End)", icon([["right", 1], ["right", 7], ["bar", 13]])),
    speed: h("select", { "data-testid": "speed", "aria-label": "Playback speed", title: "Playback speed" }, ...["0.5", "1", "2", "4"].map((v) => h("option", { value: v, selected: v === "1" }, `${v}×`))),
    viewComputation: h("button", { type: "button", class: "seg", "data-testid": "view-computation", "aria-pressed": "true", title: "The computation: tensors as records, ops between them (the course's picture)" }, "Computation"),
    viewAutograd: h("button", { type: "button", class: "seg", "data-testid": "view-autograd", "aria-pressed": "false", title: "PyTorch's backward graph: grad_fn nodes and next_functions (torchviz)" }, "grad_fn graph"),
    direction: h("button", { type: "button", "data-testid": "direction", title: "Direction: top-down (click for left-to-right)", "aria-label": "Direction: top-down (click for left-to-right)" }, "↓ top-down"),
    accumulateLabel: h("label", { title: "Show AccumulateGrad nodes" }),
    console: h("ol", { class: "console", "data-testid": "console", "aria-label": "Console output" }),
    consoleBox: h("details", { class: "console-box", "data-testid": "console-box", open: true }),
    position: h("span", { class: "position", "data-testid": "position" }),
    showAccumulate,
    showSaved,
    fit: button("fit", "Fit", "Fit the graph at a readable size (F); again: the whole graph"),
    relayout: button("relayout", "Re-layout", "Lay the graph out again"),
    more: h("button", { type: "button", class: "more", "data-testid": "more", title: "More: toggles, re-layout, export", "aria-label": "More: toggles, re-layout, export", "aria-haspopup": "true", "aria-expanded": "false" }, "⋯"),
    moreMenu: h("div", { class: "more-menu", "data-testid": "more-menu", role: "group", "aria-label": "More controls" }),
    drawerToggle: h("button", { type: "button", class: "drawer-toggle", "data-testid": "drawer-toggle", "aria-expanded": "false", "aria-controls": "al-details" }),
    drawerTitle: h("span", { class: "drawer-title" }, "Details"),
    legendBox: h("details", { class: "legend-box", "data-testid": "legend" }),
    // One button per format of the shared list (the host's Export command and the CLI read the same list).
    exports: Object.fromEntries(EXPORT_FORMATS.map((f) => [f.format, button(`export-${f.format}`, f.label, f.title)])) as Record<ExportFormat, HTMLButtonElement>,
    error: h("div", { class: "banner error", "data-testid": "error", role: "alert", hidden: true }),
    truncated: h("div", { class: "banner truncated", "data-testid": "truncated", role: "note", hidden: true }),
    busy: h("div", { class: "banner busy", "data-testid": "busy", hidden: true }, "Running…"),
    narration: h("div", { class: "narration", "data-testid": "narration", "aria-live": "polite" }),
    details: h("section", { class: "details", id: "al-details", "data-testid": "details", "aria-label": "Details", tabindex: "-1" }, h("p", { class: "hint" }, "Click a node (or press Enter on it in the list) for its values, gradient and source.")),
    graphText: h("ul", { class: "graph-text", "data-testid": "graph-text", "aria-label": "Nodes and edges of the graph" }),
    status: h("div", { class: "status", "data-testid": "status", role: "status" }),
    activeNode: h("span", { class: "active-node", "data-testid": "active-node" }),
  };
  const legend = h(
    "ul",
    { class: "legend", "aria-label": "Legend" },
    legendItem("leaf", ROLE_COLORS.leaf, "leaf, requires grad"),
    legendItem("root", ROLE_COLORS.root, "root output of backward"),
    legendItem("nograd", ROLE_COLORS.nograd, "no grad (constant)"),
    legendItem("intermediate", ROLE_COLORS.intermediate, "intermediate tensor"),
    legendItem("saved", ROLE_COLORS.saved, "saved for backward (toggle)"),
    legendItem("func", ROLE_COLORS.func, "grad function (MulBackward0…)"),
    h("li", {}, h("span", { class: "swatch-line detach" }), "detach: no gradient flows"),
    h("li", {}, h("span", { class: "swatch-line flowing" }), "gradient flowing now"),
    h("li", {}, h("span", { class: "swatch nogradmode" }), "created under no_grad"),
  );
  s.drawerToggle.append(h("span", { class: "chevron", "aria-hidden": "true" }, "▸"), s.drawerTitle);
  s.legendBox.append(h("summary", {}, "Legend"), legend);
  s.accumulateLabel.append(showAccumulate, " AccumulateGrad");
  s.consoleBox.append(h("summary", { "data-testid": "console-summary" }, "Console"), s.console);
  // Less-used controls live in one group: inline in a wide panel, a drop-down behind "⋯" in a narrow one (CSS).
  s.moreMenu.append(
    h("label", { class: "speed-label" }, "Speed ", s.speed),
    s.direction,
    s.accumulateLabel,
    h("label", { title: "Show tensors saved for backward" }, showSaved, " saved tensors"),
    s.relayout,
    h("span", { class: "sep" }),
    h("span", { class: "export-label" }, "Export"),
    ...EXPORT_FORMATS.map((f) => s.exports[f.format]),
  );
  root.replaceChildren(
    h(
      "header",
      { class: "toolbar", role: "toolbar", "aria-label": "Backward pass controls" },
      h("span", { class: "segmented", role: "group", "aria-label": "Which graph" }, s.viewComputation, s.viewAutograd),
      h("label", { class: "pass-label" }, h("span", { class: "text" }, "Pass "), passSelect),
      s.stepStart,
      s.stepBack,
      s.play,
      s.pause,
      s.stepForward,
      s.stepEnd,
      s.position,
      h("span", { class: "sep" }),
      s.fit,
      h("span", { class: "more-wrap" }, s.more, s.moreMenu),
    ),
    s.error,
    s.truncated,
    s.busy,
    h("main", { class: "main" }, s.graphBox, h("aside", { class: "side" }, s.narration, h("div", { class: "drawer" }, s.drawerToggle, s.details), s.consoleBox, s.legendBox)),
    h("details", { class: "text-alt" }, h("summary", {}, "Graph as text"), s.graphText),
    h("footer", { class: "footer" }, s.status, h("span", { class: "active-label" }, "active: ", s.activeNode)),
  );
  root.removeAttribute("aria-busy");
  return s;
}
