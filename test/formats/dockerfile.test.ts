import { test } from "node:test";
import assert from "node:assert/strict";
import { format } from "../../src/formats/dockerfile.ts";
import { assertBinding, assertEnvDefault, madeUpDjangoKey, only, timed } from "../helpers/facts.ts";

const facts = (text: string) => format.facts(text, "Dockerfile");
const names = (text: string) => facts(text).bindings.map((b) => `${b.context}:${b.name}`);

test("claims Dockerfiles and Containerfiles", () => {
  for (const p of ["Dockerfile", "docker/Dockerfile.prod", "Dockerfile-dev", "Dockerfile_web", "web.Dockerfile", "api.dockerfile", "Containerfile",
    "Containerfile.ci", "DOCKERFILE"]) {
    assert.ok(format.claims(p), p);
  }
  for (const p of ["Dockerfile.dockerignore", ".dockerignore", "dockerfiles/README.md", "mydockerfile", "docker-compose.yml"]) {
    assert.ok(!format.claims(p), p);
  }
});

test("ENV KEY=value (several per instruction, quoted) and the legacy ENV KEY value with spaces", () => {
  const key = madeUpDjangoKey(9);
  const text = [
    "FROM python:3.12-slim",
    `ENV DJANGO_SECRET_KEY="${key}"`,
    `ENV A=1 B="two words" C='single # quoted'`,
    "ENV LEGACY_KEY legacy value with spaces  ",
    "env lower=case",
  ].join("\n");
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assert.deepEqual(f.bindings.map((b) => b.name), ["DJANGO_SECRET_KEY", "A", "B", "C", "LEGACY_KEY", "lower"]);
  const b = assertBinding(text, f, "DJANGO_SECRET_KEY", key);
  assert.equal(b.context, "dockerfile");
  assert.equal(b.construct, "entry");
  assertBinding(text, f, "B", "two words");
  assertBinding(text, f, "C", "single # quoted");
  assertBinding(text, f, "LEGACY_KEY", "legacy value with spaces");
  assertBinding(text, f, "lower", "case");
});

test("an ENV continued over three lines, with a comment line inside", () => {
  const text = "FROM x\nENV SECRET_KEY=first \\\n    # a comment BuildKit drops\n    DEBUG=0 \\\n    DATABASE_URL=postgres://u:pw@db/app\nRUN true\n";
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assert.deepEqual(f.bindings.map((b) => b.name), ["SECRET_KEY", "DEBUG", "DATABASE_URL"]);
  assertBinding(text, f, "DEBUG", "0");
  assert.equal(assertBinding(text, f, "DATABASE_URL", "postgres://u:pw@db/app").value.span.line, 5);
});

test("ARG defaults bind; an ARG without a default does not", () => {
  const text = 'ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}\nARG SECRET_KEY\nARG DJANGO_SECRET_KEY="arg-default" OTHER\n';
  const f = facts(text);
  assert.deepEqual(f.bindings.map((b) => b.name), ["PYTHON_VERSION", "DJANGO_SECRET_KEY"]);
  const b = assertBinding(text, f, "DJANGO_SECRET_KEY", "arg-default");
  assert.equal(b.context, "dockerfile");
});

test("RUN with prefix assignments or export: build-dummy", () => {
  const text = [
    "FROM python:3.12 AS build",
    "RUN SECRET_KEY=dummy python manage.py collectstatic --noinput",
    "RUN --mount=type=secret,id=k,env=API_KEY DJANGO_SECRET_KEY=build-only python manage.py compress",
    "RUN pip install -r req.txt && export DEBUG=0 && echo SECRET_KEY=not-an-assignment",
    "RUN echo reexport NOPE=1",
    'RUN ["sh", "-c", "EXEC_FORM=1 python x"]',
  ].join("\n");
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assert.deepEqual(f.bindings.map((b) => `${b.context}:${b.name}`), ["build-dummy:SECRET_KEY", "build-dummy:DJANGO_SECRET_KEY", "build-dummy:DEBUG"]);
  const b = assertBinding(text, f, "SECRET_KEY", "dummy");
  assert.equal(b.section, "build");
  assertBinding(text, f, "DJANGO_SECRET_KEY", "build-only");
});

