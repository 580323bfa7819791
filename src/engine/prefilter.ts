// Which files are worth reading at all, decided on their bytes. A whole-tree scan reads every byte, but
// parsing is slow (@lezer/python reads about 3 MB/s): only a file that some rule could fire on may be
// parsed. The test must be conservative: it may say yes too often, never no for a file whose full
// scan gives a finding, holds a suppression comment or is a Django settings module. test/prefilter.test.ts
// checks that the fast path and a full parse agree.
//
// Why each needle is necessary (every rule and engine step that can make a finding, and what it needs):
// - Every format. `keysInFreeText` (DJS001 in any text, scan.ts) needs `django-insecure-` in the text;
//   suppressions and DJS090 need `django-secret-scan:` (suppress.ts); a parse error falls back to
//   `secretKeyLines`, which needs `secret_key` in any case (text.ts). The plain-text format reads nothing
//   else, so for it these three are the whole test.
// - Python and JSON bind every name in the file (assignments, keywords, dict entries, members), so the
//   rules' names are needles, in any case since the rules compare without case: `secret` (SECRET_KEY and
//   DJANGO_SECRET_KEY for DJS003-DJS014, DJS002's /secret/i, DJS016's jwt_secret, DJS017's *_SECRET*),
//   `signing_key` (DJS016), `password`/`passwd`/`_pass` and `_api_key`, `_access_token`, `_auth_token`,
//   `fernet_key` and the vendor prefixes (DJS017). Three rules judge values whatever their name: DJS001
//   (the `django-insecure-` prefix), DJS017's vendor shapes (`AKIA`, `ASIA`, `k_live_`; a URL with a
//   password) and DJS015 (a published key, known only by its SHA-256 and length). For those, and for
//   names written with escapes (`"\x53ECRET_KEY"`) or values split over concatenated literals, the file's
//   string literals are read with a small lexer (Python's and jsonc-parser's quoting rules): each literal,
//   decoded, and each run of adjacent literals, is tested as the rules test it, the published keys by hash.
//   @lezer/python recovers from a syntax error by skipping a character, a quote too, and reading on, so a
//   closing quote may open a literal for it: every quote is also tried as an opening, and a file with an
//   unclosed literal, or an f-string whose braces do not balance (PEP 701 nesting), is kept whole.
// - Python settings modules: a module with a Django setting at module level (settings-module.ts) feeds the
//   settings rules and split-settings context, so the names that make one are needles, as written
//   (module-level names are identifiers, compared with case).
// - Every other format (YAML, TOML, INI, dotenv, shell, Dockerfile, Procfile, systemd, notebooks) binds any
//   name and decodes values in its own ways (base64 in Kubernetes Secrets, quoting, interpolation, line
//   continuations), so it is always parsed. Those files are small configuration; the bytes of a tree are
//   in code, templates, static assets and data.
// - A file with a UTF-16 byte-order mark is decoded before scanning, so its bytes hold no ASCII needle:
//   always parsed.
import { isAscii } from "node:buffer";
import { hash } from "node:crypto";
import { formatFor } from "../formats/index.ts";
import { decodePythonString } from "../formats/python-strings.ts";
import { KNOWN_PUBLIC_KEY_HASHES, KNOWN_PUBLIC_KEY_LENGTHS } from "../rules/known-public-keys.ts";
import { INSECURE_PREFIX, RE_URL_PASSWORD } from "./key-shape.ts";

interface Needle {
  text: string;
  /** Compared without case (ASCII letters only, as the rules' /i regexes without the u flag do). */
  anyCase: boolean;
}

const anyCase = (...texts: string[]): Needle[] => texts.map((text) => ({ text, anyCase: true }));
const exact = (...texts: string[]): Needle[] => texts.map((text) => ({ text, anyCase: false }));

/** What the engine looks for in every file, whatever its format (see above). */
const ENGINE_NEEDLES: readonly Needle[] = [...anyCase("secret_key"), ...exact(INSECURE_PREFIX, "django-secret-scan:")];

