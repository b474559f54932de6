/**
 * Horizontal placement for the layered layout: rows are fixed (see layered.ts), each node wants to sit at the mean
 * x of its neighbours in the rows above (down sweep) or below (up sweep); a row keeps its nodes in the order of
 * those wishes and is packed without overlap as close to them as possible (least squares, block merging, linear).
 * Chains therefore come out as straight vertical columns instead of the zigzag of independently centred rows.
 */

/** Minimum horizontal space between two nodes of a row. */
export const H_GAP = 24;

/**
 * Packs one row: `order` are node indices sorted by `want`; returns nothing, writes `x` (centres).
 * Blocks of touching nodes move together, each block to the weighted mean of its members' wishes.
 */
function packRow(order: number[], want: Float64Array, weight: Float64Array, width: ArrayLike<number>, x: Float64Array): void {
  const off = new Float64Array(order.length);
  const firstOf: number[] = [];
  const sum: number[] = [];
  const count: number[] = [];
  const pos: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const v = order[k] as number;
    let first = k;
    const wv = weight[v] as number;
    let s = (want[v] as number) * wv;
    let c = wv;
    off[k] = 0;
    let p = want[v] as number;
    // Merge with the block to the left while they would overlap.
    while (firstOf.length > 0) {
      const b = firstOf.length - 1;
      const bFirst = firstOf[b] as number;
      const lastIdx = first - 1;
      const lastNode = order[lastIdx] as number;
      const right = (pos[b] as number) + (off[lastIdx] as number) + (width[lastNode] as number) / 2 + H_GAP;
      const left = p - (width[order[first] as number] as number) / 2;
      if (right <= left) break;
      const shift = (off[lastIdx] as number) + (width[lastNode] as number) / 2 + H_GAP + (width[order[first] as number] as number) / 2;
      for (let j = first; j <= k; j++) off[j] = (off[j] as number) + shift;
      s = (sum[b] as number) + s - c * shift;
      c += count[b] as number;
      first = bFirst;
      p = s / c;
      firstOf.pop();
      sum.pop();
      count.pop();
      pos.pop();
    }
    firstOf.push(first);
    sum.push(s);
    count.push(c);
    pos.push(p);
  }
  for (let b = 0; b < firstOf.length; b++) {
    const end = b + 1 < firstOf.length ? (firstOf[b + 1] as number) : order.length;
    for (let k = firstOf[b] as number; k < end; k++) x[order[k] as number] = (pos[b] as number) + (off[k] as number);
  }
}

/**
 * Assigns x centres. `rows` lists node indices top-down; `rowOf` gives each node's row; `pred`/`succ` adjacency
 * (edges between nodes of the same row or going upward are ignored). Three sweeps: down, up, down.
 */
export function assignX(rows: number[][], rowOf: Int32Array, pred: number[][], succ: number[][], width: ArrayLike<number>): Float64Array {
  const n = rowOf.length;
  const x = new Float64Array(n);
  const want = new Float64Array(n);
  const rank = new Float64Array(n);
  rows.forEach((row) => row.forEach((v, k) => (rank[v] = k)));
  // Weight = how far the node's chain continues below (squared): when two children of one node share a row, the one
  // carrying the chain (b = b.mul(2)) stays under its parent and the dead end (b.norm()) moves aside, instead of
  // both shifting by half a node per iteration into a diagonal staircase.
  const below = new Float64Array(n);
  for (let r = rows.length - 1; r >= 0; r--) {
    for (const v of rows[r] ?? []) {
      let h = 0;
      for (const u of succ[v] ?? []) if ((rowOf[u] as number) > r) h = Math.max(h, (below[u] as number) + 1);
      below[v] = h;
    }
  }
  const weight = below.map((h) => 1 + h * h);
  const sweep = (rowOrder: number[][], neighbours: number[][], dir: 1 | -1): void => {
    for (const row of rowOrder) {
      for (const v of row) {
        let s = 0;
        let c = 0;
        for (const u of neighbours[v] ?? []) {
          if (((rowOf[u] as number) - (rowOf[v] as number)) * dir < 0) {
            s += x[u] as number;
            c++;
          }
        }
        want[v] = c > 0 ? s / c : (x[v] as number);
      }
      // Stable: equal wishes keep the previous order.
      const order = [...row].sort((a, b) => (want[a] as number) - (want[b] as number) || (rank[a] as number) - (rank[b] as number));
      order.forEach((v, k) => (rank[v] = k));
      packRow(order, want, weight, width, x);
    }
  };
  sweep(rows, pred, 1);
  sweep([...rows].reverse(), succ, -1);
  sweep(rows, pred, 1);
  return x;
}
