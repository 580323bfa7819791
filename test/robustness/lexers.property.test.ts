// The hand-written readers shared by formats and the change reader, under random and adversarial
// input (fast-check): the shell tokenizer, unified diffs, suppression comments and the free-text
// key sweep. Each keeps its offsets inside the range it was given and, where it was rewritten for
// linear time, agrees with a plain reading of what it did before.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { commandAssignments, commandWordOf, lex, lexRun, shellAssignment, type LexOptions, type Token, type Word } from "../../src/formats/shell-words.ts";
import { addedLinesFromPatch, parseGitDiff, unquoteGitPath } from "../../src/changes/patch.ts";
import { readSuppressions } from "../../src/engine/suppress.ts";
import { keysInFreeText } from "../../src/formats/text.ts";
import { RE_DJANGO_INSECURE_IN_TEXT } from "../../src/engine/key-shape.ts";
import { LineIndex } from "../../src/engine/positions.ts";
import { Secret } from "../../src/engine/secret.ts";
import { ruleById } from "../../src/rules/index.ts";
import type { Binding, Span } from "../../src/engine/types.ts";
import { madeUpDjangoKey } from "../helpers/facts.ts";
import { assertProperty, assertSpanOnText, lineStarts } from "./checks.ts";

fc.configureGlobal({ seed: 20_250_907 });
const RUNS = 400;

const soup = (tokens: readonly string[], maxLength = 60): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...tokens), { maxLength, size: "max" }).map((parts) => parts.join(""));

// --- shell words ---------------------------------------------------------------------------

/** Tokens that open something (a quote, a substitution): rarer, or most texts would end unterminated. */
const SHELL_OPENERS = ["`", "'", '"', "${", "$(", "(", "$'", '$"', "{"];
const SHELL_TOKENS = [
  " ", "\t", "\n", "\r\n", "\\", "\\\n", "$", "}", ")", "#", ";", "&", "&&", "|", "||", "<", ">", "<<", "<<-", "<<<", "2>", "EOF",
  "EOF\n", "\tEOF\n", "=", "A=", "A=(a b)", "export", "declare", "-x", "env", "cat", "bash", "x", "\\x41", "\\n", "é", "\u0000", "'q'", '"q $x"',
  "${X:-d}", "$(cmd)", "`cmd`", "$'\\n'", "'a\nb'",
];
const shellText = (maxLength: number) =>
  fc
    .array(fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...SHELL_TOKENS) }, { weight: 1, arbitrary: fc.constantFrom(...SHELL_OPENERS) }), { maxLength, size: "max" })
    .map((parts) => parts.join(""));

