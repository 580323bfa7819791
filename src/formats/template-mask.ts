// Helm (Go template) expressions make a chart's templates invalid YAML. Blanking each `{{ ... }}`
// with spaces of the same length keeps every offset and line of the file where it was, so the YAML
// parser can read the rest and spans still point at the original text.

export interface Masked {
  text: string;
  /** Offsets [from, to) of the expressions blanked, in order, disjoint. */
  ranges: [number, number][];
}

/** Blanks every `{{ ... }}` (line breaks inside one are kept). An unclosed `{{` ends the masking. */
export function maskTemplates(text: string): Masked {
  const ranges: [number, number][] = [];
  let at = 0;
  for (;;) {
    const open = text.indexOf("{{", at);
    if (open < 0) break;
    const close = text.indexOf("}}", open + 2);
    if (close < 0) break;
    ranges.push([open, close + 2]);
    at = close + 2;
  }
  if (ranges.length === 0) return { text, ranges };
  const parts: string[] = [];
  let last = 0;
  for (const [from, to] of ranges) {
    parts.push(text.slice(last, from), text.slice(from, to).replace(/[^\r\n]/g, " "));
    last = to;
  }
  parts.push(text.slice(last));
  return { text: parts.join(""), ranges };
}
