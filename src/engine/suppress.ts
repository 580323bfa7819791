// Inline suppressions: `django-secret-scan: ignore[DJS001] reason` in a comment of the scanned file.
// A suppression is a decision on the record, so it must name the rules it accepts and say why; one
// that does not is reported (DJS090) and hides nothing. Only real comments count, as far as each
// format can tell: a marker inside a string value is data, not a decision.
import { parser } from "@lezer/python";
import { createScanner } from "jsonc-parser";
import { formatFor } from "../formats/index.ts";
import { ruleById } from "../rules/index.ts";
import { LineIndex } from "./positions.ts";
import type { Finding, Span } from "./types.ts";

const MARKER = "django-secret-scan:";

export interface Suppression {
  path: string;
  /** The comment's line. */
  line: number;
  ruleIds: string[];
  reason: string;
  /** The comment stands on a line of its own, so it speaks for the line below as well. */
  alone: boolean;
}

/** A malformed suppression: what DJS090 reports. */
export interface InvalidSuppression {
  span: Span;
  message: string;
  /** What the comment says, for a fingerprint that survives line moves. */
  identity: string;
}

export interface SuppressedFinding {
  finding: Finding;
  reason: string;
  at: { path: string; line: number };
}

/** A comment's text (without its opener) and where it stands. */
interface Comment {
  text: string;
  line: number;
  /** 1-based column of the comment's first character (its opener), on `line`. */
  column: number;
  /** 1-based exclusive column where the comment ends on `line`. */
  endColumn: number;
  alone: boolean;
}

/** The suppressions a file's comments make, and the malformed ones. */
export function readSuppressions(path: string, text: string): { suppressions: Suppression[]; invalid: InvalidSuppression[] } {
  const suppressions: Suppression[] = [];
  const invalid: InvalidSuppression[] = [];
  // Most files have none: skip the comment reading (and Python's second parse) altogether.
  if (!text.includes(MARKER)) return { suppressions, invalid };
  for (const comment of commentsOf(formatFor(path).name, text)) {
    const parsed = parseDirective(comment.text);
    if (!parsed) continue;
    if (parsed.problems.length === 0) {
      suppressions.push({ path, line: comment.line, ruleIds: parsed.ruleIds, reason: parsed.reason, alone: comment.alone });
      continue;
    }
    invalid.push({
      span: { line: comment.line, column: comment.column, endLine: comment.line, endColumn: comment.endColumn },
      message: `This suppression comment ${parsed.problems.join(" and ")}, so it suppresses nothing. Write \`django-secret-scan: ignore[DJS001] why this finding is accepted\`, with the ids of the rules it accepts (several: \`ignore[DJS001,DJS004]\`).`,
      identity: comment.text.trim(),
    });
  }
  return { suppressions, invalid };
}

/**
 * Splits findings into those that stand and those a suppression accepts: same rule, on the comment's
 * line, or on the next line when the comment stands alone above it. DJS090 is never suppressed.
 */
export function applySuppressions(
  findings: readonly Finding[],
  suppressionsByPath: ReadonlyMap<string, readonly Suppression[]>,
): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const by = (suppressionsByPath.get(finding.path) ?? []).find(
      (s) => s.ruleIds.includes(finding.ruleId) && (finding.span.line === s.line || (s.alone && finding.span.line === s.line + 1)),
    );
    if (by) suppressed.push({ finding, reason: by.reason, at: { path: by.path, line: by.line } });
    else kept.push(finding);
  }
  return { findings: kept, suppressed };
}

/** What a comment's text asks, or undefined when it holds no `django-secret-scan: ignore`. */
function parseDirective(text: string): { ruleIds: string[]; reason: string; problems: string[] } | undefined {
  const at = text.indexOf(MARKER);
  if (at < 0) return undefined;
  // `ignored` or `ignore-all` is no directive of ours; `ignore[...]` and a bare `ignore` are.
  const m = /^\s*ignore(?![\w-])\s*(?:\[([^\]\n]*)\])?(.*)$/s.exec(text.slice(at + MARKER.length));
  if (!m) return undefined;
  const ruleIds = (m[1] ?? "").split(/[\s,]+/).filter((id) => id !== "").map((id) => id.toUpperCase());
  // Separators people put before a reason (`-- why`, `: why`) are not a reason themselves.
  const reason = m[2]!.replace(/^[\s:;,\-–—]+/, "").trim();
  const problems: string[] = [];
  if (ruleIds.length === 0) problems.push("names no rule");
  const unknown = ruleIds.filter((id) => id === "DJS090" || !ruleById(id));
  if (unknown.length) {
    const shown = unknown.map((id) => id.slice(0, 20)).join(", ");
    problems.push(`names ${unknown.length === 1 ? "a rule" : "rules"} it cannot suppress (${shown}: unknown, or DJS090 itself)`);
  }
  if (reason === "") problems.push("gives no reason");
  return { ruleIds, reason, problems };
}

