// Time that grows with the input, not faster. Every format (through scanText) and the pattern
// functions get inputs known to break backtracking regexes and naive scans (runs of one character,
// `aaaa...!`, openers that never close, deep nesting, one huge line, many short lines). Each is timed
// at n and 4n characters after a warm-up: a linear reader takes about 4x as long, a quadratic one
// 16x. The bound is loose (under 10x), the time floored and a failure confirmed on the median of 3
// runs, so a slow or busy machine does not fail it; an absolute ceiling catches what is merely slow.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scanText } from "../../src/engine/scan.ts";
import { profile } from "../../src/engine/key-shape.ts";
import { PLACEHOLDER_PATTERN, TEMPLATE_PATTERNS } from "../../src/engine/placeholders.ts";
import { readSuppressions } from "../../src/engine/suppress.ts";
import { addedLinesFromPatch, parseGitDiff } from "../../src/changes/patch.ts";
import { lex } from "../../src/formats/shell-words.ts";
import { parseInterpolation } from "../../src/formats/interpolation.ts";
import { decodePythonString } from "../../src/formats/python-strings.ts";
import { logText, markdownCell } from "../../src/report/escape.ts";
import { madeUpDjangoKey } from "../helpers/facts.ts";
import { medianMs } from "./checks.ts";

/** 4x the input may take at most this many times as long. */
const MAX_RATIO = 10;
/** Timings under this are noise: the ratio is taken over at least this much. */
const FLOOR_MS = 5;

/**
 * `make(n)` and `make(4n)` through `run`: near-linear growth, and the larger under `ceilingMs`. One
 * run of each decides a pass; a verdict of failure is only given on the median of 3 runs of each,
 * so a pause of the machine (GC, a parallel test file) does not fail a linear reader.
 */
function assertLinear(label: string, make: (n: number) => string, run: (text: string) => void, n: number, ceilingMs: number): void {
  run(make(Math.max(1, n >> 3))); // warm-up: compile the code paths this input takes
  const small = make(n);
  const large = make(4 * n);
  const passes = (a: number, b: number) => b < ceilingMs && b / Math.max(a, FLOOR_MS) < MAX_RATIO;
  let t1 = medianMs(() => run(small), 1);
  let t4 = medianMs(() => run(large), 1);
  // A busy machine (test files run side by side on two cores) can stall one run: measure again, with
  // more runs each time, before calling it super-linear. A quadratic path fails every round.
  for (const runs of [3, 5]) {
    if (passes(t1, t4)) break;
    t1 = medianMs(() => run(small), runs);
    t4 = medianMs(() => run(large), runs);
  }
  const ratio = t4 / Math.max(t1, FLOOR_MS);
  assert.ok(t4 < ceilingMs, `${label}: ${large.length} characters took ${t4.toFixed(0)} ms (ceiling ${ceilingMs} ms)`);
  assert.ok(ratio < MAX_RATIO, `${label}: 4x the input took ${ratio.toFixed(1)}x the time (${t1.toFixed(1)} ms, then ${t4.toFixed(1)} ms)`);
}

const repeat = (unit: string, n: number): string => unit.repeat(Math.max(1, Math.ceil(n / unit.length))).slice(0, n);

/** Inputs that break backtracking patterns and naive scans, n characters each (about). */
const ADVERSARIAL: Record<string, (n: number) => string> = {
  "a run of one letter, then a mismatch": (n) => repeat("a", n) + "!",
  "a run of double quotes": (n) => repeat('"', n),
  "a run of single quotes": (n) => repeat("'", n),
  "a run of backslashes": (n) => repeat("\\", n),
  "a run of blanks, then text": (n) => repeat(" ", n) + "x",
  "a run of `=`": (n) => repeat("=", n),
  "a run of `:`": (n) => repeat(":", n),
  "a run of `#`": (n) => repeat("#", n),
  "`${` never closed": (n) => repeat("${", n),
  "`{{` never closed": (n) => repeat("{{", n),
  "`$(` never closed": (n) => repeat("$(", n),
  "nested `[`": (n) => repeat("[", n),
  "nested `(`": (n) => repeat("(", n),
  "nested `{`": (n) => repeat("{", n),
  "nested flow collections": (n) => repeat('{"a": [', n),
  "lone CRs": (n) => repeat("\r", n),
  "empty lines": (n) => repeat("\n", n),
  "short assignment lines": (n) => repeat("A=b\n", n),
  "SECRET_KEY lines": (n) => repeat("SECRET_KEY = 'x'\n", n),
  "one long value": (n) => "SECRET_KEY=" + repeat("xY7", n),
  "one long minified line": (n) => repeat("var a=function(b){return b+1};", n),
  "YAML anchors and aliases": (n) => repeat("- &a [*a, *a]\n", n),
  "here-document openers": (n) => repeat("cat <<EOF\n", n),
  "startproject key prefixes": (n) => repeat("django-insecure-", n),
};

