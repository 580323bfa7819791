// The engine's regular expressions and string functions under random and adversarial input
// (fast-check): each says what it should of the inputs it is made for, and nothing throws on the
// rest. Where a pattern was rewritten to run in linear time, a plain reading of its old meaning is
// the oracle. Timing itself is in linear-time.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { PLACEHOLDER_PATTERN, TEMPLATE_PATTERNS } from "../../src/engine/placeholders.ts";
import { DJANGO_KEY_CHARS, entropy, INSECURE_PREFIX, profile, RE_DJANGO_GENERATED, RE_DJANGO_INSECURE, RE_URL_PASSWORD } from "../../src/engine/key-shape.ts";
import { parseInterpolation } from "../../src/formats/interpolation.ts";
import { decodePythonString } from "../../src/formats/python-strings.ts";
import { logText, markdownCell, terminalText, workflowCommand } from "../../src/report/escape.ts";
import { globMatcher, normaliseGlob } from "../../src/io/path-filter.ts";
import { Minimatch } from "minimatch";
import { assertProperty } from "./checks.ts";
import { DJANGO_KEY_ALPHABET } from "../helpers/keys.ts";

fc.configureGlobal({ seed: 20_250_907 });
const RUNS = 400;

/** Text from a few characters and the tokens a pattern cares about, so that matches happen. */
const textOf = (tokens: readonly string[], maxLength = 60): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...tokens), { maxLength, size: "max" }).map((parts) => parts.join(""));
const anyText = fc.string({ unit: "binary", maxLength: 120, size: "max" });

/** A key in get_random_secret_key()'s shape: 50 characters of its alphabet. */
const generatedKey = fc.string({ unit: fc.constantFrom(...DJANGO_KEY_ALPHABET), minLength: 50, maxLength: 50 });

// --- placeholders and template syntax --------------------------------------------------------

/** What the two unanchored template patterns mean: a `}}` somewhere after the first `open`. */
const closesAfter = (s: string, open: string): boolean => {
  const at = s.indexOf(open);
  return at >= 0 && s.indexOf("}}", at + open.length) >= 0;
};

test("template patterns: `{{ ... }}` and `${{ ... }}` match exactly when a `}}` follows the opener", () => {
  const text = fc.oneof(textOf(["{", "}", "$", "{{", "}}", "${{", "a", "\n", " "]), anyText);
  assertProperty(text, (s) => {
    assert.equal(TEMPLATE_PATTERNS[0]!.test(s), closesAfter(s, "{{"), "{{ ... }}");
    assert.equal(TEMPLATE_PATTERNS[1]!.test(s), closesAfter(s, "${{"), "${{ ... }}");
  }, RUNS);
});

test("placeholder and template patterns give an answer on any text", () => {
  assertProperty(fc.oneof(anyText, textOf(["change", "me", "xxx", "insecure", "-", "{", "}", "<", ">", "_", "!!!", "%", "@format", "A", "_B"])), (s) => {
    for (const re of [PLACEHOLDER_PATTERN, ...TEMPLATE_PATTERNS]) assert.equal(typeof re.test(s), "boolean");
  }, RUNS);
});

// --- key shapes ------------------------------------------------------------------------------

test("a startproject key has that shape and is no placeholder, whatever its 50 characters", () => {
  assertProperty(generatedKey, (tail) => {
    const key = INSECURE_PREFIX + tail;
    assert.ok(RE_DJANGO_INSECURE.test(key));
    const p = profile(key);
    assert.equal(p.shape, "django-insecure");
    assert.equal(p.placeholder, undefined, "generated characters are never taken for placeholder words");
    assert.ok(p.weak, "W009 calls the insecure prefix weak");
  }, RUNS);
});

test("50 generated characters have get_random_secret_key's shape", () => {
  assert.ok(new RegExp(`^[${DJANGO_KEY_CHARS}]+$`).test(DJANGO_KEY_ALPHABET) && new Set(DJANGO_KEY_ALPHABET).size === 50, "the alphabet here is Django's");
  assertProperty(generatedKey, (key) => {
    assert.ok(RE_DJANGO_GENERATED.test(key));
    assert.equal(profile(key).shape, "django-generated");
  }, RUNS);
});

test("profile and entropy on any text: W009 as Django words it, entropy within its bounds", () => {
  assertProperty(fc.oneof(anyText, textOf(["django-insecure-", "a", "b", "x", "{{", "}}", "$", "AKIA", "sk_live_", "://", ":", "@"])), (v) => {
    const p = profile(v);
    assert.equal(p.length, v.length);
    assert.equal(p.weak, v.length < 50 || new Set(v).size < 5 || v.startsWith(INSECURE_PREFIX));
    assert.equal(p.shape === "django-insecure", RE_DJANGO_INSECURE.test(v));
    const h = entropy(v);
    assert.ok(h >= 0 && h <= Math.log2(Math.max(1, new Set(v).size)) + 1e-9, "entropy between 0 and log2 of the distinct characters");
  }, RUNS);
});

