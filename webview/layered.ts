/**
 * A linear-time layered layout for big graphs and for loops, where dagre and ELK are too slow (measured: dagre
 * 1.7 s and ELK 0.7 s at 1,000 nodes, dagre overflows its stack on a 5,000-node chain; see webview/README.md).
 * Forward direction reads top-down.
 *
 * Compound groups (loop → iteration, no_grad runs) get their own horizontal BAND of rows: a group is laid out on
 * its own (recursively), then placed in its parent as one block spanning its rows, and no other item of the parent
 * shares those rows. Sibling iteration boxes therefore stack without overlapping each other or nodes outside them
 * (before, rows were global and an iteration's two rows interleaved with the next one's, examples/06).
 * Within a container: longest-path ranks over its items (nodes and child groups, a group counting as many ranks as
 * it has rows), items placed in rank order with groups exclusive, sources pulled down next to their first consumer.
 * Rows are then spaced with room for the group boxes' padding and labels, and x comes from layeredX.ts.
 */
import type { LayoutInput, Positions } from "./layout.js";
import { assignX } from "./layeredX.js";

/** Vertical space between two rows of the same box (room for a chain-rule edge label). */
const V_GAP = 46;
/** Compound padding of `node.group` in style.ts, and the height of a group's label drawn above its box. */
const GROUP_PAD = 12;
const GROUP_LABEL = 18;
/** Clear space between a box's border and the next box's label. */
const BOX_GAP = 16;

/** One row of the final layout: node indices, and the innermost group it belongs to (-1: none). */
interface Row {
  nodes: number[];
  container: number;
}

