// Offsets to 1-based line and column, shared by every format so positions agree across them.
import type { Span } from "./types.ts";

/** Line starts are found on the first span asked for: most files scanned give none. */
export class LineIndex {
  private readonly text: string;
  private lineStarts: number[] | undefined;

  constructor(text: string) {
    this.text = text;
  }

  private get starts(): number[] {
    return (this.lineStarts ??= lineStarts(this.text));
  }

  private lineOf(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The span of text from `from` to `to` (exclusive offsets). */
  span(from: number, to: number): Span {
    const a = this.lineOf(from);
    const b = this.lineOf(Math.max(from, to - 1));
    return { line: a + 1, column: from - this.starts[a]! + 1, endLine: b + 1, endColumn: to - this.starts[b]! + 1 };
  }
}

/** \r\n, \n and a lone \r each end a line, as editors and GitHub count them. */
function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes("\r")) {
    // The common case, found natively.
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}
