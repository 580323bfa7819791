// dotenv files to facts, read the way python-dotenv reads them (django-environ and compose's
// env_file agree on everything that matters here): `[export] KEY = value` lines, unquoted values
// cut at ` #` and trimmed, single quotes literal, double quotes with escapes and line breaks, and
// whole-value `${VAR}` / `${VAR:-default}` interpolation outside single quotes. A line python-dotenv
// would skip with a warning is skipped here too, and reported as a parse error so the engine also
// line-scans the file.
import { LineIndex } from "../engine/positions.ts";
import type { Binding, Context, FileFacts } from "../engine/types.ts";
import { decodedValue, verbatim, type Decoded } from "./decoded-text.ts";
import { baseName, type Format } from "./format.ts";
import { describeErrors, type ReadError } from "./parse-errors.ts";

/** Files named like dotenv files that hold code or another data format, which other formats read. */
const OTHER_FORMAT = /\.(py[wi]?|pyc|ipynb|json5?|jsonc|ya?ml|toml|ini|cfg|[cm]?[jt]s|[jt]sx|sh|bash|zsh|ps1|bat|cmd|md|rst|html?|xml|lock)$/;

/**
 * `.env`, `.env.*` (.env.production, .env.example), `*.env`, `env.*` (env.example, not
 * environment.py) and every file under a `.envs/` folder (cookiecutter-django's
 * `.envs/.production/.django`), unless its extension says it is code or another data format.
 */
export function claimsDotenv(path: string): boolean {
  const name = baseName(path);
  if (OTHER_FORMAT.test(name)) return false;
  if (name === ".env" || name.startsWith(".env.") || name.endsWith(".env") || name.startsWith("env.")) return true;
  // A folder named .envs, at any depth.
  const lower = path.toLowerCase();
  return lower.startsWith(".envs/") || lower.includes("/.envs/");
}

export interface DotenvRead {
  bindings: Binding[];
  /** Lines skipped, as python-dotenv would skip them: the offset where each starts and why. */
  errors: ReadError[];
}

export interface DotenvOptions {
  context: Context;
  /** Only names a shell could export (for here-documents, where other lines are not meant as variables). */
  identifiersOnly?: boolean;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
/** Whitespace within a line (python-dotenv's `[^\S\r\n]`). */
const isBlank = (c: string | undefined): boolean => c !== undefined && c !== "\r" && c !== "\n" && /\s/.test(c);
const isLineEnd = (c: string | undefined): boolean => c === "\r" || c === "\n";
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.]*$/;

const DOUBLE_ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };
const SINGLE_ESCAPES: Record<string, string> = { "\\": "\\", "'": "'" };

/** Thrown to skip the rest of a line. Not an Error: files can hold many bad lines, and stack traces cost. */
class SkipLine {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/** Reads text[from, to) as dotenv lines. Never throws. */
export function readDotenv(text: string, from: number, to: number, lines: LineIndex, options: DotenvOptions): DotenvRead {
  return new DotenvReader(text, from, to, lines, options).run();
}

class DotenvReader {
  private readonly text: string;
  private readonly end: number;
  private readonly lines: LineIndex;
  private readonly options: DotenvOptions;
  private pos: number;
  private readonly out: DotenvRead = { bindings: [], errors: [] };
  /** Per quote character: the last answer of `nextBareQuote`, reused while reading moves forward. */
  private readonly bare = new Map<string, { from: number; at: number }>();

  constructor(text: string, from: number, to: number, lines: LineIndex, options: DotenvOptions) {
    this.text = text;
    this.pos = from;
    this.end = Math.min(to, text.length);
    this.lines = lines;
    this.options = options;
  }

  run(): DotenvRead {
    const { text } = this;
    if (text.charCodeAt(this.pos) === 0xfeff) this.pos += 1;
    for (;;) {
      while (this.pos < this.end && isSpace(text[this.pos])) this.pos++;
      if (this.pos >= this.end) break;
      const mark = this.pos;
      try {
        this.binding();
      } catch (e) {
        if (!(e instanceof SkipLine)) throw e;
        this.out.errors.push({ at: mark, message: e.message });
        while (this.pos < this.end && !isLineEnd(text[this.pos])) this.pos++;
      }
    }
    return this.out;
  }

  private skipBlanks(): void {
    while (this.pos < this.end && isBlank(this.text[this.pos])) this.pos++;
  }