/** Names the binding rules fire on (lower case; matched without case). `secret` covers secret_key. */
const NAME_NEEDLES = ["secret", "signing_key", "password", "passwd", "_pass", "_api_key", "_access_token", "_auth_token", "fernet_key", "stripe_", "sendgrid_", "mailgun_", "twilio_", "sentry_", "slack_", "github_"];

/** Value shapes judged whatever their name (with case, as key-shape.ts's regexes are). */
const VALUE_NEEDLES = [INSECURE_PREFIX, "AKIA", "ASIA", "k_live_"];

/** The names that make a Python file a settings module: settings-module.ts's DJANGO_SETTINGS (not exported; a test compares the two). */
export const SETTINGS_NAMES = [
  "DEBUG", "ALLOWED_HOSTS", "INSTALLED_APPS", "MIDDLEWARE", "DATABASES", "SECRET_KEY", "ROOT_URLCONF", "TEMPLATES",
  "STATIC_URL", "STATIC_ROOT", "WSGI_APPLICATION", "AUTH_PASSWORD_VALIDATORS", "LANGUAGE_CODE", "TIME_ZONE",
  "SESSION_ENGINE", "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DEFAULT_AUTO_FIELD",
];

/**
 * Several needles found in one pass (Wu-Manber with a two-byte shift table): the window slides by up to
 * the shortest needle's length less one, so a file is read once whatever the number of needles, at a
 * few GB/s, with no copy and no regular expression.
 */
class NeedleSet {
  private readonly m: number;
  private readonly shift: Uint8Array;
  /** Needles by the two bytes that end their first `m` bytes, each with its byte alternatives. */
  private readonly buckets = new Map<number, Array<{ bytes: Uint8Array; alt: Uint8Array }>>();

  constructor(needles: readonly Needle[]) {
    this.m = Math.min(...needles.map((n) => n.text.length));
    if (this.m < 2 || this.m > 255) throw new Error("needles must be 2 to 255 bytes long");
    this.shift = new Uint8Array(65536).fill(this.m - 1);
    for (const n of needles) {
      const bytes = Buffer.from(n.text, "latin1");
      // The other case of each ASCII letter, or the byte itself: a match is bytes[k] or alt[k].
      const alt = bytes.map((b) => (n.anyCase ? otherCase(b) : b));
      for (let j = 1; j < this.m; j++) {
        const s = this.m - 1 - j;
        for (const a of [bytes[j - 1]!, alt[j - 1]!]) {
          for (const b of [bytes[j]!, alt[j]!]) {
            const h = (a << 8) | b;
            if (this.shift[h]! > s) this.shift[h] = s;
            if (s === 0) {
              const bucket = this.buckets.get(h) ?? [];
              if (!bucket.some((e) => e.bytes === bytes)) bucket.push({ bytes, alt });
              this.buckets.set(h, bucket);
            }
          }
        }
      }
    }
  }

  /** Whether any needle occurs in `data`. */
  test(data: Uint8Array): boolean {
    const { m, shift } = this;
    const n = data.length;
    for (let i = m - 1; i < n; ) {
      const h = (data[i - 1]! << 8) | data[i]!;
      const s = shift[h]!;
      if (s !== 0) {
        i += s;
        continue;
      }
      const start = i - m + 1;
      for (const { bytes, alt } of this.buckets.get(h)!) {
        if (start + bytes.length > n) continue;
        let k = 0;
        while (k < bytes.length && (data[start + k] === bytes[k] || data[start + k] === alt[k])) k++;
        if (k === bytes.length) return true;
      }
      i++;
    }
    return false;
  }
}

function otherCase(b: number): number {
  if (b >= 0x41 && b <= 0x5a) return b + 32;
  if (b >= 0x61 && b <= 0x7a) return b - 32;
  return b;
}

