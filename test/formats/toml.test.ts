import { test } from "node:test";
import assert from "node:assert/strict";
import { format } from "../../src/formats/toml.ts";
import { assertLiteral, assertLiteralAt, assertSpanText, madeUpDjangoKey, named } from "../helpers/facts.ts";

test("claims TOML files only", () => {
  for (const p of ["settings.toml", "pyproject.toml", "deploy/fly.toml", "CONF.TOML"]) assert.ok(format.claims(p), p);
  for (const p of ["Cargo.lock", "poetry.lock", "settings.yaml", "toml.py"]) assert.ok(!format.claims(p), p);
});

test("dynaconf settings.toml: [default] and [production] sections, context dynaconf", () => {
  const dev = madeUpDjangoKey(1);
  const prod = madeUpDjangoKey(2);
  const text = [
    "[default]",
    `SECRET_KEY = "${dev}"`,
    "DEBUG = true",
    "ALLOWED_HOSTS = ['localhost']",
    "",
    "[production]",
    `SECRET_KEY = '${prod}'`,
    "DEBUG = false",
    "[production.DATABASES.default]",
    'PASSWORD = "db-pw"',
  ].join("\n");
  const facts = format.facts(text, "config/settings.toml");
  assert.equal(facts.parseError, undefined);
  const keys = named(facts, "SECRET_KEY");
  assert.deepEqual(keys.map((b) => [b.section, b.context, b.construct]), [["default", "dynaconf", "entry"], ["production", "dynaconf", "entry"]]);
  assertLiteralAt(text, keys[0]?.value, dev, dev, "default key");
  assertSpanText(text, keys[0]!.nameSpan, "SECRET_KEY", "default key name");
  assertSpanText(text, keys[1]!.value.span, prod, "production key");
  const hosts = named(facts, "ALLOWED_HOSTS")[0]!;
  assert.equal(hosts.construct, "item");
  const pw = named(facts, "PASSWORD")[0]!;
  assert.equal(pw.section, "production");
  assert.equal(pw.context, "dynaconf");
  assert.equal(named(facts, "DEBUG").length, 0, "booleans bind nothing");
});

test("which TOML files are dynaconf's", () => {
  for (const p of [".secrets.toml", "deploy/secrets.toml", "settings.local.toml", "app/.secrets.local.toml"]) {
    assert.equal(format.facts('SECRET_KEY = "x"', p).bindings[0]!.context, "dynaconf", p);
  }
  // Any file whose top-level tables are dynaconf environments holding settings.
  assert.equal(format.facts('[production]\nSECRET_KEY = "x"', "conf/app.toml").bindings[0]!.context, "dynaconf");
  assert.equal(format.facts('[development]\nsecret_key = "x"', "conf/app.toml").bindings[0]!.context, "dynaconf");
  assert.equal(format.facts("production.SECRET_KEY = 'x'", "conf/app.toml").bindings[0]!.context, "dynaconf");
  // An environment-named table of non-settings keys is plain config.
  assert.equal(format.facts('[default]\nregion = "eu"', "conf/app.toml").bindings[0]!.context, "config");
  const py = format.facts('[tool.poetry]\nname = "demo"\n[tool.django-stubs]\ndjango_settings_module = "x.settings"', "pyproject.toml");
  assert.deepEqual(py.bindings.map((b) => [b.name, b.context, b.section]), [["name", "config", "tool"], ["django_settings_module", "config", "tool"]]);
});

test("fly.toml: [env] entries are paas, the rest config", () => {
  const key = madeUpDjangoKey(3);
  const text = `app = "demo"\nprimary_region = "ams"\n\n[env]\n  DJANGO_SECRET_KEY = "${key}"\n  PORT = "8000"\n\n[http_service]\n  internal_port = 8000\n  [http_service.concurrency]\n    type = "requests"\n`;
  const facts = format.facts(text, "fly.toml");
  const sk = named(facts, "DJANGO_SECRET_KEY")[0]!;
  assert.equal(sk.context, "paas");
  assert.equal(sk.section, "env");
  assertSpanText(text, sk.value.span, key, "fly env");
  assert.equal(named(facts, "PORT")[0]!.context, "paas");
  assert.equal(named(facts, "app")[0]!.context, "config");
  assert.equal(named(facts, "app")[0]!.section, undefined, "a root key has no section");
  assert.equal(named(facts, "type")[0]!.context, "config");
  assert.equal(format.facts(text, "fly.staging.toml").bindings.find((b) => b.name === "DJANGO_SECRET_KEY")!.context, "paas");
});

test("all four string kinds, multi-line ones included: spans cover the characters as written", () => {
  const text = [
    'basic = "b\\"q\\u0041"',
    "literal = 'C:\\path'",
    'multi = """',
    "line one",
    'line "two""""',
    "multilit = '''",
    "",
    "raw \\n'''",
    'folded = """\\',
    "    joined \\",
    '    up"""',
  ].join("\n");
  const facts = format.facts(text, "strings.toml");
  assert.equal(facts.parseError, undefined);
  const get = (n: string) => named(facts, n)[0]!;
  assertLiteralAt(text, get("basic").value, 'b"qA', 'b\\"q\\u0041', "basic");
  assertLiteralAt(text, get("literal").value, "C:\\path", "C:\\path", "literal");
  // The newline right after the opening delimiter is no part of the value, and so not of the span.
  assertLiteralAt(text, get("multi").value, 'line one\nline "two"', 'line one\nline "two"', "multi-line basic");
  assert.deepEqual([get("multi").value.span.line, get("multi").value.span.endLine], [4, 5]);
  assertLiteralAt(text, get("multilit").value, "\nraw \\n", "\nraw \\n", "multi-line literal");
  assertLiteral(get("folded").value, "joined up", "line-ending backslash");
});

