/** The static page structure with every DOM hook the tests and the extension's UI tests rely on. */
import { h } from "./dom.js";
import { ROLE_COLORS } from "./style.js";

export interface Skeleton {
  root: HTMLElement;
  cy: HTMLElement;
  passSelect: HTMLSelectElement;
  play: HTMLButtonElement;
  pause: HTMLButtonElement;
  stepBack: HTMLButtonElement;
  stepForward: HTMLButtonElement;
  position: HTMLElement;
  showAccumulate: HTMLInputElement;
  showSaved: HTMLInputElement;
  fit: HTMLButtonElement;
  relayout: HTMLButtonElement;
  exports: Record<"png" | "svg" | "json" | "dot", HTMLButtonElement>;
  error: HTMLElement;
  truncated: HTMLElement;
  busy: HTMLElement;
  narration: HTMLElement;
  details: HTMLElement;
  graphText: HTMLElement;
  status: HTMLElement;
  activeNode: HTMLElement;
}

function button(testid: string, text: string, title: string): HTMLButtonElement {
  return h("button", { type: "button", "data-testid": testid, title, "aria-label": title }, text);
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
    cy: h("div", { class: "cy", "data-testid": "graph", role: "img", "aria-label": "Computation graph (the list below is its text alternative)" }),
    passSelect,
    play: button("play", "▶ Play", "Play the backward pass (Space)"),
    pause: button("pause", "Pause", "Pause (Space)"),
    stepBack: button("step-back", "◀ Back", "Step back (←)"),
    stepForward: button("step-forward", "Step ▶", "Step forward (→)"),
    position: h("span", { class: "position", "data-testid": "position" }),
    showAccumulate,
    showSaved,
    fit: button("fit", "Fit", "Fit the graph to the window (F)"),
    relayout: button("relayout", "Re-layout", "Lay the graph out again"),
    exports: {
      png: button("export-png", "PNG", "Export as PNG"),
      svg: button("export-svg", "SVG", "Export as SVG"),
      json: button("export-json", "JSON", "Export the Trace as JSON"),
      dot: button("export-dot", "DOT", "Export as Graphviz DOT"),
    },
    error: h("div", { class: "banner error", "data-testid": "error", role: "alert", hidden: true }),
    truncated: h("div", { class: "banner truncated", "data-testid": "truncated", role: "note", hidden: true }),
    busy: h("div", { class: "banner busy", "data-testid": "busy", hidden: true }, "Running…"),
    narration: h("div", { class: "narration", "data-testid": "narration", "aria-live": "polite" }),
    details: h("section", { class: "details", "data-testid": "details", "aria-label": "Details", tabindex: "-1" }, h("p", { class: "hint" }, "Click a node (or press Enter on it in the list) for its values, gradient and source.")),
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
  root.replaceChildren(
    h(
      "header",
      { class: "toolbar", role: "toolbar", "aria-label": "Backward pass controls" },
      h("label", {}, "Pass ", passSelect),
      s.stepBack,
      s.play,
      s.pause,
      s.stepForward,
      s.position,
      h("span", { class: "sep" }),
      h("label", { title: "Show AccumulateGrad nodes" }, showAccumulate, " AccumulateGrad"),
      h("label", { title: "Show tensors saved for backward" }, showSaved, " saved tensors"),
      s.fit,
      s.relayout,
      h("span", { class: "sep" }),
      h("span", { class: "export-label" }, "Export"),
      s.exports.png,
      s.exports.svg,
      s.exports.json,
      s.exports.dot,
    ),
    s.error,
    s.truncated,
    s.busy,
    h("main", { class: "main" }, s.cy, h("aside", { class: "side" }, s.narration, s.details, h("details", { class: "legend-box", open: true }, h("summary", {}, "Legend"), legend))),
    h("details", { class: "text-alt" }, h("summary", {}, "Graph as text"), s.graphText),
    h("footer", { class: "footer" }, s.status, h("span", { class: "active-label" }, "active: ", s.activeNode)),
  );
  root.removeAttribute("aria-busy");
  return s;
}