const ENGINE = new NeedleSet(ENGINE_NEEDLES);
// The four-byte AWS prefixes would halve the set's stride: they are looked for natively, one by one.
const SHORT_VALUES = VALUE_NEEDLES.filter((n) => n.length < 5).map((n) => Buffer.from(n));
const NAMES_AND_VALUES: readonly Needle[] = [...ENGINE_NEEDLES, ...anyCase(...NAME_NEEDLES), ...exact(...VALUE_NEEDLES.filter((n) => n.length >= 5))];
const JSON_NEEDLES = new NeedleSet(NAMES_AND_VALUES);
// pydantic settings fields bind their name upper-cased, and toUpperCase maps a few letters outside ASCII
// onto ASCII ones (ſ to S): a BaseSettings class is kept whatever its names.
const PYTHON_NEEDLES = new NeedleSet([...NAMES_AND_VALUES, ...exact(...SETTINGS_NAMES, "BaseSettings")]);

/** Whether a full scan of this file could give a finding, a suppression or settings facts. */
export function mayHoldFinding(path: string, bytes: Uint8Array): boolean {
  // UTF-16 text is decoded before scanning: its bytes hold no ASCII needle.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const format = formatFor(path).name;
  switch (format) {
    case "text":
      return ENGINE.test(bytes);
    case "python":
      return PYTHON_NEEDLES.test(bytes) || hasShortValue(bytes) || pythonLiteralsMayHold(asBuffer(bytes));
    case "json":
      return JSON_NEEDLES.test(bytes) || hasShortValue(bytes) || jsonStringsMayHold(asBuffer(bytes));
    default:
      return true;
  }
}

const hasShortValue = (bytes: Uint8Array): boolean => SHORT_VALUES.some((n) => asBuffer(bytes).indexOf(n) >= 0);
const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

// --- string values, tested as the rules test them ------------------------------------------------

/** A name or value needle in a decoded string: what an escape or a concatenation hid from the byte test. */
function needleIn(s: string): boolean {
  if (VALUE_NEEDLES.some((n) => s.includes(n))) return true;
  const lower = s.toLowerCase();
  return NAME_NEEDLES.some((n) => lower.includes(n));
}

const KEY_LENGTHS = [...KNOWN_PUBLIC_KEY_LENGTHS];
const MIN_KEY = Math.min(...KEY_LENGTHS);
const MAX_KEY = Math.max(...KEY_LENGTHS);

/** A value DJS015 or DJS017's URL shape fires on, whatever its name. */
function judgedValue(s: string): boolean {
  if (KNOWN_PUBLIC_KEY_LENGTHS.has(s.length) && KNOWN_PUBLIC_KEY_HASHES.has(hash("sha256", s))) return true;
  return s.includes("://") && RE_URL_PASSWORD.test(s);
}

/** Longest run of adjacent literals read as one value; a longer one keeps the file rather than cost O(n^2). */
const MAX_RUN = 64;

const HASH = 35; // #
const QUOTE = 34; // "
const APOSTROPHE = 39; // '
const BACKSLASH = 92;
const NEWLINE = 10;
const RETURN = 13;
const SLASH = 47;
const STAR = 42;

// What closingQuote and jsonStringEnd found, in module variables: no object per literal on the hot path.
let scannedEnd = 0;
let scannedFlags = 0;
const ESCAPED = 1;
/** `://` in the body: a URL, which may carry a password. */
const COLON = 2;
/** An `=` in the body: a JSON `NAME=value` item. */
const EQUALS = 4;
/** A `{` in the body: an f-string's replacement field. */
const BRACE = 8;
/** A byte over 127: the body's length in UTF-16 units (what a Secret's length counts) is not its length in bytes. */
const WIDE = 16;
/** No closing quote before the line's (or the file's) end: a syntax error, from which @lezer/python recovers by re-reading the text its own way. */
const UNCLOSED = 32;

const COLON_CODE = 58;
const EQUALS_CODE = 61;
const BRACE_CODE = 123;

/** A run of adjacent Python literals: where each body is, and its escapes decoded where python.ts decodes them. */
interface Run {
  /** How many of the entries below belong to the run (the arrays are reused, never shrunk). */
  length: number;
  starts: number[];
  ends: number[];
  decoded: Array<string | undefined>;
}