test("RE_URL_PASSWORD takes the password of any scheme://user:password@host", () => {
  const scheme = fc.tuple(fc.constantFrom(..."abcxyz"), fc.string({ unit: fc.constantFrom(..."az09+.-"), maxLength: 8 })).map(([a, b]) => a + b);
  const user = fc.string({ unit: fc.constantFrom(..."abc09_-.%!é"), maxLength: 10 });
  const password = fc.string({ unit: fc.constantFrom(..."abcXYZ09:!#$%&*()_+=-.,;é"), minLength: 1, maxLength: 30 });
  assertProperty(fc.tuple(scheme, user, password, fc.constantFrom("db.example.org", "h:5432/app", "")), ([s, u, pw, host]) => {
    const m = RE_URL_PASSWORD.exec(`${s}://${u}:${pw}@${host}`);
    assert.ok(m, "matches");
    assert.ok(m[1] === pw, "captures the password (not shown)");
  }, RUNS);
  assertProperty(anyText, (s) => void RE_URL_PASSWORD.exec(s), RUNS);
});

// --- interpolation and Python strings ----------------------------------------------------------

const envName = fc.tuple(fc.constantFrom(..."ABCXYZ_abc"), fc.string({ unit: fc.constantFrom(..."AZ09_az"), maxLength: 12 })).map(([a, b]) => a + b);

test("parseInterpolation: `${VAR}`, `$VAR` and every default form, with offsets on the default", () => {
  const dflt = fc.string({ unit: fc.constantFrom(..."ab{$:-=?+ \\\"'é"), maxLength: 20 });
  assertProperty(fc.tuple(envName, fc.constantFrom(":-", "-", ":=", "="), dflt), ([name, op, d]) => {
    const text = `\${${name}${op}${d}}`;
    const i = parseInterpolation(text);
    assert.ok(i && i.envName === name && i.default, "an interpolation with a default");
    assert.equal(i.default.text, d);
    assert.equal(text.slice(i.default.start, i.default.end), d, "offsets point at the default");
  }, RUNS);
  assertProperty(envName, (name) => {
    assert.deepEqual(parseInterpolation(`\${${name}}`), { envName: name });
    assert.deepEqual(parseInterpolation(`$${name}`), { envName: name });
    assert.deepEqual(parseInterpolation(`\${${name}:?unset}`), { envName: name });
  }, RUNS);
  assertProperty(fc.oneof(anyText, textOf(["${", "$", "}", "{", ":-", ":?", "A", "_", "-", "="])), (s) => {
    const i = parseInterpolation(s);
    if (i?.default) assert.equal(s.slice(i.default.start, i.default.end), i.default.text);
  }, RUNS);
});

/** decodePythonString's escapes as one pattern, as they were before `\N{` got its linear reading. */
function decodeEscapesAsBefore(body: string): string {
  const simple: Record<string, string> = { "\n": "", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g, (whole, esc: string) => {
    if (esc in simple) return simple[esc]!;
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/^[0-7]/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
    return whole;
  });
}

test("decodePythonString reads escapes as before, `\\N{...}` included", () => {
  const body = textOf(["\\", "N", "{", "}", "x", "4", "1", "u", "0", "7", "n", "a", "'", "\n", "é"]);
  assertProperty(body, (b) => {
    const literal = `"${b.replaceAll('"', "")}"`;
    const decoded = decodePythonString(literal);
    let before: string | undefined;
    try {
      before = decodeEscapesAsBefore(literal.slice(1, -1));
    } catch {
      // `\u` without digits threw before (see the regression below): nothing to compare.
    }
    // A body ending in an odd backslash escapes the closing quote: no literal, nothing to compare.
    if (decoded !== undefined && before !== undefined) assert.equal(decoded, before);
  }, RUNS);
  assertProperty(anyText, (s) => void decodePythonString(s), RUNS);
});

test("decodePythonString regression: `\\u`, `\\x`, `\\U` without their digits, or past U+10FFFF, threw (found by the property above)", () => {
  for (const literal of ['"\\u"', '"\\x"', '"\\U"', "'a\\u12'", '"\\UFFFFFFFF"', '"\\U00110000"']) {
    assert.doesNotThrow(() => decodePythonString(literal), literal);
    assert.equal(decodePythonString(literal), literal.slice(1, -1), "kept as written, as an unknown escape");
  }
  assert.equal(decodePythonString('"\\U0001F600"'), "\u{1F600}");
});

// --- escaping for logs, summaries and workflow commands ------------------------------------------

