import { test } from "node:test";
import assert from "node:assert/strict";
import { format } from "../../src/formats/shell.ts";
import { lex } from "../../src/formats/shell-words.ts";
import { assertBinding, assertEnvDefault, assertSpanText, madeUpDjangoKey, only, timed } from "../helpers/facts.ts";

const facts = (text: string) => format.facts(text, "scripts/deploy.sh");
const names = (text: string) => facts(text).bindings.map((b) => b.name);

test("claims scripts and shell startup files", () => {
  for (const p of ["deploy.sh", "bin/start.bash", "x.zsh", ".envrc", "home/.bashrc", ".profile", ".bash_profile", "env.sh.j2", "setup.SH"]) {
    assert.ok(format.claims(p), p);
  }
  for (const p of ["deploy.py", ".env", "shell.txt", "sh", "bash_completion.d/x", "Dockerfile"]) assert.ok(!format.claims(p), p);
});

test("export, plain, declare -x and prefix assignments", () => {
  const key = madeUpDjangoKey(4);
  const text = [
    "#!/bin/sh",
    `export DJANGO_SECRET_KEY='${key}'`,
    "DEBUG=0",
    "declare -x -r DECLARED=yes",
    "readonly RO=1 OTHER=2",
    "SECRET_KEY=build-only python manage.py collectstatic --noinput",
    "A=1 B=2 gunicorn app.wsgi C=3",
    "env -i ENV_ONE=1 ENV_TWO=2 python x.py ENV_THREE=3",
  ].join("\n");
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assert.deepEqual(f.bindings.map((b) => b.name), ["DJANGO_SECRET_KEY", "DEBUG", "DECLARED", "RO", "OTHER", "SECRET_KEY", "A", "B", "ENV_ONE", "ENV_TWO"]);
  const b = assertBinding(text, f, "DJANGO_SECRET_KEY", key);
  assert.equal(b.context, "shell");
  assert.equal(b.construct, "entry");
  assertBinding(text, f, "DECLARED", "yes");
  assertBinding(text, f, "SECRET_KEY", "build-only");
});

test("quoting: single, double with escapes, $'...', concatenated words", () => {
  const text = [
    `S='a "b" # not a comment'`,
    `D="say \\"hi\\" \\$HOME \\\\ end"`,
    `C=$'tab\\there'`,
    `J=one"two"'three'`,
    `H="a#b" # real comment`,
  ].join("\n");
  const f = facts(text);
  assertBinding(text, f, "S", 'a "b" # not a comment');
  assertBinding(text, f, "D", 'say "hi" $HOME \\ end', 'say \\"hi\\" \\$HOME \\\\ end');
  assertBinding(text, f, "C", "tab\there", "tab\\there");
  assertBinding(text, f, "J", "onetwothree", `one"two"'three`);
  assertBinding(text, f, "H", "a#b");
});

test("${VAR:-default}, $VAR and command substitutions", () => {
  const key = madeUpDjangoKey(5);
  const text = [
    `export SECRET_KEY="\${DJANGO_SECRET_KEY:-${key}}"`,
    `export QUOTED_DEFAULT=\${X:-"dflt"}`,
    "FROM_ENV=$OTHER",
    "GENERATED=$(openssl rand -hex 32)",
    "TICKS=`date`",
    "PARTIAL=prefix-$OTHER",
    "SINGLE='${NOT_EXPANDED}'",
  ].join("\n");
  const f = facts(text);
  assertEnvDefault(text, only(f, "SECRET_KEY"), "DJANGO_SECRET_KEY", key);
  assertEnvDefault(text, only(f, "QUOTED_DEFAULT"), "X", "dflt");
  assertEnvDefault(text, only(f, "FROM_ENV"), "OTHER", undefined);
  const gen = only(f, "GENERATED");
  assert.equal(gen.value.kind, "other");
  assertSpanText(text, gen.value.span, "$(openssl rand -hex 32)", "GENERATED");
  assert.equal(only(f, "TICKS").value.kind, "other");
  assertBinding(text, f, "PARTIAL", "prefix-$OTHER");
  assertBinding(text, f, "SINGLE", "${NOT_EXPANDED}");
});