/**
 * Whether a literal body without escapes could be a value DJS015 or DJS017's URL shape fires on: only
 * then is it decoded. A published key's length is counted in UTF-16 units, at most the body's bytes and
 * at least a third of them.
 */
function bodyMayBeJudged(b: Buffer, start: number, end: number, flags: number): boolean {
  const bytes = end - start;
  const lengthFits = flags & WIDE ? bytes >= MIN_KEY && bytes <= 3 * MAX_KEY : KNOWN_PUBLIC_KEY_LENGTHS.has(bytes);
  return (lengthFits || (flags & COLON) !== 0) && judgedValue(b.toString("utf8", start, end));
}

/**
 * Python string literals (quotes, prefixes, triple quotes, escapes, comments, as @lezer/python tokenises
 * them), and runs of adjacent ones (implicit concatenation, `+`, parentheses, line continuations), which
 * python.ts joins into one value. A loop over the bytes that decodes a literal only when a rule could
 * care (a published key's length, a `:`, an escape): most of a tree's Python goes through here.
 */
function pythonLiteralsMayHold(b: Buffer): boolean {
  const n = b.length;
  const crs = b.includes(RETURN);
  const run: Run = { length: 0, starts: [], ends: [], decoded: [] };
  let runEnd = -1;
  for (let i = nextQuoteOrHash(b, 0); i < n; i = nextQuoteOrHash(b, i + 1)) {
    const c = b[i]!;
    if (c === HASH) {
      const eol = commentEnd(b, i, crs);
      if (eol < 0) break;
      i = eol;
      continue;
    }
    const prefixStart = stringPrefixStart(b, i);
    let raw = false;
    let format = false;
    for (let k = prefixStart; k < i; k++) {
      const p = b[k]! | 32;
      if (p === 114) raw = true; // r
      else if (p === 102) format = true; // f
    }
    const triple = b[i + 1] === c && b[i + 2] === c;
    const bodyStart = i + (triple ? 3 : 1);
    closingQuote(b, bodyStart, c, triple);
    const bodyEnd = scannedEnd;
    const flags = scannedFlags;
    // The parser's error recovery may then tokenise the rest differently from any lexer: parse the file.
    if (flags & UNCLOSED) return true;
    const literalEnd = Math.min(n, bodyEnd + (triple ? 3 : 1));
    if (format && flags & BRACE) {
      // Replacement fields hold code, whose literals are literals too.
      const fields = replacementFields(b.toString("utf8", bodyStart, bodyEnd));
      if (fields === undefined || fields.some((f) => pythonLiteralsMayHold(Buffer.from(f)))) return true;
    }
    // python.ts reads r- and f-strings as written, others with their escapes decoded.
    let decode: string | undefined;
    if (flags & ESCAPED) {
      const body = b.toString("utf8", bodyStart, bodyEnd);
      const quote = b.toString("latin1", i, bodyStart);
      const value = raw || format ? body : decodePythonString(`${b.toString("latin1", prefixStart, i)}${quote}${body}${quote}`) ?? body;
      if (value !== body) decode = value;
      // A backslash may hide a needle from the byte test: both readings are tested.
      if (needleIn(value) || needleIn(body) || judgedValue(value) || judgedValue(body)) return true;
    } else if (bodyMayBeJudged(b, bodyStart, bodyEnd, flags)) {
      return true;
    }
    if (!(runEnd >= 0 && onlyJoiners(b, runEnd, prefixStart, crs))) {
      if (run.length > 1 && runMayHold(b, run)) return true;
      run.length = 0;
    }
    if (run.length === MAX_RUN) return true;
    run.starts[run.length] = bodyStart;
    run.ends[run.length] = bodyEnd;
    run.decoded[run.length] = decode;
    run.length++;
    runEnd = literalEnd;
    i = literalEnd - 1;
  }
  return (run.length > 1 && runMayHold(b, run)) || recoveredLiteralsMayHold(b);
}

/**
 * The literals @lezer/python may read in a file with a syntax error: its error recovery can skip a
 * single quote and read on, so a closing quote may open a literal there. Every quote is tried as the
 * opening of a one-line literal (ending at the next unescaped quote of its kind on the line), and the
 * text between two triple quotes as a long one; a body is decoded only when a rule could care about it.
 */