export function layoutLayered(input: LayoutInput): Positions {
  const n = input.nodes.length;
  const ids = input.nodes.map((nd) => nd.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  // Items: nodes 0…n-1, groups n…n+G-1. parentOf[item] is a group item, or -1 for the top level.
  const groupIndex = new Map(input.groups.map((g, k) => [g.id, n + k]));
  const total = n + input.groups.length;
  const parentOf = new Int32Array(total).fill(-1);
  input.nodes.forEach((nd, i) => (parentOf[i] = nd.parent !== null ? (groupIndex.get(nd.parent) ?? -1) : -1));
  input.groups.forEach((g, k) => (parentOf[n + k] = g.parent !== null ? (groupIndex.get(g.parent) ?? -1) : -1));
  // Guard against a malformed parent cycle among groups: such a group goes to the top level.
  const depth = new Int32Array(total).fill(-1);
  const depthOf = (it: number): number => {
    const seen: number[] = [];
    let d = 0;
    for (let p = it; p !== -1; p = parentOf[p] as number) {
      if (depth[p] !== -1) {
        d += (depth[p] as number) + 1;
        break;
      }
      if (seen.includes(p)) {
        parentOf[p] = -1;
        break;
      }
      seen.push(p);
      d++;
    }
    seen.forEach((p, k) => (depth[p] = d - k - 1));
    return depth[it] as number;
  };
  for (let it = 0; it < total; it++) depthOf(it);
  const children: number[][] = Array.from({ length: total + 1 }, () => []);
  const slot = (c: number): number => (c === -1 ? total : c);
  for (let it = 0; it < total; it++) children[slot(parentOf[it] as number)]?.push(it);

  // Node edges (for x placement) and item edges between the two siblings under the edges' common ancestor.
  const pred: number[][] = ids.map(() => []);
  const succ: number[][] = ids.map(() => []);
  const itemSucc: number[][] = Array.from({ length: total }, () => []);
  for (const e of input.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    succ[s]?.push(t);
    pred[t]?.push(s);
    let a = s;
    let b = t;
    while ((depth[a] as number) > (depth[b] as number)) a = parentOf[a] as number;
    while ((depth[b] as number) > (depth[a] as number)) b = parentOf[b] as number;
    while (parentOf[a] !== parentOf[b]) {
      a = parentOf[a] as number;
      b = parentOf[b] as number;
    }
    if (a !== b) itemSucc[a]?.push(b);
  }
  // Creation order of an item (its first node), to break ties and cycles the way the code ran.
  const key = new Float64Array(total).fill(Infinity);
  for (let i = 0; i < n; i++) for (let p = i; p !== -1; p = parentOf[p] as number) key[p] = Math.min(key[p] as number, i);
  const noPred = pred.map((p) => p.length === 0);

  const layoutContainer = (c: number): Row[] => {
    const sub = new Map<number, Row[]>();
    for (const it of children[slot(c)] ?? []) if (it >= n) sub.set(it, layoutContainer(it));
    const items = (children[slot(c)] ?? []).filter((it) => it < n || (sub.get(it)?.length ?? 0) > 0);
    const span = (it: number): number => (it < n ? 1 : (sub.get(it)?.length ?? 0));
    return placeItems(c, items, span, sub);
  };

  /** Ranks, places and flattens one container's items into rows. */
  const placeItems = (c: number, items: number[], span: (it: number) => number, sub: Map<number, Row[]>): Row[] => {
    const live = new Set(items);
    const indeg = new Map<number, number>(items.map((it) => [it, 0]));
    for (const it of items) for (const w of itemSucc[it] ?? []) if (live.has(w)) indeg.set(w, (indeg.get(w) ?? 0) + 1);
    // Kahn's order; when only cycles are left (possible through groups interleaving in time), the earliest-created
    // item goes next and its remaining incoming edges are ignored.
    const byKey = [...items].sort((a, b) => (key[a] as number) - (key[b] as number));
    const done = new Set<number>();
    const topo: number[] = [];
    const queue = byKey.filter((it) => indeg.get(it) === 0);
    let cursor = 0;
    for (let q = 0; topo.length < items.length; ) {
      let v: number;
      if (q < queue.length) v = queue[q++] as number;
      else {
        while (done.has(byKey[cursor] as number)) cursor++;
        v = byKey[cursor] as number;
      }
      if (done.has(v)) continue;
      done.add(v);
      topo.push(v);
      for (const w of itemSucc[v] ?? []) {
        if (!live.has(w) || done.has(w)) continue;
        const d = (indeg.get(w) ?? 0) - 1;
        indeg.set(w, d);
        if (d === 0) queue.push(w);
      }
    }
    const pos = new Map(topo.map((it, k) => [it, k]));
    const rank = new Map<number, number>(items.map((it) => [it, 0]));
    for (const v of topo) {
      for (const w of itemSucc[v] ?? []) {
        if (live.has(w) && (pos.get(w) ?? 0) > (pos.get(v) ?? 0)) rank.set(w, Math.max(rank.get(w) ?? 0, (rank.get(v) ?? 0) + span(v)));
      }
    }
    // Place items as they become ready (all inputs placed), lowest rank first, nodes before groups; a group takes
    // rows no other item uses. A group with no inputs here (a no_grad block reading only grad-requiring tensors,
    // which draw no edge) counts as ranked with its first consumer, so it lands just above it, not at the top.
    const prio = new Map<number, number>();
    const waiting = new Map<number, number>(items.map((it) => [it, 0]));
    for (const v of items) for (const w of itemSucc[v] ?? []) if (live.has(w) && (pos.get(w) ?? 0) > (pos.get(v) ?? 0)) waiting.set(w, (waiting.get(w) ?? 0) + 1);
    for (const v of items) {
      const consumers = (itemSucc[v] ?? []).filter((w) => live.has(w));
      const source = v >= n && waiting.get(v) === 0 && consumers.length > 0;
      prio.set(v, source ? Math.min(...consumers.map((w) => rank.get(w) ?? 0)) : (rank.get(v) ?? 0));
    }
    const before = (a: number, b: number): boolean =>
      ((prio.get(a) ?? 0) - (prio.get(b) ?? 0) || Number(a >= n) - Number(b >= n) || (pos.get(a) ?? 0) - (pos.get(b) ?? 0)) < 0;
    const ready = new MinHeap(before);
    for (const v of items) if (waiting.get(v) === 0) ready.push(v);
    const start = new Map<number, number>();
    const earliest = new Map<number, number>();
    let groupsEnd = 0;
    let lastNodeRow = -1;
    for (let v = ready.pop(); v !== undefined; v = ready.pop()) {
      const e = earliest.get(v) ?? 0;
      let s: number;
      if (v < n) {
        s = Math.max(e, groupsEnd);
        lastNodeRow = Math.max(lastNodeRow, s);
      } else {
        s = Math.max(e, groupsEnd, lastNodeRow + 1);
        groupsEnd = s + span(v);
      }
      start.set(v, s);
      for (const w of itemSucc[v] ?? []) {
        if (!live.has(w) || (pos.get(w) ?? 0) <= (pos.get(v) ?? 0)) continue;
        earliest.set(w, Math.max(earliest.get(w) ?? 0, s + span(v)));
        const left = (waiting.get(w) ?? 0) - 1;
        waiting.set(w, left);
        if (left === 0) ready.push(w);
      }
    }
    const height = Math.max(0, ...items.map((it) => (start.get(it) ?? 0) + span(it)));
    const groupAt: number[] = new Array<number>(height).fill(-1);
    for (const it of items) if (it >= n) for (let r = 0; r < span(it); r++) groupAt[(start.get(it) ?? 0) + r] = it;
    // A node with no inputs at all (a leaf, a constant) sits just above its first consumer in this container.
    for (const it of items) {
      if (it >= n || !noPred[it]) continue;
      const consumers = (itemSucc[it] ?? []).filter((w) => live.has(w));
      if (consumers.length === 0) continue;
      const cur = start.get(it) ?? 0;
      let target = Math.min(...consumers.map((w) => start.get(w) ?? 0)) - 1;
      while (target > cur && groupAt[target] !== -1) target--;
      if (target > cur) start.set(it, target);
    }
    const loose: number[][] = Array.from({ length: height }, () => []);
    for (const it of items) if (it < n) loose[start.get(it) ?? 0]?.push(it);
    const rows: Row[] = [];
    for (let r = 0; r < height; r++) {
      const g = groupAt[r] as number;
      if (g !== -1) {
        if ((start.get(g) ?? 0) === r) rows.push(...(sub.get(g) ?? []));
      } else if ((loose[r]?.length ?? 0) > 0) rows.push({ nodes: loose[r] as number[], container: c });
    }
    return rows;
  };

  const rows = layoutContainer(-1);
  const rowOf = new Int32Array(n);
  rows.forEach((row, r) => row.nodes.forEach((v) => (rowOf[v] = r)));
  const widths = input.nodes.map((nd) => nd.width);
  const x = assignX(rows.map((r) => r.nodes), rowOf, pred, succ, widths);

  // y: rows of the same box are V_GAP apart; crossing box borders adds their padding and the opened boxes' labels.
  const pathOf = (c: number): number[] => {
    const p: number[] = [];
    for (let g = c; g !== -1; g = parentOf[g] as number) p.unshift(g);
    return p;
  };
  const out: Positions = new Map();
  let y = 0;
  let prevPath: number[] = [];
  rows.forEach((row, r) => {
    const path = pathOf(row.container);
    let common = 0;
    while (common < path.length && common < prevPath.length && path[common] === prevPath[common]) common++;
    const closed = prevPath.length - common;
    const opened = path.length - common;
    const border = closed * GROUP_PAD + opened * (GROUP_PAD + GROUP_LABEL);
    if (r > 0) y += closed + opened > 0 ? Math.max(V_GAP, border + BOX_GAP) : V_GAP;
    const height = Math.max(...row.nodes.map((v) => input.nodes[v]?.height ?? 30));
    for (const v of row.nodes) out.set(ids[v] as string, { x: x[v] as number, y: y + height / 2 });
    y += height;
    prevPath = path;
  });
  return out;
}

/** A binary min-heap of item indices under a strict ordering (the ready list of the placement). */
class MinHeap {
  private readonly a: number[] = [];
  constructor(private readonly less: (x: number, y: number) => boolean) {}

  push(v: number): void {
    const a = this.a;
    a.push(v);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i] as number, a[p] as number)) break;
      [a[i], a[p]] = [a[p] as number, a[i] as number];
      i = p;
    }
  }

  pop(): number | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l] as number, a[m] as number)) m = l;
        if (r < a.length && this.less(a[r] as number, a[m] as number)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as number, a[i] as number];
        i = m;
      }
    }
    return top;
  }
}