const hostile = fc.oneof(anyText, textOf([":", "::", "#", "##[", "[", "\n", "\r", "\u2028", "\u2029", "\u0085", "\u001b", "%", "|", "<", ">", "`", "\\", "&", "a", " "]));
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

test("logText: no line break, control character, `::` or `##[` survives", () => {
  assertProperty(hostile, (s) => {
    const out = logText(s);
    assert.ok(!CONTROL.test(out), "no control character or line break");
    assert.ok(!out.includes("::"), "no ::");
    assert.ok(!out.includes("##["), "no ##[");
  }, RUNS);
});

test("logText regression: a run of three colons kept a `::` (found by the property above)", () => {
  for (const s of [":::", "::::add-mask::x", ":::::"]) assert.ok(!logText(s).includes("::"), JSON.stringify(s));
});

test("terminalText keeps line breaks and nothing else a terminal acts on", () => {
  assertProperty(hostile, (s) => {
    const out = terminalText(s);
    assert.equal(out.split("\n").length, s.split("\n").length, "same lines");
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/.test(out), "no other control character");
    assert.ok(!out.includes("::") && !out.includes("##["), "no workflow command");
  }, RUNS);
});

test("markdownCell: one line, and every character markdown or HTML acts on is escaped", () => {
  assertProperty(hostile, (s) => {
    const out = markdownCell(s);
    assert.ok(!CONTROL.test(out), "no line break");
    assert.ok(!out.includes("::") && !out.includes("##["), "no workflow command");
    for (let i = 0; i < out.length; i++) {
      if (!"|<>`[]*_".includes(out[i]!)) continue;
      let backslashes = 0;
      for (let k = i - 1; k >= 0 && out[k] === "\\"; k--) backslashes++;
      assert.equal(backslashes % 2, 1, `an escaped ${out[i]} at ${i}`);
    }
  }, RUNS);
});

/** A workflow command line read back the way the runner reads it: name, properties, message. */
function readCommand(line: string): { name: string; props: Record<string, string>; message: string } | undefined {
  const m = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!m) return undefined;
  const data = (s: string) => s.replaceAll("%0D", "\r").replaceAll("%0A", "\n").replaceAll("%25", "%");
  const property = (s: string) => data(s.replaceAll("%3A", ":").replaceAll("%2C", ","));
  const props: Record<string, string> = {};
  for (const pair of m[2] ? m[2].split(",") : []) {
    const eq = pair.indexOf("=");
    props[pair.slice(0, eq)] = property(pair.slice(eq + 1));
  }
  return { name: m[1]!, props, message: data(m[3]!) };
}

test("workflowCommand: one line, which the runner reads back as the same name, properties and message", () => {
  const props = fc.record({ file: fc.oneof(hostile, fc.constant(undefined)), line: fc.oneof(fc.nat(), fc.constant(undefined)), title: hostile }, { requiredKeys: [] });
  assertProperty(fc.tuple(fc.constantFrom("error", "warning", "notice"), props, hostile), ([name, p, message]) => {
    const line = workflowCommand(name, p, message);
    assert.ok(!/[\r\n]/.test(line), "one line");
    const read = readCommand(line);
    assert.ok(read, "a workflow command");
    assert.equal(read.name, name);
    assert.equal(read.message, message);
    const expected = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => [k, String(v)]));
    assert.deepEqual(read.props, expected);
  }, RUNS);
});

// --- path globs ----------------------------------------------------------------------------

test("globMatcher clears a path without minimatch only when minimatch would not match it either", () => {
  const pieces = ["a", "B", "venv", ".git", "node_modules", "x.min.js", ".min.js", "*", "**", "/", "?", "[ab]", "{a,b}", "!", "@(a|b)", "\\*", "#", "é", "."];
  const glob = textOf(pieces, 8).filter((g) => g.length > 0);
  const path = textOf(["a", "b", "B", "venv", ".git", "node_modules", "x", ".min.js", "min", "/", "é", ".", "#", "*"], 10);
  assertProperty(
    fc.tuple(glob, path),
    ([g, p]) => {
      const slow = new Minimatch(normaliseGlob(g), { dot: true, nocomment: true }).match(p);
      assert.equal(globMatcher(g)(p), slow, `${g} against ${p}`);
    },
    RUNS * 5,
  );
  // The default excludes, on the paths a tree holds.
  for (const [g, p, hit] of [
    ["**/node_modules/**", "web/node_modules/x/index.js", true],
    ["**/node_modules/**", "web/node_modules.txt", false],
    ["**/*.min.js", "static/app.min.js", true],
    ["**/*.min.js", "static/app.MIN.js", false],
    [".git/**", ".github/workflows/ci.yml", false],
  ] as const) assert.equal(globMatcher(g)(p), hit, `${g} against ${p}`);
});