/** Comment syntax per format (see README, "Suppressing a finding"). */
function commentsOf(format: string, text: string): Comment[] {
  switch (format) {
    case "python":
      return pythonComments(text);
    case "json":
      return jsoncComments(text);
    case "notebook":
      return notebookComments(text);
    // These formats take `#` (and `;`) only at the start of a line: mid-line it is part of the value
    // (a Dockerfile argument, an INI value, a systemd setting), so a trailing "comment" is no comment.
    case "dockerfile":
      return wholeLineComments(text, /^\s*#/);
    case "ini":
    case "systemd":
      return wholeLineComments(text, /^\s*[#;]/);
    default:
      // YAML, dotenv, shell, TOML, Procfile and the plain-text scan: `#` anywhere outside quotes.
      return hashComments(text);
  }
}

function linesOf(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

function pythonComments(text: string): Comment[] {
  const lines = new LineIndex(text);
  const out: Comment[] = [];
  parser.parse(text).iterate({
    enter: (ref) => {
      if (ref.name !== "Comment") return;
      const span = lines.span(ref.from, ref.to);
      const before = text.slice(ref.from - span.column + 1, ref.from);
      out.push({ text: text.slice(ref.from + 1, ref.to), line: span.line, column: span.column, endColumn: span.endColumn, alone: before.trim() === "" });
    },
  });
  return out;
}

// jsonc-parser's SyntaxKind is a const enum, which type stripping cannot inline: its values here.
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;

function jsoncComments(text: string): Comment[] {
  const lines = new LineIndex(text);
  const scanner = createScanner(text, false);
  const out: Comment[] = [];
  // Where the current line ends and its first non-blank is, found once per line: a line of many
  // comments must not be scanned again for each (that was quadratic).
  let line: { start: number; end: number; firstNonBlank: number } | undefined;
  for (let kind = scanner.scan(); kind !== 17; kind = scanner.scan()) {
    if (kind !== LINE_COMMENT && kind !== BLOCK_COMMENT) continue;
    const from = scanner.getTokenOffset();
    const to = from + scanner.getTokenLength();
    const raw = text.slice(from, to);
    const body = kind === LINE_COMMENT ? raw.slice(2) : raw.slice(2).replace(/\*\/$/, "");
    // A block comment over several lines stands where its marker is.
    const marker = raw.indexOf(MARKER);
    const at = marker >= 0 ? from + marker : from;
    const span = lines.span(at, at + 1);
    const lineStart = at - span.column + 1;
    if (line?.start !== lineStart) line = { start: lineStart, end: lineEndAfter(text, at), firstNonBlank: firstNonBlankAt(text, lineStart) };
    const opener = Math.max(from, lineStart);
    out.push({
      text: body,
      line: span.line,
      column: opener - lineStart + 1,
      endColumn: Math.min(to, line.end) - lineStart + 1,
      alone: line.firstNonBlank >= opener,
    });
  }
  return out;
}

/** The offset of the first line end at or after `at`, or the text's length. */
function lineEndAfter(text: string, at: number): number {
  let k = at;
  while (k < text.length && text[k] !== "\r" && text[k] !== "\n") k++;
  return k;
}

/** The offset of the first character at or after `from` that `trim()` would keep, or the text's length. */
function firstNonBlankAt(text: string, from: number): number {
  const re = /\S/g;
  re.lastIndex = from;
  return re.exec(text)?.index ?? text.length;
}

/** A notebook's code lines are JSON strings, one a line as Jupyter writes them: the `#` comment is read in the decoded Python line. */
function notebookComments(text: string): Comment[] {
  const out: Comment[] = [];
  linesOf(text).forEach((raw, i) => {
    // `\s*(?:,\s*)?$`, not `\s*,?\s*$`: the same tails, without trying every split of a run of blanks.
    const m = /^(\s*)("(?:[^"\\]|\\.)*")\s*(?:,\s*)?$/.exec(raw);
    if (!m) return;
    let python: string;
    try {
      python = JSON.parse(m[2]!) as string;
    } catch {
      return;
    }
    const hash = hashCommentStart(python);
    if (hash < 0) return;
    // Columns are the raw line's: the comment is found again there, escapes and all.
    const marker = raw.indexOf(MARKER);
    const column = Math.max(marker >= 0 ? raw.lastIndexOf("#", marker) : raw.indexOf("#"), 0) + 1;
    out.push({ text: python.slice(hash + 1), line: i + 1, column, endColumn: raw.length + 1, alone: python.slice(0, hash).trim() === "" });
  });
  return out;
}

function wholeLineComments(text: string, opener: RegExp): Comment[] {
  const out: Comment[] = [];
  linesOf(text).forEach((line, i) => {
    const m = opener.exec(line);
    if (m) out.push({ text: line.slice(m[0].length), line: i + 1, column: m[0].length, endColumn: line.length + 1, alone: true });
  });
  return out;
}

function hashComments(text: string): Comment[] {
  const out: Comment[] = [];
  linesOf(text).forEach((line, i) => {
    const hash = hashCommentStart(line);
    if (hash >= 0) out.push({ text: line.slice(hash + 1), line: i + 1, column: hash + 1, endColumn: line.length + 1, alone: line.slice(0, hash).trim() === "" });
  });
  return out;
}

/**
 * Where a `#` comment starts on one line, or -1: a `#` at the start or after whitespace, outside
 * quotes. A quote opens only where a value can start (after `=`, `:`, space...), so the apostrophe
 * of `it's` does not hide the comment after it. Strings over several lines are beyond a line scan.
 */
function hashCommentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    const prev = i > 0 ? line[i - 1]! : "";
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "#") {
      if (i === 0 || /\s/.test(prev)) return i;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s=:,[({]/.test(prev))) {
      quote = c;
    }
  }
  return -1;
}
