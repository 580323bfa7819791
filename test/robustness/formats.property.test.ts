// Every format, fed random and adversarial text (fast-check): no reader throws, every span lands on
// the text, and no finding or note repeats a value planted in the file. Each format is reached
// directly (`format.facts`, where a throw would show) and through `scanText` (which would hide one
// behind a "reader failed" note), with paths each format claims.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { FORMATS, formatFor, type Format } from "../../src/formats/index.ts";
import { scanText } from "../../src/engine/scan.ts";
import type { Binding, Span, Value } from "../../src/engine/types.ts";
import { madeUpDjangoKey } from "../helpers/facts.ts";
import { assertProperty, assertSpanOnText, lineStarts } from "./checks.ts";

// A fixed seed: a failure reproduces. Arbitraries take `size: "max"`: fast-check's default keeps them tiny.
fc.configureGlobal({ seed: 20_250_907 });
const RUNS = 300;

/** Paths each format claims, one per kind of file it tells apart (compose, Kubernetes, workflows...). */
const PATHS: Record<string, string[]> = {
  notebook: ["analysis.ipynb"],
  json: ["config.json", "app.json", ".vscode/launch.json", "dev.code-workspace"],
  toml: ["settings.toml", "fly.toml", "pyproject.toml"],
  yaml: [
    "docker-compose.yml", "k8s/secret.yaml", ".github/workflows/ci.yml", "chart/templates/deployment.yaml", "settings.yaml",
    "render.yaml", ".gitlab-ci.yml", ".circleci/config.yml", "values.yaml", "app.yaml", ".do/app.yaml", "heroku.yml",
  ],
  dockerfile: ["Dockerfile", "docker/Dockerfile.prod", "app.containerfile"],
  procfile: ["Procfile", "Procfile.dev"],
  systemd: ["deploy/app.service", "app.service.d/override.conf", "systemd/worker.conf"],
  ini: ["tox.ini", "setup.cfg", "supervisor/app.conf", ".pypirc"],
  dotenv: [".env", ".envs/.production/.django", ".env.example"],
  shell: ["scripts/run.sh", ".envrc"],
  python: ["config/settings.py", "settings/production.py"],
  text: ["README.md", "docs/setup.rst", "static/app.min.js"],
};

// Values planted in the files: made-up keys of every shape the engine grades, and a password.
const COOKIECUTTER = "Jq3VbX9tLm2ZrW8kP4sNc7Hd1Fy6Ug0Ae5Ro2Ti9Yw4Qx7Kb3Mn8Lv1Cs6Dz0Gh5";
const PLANTED = [madeUpDjangoKey(1), madeUpDjangoKey(2), madeUpDjangoKey(3).slice(16), COOKIECUTTER, "Zq8rT1vLx0pQ3mN7wK2sY5bH9cJ4dF6g"];

/** Tokens of every format's syntax, and text no format expects. */
const COMMON = [
  "\n", "\r\n", "\r", " ", "  ", "\t", "a", "x1", "SECRET_KEY", "DJANGO_SECRET_KEY", "PASSWORD", "django-insecure-",
  "{{", "}}", "${", "}", "{", "[", "]", "(", ")", "\\", "#", "=", ":", ",", '"', "'", "`", "$", "-", "<<",
  "\u0000", "\ufeff", "\ufffd", "\u2028", "é", "😀", "\ud800", "# django-secret-scan: ignore[DJS001] accepted",
  "# django-secret-scan: ignore[NOPE]", "// django-secret-scan: ignore", "os.environ.get(",
];

