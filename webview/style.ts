/**
 * Colours and the cytoscape stylesheet. Canvas drawing can't read CSS variables, so the theme's --vscode-* values
 * are resolved once (and again when VS Code switches theme), with fallbacks for the standalone HTML. The CLI's
 * headless SVG render (headless.ts) uses the same stylesheet with EXPORT_THEME.
 */
import type { EdgeSingular, StylesheetJson } from "cytoscape";

export interface Theme {
  background: string;
  foreground: string;
  muted: string;
  widget: string;
  border: string;
  focus: string;
  accent: string;
  error: string;
  flow: string;
}

/** torchviz's fills, fixed across themes (with dark text) so users recognise them. */
export const ROLE_COLORS = {
  leaf: "#add8e6",
  root: "#caff70",
  nograd: "#c8c8c8",
  intermediate: "#f4f4f4",
  saved: "#ffa500",
  func: "#d3d3d3",
} as const;

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

/** Reads the current VS Code theme from CSS variables; standalone mode gets the media/view.css defaults. */
export function readTheme(el: Element = document.body): Theme {
  const s = getComputedStyle(el);
  return {
    background: cssVar(s, "--al-bg", "#1e1e1e"),
    foreground: cssVar(s, "--al-fg", "#cccccc"),
    muted: cssVar(s, "--al-muted", "#8b8b8b"),
    widget: cssVar(s, "--al-widget", "#252526"),
    border: cssVar(s, "--al-border", "#555555"),
    focus: cssVar(s, "--al-focus", "#007fd4"),
    accent: cssVar(s, "--al-accent", "#e2a400"),
    error: cssVar(s, "--al-error", "#f14c4c"),
    flow: cssVar(s, "--al-flow", "#d7ba7d"),
  };
}

/**
 * The theme of files made without a VS Code theme to read (the CLI's `render --out g.svg`): the standalone view's
 * light colours (media/view.css), since an exported picture usually lands in a document or on a white page.
 */
export const EXPORT_THEME: Theme = {
  background: "#ffffff",
  foreground: "#1f1f1f",
  muted: "#616161",
  widget: "#f3f3f3",
  border: "#c8c8c8",
  focus: "#005fb8",
  accent: "#b07800",
  error: "#c72e0f",
  flow: "#b35900",
};

/** Font size of node labels at zoom 1 (fit.ts keeps the zoom high enough for these to stay readable). */
export const LABEL_FONT_PX = 12;
/**
 * Monospace, so a record's value grid lines up. "DejaVu Sans Mono" first: Linux fontconfig answers "Menlo" with a
 * proportional substitute, which broke the columns; macOS and Windows skip it and use Menlo / Consolas.
 */
export const LABEL_FONT = "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace";

