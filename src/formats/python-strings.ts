// The value of a Python string literal as the interpreter would see it: prefixes, quotes, escapes.

const SIMPLE_ESCAPES: Record<string, string> = {
  "\n": "", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
};

/** Decodes one literal (`'x'`, `r"x"`, `b'''x'''`, `u"x"`); undefined for an f-string or a broken literal. */
export function decodePythonString(literal: string): string | undefined {
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(literal);
  if (!m) return undefined;
  const prefix = m[1]!.toLowerCase();
  const quote = m[2]!;
  if (prefix.includes("f")) return undefined;
  if (!literal.endsWith(quote) || literal.length < m[0].length + quote.length) return undefined;
  const body = literal.slice(m[0].length, literal.length - quote.length);
  if (prefix.includes("r")) return body;
  // A `\N{...}` can only close at a `}`: past the last one the pattern goes without that branch, or
  // every unclosed `\N{` there would scan to the end of the string (quadratic). No escape crosses it.
  const close = body.lastIndexOf("}") + 1;
  return body.slice(0, close).replace(ESCAPE, unescape) + body.slice(close).replace(ESCAPE_NO_NAME, unescape);
}

const ESCAPE = /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g;
const ESCAPE_NO_NAME = /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g;

function unescape(whole: string, esc: string): string {
  if (esc in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[esc]!;
  if (/^[xuU]/.test(esc)) {
    // `\u` with no digits, or `\U` past U+10FFFF: Python refuses the literal; fromCodePoint would throw.
    const code = parseInt(esc.slice(1), 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  }
  if (/^[0-7]/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
  if (esc.startsWith("N{")) return whole; // a named character: keep the text, it is no key material
  return whole; // an unknown escape keeps its backslash, as Python does
}
