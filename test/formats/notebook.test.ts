import { test } from "node:test";
import assert from "node:assert/strict";
import { format } from "../../src/formats/notebook.ts";
import { assertLiteral, assertLiteralAt, assertSpanText, madeUpDjangoKey, named, textAt } from "../helpers/facts.ts";

interface Cell { cell_type: string; source: string[] | string }
/** A notebook as Jupyter writes it: one-space indent, one source line per JSON string. */
function notebook(cells: Cell[], language = "python"): string {
  return JSON.stringify({
    cells: cells.map((c) => ({ ...c, metadata: {}, ...(c.cell_type === "code" ? { execution_count: null, outputs: [] } : {}) })),
    metadata: { kernelspec: { display_name: "Python 3", language, name: "python3" }, language_info: { name: language } },
    nbformat: 4,
    nbformat_minor: 5,
  }, null, 1) + "\n";
}

test("claims notebooks only", () => {
  assert.ok(format.claims("analysis/Explore.ipynb"));
  assert.ok(!format.claims("notebook.json"));
  assert.ok(!format.claims("ipynb.py"));
});

test("a key in the second code cell, third source line: span on the .ipynb characters", () => {
  const key = madeUpDjangoKey(1);
  const text = notebook([
    { cell_type: "code", source: ["import os\n", "DEBUG = True"] },
    { cell_type: "markdown", source: ["# Settings\n"] },
    { cell_type: "code", source: ["import django\n", "from django.conf import settings\n", `SECRET_KEY = '${key}'\n`, "settings.configure(SECRET_KEY=SECRET_KEY)"] },
  ]);
  const facts = format.facts(text, "nb.ipynb");
  assert.equal(facts.parseError, undefined);
  assert.deepEqual(facts.notes, []);
  const b = named(facts, "SECRET_KEY").find((x) => x.value.kind === "string")!;
  assert.equal(b.context, "python");
  assert.equal(b.construct, "assignment");
  // The Python literal's span (quotes included, as pythonFacts gives it) lands on the file's characters.
  assertLiteralAt(text, b.value, key, `'${key}'`, "cell key");
  assertSpanText(text, b.nameSpan, "SECRET_KEY", "cell key name");
  const line = text.split("\n")[b.value.span.line - 1]!;
  assert.ok(line.trimStart().startsWith('"SECRET_KEY = '), "the third source string of the second code cell");
  assert.ok(facts.bindings.every((x) => x.context === "python"));
});

test("a key string with a \\\" escape, and an environment default, map through the JSON escapes", () => {
  const pyValue = 'ab"cd\\ef';
  const text = notebook([{
    cell_type: "code",
    source: ["import os\n", `SECRET_KEY = "ab\\"cd\\\\ef"\n`, `DB = os.environ.get("DB_PASSWORD", "d\\"v")\n`],
  }]);
  const facts = format.facts(text, "nb.ipynb");
  const sk = named(facts, "SECRET_KEY")[0]!;
  // Python source `"ab\"cd\\ef"` is written in JSON as `\"ab\\\"cd\\\\ef\"`.
  assertLiteralAt(text, sk.value, pyValue, String.raw`\"ab\\\"cd\\\\ef\"`, "escaped");
  const db = named(facts, "DB")[0]!;
  assert.equal(db.value.kind, "env");
  if (db.value.kind === "env") {
    assert.equal(db.value.envName, "DB_PASSWORD");
    assertSpanText(text, db.value.default!.span, String.raw`\"d\\\"v\"`, "env default");
    assertSpanText(text, db.value.span, String.raw`os.environ.get(\"DB_PASSWORD\", \"d\\\"v\")`, "env call");
  }
});

test("markdown and output cells are not read; other kernels' code is not Python", () => {
  const key = madeUpDjangoKey(2);
  const text = notebook([{ cell_type: "markdown", source: [`SECRET_KEY = '${key}'\n`] }, { cell_type: "raw", source: `PASSWORD = 'x'` }]);
  assert.deepEqual(format.facts(text, "nb.ipynb").bindings, []);
  const r = notebook([{ cell_type: "code", source: [`SECRET_KEY = '${key}'`] }], "R");
  assert.deepEqual(format.facts(r, "nb.ipynb").bindings, []);
  const bash = notebook([{ cell_type: "code", source: ["%%bash\n", `SECRET_KEY='${key}'\n`] }]);
  assert.deepEqual(format.facts(bash, "nb.ipynb").bindings, []);
});

