import { test } from "node:test";
import assert from "node:assert/strict";
import { format } from "../../src/formats/dotenv.ts";
import { assertBinding, assertEnvDefault, assertLiteral, assertSpanText, madeUpDjangoKey, only, timed } from "../helpers/facts.ts";

const facts = (text: string) => format.facts(text, ".env");

test("claims dotenv files by name, and everything under .envs/ but code", () => {
  for (const p of [".env", "app/.env", ".env.production", ".env.example", "deploy/prod.env", "django.env", "env.example", "env.sample",
    ".envs/.production/.django", ".envs/.local/.postgres", "compose/.envs/.prod/.db", ".ENV.Local"]) {
    assert.ok(format.claims(p), p);
  }
  for (const p of ["environment.py", "env.py", ".env.py", ".envs/.production/settings.py", "env.json", ".env.yml", "env.ts", "src/env.js",
    "venv/bin/activate", ".envrc", "settings/.environment", "myenv", ".env/lib/site.py", "README.md"]) {
    assert.ok(!format.claims(p), p);
  }
});

test("KEY=value, export, spaces around = and empty values", () => {
  const key = madeUpDjangoKey(1);
  const text = `DJANGO_SECRET_KEY=${key}\nexport DATABASE_URL=postgres://u:pw@db/app\nSECRET_KEY = spaced value here  \nEMPTY=\nALSO_EMPTY = \n`;
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assert.deepEqual(f.bindings.map((b) => b.name), ["DJANGO_SECRET_KEY", "DATABASE_URL", "SECRET_KEY", "EMPTY", "ALSO_EMPTY"]);
  const b = assertBinding(text, f, "DJANGO_SECRET_KEY", key);
  assert.equal(b.context, "dotenv");
  assert.equal(b.construct, "entry");
  assert.deepEqual([b.value.span.line, b.value.span.column], [1, 19]);
  assertBinding(text, f, "DATABASE_URL", "postgres://u:pw@db/app");
  assertBinding(text, f, "SECRET_KEY", "spaced value here");
  const empty = assertBinding(text, f, "EMPTY", "");
  assert.equal(empty.value.span.column, empty.value.span.endColumn);
  assertBinding(text, f, "ALSO_EMPTY", "");
});

test("comments: a # after whitespace ends an unquoted value; inside quotes or a word it is data", () => {
  const text = [
    "# SECRET_KEY=commented-out",
    "  # indented comment",
    "A=value # trailing comment",
    "B=abc#def",
    'C="x # y" # comment',
    "D='p#q'",
    "E=tab\t# comment",
  ].join("\n");
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assert.deepEqual(f.bindings.map((b) => b.name), ["A", "B", "C", "D", "E"]);
  assertBinding(text, f, "A", "value");
  assertBinding(text, f, "B", "abc#def");
  assertBinding(text, f, "C", "x # y");
  assertBinding(text, f, "D", "p#q");
  assertBinding(text, f, "E", "tab");
});

test("single quotes are literal, double quotes decode escapes; spans are inside the quotes", () => {
  const text = `S='it\\'s \${HOME} \\n'\nD="line\\nnext \\"quoted\\" back\\\\slash"\n`;
  const f = facts(text);
  assertBinding(text, f, "S", "it's ${HOME} \\n", "it\\'s ${HOME} \\n");
  assertBinding(text, f, "D", 'line\nnext "quoted" back\\slash', 'line\\nnext \\"quoted\\" back\\\\slash');
});

test("a double-quoted value may span lines", () => {
  const text = 'PRIVATE_KEY="-----BEGIN KEY-----\nabc\n-----END KEY-----"\nNEXT=1\n';
  const f = facts(text);
  const b = only(f, "PRIVATE_KEY");
  assertLiteral(b.value, "-----BEGIN KEY-----\nabc\n-----END KEY-----");
  assert.deepEqual(b.value.span, { line: 1, column: 14, endLine: 3, endColumn: 18 });
  assertSpanText(text, b.value.span, "-----BEGIN KEY-----\nabc\n-----END KEY-----", "PRIVATE_KEY");
  assertBinding(text, f, "NEXT", "1");
});

