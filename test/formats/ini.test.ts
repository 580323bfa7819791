import { test } from "node:test";
import assert from "node:assert/strict";
import { format } from "../../src/formats/ini.ts";
import { assertBinding, assertEnvDefault, assertSpanText, madeUpDjangoKey, only, timed } from "../helpers/facts.ts";

const facts = (text: string) => format.facts(text, "uwsgi.ini");

test("claims INI and cfg files, .pypirc, MySQL option files and supervisor configs", () => {
  for (const p of ["uwsgi.ini", "tox.ini", "pytest.ini", "setup.cfg", "deploy/app.cfg", "my.cnf", ".pypirc", "uwsgi.ini.j2", "supervisord.conf",
    "deploy/supervisor/app.conf", "etc/supervisord.d/web.conf"]) {
    assert.ok(format.claims(p), p);
  }
  for (const p of ["nginx/site.conf", "settings.py", "config.toml", "app.ini.py", "systemd/x.conf"]) assert.ok(!format.claims(p), p);
});

test("options with = and :, in their sections; quotes around a whole value come off", () => {
  const key = madeUpDjangoKey(8);
  const text = [
    "; uwsgi for the site",
    "[uwsgi]",
    "module = app.wsgi:application",
    `secret_key = "${key}"`,
    "url: http://example.test:8000/x",
    "empty =",
    "flag",
    "[distutils]",
    "index-servers=pypi",
    "[pypi]",
    "password = pypi-made-up-token",
  ].join("\n");
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assert.deepEqual(f.bindings.map((b) => `${b.section}/${b.name}`), ["uwsgi/module", "uwsgi/secret_key", "uwsgi/url", "uwsgi/empty", "distutils/index-servers", "pypi/password"]);
  const b = assertBinding(text, f, "secret_key", key);
  assert.equal(b.context, "ini");
  assert.equal(b.construct, "entry");
  assertBinding(text, f, "module", "app.wsgi:application");
  assertBinding(text, f, "url", "http://example.test:8000/x");
  assertBinding(text, f, "empty", "");
  assertBinding(text, f, "password", "pypi-made-up-token");
});

test("no inline comments in plain options, as configparser; comment lines are no bindings", () => {
  const text = "[s]\n# secret_key = commented\n; other = commented\nvalue = a ; b # c\n";
  const f = facts(text);
  assert.deepEqual(f.bindings.map((b) => b.name), ["value"]);
  assertBinding(text, f, "value", "a ; b # c");
});

test("uwsgi env = KEY=value: one binding per env option, named by the variable", () => {
  const text = "[uwsgi]\nenv = DJANGO_SECRET_KEY=uwsgi-made-up\nenv=DATABASE_URL=postgres://u:pw@db/app\nenv = FROM_ENV=$(OUTER)\n";
  const f = facts(text);
  assert.deepEqual(f.bindings.map((b) => b.name), ["DJANGO_SECRET_KEY", "DATABASE_URL", "FROM_ENV"]);
  assertBinding(text, f, "DJANGO_SECRET_KEY", "uwsgi-made-up");
  assertBinding(text, f, "DATABASE_URL", "postgres://u:pw@db/app");
  assertEnvDefault(text, only(f, "FROM_ENV"), "OUTER", undefined);
  assert.equal(only(f, "FROM_ENV").section, "uwsgi");
});

test("tox setenv and pytest-env: one binding per continuation line", () => {
  const text = [
    "[testenv]",
    "setenv =",
    "    DJANGO_SETTINGS_MODULE = app.settings.test",
    "    # a comment line",
    "",
    "    SECRET_KEY={env:SECRET_KEY:tox-fallback}",
    "    py312: FACTORED=1",
    "    PLAIN=x # tox 4 comment",
    "deps =",
    "    django",
    "    pytest",
    "[pytest]",
    "env =",
    "    D:R:PYTEST_KEY=from-pytest-env",
  ].join("\n");
  const f = facts(text);
  assert.deepEqual(f.bindings.map((b) => `${b.section}/${b.name}`), [
    "testenv/DJANGO_SETTINGS_MODULE", "testenv/SECRET_KEY", "testenv/FACTORED", "testenv/PLAIN", "testenv/deps", "pytest/PYTEST_KEY",
  ]);
  assertBinding(text, f, "DJANGO_SETTINGS_MODULE", "app.settings.test");
  const sk = only(f, "SECRET_KEY");
  assertEnvDefault(text, sk, "SECRET_KEY", "tox-fallback");
  assert.equal(sk.value.kind === "env" && sk.value.via, "{env:SECRET_KEY:...}");
  assertBinding(text, f, "PLAIN", "x");
  assertBinding(text, f, "PYTEST_KEY", "from-pytest-env");
  const deps = only(f, "deps");
  assertSpanText(text, deps.value.span, "django\n    pytest", "deps");
});

