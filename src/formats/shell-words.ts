// Shell-style words and quotes, for every format whose values are written the way a POSIX shell
// reads them: shell scripts, Procfile commands, Dockerfile ENV/ARG/RUN and systemd Environment=.
// Not a shell parser: a careful tokenizer (quotes, escapes, line continuations, `$(...)`, `${...}`,
// comments, operators, here-documents) and the one question the formats ask of its tokens: which
// words assign a variable. Each character is looked at a bounded number of times: linear in the input.
import type { Decoded } from "./decoded-text.ts";
import { sliceDecoded } from "./decoded-text.ts";
import { wordForMessage } from "./parse-errors.ts";

export interface Word extends Decoded {
  /** Source offsets of the whole word, quotes included. */
  rawFrom: number;
  rawTo: number;
  /** Part of it is substituted when it is read: an unquoted or double-quoted `$NAME` / `${...}`. */
  expands: boolean;
  /** A command substitution, arithmetic or an array: its value exists only when the script runs. */
  computed: boolean;
  /** Some of it was quoted or escaped. */
  quoted: boolean;
}

export type Token =
  | { kind: "word"; word: Word }
  /** `;`, `&`, `&&`, `||`, `|`, `|&`, `;;`, `;&`, `(`, `)` and an unescaped line end: a new command follows. */
  | { kind: "separator"; op: string; at: number }
  /** `<`, `>`, `>>`, `<<`, `<<-`, `<<<`, `<&`, `>&`, `<>`, `>|`, `&>`, `&>>`: the next word is its target. */
  | { kind: "redirect"; op: string; at: number };

export interface Heredoc {
  delimiter: string;
  /** A quoted delimiter: the body is taken literally (no `$` substitution). */
  quoted: boolean;
  /** Source offsets of the body: from the line after the command to the start of the delimiter line. */
  from: number;
  to: number;
  /** Index in the tokens of the `<<` redirect that opened it. */
  token: number;
}

export interface LexOptions {
  /** The escape character: `\`, or a Dockerfile's `# escape=` choice. */
  escape?: string;
  /** Shell syntax: operators, `#` comments, `$'...'`, `$(...)` and backticks. Off: words split at blanks only. */
  shell?: boolean;
  /** `$NAME` and `${...}` are substitutions (off for systemd, which substitutes nothing in Environment=). */
  expansions?: boolean;
  /** Read here-document bodies after the line that opens them (off: the caller has the bodies). */
  heredocs?: boolean;
  /** systemd: C escapes (`\n`, `\t`, `\x41`, ...) mean the character, quoted or not. */
  cEscapes?: boolean;
  /** Dockerfile: the escape character, blanks, then the line end still continue the line. */
  looseContinuation?: boolean;
}

export interface LexError {
  at: number;
  message: string;
}

export interface Lexed {
  tokens: Token[];
  heredocs: Heredoc[];
  /** Where reading stopped (an unterminated quote, say): tokens before it are kept. */
  error?: LexError;
}

const OPERATORS = ["<<<", "<<-", "&>>", "&&", "||", ";;", ";&", "|&", "<<", ">>", "<&", ">&", "<>", ">|", "&>", ";", "&", "|", "(", ")", "<", ">"];
const SEPARATORS = new Set([";", "&", "&&", "||", "|", "|&", ";;", ";&", "(", ")"]);
const OPERATOR_CHARS = new Set([";", "&", "|", "(", ")", "<", ">"]);
const C_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", s: " ", "\\": "\\", '"': '"', "'": "'" };
const ASSIGNMENT_PREFIX = /^[A-Za-z_][A-Za-z0-9_]*=$/;

class Failure extends Error {
  readonly at: number;
  constructor(at: number, message: string) {
    super(message);
    this.at = at;
  }
}

