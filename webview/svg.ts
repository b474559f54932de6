/**
 * SVG export: cytoscape draws on canvas and has no SVG output, so this serializes what is visible from the nodes'
 * positions and computed styles (shapes, fills, borders, labels, edge lines and arrows, dashes). Works on a drawn
 * graph (the panel) and on a headless one (the CLI, webview/headless.ts). No DOM.
 */
import type { Core, EdgeSingular, NodeSingular } from "cytoscape";

/** Escapes text for XML (element text and attribute values). */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

function num(v: unknown, fallback = 0): number {
  const n = typeof v === "number" ? v : parseFloat(String(v));
  return Number.isFinite(n) ? n : fallback;
}

function text(lines: string[], x: number, y: number, size: number, color: string, anchorTop = false, halo: string | null = null, anchor: "middle" | "start" = "middle"): string {
  const lh = size * 1.25;
  const top = anchorTop ? y + size : y - ((lines.length - 1) * lh) / 2 + size * 0.35;
  return `<text x="${x.toFixed(1)}" y="${top.toFixed(1)}" font-size="${size}" fill="${esc(color)}"${halo ? ` stroke="${esc(halo)}" stroke-width="4" paint-order="stroke"` : ""} text-anchor="${anchor}" xml:space="preserve" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace">${lines
    .map((l, i) => `<tspan x="${x.toFixed(1)}" dy="${i === 0 ? 0 : lh.toFixed(1)}">${esc(l)}</tspan>`)
    .join("")}</text>`;
}

function nodeSvg(n: NodeSingular): string {
  const bb = n.boundingBox({ includeLabels: false, includeOverlays: false });
  const pad = n.isParent() ? 0 : num(n.style("border-width"), 1) / 2;
  const x = bb.x1 + pad;
  const y = bb.y1 + pad;
  const w = bb.w - 2 * pad;
  const hgt = bb.h - 2 * pad;
  const fill = String(n.style("background-color"));
  const fillOpacity = num(n.style("background-opacity"), 1);
  const stroke = String(n.style("border-color"));
  const dashed = n.style("border-style") === "dashed" ? ` stroke-dasharray="5,3"` : n.style("border-style") === "dotted" ? ` stroke-dasharray="2,2"` : "";
  const rx = String(n.style("shape")).startsWith("round") ? 6 : 0;
  const opacity = num(n.style("opacity"), 1);
  const label = String(n.style("label") ?? "");
  const rect = `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${hgt.toFixed(1)}" rx="${rx}" fill="${esc(fill)}" fill-opacity="${fillOpacity}" stroke="${esc(stroke)}" stroke-width="${num(n.style("border-width"), 1)}"${dashed}/>`;
  const lines = label ? label.split("\n") : [];
  // Records are left-aligned (their value grids line up), everything else centred.
  const left = n.style("text-justification") === "left" && !n.isParent();
  // A group's label sits above its box, as the panel draws it (inside, it would collide with a nested group's).
  const size = num(n.style("font-size"), 11);
  const t = lines.length ? text(lines, left ? x + 9 : x + w / 2, n.isParent() ? y - size - 3 : y + hgt / 2, size, String(n.style("color")), n.isParent(), null, left ? "start" : "middle") : "";
  return `<g class="node" data-id="${esc(n.id())}" opacity="${opacity}">${rect}${t}</g>`;
}

/**
 * Where an edge leaves its source and meets its target: cytoscape's endpoints when it has drawn the graph, else
 * (headless, the CLI) the straight line between the centres cut at each node's box.
 */
function endpoints(e: EdgeSingular): { s: { x: number; y: number }; t: { x: number; y: number } } {
  try {
    return { s: e.sourceEndpoint(), t: e.targetEndpoint() };
  } catch {
    const a = e.source().position();
    const b = e.target().position();
    const cut = (from: { x: number; y: number }, to: { x: number; y: number }, w: number, h: number): { x: number; y: number } => {
      const dx = to.x - from.x;
      const dy = to.y - from.y;
      const k = Math.min(dx === 0 ? Infinity : w / 2 / Math.abs(dx), dy === 0 ? Infinity : h / 2 / Math.abs(dy), 1);
      return { x: from.x + dx * k, y: from.y + dy * k };
    };
    return { s: cut(a, b, e.source().width(), e.source().height()), t: cut(b, a, e.target().width(), e.target().height()) };
  }
}

function edgeSvg(e: EdgeSingular, background: string): string {
  const { s, t } = endpoints(e);
  const color = String(e.style("line-color"));
  const width = num(e.style("width"), 1);
  const style = String(e.style("line-style"));
  const dash = style === "dashed" ? ` stroke-dasharray="6,4"` : style === "dotted" ? ` stroke-dasharray="2,3"` : "";
  const arrow = e.style("target-arrow-shape") !== "none" ? ` marker-end="url(#arrow)"` : "";
  const label = String(e.style("label") ?? "");
  const mid = { x: (s.x + t.x) / 2, y: (s.y + t.y) / 2 };
  const l = label ? text(label.split("\n"), mid.x, mid.y, num(e.style("font-size"), 10), String(e.style("color")), false, background) : "";
  return `<g class="edge" data-id="${esc(e.id())}"><line x1="${s.x.toFixed(1)}" y1="${s.y.toFixed(1)}" x2="${t.x.toFixed(1)}" y2="${t.y.toFixed(1)}" stroke="${esc(color)}" stroke-width="${width}"${dash}${arrow}/>${l}</g>`;
}

/** The visible graph as a standalone SVG document. */
export function toSvg(cy: Core, background: string): string {
  const visible = cy.elements(":visible");
  const box = visible.boundingBox({});
  // Edge labels are drawn at the straight line's midpoint here, which can stick out of cytoscape's box: widen it.
  const bb = { x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2, w: 0, h: 0 };
  visible.edges().forEach((e) => {
    const label = String(e.style("label") ?? "");
    if (!label) return;
    const { s, t } = endpoints(e);
    const half = (Math.max(...label.split("\n").map((l) => l.length)) * num(e.style("font-size"), 10) * 0.62) / 2;
    const mx = (s.x + t.x) / 2;
    bb.x1 = Math.min(bb.x1, mx - half);
    bb.x2 = Math.max(bb.x2, mx + half);
  });
  bb.w = bb.x2 - bb.x1;
  bb.h = bb.y2 - bb.y1;
  const m = 20;
  const vb = `${(bb.x1 - m).toFixed(1)} ${(bb.y1 - m).toFixed(1)} ${(bb.w + 2 * m).toFixed(1)} ${(bb.h + 2 * m).toFixed(1)}`;
  const nodes = visible.nodes().toArray() as NodeSingular[];
  const parents = nodes.filter((n) => n.isParent());
  const leaves = nodes.filter((n) => !n.isParent());
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${vb}" width="${Math.ceil(bb.w + 2 * m)}" height="${Math.ceil(bb.h + 2 * m)}">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>`,
    `<rect x="${(bb.x1 - m).toFixed(1)}" y="${(bb.y1 - m).toFixed(1)}" width="${(bb.w + 2 * m).toFixed(1)}" height="${(bb.h + 2 * m).toFixed(1)}" fill="${esc(background)}"/>`,
    ...parents.map((n) => nodeSvg(n)),
    ...(visible.edges().toArray() as EdgeSingular[]).map((e) => edgeSvg(e, background)),
    ...leaves.map((n) => nodeSvg(n)),
    `</svg>`,
  ].join("\n");
}
