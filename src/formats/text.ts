// Key shapes in plain text: the last resort for files no parser reads (README, notes, scripts of
// other languages), the fallback for files whose parser failed, and the sweep that finds a startproject
// key wherever it stands (a comment, a docstring) in every file. Line-based and linear: a prefilter
// finds the few lines worth a regular expression.
import { RE_DJANGO_INSECURE_IN_TEXT } from "../engine/key-shape.ts";
import { LineIndex } from "../engine/positions.ts";
import { Secret } from "../engine/secret.ts";
import type { Binding, FileFacts, Span } from "../engine/types.ts";
import type { Format } from "./format.ts";

/** `SECRET_KEY = "x"`, `DJANGO_SECRET_KEY: x`, `export SECRET_KEY='x'`: a name, then a quoted or bare value. */
const ASSIGNMENT = /(?<![A-Za-z0-9_])((?:DJANGO_)?SECRET_KEY)["']?[ \t]*[=:][ \t]*(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'`,;]+))/gi;
/** A bare value that is code, not a literal: a call, a subscript, an attribute. */
const CODE = /^[A-Za-z_][\w.]*[(\[]|^[A-Za-z_]\w*\.[A-Za-z_]/;

/** Orders two positions (a span's start or end): by line, then column; negative when the first comes first. */
const compareAt = (aLine: number, aColumn: number, bLine: number, bColumn: number): number => aLine - bLine || aColumn - bColumn;

/** Every startproject key in the text that no binding already holds (comments, docstrings, free text). */
export function keysInFreeText(text: string, lines: LineIndex, bindings: readonly Binding[]): Binding[] {
  if (!text.includes("django-insecure-")) return [];
  // Held spans by start; matches come in text order, so one sweep keeps the furthest end of every
  // span that starts at or before the match: the match is held when that end reaches past it.
  // (Testing each match against every binding was quadratic in a file full of keys.)
  const held = bindings
    .map((b) => (b.value.kind === "env" && b.value.default ? b.value.default.span : b.value.span))
    .sort((a, b) => compareAt(a.line, a.column, b.line, b.column));
  let next = 0;
  let furthest: Span | undefined;
  const out: Binding[] = [];
  for (const m of text.matchAll(RE_DJANGO_INSECURE_IN_TEXT)) {
    const span = lines.span(m.index, m.index + m[0].length);
    for (; next < held.length && compareAt(held[next]!.line, held[next]!.column, span.line, span.column) <= 0; next++) {
      const h = held[next]!;
      if (!furthest || compareAt(h.endLine, h.endColumn, furthest.endLine, furthest.endColumn) > 0) furthest = h;
    }
    if (furthest && compareAt(furthest.endLine, furthest.endColumn, span.endLine, span.endColumn) >= 0) continue;
    out.push({ name: "", construct: "string", context: "text", value: { kind: "string", secret: new Secret(m[0]), span } });
  }
  return out;
}

/** SECRET_KEY assignments found line by line, for text no parser could read. */
export function secretKeyLines(text: string, lines: LineIndex): Binding[] {
  if (!/secret_key/i.test(text)) return [];
  const out: Binding[] = [];
  for (const m of text.matchAll(ASSIGNMENT)) {
    const value = m[2] ?? m[3] ?? m[4] ?? "";
    if (m[4] !== undefined && CODE.test(value)) continue;
    const start = m.index + m[0].length - value.length - (m[4] === undefined ? 1 : 0);
    out.push({
      name: m[1]!,
      construct: "entry",
      context: "text",
      nameSpan: lines.span(m.index, m.index + m[1]!.length),
      value: { kind: "string", secret: new Secret(value), span: lines.span(start, start + value.length) },
    });
  }
  return out;
}

/** Files no other format reads: only what the line scan can tell. */
export const format: Format = {
  name: "text",
  files: "Every other text file (Markdown, docs, other languages): a line scan for `SECRET_KEY = ...` / `DJANGO_SECRET_KEY=...` and startproject keys.",
  claims: () => true,
  facts(text): FileFacts {
    return { bindings: secretKeyLines(text, new LineIndex(text)), notes: [] };
  },
};