/** Collects a word's units with their source offsets. */
class WordBuilder {
  readonly rawFrom: number;
  private readonly units: string[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  expands = false;
  computed = false;
  quoted = false;

  constructor(rawFrom: number) {
    this.rawFrom = rawFrom;
  }

  push(unit: string, from: number, to: number): void {
    this.units.push(unit);
    this.starts.push(from);
    this.ends.push(to);
  }

  /** Source characters [from, to) as they are. */
  pushRaw(text: string, from: number, to: number): void {
    for (let k = from; k < to; k++) this.push(text[k]!, k, k + 1);
  }

  finish(rawTo: number): Word {
    const n = this.units.length;
    return {
      text: this.units.join(""),
      starts: this.starts,
      ends: this.ends,
      from: n > 0 ? this.starts[0]! : rawTo,
      to: n > 0 ? this.ends[n - 1]! : rawTo,
      rawFrom: this.rawFrom,
      rawTo,
      expands: this.expands,
      computed: this.computed,
      quoted: this.quoted,
    };
  }
}

class Lexer {
  private readonly text: string;
  private readonly end: number;
  private readonly esc: string;
  private readonly shell: boolean;
  private readonly expansions: boolean;
  private readonly options: LexOptions;
  private i: number;
  readonly tokens: Token[] = [];
  readonly heredocs: Heredoc[] = [];
  /** Here-documents opened on the current line, read when it ends. */
  private pending: { delimiter: string; quoted: boolean; stripTabs: boolean; token: number }[] = [];
  /** The `<<` whose delimiter word comes next. */
  private awaitingDelimiter: { stripTabs: boolean; token: number } | undefined;

  constructor(text: string, from: number, to: number, options: LexOptions) {
    this.text = text;
    this.i = from;
    this.end = Math.min(to, text.length);
    this.esc = options.escape ?? "\\";
    this.shell = options.shell ?? false;
    this.expansions = options.expansions ?? true;
    this.options = options;
  }

  run(): void {
    const { text } = this;
    while (this.i < this.end) {
      const c = text[this.i]!;
      if (c === " " || c === "\t" || c === "\r" || (c === "\n" && !this.shell)) {
        this.i += 1;
      } else if (c === this.esc && this.continuationAt(this.i) > 0) {
        this.i += this.continuationAt(this.i);
      } else if (c === "\n") {
        this.tokens.push({ kind: "separator", op: "\n", at: this.i });
        this.i += 1;
        if (this.pending.length > 0) this.readBodies();
      } else if (this.shell && c === "#") {
        const eol = text.indexOf("\n", this.i);
        this.i = eol < 0 || eol > this.end ? this.end : eol;
      } else if (this.shell && OPERATOR_CHARS.has(c)) {
        this.operator();
      } else {
        this.word(false);
      }
    }
    if (this.pending.length > 0) this.readBodies();
  }

  /** The length of a line continuation at `k` (escape, [blanks,] line end), or 0. */
  private continuationAt(k: number): number {
    const { text } = this;
    let j = k + 1;
    if (this.options.looseContinuation) while (j < this.end && (text[j] === " " || text[j] === "\t")) j++;
    if (text[j] === "\n" && j < this.end) return j + 1 - k;
    if (text[j] === "\r" && text[j + 1] === "\n" && j + 1 < this.end) return j + 2 - k;
    return 0;
  }

  private operator(): void {
    // Within the range: `<<<` straddling its end is `<` (reading on would leave the range).
    const op = OPERATORS.find((o) => this.text.startsWith(o, this.i) && this.i + o.length <= this.end)!;
    const at = this.i;
    this.i += op.length;
    if (SEPARATORS.has(op)) {
      this.tokens.push({ kind: "separator", op, at });
      return;
    }
    this.tokens.push({ kind: "redirect", op, at });
    if ((op === "<<" || op === "<<-") && this.options.heredocs) {
      this.awaitingDelimiter = { stripTabs: op === "<<-", token: this.tokens.length - 1 };
    }
  }