function recoveredLiteralsMayHold(b: Buffer): boolean {
  const n = b.length;
  const wide = !isAscii(b);
  const escapes = positionsOf(b, "\\");
  const urls = positionsOf(b, "://");
  /** Whether b[start, end) could be a value a rule judges, or hide a name behind an escape. */
  const candidate = (start: number, end: number): boolean => {
    if (escapes.length > 0 && anyWithin(escapes, start, end)) return literalMayHold(b, start, end, ESCAPED | (wide ? WIDE : 0));
    const bytes = end - start;
    const url = urls.length > 0 && anyWithin(urls, start, end);
    const lengthFits = wide ? bytes >= MIN_KEY && bytes <= 3 * MAX_KEY : KNOWN_PUBLIC_KEY_LENGTHS.has(bytes);
    return (lengthFits || url) && judgedValue(b.toString("utf8", start, end));
  };
  // The quotes of each kind (", ') open on the current line: the last one, and any escaped ones before it.
  let openDouble = -1;
  let openSingle = -1;
  let escapedOpen: number[] = [];
  let tripleDouble = -1;
  let tripleSingle = -1;
  for (let i = nextQuoteOrNewline(b, 0); i < n; i = nextQuoteOrNewline(b, i + 1)) {
    const c = b[i]!;
    if (c === NEWLINE) {
      openDouble = openSingle = -1;
      if (escapedOpen.length) escapedOpen = [];
      continue;
    }
    let backslashes = 0;
    while (i - backslashes > 0 && b[i - backslashes - 1] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 1) {
      escapedOpen.push(i);
    } else {
      const open = c === QUOTE ? openDouble : openSingle;
      if (open >= 0 && candidate(open + 1, i)) return true;
      for (const e of escapedOpen) if (b[e] === c && e + 1 < i && candidate(e + 1, i)) return true;
      if (c === QUOTE) openDouble = i;
      else openSingle = i;
    }
    if (b[i + 1] === c && b[i + 2] === c) {
      const from = c === QUOTE ? tripleDouble : tripleSingle;
      if (from >= 0 && from < i && candidate(from, i)) return true;
      if (c === QUOTE) tripleDouble = i + 3;
      else tripleSingle = i + 3;
    }
  }
  return false;
}

/** The next `'`, `"` or line feed from `i`, or the end. */
function nextQuoteOrNewline(b: Buffer, i: number): number {
  const n = b.length;
  for (; i < n; i++) {
    const c = b[i]!;
    if (c === QUOTE || c === APOSTROPHE || c === NEWLINE) return i;
  }
  return n;
}

/** Where `needle` occurs in `b`, in order (natively searched: backslashes and URLs are few). */
function positionsOf(b: Buffer, needle: string): number[] {
  const out: number[] = [];
  for (let at = b.indexOf(needle); at >= 0; at = b.indexOf(needle, at + 1)) out.push(at);
  return out;
}

/** Whether a sorted list holds a position in [start, end). */
function anyWithin(sorted: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]! < end;
}

/** A body read raw and, when it has escapes, decoded too: as the value rules and the escaped-name test see it. */
function literalMayHold(b: Buffer, start: number, end: number, flags: number): boolean {
  if (!(flags & ESCAPED)) return bodyMayBeJudged(b, start, end, flags);
  const body = b.toString("utf8", start, end);
  const decoded = decodePythonString(`'''${body.replaceAll("'''", "")}'''`) ?? body;
  return needleIn(body) || needleIn(decoded) || judgedValue(body) || judgedValue(decoded);
}

/** Where the comment at `i` ends: at a line feed or, as @lezer/python reads it, a carriage return (`crs`: the file has one). -1 at the end. */
function commentEnd(b: Buffer, i: number, crs: boolean): number {
  if (!crs) return b.indexOf(NEWLINE, i);
  for (let k = i; k < b.length; k++) if (b[k] === NEWLINE || b[k] === RETURN) return k;
  return -1;
}

