/**
 * Positions in the generated TypeScript → positions in the `.py` file, through the translator's segments, and the
 * composition with TypeScript's own source map (generated JavaScript → TypeScript), so that every position the
 * runner reports (Trace ranges, error and console lines) is a Python one.
 */
import type { SourceRange } from "../protocol.js";
import type { PositionMap } from "../runner/sourceMap.js";
import type { Segment } from "./emit.js";

/** 0-based offsets of line starts, for offset ↔ 1-based line/column. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  offset(line: number, column: number): number {
    const start = this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] ?? 0;
    return start + column - 1;
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}

/** Maps generated TypeScript offsets and ranges to Python ones. */
export class PythonPositions {
  private readonly ts: LineIndex;
  private readonly py: LineIndex;
  /** Segments sorted by start, then longest first, so the innermost containing one is found last. */
  private readonly segs: Segment[];

  constructor(tsText: string, pyText: string, segments: readonly Segment[]) {
    this.ts = new LineIndex(tsText);
    this.py = new LineIndex(pyText);
    this.segs = [...segments].sort((a, b) => a.outStart - b.outStart || b.outEnd - a.outEnd);
  }

  /** The innermost segment holding [start, end). */
  private innermost(start: number, end: number): Segment | null {
    let best: Segment | null = null;
    for (const s of this.segs) {
      if (s.outStart > start) break;
      if (s.outEnd >= end && s.outEnd > start && (best === null || s.outEnd - s.outStart <= best.outEnd - best.outStart)) best = s;
    }
    return best;
  }

  /** A Python offset for a generated one: a segment's start maps to its Python start, its inside to its anchor. */
  pyOffset(tsOffset: number): number | null {
    const s = this.innermost(tsOffset, tsOffset + 1);
    if (s === null) return null;
    return tsOffset === s.outStart ? s.pyFrom : s.anchor;
  }

  /** 1-based TypeScript line/column → 1-based Python line/column. */
  position(line: number, column: number): { line: number; column: number } | null {
    const o = this.pyOffset(this.ts.offset(line, column));
    return o === null ? null : this.py.position(o);
  }

  /** A generated range → the Python range of the innermost segment that holds it. */
  range(r: SourceRange): SourceRange {
    const start = this.ts.offset(r.startLine, r.startColumn);
    const end = this.ts.offset(r.endLine, r.endColumn);
    const s = this.innermost(start, end);
    if (s === null) return r;
    const a = this.py.position(s.pyFrom);
    const b = this.py.position(s.pyTo);
    return { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
  }
}

/** Generated JavaScript → TypeScript (TypeScript's map) → Python (the translator's segments). */
export class ComposedMap implements PositionMap {
  constructor(
    private readonly jsToTs: PositionMap,
    private readonly tsToPy: PythonPositions,
  ) {}

  originalPosition(line: number, column: number): { line: number; column: number } | null {
    const t = this.jsToTs.originalPosition(line, column);
    return t === null ? null : this.tsToPy.position(t.line, t.column);
  }
}