test("a statement across two source strings starts in the first and ends in the second", () => {
  const text = notebook([{ cell_type: "code", source: ["PASSWORD = ('first'\n", "    'second')\n"] }]);
  const b = named(format.facts(text, "nb.ipynb"), "PASSWORD")[0]!;
  assertLiteral(b.value, "firstsecond", "continued");
  assert.equal(b.value.span.endLine, b.value.span.line + 1);
  const covered = textAt(text, b.value.span);
  // pythonFacts spans the strings inside the parentheses; the JSON between the two tokens is covered.
  assert.ok(covered.startsWith("'first'\\n\",\n"), "starts in the first string");
  assert.ok(covered.endsWith("\"    'second'"), "ends in the second string");
});

test("a cell source given as one string; IPython magics neither break parsing nor hide %env", () => {
  const key = madeUpDjangoKey(3);
  const text = notebook([{
    cell_type: "code",
    source: `!pip install django\n%matplotlib inline\n%env DJANGO_SECRET_KEY=${key}\nNOTE = """\n!not a magic\n"""\nAPI_KEY = 'k1'`,
  }]);
  const facts = format.facts(text, "nb.ipynb");
  assert.deepEqual(facts.notes, [], "magics are no syntax errors");
  const env = named(facts, "DJANGO_SECRET_KEY")[0]!;
  assertLiteralAt(text, env.value, key, key, "%env");
  assertLiteral(named(facts, "NOTE")[0]?.value, "\n!not a magic\n", "a string's lines stay as written");
  const api = named(facts, "API_KEY")[0]!;
  assertSpanText(text, api.value.span, "'k1'", "after the magics, in one JSON string");
});

test("cell magics that run Python, nbformat 3 worksheets, and Python syntax errors as notes", () => {
  const timed = notebook([{ cell_type: "code", source: ["%%time\n", "PASSWORD = 'timed'\n"] }]);
  assertLiteral(named(format.facts(timed, "nb.ipynb"), "PASSWORD")[0]?.value, "timed", "%%time cell");
  const v3 = JSON.stringify({ worksheets: [{ cells: [{ cell_type: "code", input: ["PASSWORD = 'v3'\n"], language: "python" }] }], metadata: {}, nbformat: 3 }, null, 1);
  const b = named(format.facts(v3, "old.ipynb"), "PASSWORD")[0]!;
  assertSpanText(v3, b.value.span, "'v3'", "nbformat 3");
  const broken = notebook([{ cell_type: "code", source: ["def f(:\n", "PASSWORD = 'after'\n"] }]);
  const facts = format.facts(broken, "nb.ipynb");
  assert.equal(facts.notes.length, 1);
  assert.match(facts.notes[0]!, /^Code cell 1 /);
});

test("broken notebook JSON: parseError, cells read so far kept, no throw", () => {
  const text = notebook([{ cell_type: "code", source: ["PASSWORD = 'kept'\n"] }, { cell_type: "code", source: ["SECRET_KEY = 'cut"] }]);
  const cut = text.slice(0, text.indexOf("SECRET_KEY") + 14);
  const facts = format.facts(cut, "nb.ipynb");
  assert.ok(facts.parseError);
  assert.deepEqual(facts.bindings.map((b) => b.name), ["PASSWORD"]);
  assert.ok(format.facts("{ not json", "nb.ipynb").parseError);
  assert.ok(format.facts("[".repeat(100_000), "nb.ipynb").parseError);
  assert.deepEqual(format.facts("", "nb.ipynb"), { bindings: [], notes: [] });
  assert.deepEqual(format.facts('{"cells": 3}', "nb.ipynb"), { bindings: [], notes: [] });
});

test("CRLF notebook files and CRLF inside the source strings", () => {
  const text = notebook([{ cell_type: "code", source: ["import os\r\n", "\r\n", "SECRET_KEY = 'crlf'\r\n"] }]).replace(/\n/g, "\r\n");
  const b = named(format.facts(text, "nb.ipynb"), "SECRET_KEY")[0]!;
  assertSpanText(text, b.value.span, "'crlf'", "CRLF");
});

test("a large notebook is read in reasonable time", () => {
  const cells: Cell[] = Array.from({ length: 2000 }, (_, i) => ({ cell_type: "code", source: [`x${i} = compute(${i})\n`, `label${i} = 'cell ${i} of the fixture, some text to make it longer'\n`, "print(x)\n"] }));
  cells.push({ cell_type: "code", source: ["SECRET_KEY = 'last'\n"] });
  const text = notebook(cells);
  const started = performance.now();
  const facts = format.facts(text, "big.ipynb");
  const elapsed = performance.now() - started;
  assertSpanText(text, named(facts, "SECRET_KEY")[0]!.value.span, "'last'", "last cell");
  assert.ok(elapsed < 10_000, `took ${Math.round(elapsed)} ms`);
});
