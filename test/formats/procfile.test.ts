import { test } from "node:test";
import assert from "node:assert/strict";
import { format } from "../../src/formats/procfile.ts";
import { assertBinding, madeUpDjangoKey, only, timed } from "../helpers/facts.ts";

const facts = (text: string) => format.facts(text, "Procfile");

test("claims Procfile and Procfile.*", () => {
  for (const p of ["Procfile", "app/Procfile", "Procfile.dev", "procfile.windows"]) assert.ok(format.claims(p), p);
  for (const p of ["Procfile-old.txt", "myProcfile", "procfiles/web"]) assert.ok(!format.claims(p), p);
});

test("prefix assignments and exports in process commands, with the process type as section", () => {
  const key = madeUpDjangoKey(7);
  const text = [
    `web: DJANGO_SECRET_KEY='${key}' gunicorn app.wsgi --bind 0.0.0.0:$PORT`,
    'release: export DEBUG=0 && SECRET_KEY="two words" python manage.py migrate',
    "worker: celery -A app worker NOT_AN_ASSIGNMENT=1",
    "# clock: COMMENTED=1 python clock.py",
  ].join("\n");
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assert.deepEqual(f.bindings.map((b) => b.name), ["DJANGO_SECRET_KEY", "DEBUG", "SECRET_KEY"]);
  const b = assertBinding(text, f, "DJANGO_SECRET_KEY", key);
  assert.equal(b.context, "paas");
  assert.equal(b.section, "web");
  assert.equal(b.construct, "entry");
  assertBinding(text, f, "SECRET_KEY", "two words");
  assert.equal(only(f, "DEBUG").section, "release");
});

test("${VAR:-default} in a command", () => {
  const text = "web: SECRET_KEY=${SECRET_KEY:-fallback} gunicorn app.wsgi\n";
  const b = only(facts(text), "SECRET_KEY");
  assert.equal(b.value.kind, "env");
  if (b.value.kind === "env") assert.equal(b.value.envName, "SECRET_KEY");
});

test("CRLF line ends", () => {
  const text = "web: A=1 gunicorn\r\nworker: B='two' celery\r\n";
  const f = facts(text);
  assertBinding(text, f, "A", "1");
  assertBinding(text, f, "B", "two");
});

test("an unterminated quote is a parse error for that line only", () => {
  const f = facts("web: A='open gunicorn\nworker: B=1 celery\n");
  assert.deepEqual(f.bindings.map((b) => b.name), ["B"]);
  assert.match(f.parseError!, /web command past line 1: unterminated single quote/);
});

test("empty files and hostile input never throw", () => {
  assert.deepEqual(facts(""), { bindings: [], notes: [] });
  for (const text of [":", "web:", "web: \\", "web: $(", "web: <<EOF", "::::"]) assert.ok(Array.isArray(facts(text).bindings), text);
});

test("2 MB read in reasonable time", () => {
  const line = "web: SECRET_KEY=dummy-value-for-the-build gunicorn app.wsgi --workers 4\n";
  const big = line.repeat(Math.ceil(2_000_000 / line.length));
  let n = 0;
  assert.ok(timed(() => (n = facts(big).bindings.length)) < 5000);
  assert.equal(n, Math.ceil(2_000_000 / line.length));
});