test("${VAR} and ${VAR:-default} are environment look-ups, except in single quotes", () => {
  const key = madeUpDjangoKey(2);
  const text = `SECRET_KEY=\${DJANGO_SECRET_KEY:-${key}}\nQ="\${FROM_ENV}"\nLIT='\${NOT_READ}'\nMIXED=pre-\${X}\nPLAIN=$HOME\n`;
  const f = facts(text);
  const sk = only(f, "SECRET_KEY");
  assertEnvDefault(text, sk, "DJANGO_SECRET_KEY", key);
  assertSpanText(text, sk.value.span, `\${DJANGO_SECRET_KEY:-${key}}`, "SECRET_KEY");
  assertEnvDefault(text, only(f, "Q"), "FROM_ENV", undefined);
  assertBinding(text, f, "LIT", "${NOT_READ}");
  assertBinding(text, f, "MIXED", "pre-${X}");
  assertEnvDefault(text, only(f, "PLAIN"), "HOME", undefined);
});

test("export only as its own word: reexport is no binding (and python-dotenv skips the line)", () => {
  const text = "reexport SECRET_KEY=x\nexportKEY=y\nexport  Z=1\n";
  const f = facts(text);
  assert.deepEqual(f.bindings.map((b) => b.name), ["exportKEY", "Z"]);
  assert.match(f.parseError ?? "", /^Line 1 /);
});

test("CRLF line ends", () => {
  const text = 'A=one\r\nB="two" # c\r\n\r\nexport C=three  \r\nD=\r\n';
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assertBinding(text, f, "A", "one");
  assertBinding(text, f, "B", "two");
  assertBinding(text, f, "C", "three");
  assertBinding(text, f, "D", "");
  assert.equal(only(f, "C").value.span.line, 4);
});

test("lines python-dotenv skips are skipped, reported, and the rest is read", () => {
  const text = 'GOOD=1\nBAD="closed" trailing\n=no-name\nAFTER=2\nOPEN="never closed\nLAST=3\n';
  const f = facts(text);
  assert.deepEqual(f.bindings.map((b) => b.name), ["GOOD", "AFTER", "LAST"]);
  assert.match(f.parseError!, /^Line 2 is not a dotenv KEY=value line .*: text after the value \(and 2 more lines\)\.$/);
});

test("quoted names, a byte-order mark, keys alone and empty files", () => {
  const text = "\ufeffFIRST=1\n'QUOTED NAME'=2\nNO_VALUE\n";
  const f = facts(text);
  assert.deepEqual(f.bindings.map((b) => b.name), ["FIRST", "QUOTED NAME"]);
  assert.equal(f.parseError, undefined);
  assert.deepEqual(facts(""), { bindings: [], notes: [] });
  assert.deepEqual(facts("\n\n# only comments\n"), { bindings: [], notes: [] });
});

test("never throws on hostile input", () => {
  for (const text of ['"', "'", "=", "A='", 'A="\\', "export", "export ", "A=\\", "\r", '"""', "A=\"\\\"\n"]) {
    const f = facts(text);
    assert.ok(Array.isArray(f.bindings));
  }
});

test("2 MB read in reasonable time, including lines that never close a quote", () => {
  const line = `SECRET_KEY_${"x".repeat(10)}="${madeUpDjangoKey(3)}" # comment\n`;
  const big = line.repeat(Math.ceil(2_000_000 / line.length));
  let n = 0;
  assert.ok(timed(() => (n = facts(big).bindings.length)) < 3000);
  assert.equal(n, Math.ceil(2_000_000 / line.length));
  const hostile = 'A="\\"\n'.repeat(300_000) + "B=\"\\'\n".repeat(100_000);
  assert.ok(timed(() => facts(hostile)) < 3000);
});