/** The stylesheet for the graph. Classes come from model.ts (roles) and the app (playback state). */
export function stylesheet(t: Theme): StylesheetJson {
  return [
    {
      selector: "node",
      style: {
        label: "data(label)",
        // Lines break only where the label says (\n): cytoscape's word wrap (max width 200 px by default) split
        // record lines and cached the split across label updates.
        "text-wrap": "wrap",
        "text-max-width": "4000px",
        "text-valign": "center",
        "text-halign": "center",
        "font-size": LABEL_FONT_PX,
        "font-family": LABEL_FONT,
        width: "data(w)",
        height: "data(h)",
        shape: "round-rectangle",
        "border-width": 1,
        "border-color": "#444444",
        color: "#111111",
        "background-color": ROLE_COLORS.intermediate,
        "min-zoomed-font-size": 6,
      },
    },
    { selector: "node.leaf", style: { "background-color": ROLE_COLORS.leaf } },
    { selector: "node.root", style: { "background-color": ROLE_COLORS.root } },
    { selector: "node.nograd", style: { "background-color": ROLE_COLORS.nograd, color: "#333333" } },
    { selector: "node.savedtensor", style: { "background-color": ROLE_COLORS.saved } },
    { selector: "node.function", style: { shape: "rectangle", "background-color": t.widget, color: t.foreground, "border-color": t.border } },
    { selector: "node.accumulate", style: { shape: "rectangle", "background-color": t.widget, color: t.muted, "border-color": t.border, "border-style": "dotted" } },
    // Computation view: tensors as records (left-aligned lines: name, value, grad), ops as small ovals between them.
    { selector: "node.record", style: { "text-justification": "left" } },
    { selector: "node.op", style: { shape: "round-rectangle", "background-color": t.widget, color: t.foreground, "border-color": t.foreground, "border-width": 1.5 } },
    // Checks and prints: the same dark text (readable), a dashed outline and the constant's grey say "not the computation".
    { selector: "node.check", style: { "border-style": "dashed", "border-color": t.muted } },
    { selector: "node.nogradmode", style: { "border-style": "dashed", "border-color": t.muted } },
    {
      selector: "node.group",
      style: {
        label: "data(label)",
        "text-valign": "top",
        "text-halign": "center",
        "font-size": 11,
        color: t.muted,
        shape: "round-rectangle",
        "background-color": t.foreground,
        "background-opacity": 0.04,
        "border-width": 1,
        "border-style": "dashed",
        "border-color": t.border,
        padding: "12px",
      },
    },
    { selector: "node.group-nograd", style: { "background-color": t.muted, "background-opacity": 0.16, "border-color": t.muted } },
    { selector: "node.group-checks", style: { "border-color": t.muted, "background-opacity": 0.08 } },
    // A folded group: an opaque box (edges passing by must not show through it), as wide as its label.
    { selector: "node.group.collapsed", style: { "text-valign": "center", width: "data(w)", height: 36, padding: "0px", "background-color": t.widget, "background-opacity": 1, color: t.foreground, "border-style": "solid" } },
    {
      selector: "edge",
      style: {
        width: 1.3,
        "line-color": t.muted,
        "target-arrow-color": t.muted,
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.9,
        "curve-style": "bezier",
        "font-size": 10,
        color: t.foreground,
        "text-background-color": t.background,
        "text-background-opacity": 0.85,
        "text-background-padding": "2px",
        "text-wrap": "wrap",
        "text-max-width": "260px",
      },
    },
    { selector: "edge.output", style: { "line-style": "solid", width: 1, "arrow-scale": 0.7 } },
    { selector: "edge.detach", style: { "line-style": "dashed", "line-dash-pattern": [6, 4], "line-color": t.error, "target-arrow-color": t.error, "target-arrow-shape": "tee", label: "detach", color: t.error, width: 2 } },
    { selector: "edge.saved", style: { "line-color": ROLE_COLORS.saved, "target-arrow-color": ROLE_COLORS.saved, "line-style": "dotted", label: "data(label)", color: ROLE_COLORS.saved } },
    // Big graphs: straight edges skip cytoscape's bezier control-point search (measured ~70 ms per frame at 1,000).
    { selector: "edge.fast", style: { "curve-style": "straight" } },
    { selector: "edge.operand", style: { width: 1.5, "arrow-scale": 0.8 } },
    { selector: "edge.result", style: { width: 1.5, "arrow-scale": 0.9 } },
    { selector: "edge.saved.freed", style: { "line-color": t.muted, "target-arrow-color": t.muted, color: t.muted } },
    { selector: "edge.input", style: { "line-style": "dotted", width: 1, "arrow-scale": 0.6 } },
    { selector: "edge.meta", style: { "line-style": "dashed", width: 1 } },
    { selector: ".hidden", style: { display: "none" } },
    // Playback: what already happened is tinted, what happens now is bold and labelled with the chain rule.
    // Offsets set by GraphView.placeLabels so a label never covers a node or another label (labelled edges only:
    // a function style is evaluated per element).
    { selector: "edge.flowing, edge.detach, edge.saved", style: { "text-margin-x": (e: EdgeSingular) => Number(e.data("lx")) || 0, "text-margin-y": (e: EdgeSingular) => Number(e.data("ly")) || 0 } },
    { selector: "node.done", style: { "border-color": t.flow, "border-width": 2 } },
    { selector: "node.active", style: { "border-color": t.accent, "border-width": 5, "overlay-color": t.accent, "overlay-opacity": 0.18, "overlay-padding": 6, "z-index": 10 } },
    { selector: "node.accumulating", style: { "border-color": t.accent, "border-width": 4 } },
    { selector: "edge.flowed", style: { "line-color": t.flow, "source-arrow-color": t.flow, "target-arrow-color": t.flow, width: 2 } },
    {
      selector: "edge.flowing",
      style: { "line-color": t.accent, "source-arrow-color": t.accent, "source-arrow-shape": "triangle", "target-arrow-shape": "none", width: 4, label: "data(flow)", "z-index": 20, "font-size": 12, "font-weight": "bold", "text-max-width": "220px" },
    },
    // Freed: the box fades and its outline is dashed; the text keeps its colour (contrast stays AA).
    { selector: "node.freed", style: { "background-opacity": 0.35, "border-style": "dashed", "border-color": t.muted } },
    { selector: "node.error-node", style: { "border-color": t.error, "border-width": 5, "overlay-color": t.error, "overlay-opacity": 0.15, "overlay-padding": 5 } },
    { selector: "node:selected", style: { "overlay-color": t.focus, "overlay-opacity": 0.25, "overlay-padding": 6 } },
    { selector: "node.line-highlight", style: { "underlay-color": t.focus, "underlay-opacity": 0.35, "underlay-padding": 8 } },
  ];
}
