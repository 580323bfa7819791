// Offsets to 1-based line and column, shared by every format so positions agree across them.
import type { Span } from "./types.ts";

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // \r\n, \n and a lone \r each end a line, as editors and GitHub count them.
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
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
