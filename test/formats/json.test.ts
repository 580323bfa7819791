import { test } from "node:test";
import assert from "node:assert/strict";
import { format } from "../../src/formats/json.ts";
import { assertLiteral, assertLiteralAt, assertSpanText, madeUpDjangoKey, named } from "../helpers/facts.ts";

test("claims JSON, JSONC and workspace files, not generated lock files", () => {
  for (const p of ["secrets.json", "config/app.JSON", ".vscode/launch.json", ".vscode/settings.json", "tsconfig.jsonc", "proj.code-workspace", ".devcontainer/devcontainer.json"]) {
    assert.ok(format.claims(p), p);
  }
  for (const p of ["package-lock.json", "web/npm-shrinkwrap.json", "deno-lock.json", "packages.lock.json", "composer.lock", "Pipfile.lock", "x.ipynb", "a.json.txt"]) {
    assert.ok(!format.claims(p), p);
  }
});

test("every string member at any depth binds its key, context config", () => {
  const key = madeUpDjangoKey(1);
  const text = `{"django": {"SECRET_KEY": "${key}", "DEBUG": false, "PORT": 8000, "NONE": null,\n  "db": [{"PASSWORD": "pw1"}]}, "empty": ""}`;
  const facts = format.facts(text, "secrets.json");
  assert.equal(facts.parseError, undefined);
  assert.deepEqual(facts.bindings.map((b) => b.name), ["SECRET_KEY", "PASSWORD", "empty"]);
  for (const b of facts.bindings) {
    assert.equal(b.construct, "entry");
    assert.equal(b.context, "config");
  }
  const sk = named(facts, "SECRET_KEY")[0];
  assertLiteralAt(text, sk?.value, key, key, "SECRET_KEY");
  assertSpanText(text, sk!.nameSpan, "SECRET_KEY", "SECRET_KEY name");
  const pw = named(facts, "PASSWORD")[0]!;
  assert.equal(pw.value.span.line, 2);
  assertSpanText(text, pw.value.span, "pw1", "PASSWORD");
  const empty = named(facts, "empty")[0]!;
  assertLiteral(empty.value, "", "empty");
  assert.equal(empty.value.span.column, empty.value.span.endColumn);
});

test("Heroku app.json: generated secrets bind nothing, values and plain strings bind in context paas", () => {
  const v1 = madeUpDjangoKey(2);
  const v2 = madeUpDjangoKey(3);
  const text = [
    "{",
    '  "name": "demo",',
    '  "env": {',
    '    "SECRET_KEY": {"description": "signing", "generator": "secret"},',
    `    "DJANGO_SECRET_KEY": {"description": "set", "value": "${v1}", "required": true},`,
    `    "OLD_KEY": "${v2}",`,
    '    "WEB_CONCURRENCY": {"value": 3}',
    "  },",
    '  "environments": {"test": {"env": {"CI_PASSWORD": {"value": "ci-pw"}, "DB": {"generator": "secret"}}}}',
    "}",
  ].join("\n");
  const facts = format.facts(text, "app.json");
  assert.equal(named(facts, "SECRET_KEY").length, 0, "generator: secret commits no value");
  assert.equal(named(facts, "DB").length, 0);
  assert.equal(named(facts, "description").length, 0, "entry documentation is no value");
  assert.equal(named(facts, "WEB_CONCURRENCY").length, 0);
  const dsk = named(facts, "DJANGO_SECRET_KEY")[0]!;
  assert.equal(dsk.context, "paas");
  assertLiteralAt(text, dsk.value, v1, v1, "value entry");
  assertSpanText(text, dsk.nameSpan, "DJANGO_SECRET_KEY", "value entry name");
  const old = named(facts, "OLD_KEY")[0]!;
  assert.equal(old.context, "paas");
  assertSpanText(text, old.value.span, v2, "plain entry");
  const ci = named(facts, "CI_PASSWORD")[0]!;
  assert.equal(ci.context, "paas");
  assert.equal(ci.section, "test");
  assert.equal(named(facts, "name")[0]!.context, "config", "the rest of app.json is config");
  // The same shape in another file name is plain config.
  const other = format.facts(text, "deploy/app-config.json");
  assert.ok(other.bindings.every((b) => b.context === "config"));
});

test("VS Code launch.json with comments and trailing commas", () => {
  const key = madeUpDjangoKey(4);
  const text = [
    "{",
    "  // Use IntelliSense to learn about possible attributes.",
    '  "version": "0.2.0",',
    '  "configurations": [',
    "    {",
    '      "name": "Django", /* inline */',
    '      "type": "debugpy",',
    '      "env": {',
    `        "DJANGO_SECRET_KEY": "${key}",`,
    '        "DEBUG": "1",',
    "      },",
    "    },",
    "  ],",
    "}",
  ].join("\n");
  const facts = format.facts(text, ".vscode/launch.json");
  assert.equal(facts.parseError, undefined);
  const b = named(facts, "DJANGO_SECRET_KEY")[0]!;
  assert.equal(b.context, "config");
  assert.equal(b.value.span.line, 9);
  assertSpanText(text, b.value.span, key, "launch env");
  assert.ok(named(facts, "DEBUG")[0]);
  const settings = format.facts('{\n  "terminal.integrated.env.linux": {"SECRET_KEY": "abc",},\n}', ".vscode/settings.json");
  assert.equal(settings.parseError, undefined);
  assert.equal(named(settings, "SECRET_KEY").length, 1);
});

