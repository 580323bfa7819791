// The `parseError` sentence of the formats that read past a bad line and list what they skipped.
import { looksGenerated, profile } from "../engine/key-shape.ts";
import type { LineIndex } from "../engine/positions.ts";

/**
 * A word of the file, for an error message: a name or a here-document delimiter (`ONLY_NAME`, `EOF`),
 * shown as written. A word that could be a value (long, spaced, or shaped like a generated key: a
 * pasted `ENV django-insecure-...`) is not repeated: notes reach the job summary, which is never masked.
 */
export function wordForMessage(word: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]{0,39}$/.test(word) && !looksGenerated(profile(word)) ? word : "(a word not shown: it may be a value)";
}

/** A problem a reader stepped over: the offset it starts at, and what is wrong there. */
export interface ReadError {
  at: number;
  message: string;
}

export interface ErrorWording {
  /** What the line is not: "Line 3 is not INI: ..."; without it, "Line 3: ...". */
  isNot?: string;
  /** What the rest are counted as: "(and 2 more lines)"; without it, "(and 2 more)". */
  more?: string;
}

/** "Line 3: ..." for the first problem, and how many more there were; undefined when there were none. */
export function describeErrors(errors: readonly ReadError[], lines: LineIndex, wording: ErrorWording = {}): string | undefined {
  const first = errors[0];
  if (!first) return undefined;
  const rest = errors.length - 1;
  const unit = wording.more === undefined ? "" : ` ${wording.more}${rest > 1 ? "s" : ""}`;
  const more = rest > 0 ? ` (and ${rest} more${unit})` : "";
  const isNot = wording.isNot === undefined ? "" : ` is not ${wording.isNot}`;
  return `Line ${lines.span(first.at, first.at).line}${isNot}: ${first.message}${more}.`;
}