const lexOptions: fc.Arbitrary<LexOptions> = fc.record(
  {
    escape: fc.constantFrom("\\", "`"),
    shell: fc.boolean(),
    expansions: fc.boolean(),
    heredocs: fc.boolean(),
    cEscapes: fc.boolean(),
    looseContinuation: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** Text, a range [from, to) inside it, and options. */
const lexCase = fc
  .tuple(shellText(80), fc.nat(), fc.nat(), lexOptions)
  .map(([text, a, b, options]) => {
    const x = a % (text.length + 1);
    const y = b % (text.length + 1);
    return { text, from: Math.min(x, y), to: Math.max(x, y), options };
  });

function assertWordInside(w: Word, from: number, to: number): void {
  assert.ok(from <= w.rawFrom && w.rawFrom <= w.rawTo && w.rawTo <= to, "raw word inside the range");
  assert.ok(w.rawFrom <= w.from && w.from <= w.to && w.to <= w.rawTo, "word inside its raw text");
  assert.equal(w.starts?.length, w.text.length, "one start per unit");
  assert.equal(w.ends?.length, w.text.length, "one end per unit");
  for (let i = 0; i < w.text.length; i++) assert.ok(w.rawFrom <= w.starts![i]! && w.starts![i]! < w.ends![i]! && w.ends![i]! <= w.rawTo, `unit ${i} inside the word`);
}

test("lex: any text, range and options: no throw, every offset inside the range", () => {
  assertProperty(lexCase, ({ text, from, to, options }) => {
    const lexed = lex(text, from, to, options);
    for (const t of lexed.tokens) {
      if (t.kind === "word") assertWordInside(t.word, from, to);
      else assert.ok(from <= t.at && t.at < to, `${t.kind} inside the range`);
    }
    for (const h of lexed.heredocs) {
      assert.ok(from <= h.from && h.from <= h.to && h.to <= to, "here-document body inside the range");
      assert.equal(lexed.tokens[h.token]?.kind, "redirect", "opened by a redirect");
    }
    if (lexed.error) assert.ok(from <= lexed.error.at && lexed.error.at <= to, "error inside the range");
    for (const a of commandAssignments(text, lexed.tokens)) assert.ok(from <= a.nameFrom && a.nameFrom <= a.nameTo && a.nameTo <= to);
    const run = lexRun(text, from, to, options);
    if (run.word) assertWordInside(run.word, from, to);
  }, RUNS);
});

test("lex regressions: an operator or a `\\x41` escape straddling the range's end stays inside it (found by the property above)", () => {
  const heredoc = lex("<<-declare$(cmd)<<<", 0, 17, { shell: true, heredocs: true });
  for (const h of heredoc.heredocs) assert.ok(h.from <= 17 && h.to <= 17, "here-document body inside the range");
  const escape = lex("\\x41", 0, 2, { cEscapes: true });
  for (const t of escape.tokens) if (t.kind === "word") assert.ok(t.word.rawTo <= 2, "escape inside the range");
});

/** The command word of token `index`, read the plain way: back to the separator, then forward. */
function commandWordAsBefore(text: string, tokens: readonly Token[], index: number): Word | undefined {
  let first = index;
  while (first > 0 && tokens[first - 1]!.kind !== "separator") first--;
  let target = false;
  for (let t = first; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token.kind === "separator") return undefined;
    if (token.kind === "redirect") target = true;
    else if (target) target = false;
    else if (!shellAssignment(text, token.word)) return token.word;
  }
  return undefined;
}

test("commandWordOf gives the word the plain back-and-forth reading gives, for every token", () => {
  assertProperty(fc.oneof(shellText(80), soup(["A=1 ", "B=2 ", " <<X ", "X\n", "cat", " ", ";", "\n", "2>", "f"], 40)), (text) => {
    const { tokens } = lex(text, 0, text.length, { shell: true, heredocs: true });
    for (let i = 0; i < tokens.length; i++) assert.equal(commandWordOf(text, tokens, i), commandWordAsBefore(text, tokens, i), `token ${i}`);
  }, RUNS);
});

// --- unified diffs -------------------------------------------------------------------------

/** A line's text that may look like diff syntax: a hunk must still be read by its counts. */
const content = fc.constantFrom("x = 1", "", "++ b/evil", "-- a/evil", "@@ -1 +1 @@", "diff --git a/x b/x", "\\ not a marker", " ", "é");
type Op = { mark: "+" | "-" | " "; text: string };
const op: fc.Arbitrary<Op> = fc.record({ mark: fc.constantFrom<Op["mark"]>("+", "-", " "), text: content });

/** Hunks in order, as git writes them, and the new-file lines they add. */
const hunks = fc.array(fc.tuple(fc.nat(5), fc.array(op, { minLength: 1, maxLength: 8 }), fc.boolean()), { maxLength: 5 }).map((list) => {
  const lines: string[] = [];
  const added = new Set<number>();
  let oldAt = 1;
  let newAt = 1;
  for (const [gap, ops, noNewline] of list) {
    oldAt += gap;
    newAt += gap;
    const oldCount = ops.filter((o) => o.mark !== "+").length;
    const newCount = ops.filter((o) => o.mark !== "-").length;
    // git writes the start line before the first line of a side, and omits a count of 1.
    const side = (start: number, count: number) => `${count === 0 ? start - 1 : start}${count === 1 ? "" : `,${count}`}`;
    lines.push(`@@ -${side(oldAt, oldCount)} +${side(newAt, newCount)} @@ def f():`);
    for (const o of ops) {
      if (o.mark === "+") added.add(newAt);
      if (o.mark !== "-") newAt++;
      if (o.mark !== "+") oldAt++;
      lines.push(`${o.mark}${o.text}`);
    }
    if (noNewline) lines.push("\\ No newline at end of file");
  }
  return { lines, added };
});

const sorted = (s: Set<number> | "all") => (s === "all" ? s : [...s].sort((a, b) => a - b));

test("addedLinesFromPatch: the new-file line of every `+` line, whatever the lines look like", () => {
  assertProperty(hunks, ({ lines, added }) => {
    assert.deepEqual(sorted(addedLinesFromPatch(lines.join("\n"))), sorted(added));
  }, RUNS);
});

const pathPart = fc.string({ unit: fc.constantFrom(..."abcxyz019_-."), minLength: 1, maxLength: 8 }).filter((p) => p !== "." && p !== "..");
const repoPath = fc.array(pathPart, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/"));

test("parseGitDiff: several files, each with its status, paths and added lines", () => {
  const file = fc.record({ path: repoPath, oldPath: repoPath, status: fc.constantFrom("modified", "added", "removed", "renamed"), body: hunks });
  assertProperty(fc.array(file, { maxLength: 4 }), (files) => {
    const out: string[] = [];
    for (const f of files) {
      const a = f.status === "renamed" ? f.oldPath : f.path;
      out.push(`diff --git a/${a} b/${f.path}`);
      if (f.status === "added") out.push("new file mode 100644");
      if (f.status === "removed") out.push("deleted file mode 100644");
      if (f.status === "renamed") out.push("similarity index 90%", `rename from ${f.oldPath}`, `rename to ${f.path}`);
      out.push(`index 1234567..89abcde 100644`, `--- ${f.status === "added" ? "/dev/null" : `a/${a}`}`, `+++ ${f.status === "removed" ? "/dev/null" : `b/${f.path}`}`, ...f.body.lines);
    }
    const parsed = parseGitDiff(out.join("\n") + "\n");
    assert.equal(parsed.length, files.length, "one entry per file");
    parsed.forEach((p, i) => {
      const f = files[i]!;
      assert.equal(p.path, f.path);
      assert.equal(p.status, f.status);
      if (f.status === "renamed") assert.equal(p.oldPath, f.oldPath);
      assert.deepEqual(sorted(p.addedLines), sorted(f.body.added));
    });
  }, RUNS);
});

test("parseGitDiff and addedLinesFromPatch: any text, no throw", () => {
  const tokens = ["diff --git ", "a/", "b/", " ", "\n", "@@ -", " +", " @@", ",", "1", "0", "99999999999999999999", "+", "-", "\\", '"', "\\303", "rename from ", "rename to ", "--- ", "+++ ", "/dev/null", "Binary files ", "index ", "..", "new file mode 160000"];
  assertProperty(fc.oneof(soup(tokens, 100), fc.string({ unit: "binary", maxLength: 200, size: "max" })), (text) => {
    for (const f of parseGitDiff(text)) assert.ok(f.addedLines === "all" || f.addedLines instanceof Set);
    assert.ok(addedLinesFromPatch(text) instanceof Set);
  }, RUNS);
});

/** A path quoted the way git quotes one: C escapes, and octal for the bytes of anything else. */
function gitQuote(path: string): string {
  let out = '"';
  for (const byte of Buffer.from(path, "utf8")) {
    const c = String.fromCharCode(byte);
    if (c === '"' || c === "\\") out += `\\${c}`;
    else if (c === "\t") out += "\\t";
    else if (c === "\n") out += "\\n";
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, "0")}`;
    else out += c;
  }
  return out + '"';
}

test("unquoteGitPath reads back any path git quoted", () => {
  assertProperty(fc.string({ unit: "grapheme", maxLength: 30, size: "max" }), (p) => assert.equal(unquoteGitPath(gitQuote(p)), p), RUNS);
});

// --- suppression comments ------------------------------------------------------------------

const SUPPRESSION_PATHS = ["config/settings.py", ".env", "app.json", "analysis.ipynb", "Dockerfile", "tox.ini", "app.service", "compose.yaml", "run.sh", "README.md"];
const COMMENT_TOKENS = [
  "# django-secret-scan: ignore[DJS001] accepted", "// django-secret-scan: ignore[DJS001,djs004] why", "/* django-secret-scan: ignore[DJS001] x */",
  "; django-secret-scan: ignore[DJS008] y", '"# django-secret-scan: ignore[DJS001] in a string"', "django-secret-scan:", " ignore", "[", "]", "DJS001", "djs004", ",", "DJS090", "NOPE", " accepted", " -- ", "#", "//", "/*", "*/", ";", '"', "'",
  "\n", "\r\n", "\r", " ", "\t", "x = ", "A=", "{", "}", "\\", "\u2028",
];

test("readSuppressions: any text in any format, no throw; what it reads is on the text and well formed", () => {
  assertProperty(fc.tuple(soup(COMMENT_TOKENS, 80), fc.constantFrom(...SUPPRESSION_PATHS)), ([text, path]) => {
    const { suppressions, invalid } = readSuppressions(path, text);
    const starts = lineStarts(text);
    for (const s of suppressions) {
      assert.ok(s.line >= 1 && s.line <= starts.length, "suppression line in the text");
      assert.ok(s.ruleIds.length > 0 && s.ruleIds.every((id) => id !== "DJS090" && ruleById(id)), "known rules only");
      assert.notEqual(s.reason.trim(), "", "with a reason");
    }
    for (const bad of invalid) assertSpanOnText(starts, text.length, bad.span, "invalid suppression span");
  }, RUNS);
});

test("readSuppressions: a comment on a line of its own is read on that line, whatever the lines around it", () => {
  const other = fc.constantFrom("A=b", "", "# note", "B='x # y'", "export C=1");
  assertProperty(fc.tuple(fc.array(other, { maxLength: 20 }), fc.nat(), fc.constantFrom("\n", "\r\n", "\r")), ([lines, at, eol]) => {
    const k = at % (lines.length + 1);
    const all = [...lines.slice(0, k), "# django-secret-scan: ignore[DJS008] dev only", ...lines.slice(k)];
    const { suppressions } = readSuppressions(".env", all.join(eol));
    assert.deepEqual(suppressions.map((s) => [s.line, s.alone]), [[k + 1, true]]);
  }, RUNS);
});

// --- startproject keys in free text ----------------------------------------------------------

/** The free-text sweep read the plain way: each key tested against every binding's span. */
function keysAsBefore(text: string, lines: LineIndex, bindings: readonly Binding[]): Span[] {
  const inside = (o: Span, i: Span) =>
    (o.line < i.line || (o.line === i.line && o.column <= i.column)) && (o.endLine > i.endLine || (o.endLine === i.endLine && o.endColumn >= i.endColumn));
  const held = bindings.map((b) => (b.value.kind === "env" && b.value.default ? b.value.default.span : b.value.span));
  const out: Span[] = [];
  for (const m of text.matchAll(RE_DJANGO_INSECURE_IN_TEXT)) {
    const span = lines.span(m.index, m.index + m[0].length);
    if (!held.some((h) => inside(h, span))) out.push(span);
  }
  return out;
}

test("keysInFreeText leaves out exactly the keys some binding holds", () => {
  const KEYS = [madeUpDjangoKey(5), madeUpDjangoKey(6)];
  const text = soup(["\n", "\r", " ", "x", "# ", ...KEYS, "django-insecure-"], 30);
  const ranges = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 6 });
  assertProperty(fc.tuple(text, ranges), ([t, rs]) => {
    const lines = new LineIndex(t);
    const bindings: Binding[] = rs.map(([a, b, env]) => {
      const x = a % (t.length + 1);
      const y = b % (t.length + 1);
      const span = lines.span(Math.min(x, y), Math.max(x, y));
      const literal = { kind: "string" as const, secret: new Secret(""), span };
      return { name: "X", construct: "entry", value: env ? { kind: "env", via: "x", default: literal, span: lines.span(0, 0) } : literal };
    });
    assert.deepEqual(keysInFreeText(t, lines, bindings).map((b) => b.value.span), keysAsBefore(t, lines, bindings));
  }, RUNS, KEYS);
});

// --- line index ----------------------------------------------------------------------------

test("LineIndex: every span it gives counts lines as the plain reading does (\\n, \\r\\n and a lone \\r), with or without a \\r in the text", () => {
  const text = soup(["a", "bc", "\n", "\r\n", "\r", "\n\n", "é", "😀"], 40);
  assertProperty(
    fc.tuple(text, fc.nat(), fc.nat()),
    ([t, x, y]) => {
      const from = t.length ? x % t.length : 0;
      const to = t.length ? from + 1 + (y % (t.length - from)) : 0;
      const starts = lineStarts(t);
      const lineOf = (offset: number) => starts.findLastIndex((s) => s <= offset);
      const a = lineOf(from);
      const b = lineOf(Math.max(from, to - 1));
      assert.deepEqual(new LineIndex(t).span(from, to), { line: a + 1, column: from - starts[a]! + 1, endLine: b + 1, endColumn: to - starts[b]! + 1 });
    },
    RUNS,
  );
});