const TOKENS: Record<string, string[]> = {
  python: [
    "SECRET_KEY = ", "os.getenv(", "env(", "env.str(", "config(", "getattr(settings, ", "default=", '"""', "'''", 'f"', "r'",
    "\\N{", "\\u", "\\x4", "\\U", "lambda: ", "if DEBUG:\n    ", "else:\n    ", "class S(BaseSettings):\n    ", "from .base import *\n", " or ", " == ",
    " + ", "\n    ", "settings.configure(", "SECRET_KEY_FALLBACKS = [", "get_random_secret_key()", "environ.Env(", "DEBUG = ",
    "ALLOWED_HOSTS = ", "[[[[", "))))", "def f():\n    ",
  ],
  json: ["{", "}", '"env"', '"value"', '"name"', '"generator"', '"SECRET_KEY=', "true", "null", "1e999", "\\u00", "//", "/*", "*/", '":'],
  toml: ["[[", "]]", '"""', "'''", "\\u", "\\x", "\\e", ".", "env = [", "[env]\n", "[production]\n", "SECRET_KEY = ", "= {", "1979-05-27"],
  yaml: [
    ": ", "- ", "&a ", "*a", "<<: *a\n", "---\n", "|\n  ", ">-\n  ", "? ", "!!binary ", "environment:\n  ", "env:\n  - name: ",
    "value: ", "kind: Secret\n", "apiVersion: v1\n", "data:\n  ", "stringData:\n  ", "services:\n  web:\n    ", ":-", "%YAML 1.2\n",
    "\n  ", "[{", "}]", "{{ .Values.x }}", "...\n",
  ],
  dockerfile: [
    "ENV ", "ARG ", "RUN ", "FROM x AS y\n", "COPY <<EOF /app/.env\n", "<<EOF", "<<-EOF", "EOF\n", "# escape=`\n", "\\\n", "ONBUILD ",
    "--mount=type=secret ", "&&", "export ", '["sh", "-c"]',
  ],
  procfile: ["web: ", "release: ", "export ", "&&", ";", "|", "<<EOF\n", "EOF\n", "$(", "2>", "env "],
  systemd: ["[Service]\n", "Environment=", 'Environment="', "\\\n", "; ", "\\x41", "\\n", "\\s"],
  ini: ["[section]\n", "[program:x]\n", "environment=", "setenv =\n    ", "env = ", "{env:", "$(", "%(ENV_", ")s", ";", "\n    ", "D:", "R:"],
  dotenv: ["export ", " #", ":-", "\\n", "=\"", "='"],
  shell: [
    "export ", "declare -x ", "env ", "local ", "$'", '$"', "$(", "${X:-", "<<EOF\n", "<<-'EOF'\n", "EOF\n", "cat > .env <<EOF\n",
    "bash <<X\n", "X\n", ";", "&&", "||", "|", "A=(", "2>", "<<<", ": ${X:=",
  ],
  text: ["SECRET_KEY=", "SECRET_KEY: ", "SECRET_KEY = '", "DJANGO_SECRET_KEY='", "export "],
};
TOKENS.notebook = TOKENS.json!;
TOKENS.procfile!.push(...TOKENS.shell!);

/** Lines that bind a planted value (`%s`), the way each format writes one. */
const FRAMES: Record<string, string[]> = {
  python: [
    'SECRET_KEY = "%s"\n', 'SECRET_KEY = os.environ.get("SECRET_KEY", "%s")\n', 'DATABASES = {"default": {"PASSWORD": "%s"}}\n',
    "# %s\n", '"""%s"""\n', 'SECRET_KEY = ("%s"\n  "x")\n', 'settings.configure(SECRET_KEY="%s")\n', "SECRET_KEY_FALLBACKS = ['%s']\n",
  ],
  json: ['{"SECRET_KEY": "%s"}', '"env": {"SECRET_KEY": {"value": "%s"}}', '["SECRET_KEY=%s"]', '{"name": "SECRET_KEY", "value": "%s"}'],
  toml: ['SECRET_KEY = "%s"\n', "[production]\nSECRET_KEY = '%s'\n", 'env = ["SECRET_KEY=%s"]\n', '[env]\nSECRET_KEY = """%s"""\n'],
  yaml: [
    'SECRET_KEY: "%s"\n', "environment:\n  - SECRET_KEY=%s\n", "  SECRET_KEY: ${SECRET_KEY:-%s}\n", "- name: SECRET_KEY\n  value: '%s'\n",
    "stringData:\n  SECRET_KEY: %s\n", "key: &a %s\nSECRET_KEY: *a\n", "SECRET_KEY: |\n  %s\n",
  ],
  dockerfile: ["ENV SECRET_KEY=%s\n", "ENV SECRET_KEY %s\n", 'ARG SECRET_KEY="%s"\n', "RUN SECRET_KEY=%s python manage.py check\n", "COPY <<EOF /app/.env\nSECRET_KEY=%s\nEOF\n"],
  procfile: ["web: SECRET_KEY=%s gunicorn app\n", "release: export SECRET_KEY='%s' && ./migrate\n"],
  systemd: ["Environment=SECRET_KEY=%s\n", 'Environment="SECRET_KEY=%s" A=b\n'],
  ini: ["SECRET_KEY = %s\n", "setenv =\n    SECRET_KEY=%s\n", '[program:x]\nenvironment=SECRET_KEY="%s"\n', "password: %s\n"],
  dotenv: ["SECRET_KEY=%s\n", 'export SECRET_KEY="%s"\n', "SECRET_KEY='%s' # c\n", "SECRET_KEY=${X:-%s}\n"],
  shell: ["export SECRET_KEY=%s\n", 'SECRET_KEY="%s" ./run\n', "cat > .env <<EOF\nSECRET_KEY=%s\nEOF\n", ": ${SECRET_KEY:=%s}\n"],
  text: ['SECRET_KEY = "%s"\n', "DJANGO_SECRET_KEY=%s\n", "%s\n"],
};
FRAMES.notebook = FRAMES.json!;

/** Text of a format's tokens, planted values and whole binding lines, in any order. */
function soup(name: string): fc.Arbitrary<string> {
  const token = fc.constantFrom(...COMMON, ...TOKENS[name]!, ...PLANTED);
  const line = fc.tuple(fc.constantFrom(...FRAMES[name]!), fc.constantFrom(...PLANTED)).map(([frame, v]) => frame.replace("%s", v));
  return fc.array(fc.oneof({ weight: 4, arbitrary: token }, { weight: 1, arbitrary: line }), { maxLength: 80, size: "max" }).map((parts) => parts.join(""));
}