test("a string with escapes: the span covers its characters as written, the value is decoded", () => {
  const raw = String.raw`a\"b\\c\u0041d\/e`;
  const text = `{"SECRET_KEY": "${raw}", "after": "x"}`;
  const facts = format.facts(text, "secrets.json");
  const b = named(facts, "SECRET_KEY")[0];
  assertLiteralAt(text, b?.value, 'a"b\\cAd/e', raw, "escaped");
  assertSpanText(text, named(facts, "after")[0]!.value.span, "x", "after the escapes");
  const keyEsc = format.facts(String.raw`{"SECRET\u005fKEY": "v"}`, "a.json").bindings[0]!;
  assert.equal(keyEsc.name, "SECRET_KEY", "keys are decoded too");
});

test('"NAME=value" list items bind NAME (docker Env), mapping escapes back to the source', () => {
  const key = madeUpDjangoKey(5);
  const text = `[{"Config": {"Env": [\n  "PATH=/usr/bin",\n  "SECRET_KEY=${key}",\n  "DB_PASSWORD=p\\"w\\u0041",\n  "--flag"\n]}}]`;
  const facts = format.facts(text, "inspect.json");
  const sk = named(facts, "SECRET_KEY")[0]!;
  assert.equal(sk.construct, "entry");
  assert.equal(sk.context, "config");
  assertLiteralAt(text, sk.value, key, key, "Env item");
  assertSpanText(text, sk.nameSpan, "SECRET_KEY", "Env item name");
  const pw = named(facts, "DB_PASSWORD")[0]!;
  assertLiteralAt(text, pw.value, 'p"wA', String.raw`p\"w\u0041`, "escaped Env item");
  const other = named(facts, "Env");
  assert.equal(other.length, 1, "an item that sets nothing binds the list's key");
  assert.equal(other[0]!.construct, "item");
});

test("name/value objects (ECS environment) bind the name; list items bind their key (SECRET_KEY_FALLBACKS)", () => {
  const text = JSON.stringify({
    containerDefinitions: [{ name: "web", environment: [{ name: "SECRET_KEY", value: "ecs-value" }], secrets: [{ name: "DB", valueFrom: "arn:aws:ssm:x" }] }],
    SECRET_KEY_FALLBACKS: ["old-one", "old-two"],
  }, null, 2);
  const facts = format.facts(text, "taskdef.json");
  const sk = named(facts, "SECRET_KEY")[0]!;
  assertSpanText(text, sk.value.span, "ecs-value", "ECS value");
  assertSpanText(text, sk.nameSpan, "SECRET_KEY", "ECS name");
  assert.equal(named(facts, "value").length, 0);
  assert.equal(named(facts, "DB").length, 0, "valueFrom is a reference, not a value");
  const items = named(facts, "SECRET_KEY_FALLBACKS");
  assert.deepEqual(items.map((b) => b.construct), ["item", "item"]);
  assertSpanText(text, items[1]!.value.span, "old-two", "second fallback");
});

test("broken JSON: parseError with the line, partial facts kept, no throw", () => {
  const truncated = '{\n  "A": "complete",\n  "SECRET_KEY": "django-insecure-abc';
  const facts = format.facts(truncated, "secrets.json");
  assert.match(facts.parseError ?? "", /line 3/);
  assert.deepEqual(facts.bindings.map((b) => b.name), ["A"], "an unterminated string is no value");
  assert.ok(format.facts("{ this is not json ]", "x.json").parseError);
  const deep = format.facts("[".repeat(200_000), "deep.json");
  assert.ok(deep.parseError);
  assert.equal(format.facts('"just a string"', "x.json").bindings.length, 0);
});

test("empty files, a byte-order mark and CRLF line ends", () => {
  assert.deepEqual(format.facts("", "x.json"), { bindings: [], notes: [] });
  assert.deepEqual(format.facts("  \n", "x.json"), { bindings: [], notes: [] });
  const bom = "\uFEFF{\"SECRET_KEY\": \"bom-value\"}";
  const b = format.facts(bom, "x.json");
  assert.equal(b.parseError, undefined);
  assertSpanText(bom, b.bindings[0]!.value.span, "bom-value", "after a BOM");
  const crlf = '{\r\n  // c\r\n  "A": "1",\r\n  "SECRET_KEY": "crlf-value"\r\n}\r\n';
  const facts = format.facts(crlf, "x.jsonc");
  const sk = named(facts, "SECRET_KEY")[0]!;
  assert.equal(sk.value.span.line, 4);
  assert.equal(sk.value.span.column, 18);
  assertSpanText(crlf, sk.value.span, "crlf-value", "CRLF");
});

test("a 2 MB JSON file is read in reasonable time", () => {
  const key = madeUpDjangoKey(6);
  const rows = Array.from({ length: 20_000 }, (_, i) => `  {"id": ${i}, "label": "row number ${i} of the fixture", "tags": ["a", "b", "PATH=/x"], "ok": true}`);
  rows.push(`  {"SECRET_KEY": "${key}"}`);
  const text = `[\n${rows.join(",\n")}\n]`;
  assert.ok(text.length > 2_000_000);
  const started = performance.now();
  const facts = format.facts(text, "big.json");
  const elapsed = performance.now() - started;
  assert.equal(facts.parseError, undefined);
  const sk = named(facts, "SECRET_KEY")[0]!;
  assert.equal(sk.value.span.line, rows.length + 1);
  assertSpanText(text, sk.value.span, key, "last row");
  assert.ok(elapsed < 5000, `took ${Math.round(elapsed)} ms`);
});