  /** Reads one word from `i`; with `keepBlanks`, the rest of the range is one word, blanks and all. */
  word(keepBlanks: boolean): Word {
    const { text, esc } = this;
    const w = new WordBuilder(this.i);
    while (this.i < this.end) {
      const c = text[this.i]!;
      if (!keepBlanks && (c === " " || c === "\t" || c === "\n" || c === "\r")) break;
      if (keepBlanks && c === "\n") break;
      if (this.shell && OPERATOR_CHARS.has(c)) {
        // NAME=(a b c): a bash array, whose items are no value of NAME's.
        if (c === "(" && ASSIGNMENT_PREFIX.test(text.slice(w.rawFrom, this.i))) {
          const close = this.skipParens(this.i);
          w.pushRaw(text, this.i, close);
          w.computed = true;
          this.i = close;
          continue;
        }
        break;
      }
      if (c === esc) {
        const cont = this.continuationAt(this.i);
        if (cont > 0) {
          this.i += cont;
        } else if (this.i + 1 >= this.end) {
          w.push(c, this.i, this.i + 1);
          this.i += 1;
        } else {
          const n = text[this.i + 1]!;
          w.quoted = true;
          this.escape(w, n, this.i);
        }
        continue;
      }
      if (c === "'" && this.options.cEscapes) {
        // systemd reads both quotes alike, escapes included.
        this.quoted(w, this.i, "'");
        continue;
      }
      if (c === "'") {
        const close = text.indexOf("'", this.i + 1);
        if (close < 0 || close >= this.end) throw new Failure(this.i, "unterminated single quote");
        w.quoted = true;
        w.pushRaw(text, this.i + 1, close);
        this.i = close + 1;
        continue;
      }
      if (c === '"') {
        this.quoted(w, this.i, '"');
        continue;
      }
      if (c === "$" && this.expansions) {
        const n = text[this.i + 1];
        if (this.shell && n === "'") {
          this.ansiC(w);
          continue;
        }
        if (this.shell && n === '"') {
          this.quoted(w, this.i + 1, '"');
          continue;
        }
        if (this.dollar(w)) continue;
      }
      if (c === "`" && this.shell && this.expansions && esc !== "`") {
        const close = this.skipBackticks(this.i);
        w.pushRaw(text, this.i, close);
        w.computed = true;
        this.i = close;
        continue;
      }
      w.push(c, this.i, this.i + 1);
      this.i += 1;
    }
    const word = w.finish(this.i);
    if (!keepBlanks) this.emit(word);
    return word;
  }

  private emit(word: Word): void {
    // `2>file`: the digits are the redirect's file descriptor, not a word of the command.
    const next = this.text[this.i];
    if (this.shell && (next === "<" || next === ">") && !word.quoted && /^[0-9]+$/.test(word.text)) return;
    this.tokens.push({ kind: "word", word });
    if (this.awaitingDelimiter) {
      this.pending.push({ delimiter: word.text, quoted: word.quoted, ...this.awaitingDelimiter });
      this.awaitingDelimiter = undefined;
    }
  }

  /** An escape outside quotes at `k` (the escape character, then `n`). */
  private escape(w: WordBuilder, n: string, k: number): void {
    const { text } = this;
    if (this.options.cEscapes && n === "x" && k + 4 <= this.end && /^[0-9a-fA-F]{2}$/.test(text.slice(k + 2, k + 4))) {
      w.push(String.fromCharCode(parseInt(text.slice(k + 2, k + 4), 16)), k, k + 4);
      this.i = k + 4;
      return;
    }
    const unit = this.options.cEscapes ? (C_ESCAPES[n] ?? n) : n;
    w.push(unit, k, k + 2);
    this.i = k + 2;
  }

  /**
   * "..." from the quote at `k`: the escape character escapes only `$`, `` ` ``, `"`, itself and a
   * line end (with C escapes, as systemd reads both kinds of quotes, every escape counts).
   */
  private quoted(w: WordBuilder, k: number, quote: string): void {
    const { text, esc } = this;
    w.quoted = true;
    let j = k + 1;
    for (;;) {
      if (j >= this.end) throw new Failure(k, quote === '"' ? "unterminated double quote" : "unterminated single quote");
      const c = text[j]!;
      if (c === quote) break;
      if (c === esc && j + 1 < this.end) {
        const cont = this.continuationAt(j);
        const n = text[j + 1]!;
        if (cont > 0) {
          j += cont;
        } else if (this.options.cEscapes && (C_ESCAPES[n] !== undefined || n === "x")) {
          this.i = j;
          this.escape(w, n, j);
          j = this.i;
        } else if (n === quote || n === esc || (this.expansions && (n === "$" || n === "`"))) {
          w.push(n, j, j + 2);
          j += 2;
        } else {
          w.push(c, j, j + 1);
          j += 1;
        }
        continue;
      }
      if (c === "$" && this.expansions) {
        this.i = j;
        if (this.dollar(w)) {
          j = this.i;
          continue;
        }
      }
      if (c === "`" && this.shell && this.expansions && esc !== "`") {
        const close = this.skipBackticks(j);
        w.pushRaw(text, j, close);
        w.computed = true;
        j = close;
        continue;
      }
      w.push(c, j, j + 1);
      j += 1;
    }
    this.i = j + 1;
  }

