/**
 * The layered layout alone (Node, no browser), on random nested groups: boxes computed the way cytoscape draws them
 * (children's extent + 12 px padding, label above) never intersect a sibling box or a node outside them, every
 * edge inside one container points down, and a 5,000-node unrolled loop lays out in well under a second.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { layoutLayered } from "../../webview/layered.js";
import type { LayoutInput, Positions } from "../../webview/layout.js";
import { buildModel } from "../../webview/model.js";
import { syntheticTrace } from "./synthetic.js";

const PAD = 12;
const LABEL = 14;

interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
const hit = (a: Rect, b: Rect): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** Problems found in a layout: intersecting sibling boxes, strangers inside boxes. */
function problems(input: LayoutInput, pos: Positions): string[] {
  const parentOf = new Map<string, string | null>(input.groups.map((g) => [g.id, g.parent]));
  const rect = new Map<string, Rect>();
  const members = new Map<string, Set<string>>();
  for (const n of input.nodes) {
    const p = pos.get(n.id);
    assert.ok(p && Number.isFinite(p.x) && Number.isFinite(p.y), `position of ${n.id}`);
    rect.set(n.id, { x1: p.x - n.width / 2, y1: p.y - n.height / 2, x2: p.x + n.width / 2, y2: p.y + n.height / 2 });
    for (let g = n.parent; g; g = parentOf.get(g) ?? null) members.set(g, (members.get(g) ?? new Set()).add(n.id));
  }
  // Boxes inside out: a group's box wraps its nodes and its child groups' boxes (labels included).
  const depth = (g: string | null): number => (g ? 1 + depth(parentOf.get(g) ?? null) : 0);
  const boxes = new Map<string, Rect>();
  for (const g of [...input.groups].sort((a, b) => depth(b.id) - depth(a.id))) {
    const inner = [...(members.get(g.id) ?? [])].map((id) => rect.get(id) as Rect);
    for (const c of input.groups) if (c.parent === g.id && boxes.has(c.id)) inner.push(boxes.get(c.id) as Rect);
    if (inner.length === 0) continue;
    boxes.set(g.id, { x1: Math.min(...inner.map((r) => r.x1)) - PAD, y1: Math.min(...inner.map((r) => r.y1)) - PAD - LABEL, x2: Math.max(...inner.map((r) => r.x2)) + PAD, y2: Math.max(...inner.map((r) => r.y2)) + PAD });
  }
  const out: string[] = [];
  for (const [g, box] of boxes) {
    for (const [o, other] of boxes) if (g < o && parentOf.get(g) === parentOf.get(o) && hit(box, other)) out.push(`boxes ${g} and ${o}`);
    for (const n of input.nodes) if (!members.get(g)?.has(n.id) && hit(box, rect.get(n.id) as Rect)) out.push(`node ${n.id} in ${g}`);
  }
  for (let i = 0; i < input.nodes.length; i++) {
    for (let j = i + 1; j < input.nodes.length; j++) {
      const a = input.nodes[i];
      const b = input.nodes[j];
      if (a && b && hit(rect.get(a.id) as Rect, rect.get(b.id) as Rect)) out.push(`nodes ${a.id} and ${b.id}`);
    }
  }
  return out;
}

/** A random program: loops (some nested) whose iterations each add a few ops to a running chain. */
const programs = fc.array(
  fc.record({ loop: fc.boolean(), iterations: fc.integer({ min: 1, max: 5 }), ops: fc.integer({ min: 1, max: 4 }), nested: fc.boolean(), width: fc.integer({ min: 60, max: 200 }) }),
  { minLength: 1, maxLength: 5 },
);

function buildInput(prog: Array<{ loop: boolean; iterations: number; ops: number; nested: boolean; width: number }>): LayoutInput {
  const input: LayoutInput = { nodes: [], groups: [], edges: [] };
  let last = "x";
  input.nodes.push({ id: "x", width: 60, height: 40, parent: null });
  prog.forEach((seg, s) => {
    const loopId = seg.loop ? `loop${s}` : null;
    if (loopId) input.groups.push({ id: loopId, parent: null });
    for (let it = 0; it < (seg.loop ? seg.iterations : 1); it++) {
      let parent = loopId ? `${loopId}:${it}` : null;
      if (parent) input.groups.push({ id: parent, parent: loopId });
      for (let k = 0; k < seg.ops; k++) {
        if (parent && seg.nested && k === 1) {
          input.groups.push({ id: `${parent}/inner`, parent });
          parent = `${parent}/inner`;
        }
        const op = `n${s}.${it}.${k}`;
        const side = `${op}.side`;
        input.nodes.push({ id: op, width: seg.width, height: 26, parent }, { id: side, width: 80, height: 40, parent });
        input.edges.push({ source: last, target: op }, { source: op, target: side }, { source: "x", target: op });
        last = op;
      }
    }
  });
  return input;
}

describe("layered layout with groups", () => {
  it("random nested loops: no box intersects a sibling or holds a stranger, no nodes overlap", () => {
    fc.assert(
      fc.property(programs, (prog) => {
        const input = buildInput(prog);
        assert.deepEqual(problems(input, layoutLayered(input)), []);
      }),
      { numRuns: 200 },
    );
  });

  it("forward edges of the chain point down", () => {
    const input = buildInput([{ loop: true, iterations: 4, ops: 3, nested: true, width: 90 }, { loop: false, iterations: 1, ops: 2, nested: false, width: 90 }]);
    const pos = layoutLayered(input);
    for (const e of input.edges) assert.ok((pos.get(e.source)?.y ?? 0) < (pos.get(e.target)?.y ?? 0), `${e.source} → ${e.target} points down`);
  });

  it("a synthetic 5,000-node loop with every iteration open lays out in under a second, without overlaps", () => {
    const m = buildModel(syntheticTrace({ nodes: 5000 }));
    const input: LayoutInput = {
      nodes: m.nodes.map((n) => ({ id: n.id, width: 90, height: 40, parent: n.parent })),
      groups: m.groups.map((g) => ({ id: g.id, parent: g.parent })),
      edges: m.edges.filter((e) => e.kind !== "saved").map((e) => ({ source: e.source, target: e.target })),
    };
    // CPU time, not wall time: on a machine busy with other work the wall clock also counts their time slices.
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const pos = layoutLayered(input);
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    assert.ok(cpuMs < 1000, `${cpuMs.toFixed(0)} ms of CPU (${(performance.now() - t0).toFixed(0)} ms wall)`);
    // Iterations stack: each iteration's nodes lie strictly below the previous iteration's.
    const bottom = new Map<string, number>();
    const top = new Map<string, number>();
    for (const n of input.nodes) {
      if (!n.parent) continue;
      const y = pos.get(n.id)?.y ?? 0;
      bottom.set(n.parent, Math.max(bottom.get(n.parent) ?? -Infinity, y));
      top.set(n.parent, Math.min(top.get(n.parent) ?? Infinity, y));
    }
    const its = m.groups.filter((g) => g.kind === "iteration").map((g) => g.id);
    for (let k = 1; k < its.length; k++) assert.ok((top.get(its[k] as string) ?? 0) > (bottom.get(its[k - 1] as string) ?? 0), `${its[k]} below ${its[k - 1]}`);
  });
});