/** The next `#`, `'` or `"` from `i`, or the end: a loop small enough to compile tight, outside the lexer's. */
function nextQuoteOrHash(b: Buffer, i: number): number {
  const n = b.length;
  for (; i < n; i++) {
    const c = b[i]!;
    if (c === HASH || c === QUOTE || c === APOSTROPHE) return i;
  }
  return n;
}

/** Whether only what python.ts lets stand between joined literals is in b[from, to): blanks, parentheses, `+`, line continuations, comments. */
function onlyJoiners(b: Buffer, from: number, to: number, crs: boolean): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c === HASH) {
      const eol = commentEnd(b, i, crs);
      if (eol < 0 || eol >= to) return true;
      i = eol;
    } else if (!(c === 32 || (c >= 9 && c <= 13) || c === 40 || c === 41 || c === 43 || c === BACKSLASH)) {
      return false;
    }
  }
  return true;
}

/** Where the literal's prefix (r, b, u, f, rb, fr...) starts: letters right before the quote that do not end a name. */
function stringPrefixStart(b: Buffer, quoteAt: number): number {
  let start = quoteAt;
  while (start > quoteAt - 2 && start > 0 && isPrefixLetter(b[start - 1]!)) start--;
  while (start < quoteAt && start > 0 && isNameByte(b[start - 1]!)) start++;
  return start;
}

/** r, b, u, f in either case. */
const isPrefixLetter = (c: number): boolean => c === 114 || c === 82 || c === 98 || c === 66 || c === 117 || c === 85 || c === 102 || c === 70;
const isNameByte = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;

/** Where the literal's body ends (scannedEnd): its closing quote, an unescaped line end (a single-quoted literal) or the end. */
function closingQuote(b: Buffer, from: number, quote: number, triple: boolean): void {
  let flags = 0;
  const n = b.length;
  for (let i = from; i < n; i++) {
    const c = b[i]!;
    if (c === BACKSLASH) {
      flags |= ESCAPED;
      i++;
    } else if (c === quote) {
      if (!triple || (b[i + 1] === quote && b[i + 2] === quote)) {
        scannedEnd = i;
        scannedFlags = flags;
        return;
      }
    } else if (c === COLON_CODE) {
      if (b[i + 1] === SLASH && b[i + 2] === SLASH) flags |= COLON;
    } else if (c === BRACE_CODE) {
      flags |= BRACE;
    } else if (c >= 128) {
      flags |= WIDE;
    } else if (c === NEWLINE && !triple) {
      // A line feed ends a single-quoted literal; a lone carriage return does not (@lezer/python reads on).
      scannedEnd = i;
      scannedFlags = flags | UNCLOSED;
      return;
    }
  }
  scannedEnd = n;
  scannedFlags = flags | UNCLOSED;
}

/**
 * The code inside an f-string's replacement fields (`{x['a']}`; `{{` is a brace). Undefined when the braces
 * do not balance: PEP 701 nesting (the string's own quote inside a field) cuts the literal short here.
 */
function replacementFields(body: string): string[] | undefined {
  const fields: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (depth === 0 && (c === "{" || c === "}") && body[i + 1] === c) {
      i++;
    } else if (c === "{") {
      if (depth++ === 0) start = i + 1;
    } else if (c === "}") {
      if (depth === 0) return undefined;
      if (--depth === 0) fields.push(body.slice(start, i));
    }
  }
  return depth === 0 ? fields : undefined;
}

/** Adjacent literals joined (python.ts's ContinuedString and `+`): every sub-run a value may be. */
function runMayHold(b: Buffer, run: Run): boolean {
  const values: string[] = [];
  for (let k = 0; k < run.length; k++) values.push(run.decoded[k] ?? b.toString("utf8", run.starts[k], run.ends[k]));
  const joined = values.join("");
  // A needle split over two literals is whole in the join, as is one that any sub-run holds.
  if (needleIn(joined)) return true;
  if (joined.includes("://") && joined.includes("@")) return true;
  if (joined.length < MIN_KEY) return false;
  for (let i = 0; i < values.length; i++) {
    let s = values[i]!;
    for (let j = i + 1; j < values.length && s.length <= MAX_KEY; j++) {
      s += values[j];
      if (judgedValue(s)) return true;
    }
  }
  return false;
}

