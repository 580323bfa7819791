import { test } from "node:test";
import assert from "node:assert/strict";
import { format } from "../../src/formats/systemd.ts";
import { assertBinding, madeUpDjangoKey, only, timed } from "../helpers/facts.ts";

const facts = (text: string) => format.facts(text, "deploy/gunicorn.service");

test("claims service and socket units, their templates and drop-ins", () => {
  for (const p of ["deploy/gunicorn.service", "app.socket", "roles/web/templates/app.service.j2", "etc/systemd/system/app.service.d/override.conf",
    "deploy/systemd/env.conf", "x/app@.service"]) {
    assert.ok(format.claims(p), p);
  }
  for (const p of ["app.timer", "nginx/site.conf", "service.py", "services.yml", "my.service.txt"]) assert.ok(!format.claims(p), p);
});

test("Environment= with one or several assignments, quoted as systemd quotes them, in its section", () => {
  const key = madeUpDjangoKey(6);
  const text = [
    "[Unit]",
    "Description=Django",
    "",
    "[Service]",
    `Environment="DJANGO_SECRET_KEY=${key}"`,
    `Environment=DEBUG=0 "GREETING=hello world" 'SINGLE=a b'`,
    "Environment=DATABASE_URL=postgres://u:pw@db/app",
    "EnvironmentFile=/etc/app.env",
    "ExecStart=/usr/bin/gunicorn app.wsgi SECRET_KEY=not-this",
    "environment=LOWERCASE_KEY_IS_NOT_SYSTEMD=1",
  ].join("\n");
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assert.deepEqual(f.bindings.map((b) => b.name), ["DJANGO_SECRET_KEY", "DEBUG", "GREETING", "SINGLE", "DATABASE_URL"]);
  const b = assertBinding(text, f, "DJANGO_SECRET_KEY", key);
  assert.equal(b.context, "systemd");
  assert.equal(b.section, "Service");
  assert.equal(b.construct, "entry");
  assertBinding(text, f, "GREETING", "hello world");
  assertBinding(text, f, "SINGLE", "a b");
  assertBinding(text, f, "DATABASE_URL", "postgres://u:pw@db/app");
});

test("C escapes are decoded, $VAR is no substitution, comments are whole lines only", () => {
  const text = '[Service]\n# Environment=COMMENTED=1\n; Environment=ALSO=1\nEnvironment="ESC=a\\tb\\x41" DOLLAR=$HOME HASH=a#b\n';
  const f = facts(text);
  assert.deepEqual(f.bindings.map((b) => b.name), ["ESC", "DOLLAR", "HASH"]);
  assertBinding(text, f, "ESC", "a\tbA", "a\\tb\\x41");
  assertBinding(text, f, "DOLLAR", "$HOME");
  assertBinding(text, f, "HASH", "a#b");
});

test("a trailing backslash continues the line, past comment lines", () => {
  const text = "[Service]\nEnvironment=A=1 \\\n# a comment\n  B=2 \\\n  C=3\nUser=www\n";
  const f = facts(text);
  assert.deepEqual(f.bindings.map((b) => b.name), ["A", "B", "C"]);
  assertBinding(text, f, "B", "2");
  assert.equal(only(f, "C").value.span.line, 5);
});

test("CRLF line ends", () => {
  const text = '[Service]\r\nEnvironment="A=one" B=two\r\nEnvironment=C=3 \\\r\n  D=4\r\n';
  const f = facts(text);
  assertBinding(text, f, "A", "one");
  assertBinding(text, f, "B", "two");
  assertBinding(text, f, "D", "4");
});

test("an unterminated quote is a parse error; the rest of the file is read", () => {
  const text = '[Service]\nEnvironment="OPEN=never closed\nEnvironment=AFTER=1\n';
  const f = facts(text);
  assert.deepEqual(f.bindings.map((b) => b.name), ["AFTER"]);
  assert.match(f.parseError!, /^Line 2: unterminated double quote/);
});

test("empty files and hostile input never throw", () => {
  assert.deepEqual(facts(""), { bindings: [], notes: [] });
  for (const text of ["[", "Environment=", "Environment=\\", "Environment='", "Environment==", "\\\n\\\n", "[Service\nEnvironment=A=1"]) {
    assert.ok(Array.isArray(facts(text).bindings), text);
  }
});

test("2 MB read in reasonable time", () => {
  const line = 'Environment="SECRET_KEY=abcdefghijklmnopqrstuvwxyz0123456789" OTHER=x\n';
  const big = "[Service]\n" + line.repeat(Math.ceil(2_000_000 / line.length));
  let n = 0;
  assert.ok(timed(() => (n = facts(big).bindings.length)) < 5000);
  assert.equal(n, 2 * Math.ceil(2_000_000 / line.length));
  assert.ok(timed(() => facts("x\n".repeat(1_000_000))) < 5000);
});