test("only assignments a shell performs: not arguments, comments or longer words", () => {
  assert.deepEqual(names("reexport KEY=1\necho SECRET_KEY=2\n# SECRET_KEY=3\nexportX=4 cmd\n\"Q=5\" cmd\nPATH+=:/x\n"), ["exportX"]);
  assert.deepEqual(names("cmd > out X=1\ncmd 2>/dev/null Y=2\n>log Z=3 run\n"), ["Z"]);
});

test("commands after separators and keywords start afresh", () => {
  assert.deepEqual(
    names("a && A=1 b; B=2 c | C=3 d || D=4 e & E=5\nif true; then F=6; fi\nwhile x; do G=7; done\ncase $1 in\n  start) H=8 ;;\nesac\nf() { I=9; }\n( J=10 )\n"),
    ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"],
  );
});

test("line continuations and multi-line quotes", () => {
  const text = "export SECRET_KEY=abc\\\ndef OTHER=2\nMULTI=\"first\nsecond\"\nCMD=1 \\\n  python run.py\n";
  const f = facts(text);
  const sk = only(f, "SECRET_KEY");
  assert.deepEqual(sk.value.span, { line: 1, column: 19, endLine: 2, endColumn: 4 });
  assertBinding(text, f, "OTHER", "2");
  const m = only(f, "MULTI");
  assertSpanText(text, m.value.span, "first\nsecond", "MULTI");
  assertBinding(text, f, "CMD", "1");
});

test("here-documents: a file written from one is read as dotenv lines; one fed to a shell as a script", () => {
  const text = [
    "cat > .env <<'EOF'",
    'SECRET_KEY="from heredoc"',
    "it's just text",
    "EOF",
    "bash <<-END",
    "\texport INNER=1",
    "\tEND",
    "AFTER=2",
  ].join("\n");
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assert.deepEqual(f.bindings.map((b) => b.name), ["SECRET_KEY", "INNER", "AFTER"]);
  assertBinding(text, f, "SECRET_KEY", "from heredoc");
  assert.equal(only(f, "SECRET_KEY").context, "shell");
});

test("arrays and arithmetic are no literal values", () => {
  const f = facts("ARR=(a b c)\nN=$((1 + 2))\n");
  assert.equal(only(f, "ARR").value.kind, "other");
  assert.equal(only(f, "N").value.kind, "other");
});

test("CRLF line ends", () => {
  const text = "export A=one\r\nB='two'\r\n\r\nC=\"three\" cmd\r\n";
  const f = facts(text);
  assert.equal(f.parseError, undefined);
  assertBinding(text, f, "A", "one");
  assertBinding(text, f, "B", "two");
  assertBinding(text, f, "C", "three");
});

test("an unterminated quote is a parse error; what came before is kept", () => {
  const f = facts("A=1\nB='open\nC=3\n");
  assert.deepEqual(f.bindings.map((b) => b.name), ["A"]);
  assert.match(f.parseError!, /line 2: unterminated single quote/);
  assert.match(facts("cat <<EOF\nX=1\n").parseError!, /here-document/);
  assert.match(facts("X=$(date\n").parseError!, /unterminated/);
});

test("empty files and hostile input never throw", () => {
  assert.deepEqual(facts(""), { bindings: [], notes: [] });
  for (const text of ["\\", "'", '"', "$", "${", "$(", "`", "<<", "<<EOF", "A=\\", "A=$'", "A=(", "))))", "&&&", "#"]) {
    assert.ok(Array.isArray(facts(text).bindings), text);
  }
});

test("the tokenizer reports words with their source ranges", () => {
  const text = `a "b c" d\\ e`;
  const { tokens } = lex(text, 0, text.length, { shell: true });
  const words = tokens.flatMap((t) => (t.kind === "word" ? [t.word] : []));
  assert.deepEqual(words.map((w) => w.text), ["a", "b c", "d e"]);
  assert.deepEqual(words.map((w) => text.slice(w.rawFrom, w.rawTo)), ["a", '"b c"', "d\\ e"]);
});

test("2 MB read in reasonable time", () => {
  const line = `export SECRET_KEY_X="${"v".repeat(50)}" && run --flag $(sub "x") # comment\n`;
  const big = line.repeat(Math.ceil(2_000_000 / line.length));
  let n = 0;
  assert.ok(timed(() => (n = facts(big).bindings.length)) < 5000);
  assert.equal(n, Math.ceil(2_000_000 / line.length));
  assert.ok(timed(() => facts("$(".repeat(200_000))) < 5000);
  assert.ok(timed(() => facts("a=(".repeat(200_000))) < 5000);
});