test("interpolation in ENV values", () => {
  const text = "FROM x\nARG SECRET_KEY\nENV SECRET_KEY=${SECRET_KEY} DEFAULTED=${FOO:-from-default} MIXED=a-$FOO\n";
  const f = facts(text);
  assertEnvDefault(text, only(f, "SECRET_KEY"), "SECRET_KEY", undefined);
  assertEnvDefault(text, only(f, "DEFAULTED"), "FOO", "from-default");
  assertBinding(text, f, "MIXED", "a-$FOO");
});

test("here-documents: a RUN script is build-dummy, a file written into the image is dockerfile", () => {
  const text = [
    "FROM x",
    "RUN <<EOF",
    "export SCRIPT_VAR=1",
    "SECRET_KEY=dummy python manage.py collectstatic",
    "EOF",
    "RUN cat > /app/.env <<'EOF'",
    "WRITTEN_KEY=into-the-image",
    "EOF",
    "COPY <<EOF /app/.env.production",
    "COPIED_KEY=also-in-the-image",
    "EOF",
    "ENV AFTER=1",
  ].join("\n");
  assert.deepEqual(names(text), ["build-dummy:SCRIPT_VAR", "build-dummy:SECRET_KEY", "dockerfile:WRITTEN_KEY", "dockerfile:COPIED_KEY", "dockerfile:AFTER"]);
  assertBinding(text, facts(text), "WRITTEN_KEY", "into-the-image");
});

test("the escape directive, stages, ONBUILD and case-insensitive instructions", () => {
  const text = "# escape=`\nFROM mcr.microsoft.com/windows AS win\nENV APP_HOME=C:\\app `\n    OTHER=2\nOnBuild env LATER=3\n";
  const f = facts(text);
  assert.deepEqual(f.bindings.map((b) => `${b.section}/${b.name}`), ["win/APP_HOME", "win/OTHER", "win/LATER"]);
  assertBinding(text, f, "APP_HOME", "C:\\app");
});

test("CRLF line ends", () => {
  const text = 'FROM x\r\nENV A=one \\\r\n    B="two"\r\nARG C=three\r\nRUN D=four cmd\r\n';
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assertBinding(text, f, "A", "one");
  assertBinding(text, f, "B", "two");
  assertBinding(text, f, "C", "three");
  assertBinding(text, f, "D", "four");
});

test("broken instructions are parse errors; the rest is read", () => {
  const f = facts('FROM x\nENV ONLY_NAME\nENV A=1 NOEQUALS\nENV Q="open\nENV AFTER=1\n');
  assert.deepEqual(f.bindings.map((b) => b.name), ["A", "AFTER"]);
  assert.match(f.parseError!, /^Line 2: ENV ONLY_NAME has no value \(and 2 more\)\.$/);
  assert.match(facts("RUN <<EOF\nX=1\n").parseError!, /not terminated/);
});

test("empty files and hostile input never throw", () => {
  assert.deepEqual(facts(""), { bindings: [], notes: [] });
  for (const text of ["ENV", "ENV =", "ENV ==", "ARG", "RUN", "RUN \\", "ENV A=\\", "ENV A=${", "RUN $(", "# escape=`", "\\\n\\", "ONBUILD ONBUILD ENV A=1", "RUN <<"]) {
    assert.ok(Array.isArray(facts(text).bindings), text);
  }
});

test("2 MB read in reasonable time", () => {
  const block = 'ENV SECRET_KEY="abcdefghijklmnopqrstuvwxyz" \\\n    DEBUG=0\nRUN KEY=dummy python manage.py collectstatic && echo done\n';
  const big = "FROM x\n" + block.repeat(Math.ceil(2_000_000 / block.length));
  let n = 0;
  assert.ok(timed(() => (n = facts(big).bindings.length)) < 5000);
  assert.equal(n, 3 * Math.ceil(2_000_000 / block.length));
  assert.ok(timed(() => facts("ENV A=b \\\n".repeat(200_000))) < 5000);
  assert.ok(timed(() => facts("RUN <<EOF\n".repeat(100_000))) < 5000);
});