/** A path each format claims, and the size n its readers are timed at: the Python, YAML and TOML
 * parsers recover from garbage at some microseconds a character (linearly), the others far faster. */
const FORMATS: [string, number][] = [
  ["analysis.ipynb", 10_000], ["config.json", 50_000], ["settings.toml", 10_000], ["docker-compose.yml", 10_000],
  ["chart/templates/deployment.yaml", 10_000], ["Dockerfile", 50_000], ["Procfile", 50_000], ["app.service", 50_000],
  ["tox.ini", 50_000], [".env", 50_000], ["run.sh", 50_000], ["config/settings.py", 5_000], ["README.md", 50_000],
];

for (const [path, n] of FORMATS) {
  test(`${path}: adversarial inputs scan in time linear in their size`, () => {
    for (const [name, make] of Object.entries(ADVERSARIAL)) assertLinear(`${path}, ${name}`, make, (text) => void scanText(path, text), n, 3_000);
  });
}

test("200,000 short lines scan under the ceiling in every format", () => {
  // Comment lines in each format's syntax (every reader walks them), and one file of 200,000 bindings.
  const LINES: [string, string][] = [
    ["analysis.ipynb", "x"], ["config.json", "// x"], ["settings.toml", "# x"], ["docker-compose.yml", "# x"], ["Dockerfile", "# x"],
    ["Procfile", "# x"], ["app.service", "# x"], ["tox.ini", "; x"], [".env", "# x"], ["run.sh", "# x"], ["config/settings.py", "# x"],
    ["README.md", "x"], [".env", "A=b"],
  ];
  for (const [path, line] of LINES) {
    const text = `${line}\n`.repeat(200_000);
    const ms = medianMs(() => void scanText(path, text), 1);
    assert.ok(ms < 3_000, `${path}, 200,000 lines of ${JSON.stringify(line)}: ${ms.toFixed(0)} ms`);
  }
});

// --- the pattern functions, on inputs made for each -------------------------------------------

const PATTERNS: [string, (n: number) => string, (text: string) => void][] = [
  ["profile (every shape and placeholder pattern)", (n) => repeat("{{x", n), (t) => void profile(t)],
  ["profile of a long near-key", (n) => "django-insecure-" + repeat("a", n), (t) => void profile(t)],
  ["PLACEHOLDER_PATTERN on insecure-insecure-...", (n) => repeat("insecure-", n), (t) => void PLACEHOLDER_PATTERN.test(t)],
  ["TEMPLATE_PATTERNS on `${{` never closed", (n) => repeat("${{", n), (t) => void TEMPLATE_PATTERNS.some((re) => re.test(t))],
  ["parseInterpolation on `${A:-` and no `}`", (n) => "${A:-" + repeat("}{", n), (t) => void parseInterpolation(t)],
  ["decodePythonString of escapes", (n) => `"${repeat("\\x4\\u12\\N{", n)}"`, (t) => void decodePythonString(t)],
  ["logText of colons and hashes", (n) => repeat(":##[", n), (t) => void logText(t)],
  ["markdownCell of markup", (n) => repeat("|<`*_&", n), (t) => void markdownCell(t)],
  ["lex of unclosed substitutions", (n) => repeat("${$(`", n), (t) => void lex(t, 0, t.length, { shell: true, heredocs: true })],
  ["lex of many here-documents", (n) => repeat("cat <<A;", n) + "\nA\n", (t) => void lex(t, 0, t.length, { shell: true, heredocs: true })],
  ["readSuppressions of markers on one line", (n) => repeat("# django-secret-scan: ignore[DJS001] x ", n), (t) => void readSuppressions(".env", t)],
  ["addedLinesFromPatch of one huge hunk", (n) => "@@ -1,999999 +1,999999 @@\n" + repeat("+a\n", n), (t) => void addedLinesFromPatch(t)],
  ["parseGitDiff of many tiny files", (n) => repeat("diff --git a/x b/x\n@@ -0,0 +1 @@\n+a\n", n), (t) => void parseGitDiff(t)],
  ["parseGitDiff of a long quoted name", (n) => `diff --git "a/${repeat("\\303\\274", n)}" "b/x"\n`, (t) => void parseGitDiff(t)],
];

