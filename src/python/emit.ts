/**
 * The translator's output buffer: generated TypeScript text plus, for every Python node it was written for, the
 * span of text it became. The spans are what maps the runner's positions (ranges of calls, bindings, loops, stack
 * frames) back to the `.py` file.
 */

/** Generated text [outStart, outEnd) came from Python source [pyFrom, pyTo); `anchor` is its own spot. */
export interface Segment {
  outStart: number;
  outEnd: number;
  pyFrom: number;
  pyTo: number;
  /**
   * Where a position inside this span but inside none of its children points: for `a * b` the operator, so an
   * error raised by the multiplication names it rather than `a`.
   */
  anchor: number;
}

export class Out {
  text = "";
  readonly segments: Segment[] = [];
  private indentLevel = 0;

  write(s: string): void {
    this.text += s;
  }

  /** A new line at the current indentation. */
  line(): void {
    this.text += "\n" + "  ".repeat(this.indentLevel);
  }

  indent(): void {
    this.indentLevel++;
  }

  dedent(): void {
    this.indentLevel--;
  }

  /** Writes what `fn` writes as the translation of the Python span [from, to). */
  span(from: number, to: number, fn: () => void, anchor = from): void {
    const outStart = this.text.length;
    fn();
    this.segments.push({ outStart, outEnd: this.text.length, pyFrom: from, pyTo: to, anchor });
  }
}