  private binding(): void {
    const { text } = this;
    if (text.startsWith("export", this.pos) && isBlank(text[this.pos + 6])) {
      this.pos += 6;
      this.skipBlanks();
    }
    const key = this.key();
    this.skipBlanks();
    let value: { decoded: Decoded; interpolate: boolean } | undefined;
    if (key && text[this.pos] === "=") {
      this.pos += 1;
      this.skipBlanks();
      value = this.value();
    }
    // A comment may close the line; anything else after the value makes python-dotenv skip it.
    this.skipBlanks();
    if (text[this.pos] === "#") while (this.pos < this.end && !isLineEnd(text[this.pos])) this.pos++;
    if (this.pos < this.end && !isLineEnd(text[this.pos])) {
      throw new SkipLine(key && !value ? "a name with text after it but no `=`" : "text after the value");
    }
    if (text[this.pos] === "\r" && text[this.pos + 1] === "\n") this.pos += 2;
    else if (this.pos < this.end) this.pos += 1;
    if (!key || !value) return;
    if (this.options.identifiersOnly && !IDENTIFIER.test(key.name)) return;
    this.out.bindings.push({
      name: key.name,
      construct: "entry",
      context: this.options.context,
      value: decodedValue(value.decoded, this.lines, { interpolate: value.interpolate }),
      nameSpan: this.lines.span(key.from, key.to),
    });
  }

  /** The name, or undefined for a comment line. */
  private key(): { name: string; from: number; to: number } | undefined {
    const { text } = this;
    const c = text[this.pos];
    if (c === "#") return undefined;
    if (c === "'") {
      const close = text.indexOf("'", this.pos + 1);
      if (close < 0 || close >= this.end || close === this.pos + 1) throw new SkipLine("an unterminated or empty quoted name");
      const key = { name: text.slice(this.pos + 1, close), from: this.pos + 1, to: close };
      this.pos = close + 1;
      return key;
    }
    const from = this.pos;
    while (this.pos < this.end && text[this.pos] !== "=" && text[this.pos] !== "#" && !isSpace(text[this.pos])) this.pos++;
    if (this.pos === from) throw new SkipLine("no name before `=`");
    return { name: text.slice(from, this.pos), from, to: this.pos };
  }

  private value(): { decoded: Decoded; interpolate: boolean } {
    const { text } = this;
    const c = text[this.pos];
    if (c === "'") return { decoded: this.quoted("'", SINGLE_ESCAPES), interpolate: false };
    if (c === '"') return { decoded: this.quoted('"', DOUBLE_ESCAPES), interpolate: true };
    if (this.pos >= this.end || isLineEnd(c)) return { decoded: verbatim("", this.pos), interpolate: false };
    const from = this.pos;
    let lineEnd = from;
    while (lineEnd < this.end && !isLineEnd(text[lineEnd])) lineEnd++;
    // A `#` after whitespace starts a comment; then trailing whitespace goes.
    let cut = lineEnd;
    for (let k = from + 1; k < lineEnd; k++) {
      if (text[k] === "#" && isSpace(text[k - 1])) {
        cut = k;
        break;
      }
    }
    while (cut > from && isSpace(text[cut - 1])) cut--;
    this.pos = lineEnd;
    return { decoded: verbatim(text.slice(from, cut), from), interpolate: true };
  }

  /**
   * A quoted value from the quote at `pos`, as python-dotenv's `"((?:\\"|[^"])*)"` matches it: a
   * quote with a backslash before it does not end the value, unless no other quote follows; the
   * value may span lines.
   */
  private quoted(q: string, escapes: Record<string, string>): Decoded {
    const { text } = this;
    const open = this.pos;
    let close = this.nextBareQuote(q, open + 1);
    if (close < 0) {
      const last = text.lastIndexOf(q, this.end - 1);
      close = last > open ? last : -1;
    }
    if (close < 0) throw new SkipLine(`an unterminated ${q === '"' ? "double" : "single"}-quoted value`);
    const units: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (let k = open + 1; k < close; ) {
      const unit = text[k] === "\\" && k + 1 < close ? escapes[text[k + 1]!] : undefined;
      units.push(unit ?? text[k]!);
      starts.push(k);
      ends.push(unit === undefined ? k + 1 : k + 2);
      k += unit === undefined ? 1 : 2;
    }
    this.pos = close + 1;
    return { text: units.join(""), starts, ends, from: open + 1, to: close };
  }

  /** The first `q` at or after `from` with no backslash just before it, or -1. */
  private nextBareQuote(q: string, from: number): number {
    const { text } = this;
    const last = this.bare.get(q);
    if (last && last.from <= from && (last.at < 0 || last.at >= from)) return last.at;
    let k = text.indexOf(q, from);
    while (k >= 0 && k < this.end && text[k - 1] === "\\") k = text.indexOf(q, k + 1);
    const at = k >= 0 && k < this.end ? k : -1;
    this.bare.set(q, { from, at });
    return at;
  }
}

export const format: Format = {
  name: "dotenv",
  files: "dotenv files (`.env`, `.env.*`, `*.env`, `env.*`, `.envs/**`): `KEY=value`, `export`, quotes, multi-line values, `${VAR:-default}`; `.example`/`.sample`/`.template`/`.dist` are examples.",
  claims: claimsDotenv,
  facts(text: string): FileFacts {
    const lines = new LineIndex(text);
    const read = readDotenv(text, 0, text.length, lines, { context: "dotenv" });
    const parseError = describeErrors(read.errors, lines, { isNot: "a dotenv KEY=value line (python-dotenv skips it)", more: "line" });
    return { bindings: read.bindings, notes: [], ...(parseError ? { parseError } : {}) };
  },
};