  /** `$'...'`: ANSI-C quoting, with the usual backslash escapes. */
  private ansiC(w: WordBuilder): void {
    const { text } = this;
    const open = this.i;
    w.quoted = true;
    let j = open + 2;
    for (;;) {
      if (j >= this.end) throw new Failure(open, "unterminated $' quote");
      const c = text[j]!;
      if (c === "'") break;
      if (c === "\\" && j + 1 < this.end) {
        const n = text[j + 1]!;
        w.push(C_ESCAPES[n] ?? n, j, j + 2);
        j += 2;
        continue;
      }
      w.push(c, j, j + 1);
      j += 1;
    }
    this.i = j + 1;
  }

  /** A `$` at `i`: true when it began a substitution (now read into `w`), false for a plain `$`. */
  private dollar(w: WordBuilder): boolean {
    const { text } = this;
    const k = this.i;
    const n = text[k + 1] ?? "";
    if (n === "{") {
      const close = this.skipBraces(k + 1);
      w.pushRaw(text, k, close);
      w.expands = true;
      this.i = close;
      return true;
    }
    if (n === "(" && this.shell) {
      const close = this.skipParens(k + 1);
      w.pushRaw(text, k, close);
      w.computed = true;
      this.i = close;
      return true;
    }
    if (/[A-Za-z0-9_@*#?$!-]/.test(n)) {
      // $NAME: the `$` marks it; the name's characters follow as ordinary units.
      w.push("$", k, k + 1);
      w.expands = true;
      this.i = k + 1;
      return true;
    }
    return false;
  }

  /** Past the `)` matching the `(` at `k`, over quotes and nested parentheses. */
  private skipParens(k: number): number {
    return this.skipNested(k, "(", ")", "unterminated $( or (");
  }

  /** Past the `}` matching the `{` at `k`. */
  private skipBraces(k: number): number {
    return this.skipNested(k, "{", "}", "unterminated ${");
  }

  private skipNested(k: number, open: string, close: string, message: string): number {
    const { text } = this;
    let depth = 0;
    let j = k;
    while (j < this.end) {
      const c = text[j]!;
      if (c === this.esc) {
        j += 2;
        continue;
      }
      if (c === open) depth++;
      else if (c === close && --depth === 0) return j + 1;
      else if (c === "'" || c === '"' || c === "`") {
        j = this.skipQuote(j);
        continue;
      }
      j++;
    }
    throw new Failure(k, message);
  }

  /** Past the quote that closes the one at `k` (the escape character counts inside double quotes and backticks). */
  private skipQuote(k: number): number {
    const { text } = this;
    const q = text[k]!;
    let j = k + 1;
    while (j < this.end) {
      const c = text[j]!;
      if (c === q) return j + 1;
      j += c === this.esc && q !== "'" ? 2 : 1;
    }
    throw new Failure(k, q === "`" ? "unterminated backtick" : q === "'" ? "unterminated single quote" : "unterminated double quote");
  }

  private skipBackticks(k: number): number {
    return this.skipQuote(k);
  }

  /** Here-document bodies opened on the line that just ended, in order; `i` is at the next line. */
  private readBodies(): void {
    const { text } = this;
    for (const h of this.pending) {
      const from = this.i;
      let p = from;
      let found = false;
      while (p < this.end) {
        let eol = text.indexOf("\n", p);
        if (eol < 0 || eol > this.end) eol = this.end;
        let line = text.slice(p, eol);
        if (line.endsWith("\r")) line = line.slice(0, -1);
        if (h.stripTabs) line = line.replace(/^\t+/, "");
        if (line === h.delimiter) {
          this.heredocs.push({ delimiter: h.delimiter, quoted: h.quoted, from, to: p, token: h.token });
          // The delimiter line's own line end separates what follows.
          this.i = eol;
          found = true;
          break;
        }
        p = eol + 1;
      }
      if (!found) {
        this.heredocs.push({ delimiter: h.delimiter, quoted: h.quoted, from, to: this.end, token: h.token });
        this.i = this.end;
        this.pending = [];
        const shown = wordForMessage(h.delimiter);
        throw new Failure(from, `here-document ended by ${shown === h.delimiter ? JSON.stringify(shown) : shown} is not terminated`);
      }
    }
    this.pending = [];
  }
}

/** The tokens of text[from, to). Never throws: a quote left open ends the reading with `error`. */
export function lex(text: string, from: number, to: number, options: LexOptions): Lexed {
  const lexer = new Lexer(text, from, to, options);
  try {
    lexer.run();
    return { tokens: lexer.tokens, heredocs: lexer.heredocs };
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    return { tokens: lexer.tokens, heredocs: lexer.heredocs, error: { at: e.at, message: e.message } };
  }
}

/**
 * text[from, to) read as one word whose blanks are kept (a Dockerfile's legacy `ENV NAME some value`):
 * quotes removed, escapes applied, continuations joined.
 */
export function lexRun(text: string, from: number, to: number, options: LexOptions): { word?: Word; error?: LexError } {
  const lexer = new Lexer(text, from, to, { ...options, shell: false });
  try {
    return { word: lexer.word(true) };
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    return { error: { at: e.at, message: e.message } };
  }
}

/** The words of a token list. */
export const wordsOf = (tokens: readonly Token[]): Word[] =>
  tokens.flatMap((t) => (t.kind === "word" ? [t.word] : []));

// --- assignments ---------------------------------------------------------------------------

export interface Assignment {
  name: string;
  /** Source offsets of the name. */
  nameFrom: number;
  nameTo: number;
  value: Decoded;
  word: Word;
}

const SHELL_NAME = /[A-Za-z_][A-Za-z0-9_]*=/y;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The shell's own test for an assignment word: `NAME=` at its start, unquoted (`"A=b"` is a command
 * name, not an assignment). `NAME+=` appends to a value and is not taken for one.
 */
export function shellAssignment(text: string, word: Word): Assignment | undefined {
  SHELL_NAME.lastIndex = word.rawFrom;
  const m = SHELL_NAME.exec(text);
  if (!m || word.rawFrom + m[0].length > word.rawTo) return undefined;
  const n = m[0].length - 1;
  return { name: m[0].slice(0, n), nameFrom: word.rawFrom, nameTo: word.rawFrom + n, value: sliceDecoded(word, n + 1), word };
}

/**
 * `NAME=value` as a program reads its argument (export, env, systemd, Dockerfile): quotes may wrap
 * any part of it, the name is what precedes the first `=`. `name` says which names are valid.
 */
export function argumentAssignment(word: Word, name: RegExp = IDENTIFIER): Assignment | undefined {
  const eq = word.text.indexOf("=");
  if (eq <= 0 || !name.test(word.text.slice(0, eq))) return undefined;
  const starts = word.starts ?? [];
  const ends = word.ends ?? [];
  return {
    name: word.text.slice(0, eq),
    nameFrom: starts[0] ?? word.from,
    nameTo: ends[eq - 1] ?? word.from + eq,
    value: sliceDecoded(word, eq + 1),
    word,
  };
}

/** Reserved words after which a new command starts. */
const COMMAND_START = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"]);
/** Builtins whose operands are assignments. */
const DECLARATIONS = new Set(["export", "declare", "typeset", "readonly", "local"]);
/** Commands that set variables for the command they run: `env NAME=value cmd`. */
const ENV_RUNNERS = new Set(["env", "sudo"]);

/** The word, when it is written plainly (no quotes, no substitution): a keyword or builtin name. */
const plain = (w: Word): string | undefined => (w.quoted || w.expands ? undefined : w.text);

/**
 * The assignments a shell performs in these tokens: `NAME=value` words at the start of a simple
 * command (standing alone or as a prefix of the command), the operands of export / declare /
 * typeset / readonly / local, and `env NAME=value cmd`. Arguments of other commands are not
 * assignments (`reexport NAME=value`, `echo NAME=value`). Starts reading at token `start`.
 */
export function commandAssignments(text: string, tokens: readonly Token[], start = 0): Assignment[] {
  const out: Assignment[] = [];
  let state: "start" | "prefix" | "declaration" | "env" | "arguments" = "start";
  let redirectTarget = false;
  for (let t = start; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token.kind === "separator") {
      state = "start";
      redirectTarget = false;
      continue;
    }
    if (token.kind === "redirect") {
      redirectTarget = true;
      continue;
    }
    const w = token.word;
    if (redirectTarget) {
      redirectTarget = false;
      continue;
    }
    if (state === "start" || state === "prefix") {
      const a = shellAssignment(text, w);
      if (a) {
        out.push(a);
        state = "prefix";
      } else if (state === "start" && COMMAND_START.has(plain(w) ?? "")) {
        // still at the start of a command
      } else if (DECLARATIONS.has(plain(w) ?? "")) {
        state = "declaration";
      } else if (ENV_RUNNERS.has(plain(w) ?? "")) {
        state = "env";
      } else {
        state = "arguments";
      }
    } else if (state === "declaration" || state === "env") {
      if (!w.quoted && w.text.startsWith("-")) continue;
      const a = argumentAssignment(w);
      if (a) out.push(a);
      else if (state === "env") state = "arguments";
    }
  }
  return out;
}

