/**
 * Maps positions in the compiled snippet back to the snippet, through the source map TypeScript emitted for it.
 * Only what the runner needs: decode "mappings" (base64 VLQ) once, look up line/column.
 */

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((c, i) => [c, i] as const));

/** One mapping segment: generated column → original line/column (all 0-based). */
interface Segment {
  genColumn: number;
  line: number;
  column: number;
}

/** Generated position (1-based, as V8 reports it) → the position in the file the user wrote. */
export interface PositionMap {
  originalPosition(line: number, column: number): { line: number; column: number } | null;
}

/** A decoded source map of one generated file with one source. */
export class SnippetSourceMap implements PositionMap {
  /** Per generated line (0-based), segments sorted by generated column. */
  private readonly lines: Segment[][] = [];

  /** `mappings` is the field of a version 3 source map. */
  constructor(mappings: string) {
    let line: Segment[] = [];
    let genColumn = 0;
    let srcLine = 0;
    let srcColumn = 0;
    let i = 0;
    const readVlq = (): number => {
      let result = 0;
      let shift = 0;
      for (;;) {
        const d = DIGIT.get(mappings.charAt(i++));
        if (d === undefined) throw new Error("bad source map");
        result += (d & 31) << shift;
        shift += 5;
        if ((d & 32) === 0) break;
      }
      return result & 1 ? -(result >>> 1) : result >>> 1;
    };
    const n = mappings.length;
    const atSegmentEnd = (): boolean => i >= n || mappings.charAt(i) === "," || mappings.charAt(i) === ";";
    while (i < n) {
      const c = mappings.charAt(i);
      if (c === ";") {
        this.lines.push(line);
        line = [];
        genColumn = 0;
        i++;
        continue;
      }
      if (c === ",") {
        i++;
        continue;
      }
      genColumn += readVlq();
      if (atSegmentEnd()) continue;
      readVlq(); // source index: there is one source
      srcLine += readVlq();
      srcColumn += readVlq();
      if (!atSegmentEnd()) readVlq(); // name index
      line.push({ genColumn, line: srcLine, column: srcColumn });
    }
    this.lines.push(line);
  }

  /**
   * The snippet position (1-based) for a generated position (1-based, as V8 reports them): the closest mapping at
   * or before the column on that line, else the first mapping of the line, else the nearest earlier line.
   */
  originalPosition(line: number, column: number): { line: number; column: number } | null {
    const col0 = column - 1;
    for (let l = line - 1; l >= 0; l--) {
      const segs = this.lines[l];
      if (segs === undefined || segs.length === 0) continue;
      let best: Segment | undefined;
      if (l === line - 1) {
        for (const s of segs) if (s.genColumn <= col0) best = s;
        best ??= segs[0];
      } else {
        best = segs[segs.length - 1];
      }
      if (best !== undefined) return { line: best.line + 1, column: best.column + 1 };
    }
    return null;
  }
}