test("pattern and string functions: adversarial inputs take time linear in their size", () => {
  for (const [name, make, run] of PATTERNS) assertLinear(name, make, run, 100_000, 3_000);
});

// --- regressions: inputs that were quadratic, at sizes where the old code blew the ceiling ------

test("regression: YAML made of double quotes (the parser's pretty errors quoted the line once per error: 14 s at 200k)", () => {
  assertLinear("YAML quotes", (n) => repeat('"', n), (t) => void scanText("docker-compose.yml", t), 50_000, 3_000);
});

test("regression: many here-documents on one command (each looked for its command from the start: seconds at 400k)", () => {
  const sameDelimiter = (n: number) => "cat" + repeat(" <<A", n) + "\n" + repeat("A\n", n);
  const distinct = (prefix: string) => (n: number) => {
    const k = Math.ceil(n / 12);
    const opens = Array.from({ length: k }, (_, i) => ` <<A${i}`).join("");
    return `${prefix}${opens}\n${Array.from({ length: k }, (_, i) => `A${i}\n`).join("")}`;
  };
  assertLinear("shell, one delimiter", sameDelimiter, (t) => void scanText("run.sh", t), 100_000, 3_000);
  assertLinear("shell, distinct delimiters", distinct("cat"), (t) => void scanText("run.sh", t), 100_000, 3_000);
  assertLinear("Dockerfile RUN, distinct delimiters", distinct("RUN cat"), (t) => void scanText("Dockerfile", t), 100_000, 3_000);
});

test("regression: a value of `{{` with no `}}` (the template pattern `\\{\\{.*\\}\\}` tried every `{{`: 25 s at 160k)", () => {
  assertLinear("dotenv template value", (n) => "SECRET_KEY=" + repeat("{{", n), (t) => void scanText(".env", t), 25_000, 3_000);
});

test("regression: a Python string of unclosed `\\N{` (each scanned to the end of the string: 6 s at 160k)", () => {
  assertLinear("\\N{ escapes", (n) => `"${repeat("\\N{", n)}"`, (t) => void decodePythonString(t), 40_000, 3_000);
});

test("regression: notebook lines with a long run of blanks (two patterns tried every split of it: 7 s at 80k)", () => {
  const cell = (line: string) => JSON.stringify({ cells: [{ cell_type: "code", source: [line] }] });
  assertLinear("%env then blanks", (n) => cell(`%env A${repeat(" ", n)}x\u2028y`), (t) => void scanText("analysis.ipynb", t), 20_000, 3_000);
  const suppressed = (n: number) => `{"cells": [{"cell_type": "code", "source": [\n"# django-secret-scan: ignore[DJS001] x"${repeat(" ", n)}x\n]}]}`;
  assertLinear("a suppression line then blanks", suppressed, (t) => void readSuppressions("analysis.ipynb", t), 20_000, 3_000);
});

test("regression: many suppression comments on one JSON line (each searched the rest of the line: 6 s at 640k)", () => {
  assertLinear("JSON block comments", (n) => repeat("/* django-secret-scan: ignore[DJS001] x */", n), (t) => void readSuppressions("config.json", t), 160_000, 3_000);
});

test("regression: many startproject keys, each held by a binding (each key was tested against every binding)", () => {
  // 20,000 and 80,000 keys, one a line, every one bound: the sweep must not compare every key with every binding.
  const key = madeUpDjangoKey(9);
  const make = (n: number) => repeat(`A=${key}\n`, n);
  assertLinear("dotenv full of keys", make, (t) => void scanText(".env", t), 20_000 * (key.length + 3), 6_000);
});

// --- the engine's line-scan fallback -------------------------------------------------------------

test("engine fallback: a file whose parser failed, with many SECRET_KEY lines, scans in linear time", () => {
  // Lines dotenv binds, and as many it skips that the line scan reads: each of those was compared with every binding.
  const make = (n: number) => repeat("A=b\n", n / 2) + repeat("SECRET_KEY: x\n", n / 2);
  // Linear, 240,000 characters take some 150 ms here; comparing every pair took over 1 s.
  assertLinear("dotenv with lines it skips", make, (t) => void scanText(".env", t), 60_000, 800);
});

test("engine fallback: 150,000 SECRET_KEY lines in a file its parser refused do not overflow the stack", () => {
  assert.doesNotThrow(() => scanText("settings.toml", "= bad\n" + "SECRET_KEY = 'x'\n".repeat(150_000)));
});