/**
 * The command word of the simple command that token `index` belongs to (skipping its prefix
 * assignments and redirects), or undefined when it has none (`<<EOF` alone).
 */
export function commandWordOf(text: string, tokens: readonly Token[], index: number): Word | undefined {
  return commandWordFinder(text, tokens)(index);
}

/**
 * commandWordOf for many tokens of one list (every here-document of a script): where each command
 * starts is found in one pass, and each command's word once, so `cat <<A <<B <<C ...` stays linear.
 */
export function commandWordFinder(text: string, tokens: readonly Token[]): (index: number) => Word | undefined {
  let starts: number[] | undefined;
  const byStart = new Map<number, Word | undefined>();
  return (index) => {
    if (!starts) {
      // A separator belongs to the command it ends.
      starts = [];
      let start = 0;
      for (let t = 0; t < tokens.length; t++) {
        starts.push(start);
        if (tokens[t]!.kind === "separator") start = t + 1;
      }
    }
    const first = starts[index] ?? index;
    if (!byStart.has(first)) byStart.set(first, firstCommandWord(text, tokens, first));
    return byStart.get(first);
  };
}

/** The first word from token `first` on that is no prefix assignment or redirect target, up to a separator. */
function firstCommandWord(text: string, tokens: readonly Token[], first: number): Word | undefined {
  let redirectTarget = false;
  for (let t = first; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token.kind === "separator") return undefined;
    if (token.kind === "redirect") {
      redirectTarget = true;
      continue;
    }
    if (redirectTarget) {
      redirectTarget = false;
      continue;
    }
    if (!shellAssignment(text, token.word)) return token.word;
  }
  return undefined;
}

/**
 * `text` with each range replaced by as many spaces (line ends too): same length, same offsets.
 * Readers blank what the file's own syntax drops (comment lines inside a continued line).
 */
export function blankOut(text: string, ranges: readonly [number, number][]): string {
  if (ranges.length === 0) return text;
  const parts: string[] = [];
  let last = 0;
  for (const [from, to] of ranges) {
    const end = Math.min(to, text.length);
    parts.push(text.slice(last, from), " ".repeat(Math.max(0, end - from)));
    last = end;
  }
  parts.push(text.slice(last));
  return parts.join("");
}