test("dotted keys, inline tables and arrays of tables", () => {
  const text = [
    'site.auth.PASSWORD = "p1"',
    "[databases]",
    'main = { user = "u", PASSWORD = "p2", opts = { SECRET = "s" } }',
    "[[services]]",
    'TOKEN = "t1"',
    "[[services]]",
    'TOKEN = "t2"',
    '"quoted key" = "q"',
  ].join("\n");
  const facts = format.facts(text, "app.toml");
  const pw = named(facts, "PASSWORD");
  assert.deepEqual(pw.map((b) => b.section), ["site", "databases"]);
  assertSpanText(text, pw[0]!.nameSpan, "PASSWORD", "dotted key name");
  assertSpanText(text, pw[1]!.value.span, "p2", "inline table");
  assert.equal(named(facts, "SECRET")[0]!.section, "databases");
  const tokens = named(facts, "TOKEN");
  assert.deepEqual(tokens.map((b) => b.section), ["services", "services"]);
  assertSpanText(text, tokens[1]!.value.span, "t2", "second array table");
  const quoted = named(facts, "quoted key")[0]!;
  assertSpanText(text, quoted.nameSpan, "quoted key", "quoted key name");
});

test("pytest-env lists bind the variable; other lists bind their key per item", () => {
  const key = madeUpDjangoKey(4);
  const text = `[tool.pytest.ini_options]\nDJANGO_SETTINGS_MODULE = "app.settings"\nenv = [\n  "D:SECRET_KEY=${key}",\n  "DB_PASSWORD=a\\tb",\n  "--no-header",\n]\n\n[default]\nSECRET_KEY_FALLBACKS = ["old-1", 'old-2']\n`;
  const facts = format.facts(text, "pyproject.toml");
  const sk = named(facts, "SECRET_KEY")[0]!;
  assert.equal(sk.construct, "entry");
  assertLiteralAt(text, sk.value, key, key, "pytest-env");
  assertSpanText(text, sk.nameSpan, "SECRET_KEY", "pytest-env name");
  const pw = named(facts, "DB_PASSWORD")[0]!;
  assertLiteralAt(text, pw.value, "a\tb", "a\\tb", "escaped pytest-env");
  assert.deepEqual(named(facts, "env").map((b) => b.construct), ["item"]);
  const fallbacks = named(facts, "SECRET_KEY_FALLBACKS");
  assert.deepEqual(fallbacks.map((b) => [b.construct, b.section]), [["item", "default"], ["item", "default"]]);
  assertSpanText(text, fallbacks[1]!.value.span, "old-2", "second fallback");
});

test("broken TOML: parseError with the parser's message and line, no throw", () => {
  const facts = format.facts('[default]\nSECRET_KEY = "ok"\nPASSWORD = "unterminated\n', "settings.toml");
  assert.match(facts.parseError ?? "", /^Invalid TOML at line 3/);
  assert.deepEqual(facts.bindings, []);
  assert.ok(format.facts("a = 1\na = 2", "x.toml").parseError, "a duplicate key");
  assert.ok(format.facts("x = " + "[".repeat(50_000), "x.toml").parseError);
  assert.deepEqual(format.facts("", "x.toml"), { bindings: [], notes: [] });
  assert.deepEqual(format.facts("# only a comment\n", "x.toml"), { bindings: [], notes: [] });
});

test("CRLF line ends, in multi-line strings too", () => {
  const text = '[production]\r\nSECRET_KEY = "crlf"\r\nNOTE = """\r\nA\r\nB"""\r\nX = ["PASSWORD=p"]\r\n';
  const facts = format.facts(text, "settings.toml");
  const sk = named(facts, "SECRET_KEY")[0]!;
  assert.deepEqual([sk.value.span.line, sk.value.span.column], [2, 15]);
  assertSpanText(text, sk.value.span, "crlf", "CRLF");
  const note = named(facts, "NOTE")[0]!;
  assertLiteralAt(text, note.value, "A\nB", "A\r\nB", "CRLF multi-line");
  assertSpanText(text, named(facts, "PASSWORD")[0]!.value.span, "p", "CRLF list item");
});

test("a 2 MB TOML file is read in reasonable time", () => {
  const parts: string[] = [];
  for (let i = 0; i < 20_000; i++) parts.push(`[table${i}]\nname = "entry ${i} of the fixture"\nvalue = ${i}\ntags = ["a", "b"]\nurl = 'https://example.invalid/${i}'\n`);
  parts.push('[production]\nSECRET_KEY = "last"\n');
  const text = parts.join("\n");
  assert.ok(text.length > 2_000_000);
  const started = performance.now();
  const facts = format.facts(text, "big.toml");
  const elapsed = performance.now() - started;
  assert.equal(facts.parseError, undefined);
  assertSpanText(text, named(facts, "SECRET_KEY")[0]!.value.span, "last", "last table");
  assert.ok(elapsed < 10_000, `took ${Math.round(elapsed)} ms`);
});