/** A notebook whose code cells hold Python soup: the JSON is sound, the Python is not. */
const notebookOfPython: fc.Arbitrary<string> = fc
  .array(soup("python"), { maxLength: 3, size: "max" })
  .map((cells) => JSON.stringify({ cells: cells.map((c) => ({ cell_type: "code", source: c.split(/(?<=\n)/) })), metadata: {} }, null, 1));

function textFor(name: string): fc.Arbitrary<string> {
  const arbs = [
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200, size: "max" }) },
    { weight: 5, arbitrary: soup(name) },
  ];
  if (name === "notebook") arbs.push({ weight: 3, arbitrary: notebookOfPython });
  return fc.oneof(...arbs);
}

// --- checks --------------------------------------------------------------------------------

function* valueSpans(v: Value): Generator<Span> {
  yield v.span;
  if (v.kind === "env" && v.default) yield* valueSpans(v.default);
  if (v.kind === "list") for (const i of v.items) yield* valueSpans(i);
  if (v.kind === "dict") for (const e of v.entries) yield* valueSpans(e.value);
  if (v.kind === "lambda") yield* valueSpans(v.returns);
}

function assertBindingSpans(text: string, bindings: readonly Binding[]): void {
  const starts = lineStarts(text);
  for (const b of bindings) {
    for (const s of valueSpans(b.value)) assertSpanOnText(starts, text.length, s, "binding value span");
    if (b.nameSpan) assertSpanOnText(starts, text.length, b.nameSpan, "binding name span");
  }
}

/**
 * No planted value in what people read: finding messages and notes. Messages name the setting or
 * variable (that is how people find it), so a value the soup glued into a name (`<value>SECRET_KEY=x`)
 * may show as part of that name; as a value, never.
 */
function assertNoPlantedValue(texts: readonly string[], what: string, names: readonly string[] = []): void {
  for (const t of texts) {
    PLANTED.forEach((v, i) => assert.ok(!t.includes(v) || names.some((n) => n.includes(v)), `${what} repeats planted value #${i + 1}`));
  }
}

/** Everything one file must satisfy, read by `format` at `path`. */
function checkFile(format: Format, text: string, path: string): void {
  const facts = format.facts(text, path);
  assertBindingSpans(text, facts.bindings);
  const names = facts.bindings.map((b) => b.name);
  assertNoPlantedValue(facts.notes, "a note");
  if (facts.parseError !== undefined) assertNoPlantedValue([facts.parseError], "a parse error");

  const scan = scanText(path, text);
  assert.equal(scan.format, format.name, "scanText picked the same format");
  assert.ok(!scan.notes.some((n) => n.includes("reader failed")), "no reader failed under scanText");
  const starts = lineStarts(text);
  for (const f of scan.findings) assertSpanOnText(starts, text.length, f.span, `${f.ruleId} finding span`);
  assertNoPlantedValue(scan.findings.map((f) => f.message), "a finding message", names);
  assertNoPlantedValue(scan.notes, "a scan note");
  // A finding's secret prints redacted wherever the finding is serialised (SARIF, baselines).
  assertNoPlantedValue([JSON.stringify(scan.findings)], "a serialised finding", names);
}

// --- the properties ------------------------------------------------------------------------

test("every format has paths here, and formatFor gives each of them to that format", () => {
  for (const format of FORMATS) {
    const paths = PATHS[format.name];
    assert.ok(paths && paths.length > 0, `${format.name}: no paths listed`);
    for (const p of paths) assert.equal(formatFor(p).name, format.name, p);
    assert.ok(TOKENS[format.name] && FRAMES[format.name], `${format.name}: no tokens or frames listed`);
  }
});

for (const format of FORMATS) {
  test(`${format.name}: random and syntax-token text never throws, spans land on the text, no planted value is repeated`, () => {
    assertProperty(fc.tuple(textFor(format.name), fc.constantFrom(...PATHS[format.name]!)), ([text, path]) => checkFile(format, text, path), RUNS, PLANTED);
  });
}

test("a planted key the soup binds is found, and reported without its value", () => {
  // The no-repeat property is only worth something if findings are made: one frame per format binds a key.
  for (const format of FORMATS) {
    const frame = FRAMES[format.name]![0]!.replace("%s", PLANTED[0]!);
    const text = format.name === "notebook" ? JSON.stringify({ cells: [{ cell_type: "code", source: [`SECRET_KEY = "${PLANTED[0]}"\n`] }] }) : frame;
    const scan = scanText(PATHS[format.name]![0]!, text);
    assert.ok(scan.findings.length > 0, `${format.name}: the planted key is found`);
    checkFile(format, text, PATHS[format.name]![0]!);
  }
});