test("a multi-line plain value is one binding, joined as configparser joins it", () => {
  const text = "[s]\nkey = first\n  second\n\n  third\nnext = 1\n";
  const f = facts(text);
  const b = only(f, "key");
  assert.deepEqual([b.value.span.line, b.value.span.endLine], [2, 5]);
  assert.equal(b.value.kind === "string" && b.value.secret.length, "first\nsecond\n\nthird".length);
  assertBinding(text, f, "next", "1");
});

test("supervisor environment= in a program section", () => {
  const text = '[program:web]\ncommand=gunicorn app.wsgi\nenvironment=DJANGO_SECRET_KEY="super,visor",DEBUG=0, OTHER=\'x y\'\n';
  const f = format.facts(text, "deploy/supervisor/web.conf");
  assert.deepEqual(f.bindings.map((b) => b.name), ["command", "DJANGO_SECRET_KEY", "DEBUG", "OTHER"]);
  assertBinding(text, f, "DJANGO_SECRET_KEY", "super,visor");
  assertBinding(text, f, "DEBUG", "0");
  assertBinding(text, f, "OTHER", "x y");
  assert.equal(only(f, "DEBUG").section, "program:web");
});

test("supervisor's %(ENV_NAME)s reads the environment; ${VAR} is no INI syntax and stays a literal", () => {
  const text = "[program:web]\nenvironment=SECRET_KEY=\"%(ENV_DJANGO_SECRET_KEY)s\"\n[app]\npassword = $ecret\nkey = ${NOT_READ:-x}\n";
  const f = facts(text);
  assertEnvDefault(text, only(f, "SECRET_KEY"), "DJANGO_SECRET_KEY", undefined);
  assertBinding(text, f, "password", "$ecret");
  assertBinding(text, f, "key", "${NOT_READ:-x}");
});

test("CRLF line ends", () => {
  const text = "[uwsgi]\r\nenv = A=one\r\nsecret_key = two\r\n\r\n[testenv]\r\nsetenv =\r\n    B = three\r\n";
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assertBinding(text, f, "A", "one");
  assertBinding(text, f, "secret_key", "two");
  assertBinding(text, f, "B", "three");
});

test("broken lines are a parse error; the rest is read", () => {
  const f = facts("[ok]\na = 1\n[unclosed\n= no name\nb = 2\n");
  assert.deepEqual(f.bindings.map((b) => b.name), ["a", "b"]);
  assert.match(f.parseError!, /^Line 3 is not INI: an unclosed section header \(and 1 more\)\.$/);
});

test("empty files and hostile input never throw", () => {
  assert.deepEqual(facts(""), { bindings: [], notes: [] });
  for (const text of ["[", "]", "=", ":", "[]", "env =\n  =\n  D:", "environment=A=\"", "[program:x]\nenvironment=A=\"open"]) {
    assert.ok(Array.isArray(facts(text).bindings), text);
  }
});

test("2 MB read in reasonable time", () => {
  const block = "[testenv]\nsecret_key = abcdefghijklmnopqrstuvwxyz\nsetenv =\n    A = 1\n    B = 2\n";
  const big = block.repeat(Math.ceil(2_000_000 / block.length));
  let n = 0;
  assert.ok(timed(() => (n = facts(big).bindings.length)) < 5000);
  assert.equal(n, 3 * Math.ceil(2_000_000 / block.length));
  assert.ok(timed(() => facts("[".repeat(2_000_000))) < 5000);
  assert.ok(timed(() => facts("[x\n".repeat(500_000))) < 5000);
});