/**
 * JSON strings as jsonc-parser reads them (comments skipped, a string ends at its quote or the line's end,
 * its escapes decoded): each is a name or a value, and a `"NAME=value"` item binds the part after `=`.
 */
function jsonStringsMayHold(b: Buffer): boolean {
  const n = b.length;
  for (let i = nextQuoteOrSlash(b, 0); i < n; i = nextQuoteOrSlash(b, i + 1)) {
    const c = b[i]!;
    if (c === SLASH) {
      const d = b[i + 1];
      if (d === SLASH) {
        while (i + 1 < n && b[i + 1] !== NEWLINE && b[i + 1] !== RETURN) i++;
      } else if (d === STAR) {
        const end = b.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 1;
      }
      continue;
    }
    const start = i + 1;
    jsonStringEnd(b, start);
    const bodyEnd = scannedEnd;
    const flags = scannedFlags;
    i = bodyEnd < n && b[bodyEnd] === QUOTE ? bodyEnd : bodyEnd - 1;
    if (!(flags & ESCAPED)) {
      if (bodyMayBeJudged(b, start, bodyEnd, flags)) return true;
      if (flags & EQUALS && assignedMayBeJudged(b.toString("utf8", start, bodyEnd))) return true;
      continue;
    }
    const value = decodeJsonEscapes(b.toString("utf8", start, bodyEnd));
    if (needleIn(value) || judgedValue(value) || assignedMayBeJudged(value)) return true;
  }
  return false;
}

/** The next `"` or `/` from `i`, or the end. */
function nextQuoteOrSlash(b: Buffer, i: number): number {
  const n = b.length;
  for (; i < n; i++) {
    const c = b[i]!;
    if (c === QUOTE || c === SLASH) return i;
  }
  return n;
}

/** A `"NAME=value"` item (docker Env, pytest-env): json.ts binds what follows the `=`. */
function assignedMayBeJudged(value: string): boolean {
  const assignment = /^(?:[DR]{1,2}:)?[A-Za-z_][A-Za-z0-9_]*=/.exec(value);
  return !!assignment && judgedValue(value.slice(assignment[0].length));
}

/** Where a JSON string's body ends (scannedEnd): jsonc-parser's scanString stops at the quote or a line end; a backslash takes the next byte with it. */
function jsonStringEnd(b: Buffer, from: number): void {
  let flags = 0;
  const n = b.length;
  for (let i = from; i < n; i++) {
    const c = b[i]!;
    if (c === QUOTE || c === NEWLINE || c === RETURN) {
      scannedEnd = i;
      scannedFlags = flags;
      return;
    }
    if (c === BACKSLASH) {
      flags |= ESCAPED;
      i++;
    } else if (c === COLON_CODE) {
      if (b[i + 1] === SLASH && b[i + 2] === SLASH) flags |= COLON;
    } else if (c === EQUALS_CODE) flags |= EQUALS;
    else if (c >= 128) flags |= WIDE;
  }
  scannedEnd = n;
  scannedFlags = flags;
}

const JSON_ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** jsonc-parser's decoding of a string body: simple escapes, \uXXXX, anything else dropped with its backslash. */
function decodeJsonEscapes(body: string): string {
  let value = "";
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c !== "\\") {
      value += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    i += 2;
    if (e === undefined) break;
    if (e in JSON_ESCAPES) value += JSON_ESCAPES[e];
    else if (e === "u") {
      // Up to four hex digits are consumed; fewer than four give nothing (an invalid escape).
      const hex = /^[0-9a-fA-F]{0,4}/.exec(body.slice(i, i + 4))![0];
      i += hex.length;
      if (hex.length === 4) value += String.fromCharCode(parseInt(hex, 16));
    }
  }
  return value;
}
