/**
 * "Fit" that keeps labels readable. Fitting a large graph into a 600 px side panel makes every label a few pixels
 * high; so the zoom never goes below the level where node labels render at READABLE_PX, and when the whole graph
 * does not fit at that zoom the view is centred on what matters now (the active step, else the pass's root)
 * instead, without showing empty space beyond the graph's edges.
 */
import type { Core, CollectionReturnValue } from "cytoscape";
import { LABEL_FONT_PX } from "./style.js";

/** Smallest on-screen label font size we accept after a fit. */
export const READABLE_PX = 12;
/** The zoom at which node labels render at READABLE_PX. */
export const MIN_READABLE_ZOOM = READABLE_PX / LABEL_FONT_PX;
/** Small graphs are not blown up beyond this. */
export const MAX_FIT_ZOOM = 1.4;
const PAD = 24;
/** Margin a fit leaves around the graph. */
export const FIT_PAD = PAD;

export interface FitResult {
  /** True when the whole graph fits at a readable zoom (or is shown whole on purpose). */
  whole: boolean;
}

/**
 * Fits `eles` into the viewport. With `overview`, the whole graph is shown whatever the label size (the second
 * press of "Fit"); otherwise the zoom is clamped to MIN_READABLE_ZOOM and the view centred on `focus`.
 */
export function fitReadable(cy: Core, eles: CollectionReturnValue, focus: CollectionReturnValue | null, overview = false): FitResult {
  if (eles.empty()) return { whole: true };
  cy.stop(true, false);
  cy.fit(eles, PAD);
  const mid = { x: cy.width() / 2, y: cy.height() / 2 };
  if (cy.zoom() > MAX_FIT_ZOOM) cy.zoom({ level: MAX_FIT_ZOOM, renderedPosition: mid });
  if (overview || cy.zoom() >= MIN_READABLE_ZOOM) return { whole: true };

  const z = MIN_READABLE_ZOOM;
  const bb = eles.boundingBox({});
  cy.zoom(z);
  // Without a focus: the top of the graph, where the forward pass starts.
  const f = focus && focus.nonempty() ? focus.boundingBox({}) : { x1: bb.x1, x2: bb.x2, y1: bb.y1, y2: bb.y1 };
  const target = { x: (f.x1 + f.x2) / 2, y: (f.y1 + f.y2) / 2 };
  cy.pan({ x: clampPan(mid.x - target.x * z, bb.x1, bb.x2, z, cy.width()), y: clampPan(mid.y - target.y * z, bb.y1, bb.y2, z, cy.height()) });
  return { whole: false };
}

/**
 * Keeps the graph's extent [lo, hi] (model coordinates) covering the viewport along one axis: no blank margin
 * wider than PAD on either side when the graph is bigger than the viewport, centred when it is smaller.
 */
function clampPan(pan: number, lo: number, hi: number, z: number, size: number): number {
  const extent = (hi - lo) * z;
  if (extent + 2 * PAD <= size) return size / 2 - ((lo + hi) / 2) * z;
  const max = PAD - lo * z; // the graph's left/top edge at PAD
  const min = size - PAD - hi * z; // its right/bottom edge at size - PAD
  return Math.min(max, Math.max(min, pan));
}

/**
 * The pan that centres `focus` at the current zoom, clamped like a readable fit (no blank band beyond the graph's
 * edges), for following the active step without jumping into empty space.
 */
export function panToShow(cy: Core, eles: CollectionReturnValue, focus: CollectionReturnValue): { x: number; y: number } {
  const z = cy.zoom();
  const bb = eles.boundingBox({});
  const f = focus.boundingBox({});
  const mid = { x: cy.width() / 2, y: cy.height() / 2 };
  return {
    x: clampPan(mid.x - ((f.x1 + f.x2) / 2) * z, bb.x1, bb.x2, z, cy.width()),
    y: clampPan(mid.y - ((f.y1 + f.y2) / 2) * z, bb.y1, bb.y2, z, cy.height()),
  };
}

/** True when a node's rendered box lies fully inside the viewport (with a margin). */
export function inView(cy: Core, n: CollectionReturnValue, margin = 8): boolean {
  if (n.empty()) return true;
  const b = n.renderedBoundingBox({});
  return b.x1 >= margin && b.y1 >= margin && b.x2 <= cy.width() - margin && b.y2 <= cy.height() - margin;
}
