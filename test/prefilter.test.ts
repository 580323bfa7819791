// The fast path must change nothing but the time: a whole-tree scan with the byte prefilter gives exactly
// the findings of one that parses every file, on every fixture repository and on a generated corpus.
// Then each needle family of the prefilter, its soundness against the engine on generated snippets, and
// the tree walk (.gitignore, symbolic links, excluded paths).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { BENCH_CORPUS_BYTES, generateCorpus } from "../scripts/bench-corpus.ts";
import { mayHoldFinding, SETTINGS_NAMES } from "../src/engine/prefilter.ts";
import { scanText } from "../src/engine/scan.ts";
import { pathFilter } from "../src/io/path-filter.ts";
import type { ScanOutcome } from "../src/scan-files.ts";
import { scanTree } from "../src/scan-tree.ts";

const FIXTURES = join(import.meta.dirname, "fixtures", "rules");
/** Made up for this project's own fixtures; its hash is in the shipped list of published keys (DJS015). */
const PUBLISHED = "opr!s&u%_x-ovelu4ovrm#tdwq04!a!5=20k&_d*=ep3nj4pkp";
const INSECURE = "django-insecure-_ei891es_o7s&zcrco7waehgdjzsmw0h&welr8ivuo_+!g+e97";

const tmp = (): string => mkdtempSync(join(tmpdir(), "prefilter-test-"));
const write = (root: string, files: Record<string, string | Uint8Array>) => {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
};
const everything = pathFilter([], []);

/** What must not change: each finding's rule, place, severity and fingerprint, and the suppressed ones. */
function summary(out: ScanOutcome) {
  const f = (x: ScanOutcome["findings"][number]) => `${x.ruleId} ${x.severity} ${x.path}:${x.span.line}:${x.span.column}-${x.span.endLine}:${x.span.endColumn} ${x.fingerprint}`;
  return {
    findings: out.findings.map(f).sort(),
    suppressed: out.suppressed.map((s) => f(s.finding)).sort(),
    counts: [out.considered, out.scanned, out.skipped.length, out.refused.length, out.unreadable.length, out.notes.filter((n) => !/Python syntax error|could not be parsed/.test(n.note)).length],
  };
}

// --- the fast path equals the full parse --------------------------------------------------------

for (const repo of readdirSync(FIXTURES).sort()) {
  test(`fixture repository ${repo}: the prefilter changes no finding`, async () => {
    const root = join(FIXTURES, repo);
    const fast = await scanTree({ root, filter: everything });
    const full = await scanTree({ root, filter: everything, prefilter: false });
    assert.ok(full.findings.length > 0, "the fixture has findings to keep");
    assert.deepEqual(summary(fast), summary(full));
  });
}

test("every fixture file a full scan has something to say about passes the prefilter", () => {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  for (const repo of readdirSync(FIXTURES)) {
    for (const file of walk(join(FIXTURES, repo))) {
      const path = file.slice(join(FIXTURES, repo).length + 1);
      const bytes = readFileSync(file);
      const scan = scanText(path, bytes.toString("utf8"));
      if (scan.findings.length || scan.suppressions.length || scan.settings) assert.ok(mayHoldFinding(path, bytes), `${repo}/${path}`);
    }
  }
});

test("the bench's corpus (over 100 MB, generated here): the same findings with and without the prefilter, the planted ones among them, and most files never parsed", async () => {
  const root = tmp();
  try {
    const info = await generateCorpus(root, BENCH_CORPUS_BYTES);
    assert.ok(info.bytes > 100e6, `${info.bytes} bytes`);
    const fast = await scanTree({ root, filter: everything });
    const full = await scanTree({ root, filter: everything, prefilter: false });
    assert.deepEqual(summary(fast), summary(full));
    const found = new Set(fast.findings.map((f) => `${f.ruleId} ${f.path}`));
    for (const p of info.planted) assert.ok(found.has(`${p.ruleId} ${p.path}`), `planted ${p.ruleId} in ${p.path}`);
    assert.equal(full.parsed, full.scanned);
    assert.ok(fast.parsed! < full.parsed! * 0.15, `the prefilter let ${fast.parsed} of ${full.parsed} files through`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// --- needle families --------------------------------------------------------------------------

const holds = (path: string, text: string): boolean => mayHoldFinding(path, Buffer.from(text));

test("any file: SECRET_KEY in any case, startproject keys and suppression comments; nothing else in plain text", () => {
  assert.ok(holds("docs/deploy.md", "Set SECRET_KEY in the environment."));
  assert.ok(holds("static/app.js", "var x = {sEcReT_kEy: 1};"));
  assert.ok(holds("README", `the dev server uses ${INSECURE}`));
  assert.ok(holds("notes.txt", "# django-secret-scan: ignore[DJS001] demo key"));
  assert.ok(!holds("static/app.js", 'var password = "hunter2"; fetch("https://user:pw@example.com/")'), "plain text reads no other names or values");
  assert.ok(!holds("templates/base.html", "<html><body>{% csrf_token %}</body></html>"));
  assert.ok(!holds("docs/keys.md", "django-insecure is a prefix"));
});

test("Python: the names the rules read, in any case", () => {
  for (const name of ["SECRET", "client_secret", "JWT_SIGNING_KEY", "Password", "DB_PASSWD", "REDIS_PASS", "MAILGUN_API_KEY", "SLACK_ACCESS_TOKEN", "X_AUTH_TOKEN", "FERNET_KEYS", "stripe_webhook", "SENDGRID_KEY", "twilio_token", "sentry_dsn_key", "GITHUB_TOKEN"]) {
    assert.ok(holds("app/conf.py", `${name} = "value"\n`), name);
  }
  assert.ok(!holds("app/models.py", 'from django.db import models\n\nclass Article(models.Model):\n    title = models.CharField(max_length=200, help_text="The title")\n'));
});

test("Python: every settings name that makes a settings module, as written", () => {
  // The engine's list is not exported: read from its source, it must be the prefilter's.
  const source = readFileSync(join(import.meta.dirname, "..", "src", "engine", "settings-module.ts"), "utf8");
  const engine = /const DJANGO_SETTINGS = new Set\(\[([^\]]*)\]/.exec(source)?.[1]?.match(/"[A-Z_]+"/g)?.map((q) => q.slice(1, -1));
  assert.deepEqual([...SETTINGS_NAMES].sort(), engine?.sort());
  for (const name of SETTINGS_NAMES) {
    const text = `${name} = 1\n`;
    assert.ok(scanText("config/settings.py", text).settings, `${name} makes a settings module`);
    assert.ok(holds("config/settings.py", text), name);
  }
  assert.ok(holds("app/config.py", "class S(BaseSettings):\n    ſecret_key: str = 'x'\n"), "pydantic settings upper-case their names");
});

test("Python: values judged whatever their name, however they are written", () => {
  const cases = {
    "AWS key id": 'X = "AKIAIOSFODNN7EXAMPLE"',
    "live Stripe key": 'X = "sk_live_0123456789abcdefghijKLMN"',
    "URL with a password": 'X = "postgres://app:s3cret-pw@db/app"',
    "URL split over literals": 'X = ("postgres:" "//app:pw@db/app")',
    "published key": `X = "${PUBLISHED}"`,
    "published key split over lines": `X = (\n    "${PUBLISHED.slice(0, 20)}"\n    "${PUBLISHED.slice(20)}"\n)`,
    "published key joined with +": `X = "${PUBLISHED.slice(0, 30)}" + "${PUBLISHED.slice(30)}"`,
    "published key in a keyword argument": `configure(x="${PUBLISHED}")`,
    "published key inside an f-string field": `x = f"{lookup(key='${PUBLISHED}')}"`,
    "startproject key split": `X = "django-" "insecure-${INSECURE.slice(16)}"`,
    "name written with escapes": 'CONF = {"\\x53ECRET_KEY": "k3y-th4t-l00ks-r4nd0m-and-is-long-enough-to-pass"}',
    "value written with escapes": 'X = "\\x41KIAIOSFODNN7EXAMPLE"',
  };
  for (const [what, text] of Object.entries(cases)) {
    const scan = scanText("app/conf.py", `${text}\n`);
    assert.ok(scan.findings.length > 0, `${what}: the engine reports it`);
    assert.ok(holds("app/conf.py", `${text}\n`), what);
  }
  assert.ok(!holds("app/views.py", 'X = "https://example.com/docs"\nY = "%Y-%m-%d %H:%M"\nZ = ("a" "b")\n'));
});

test("JSON: names and values in any string, escapes decoded, comments skipped", () => {
  assert.ok(holds("conf/app.json", `{"SIGNING_SALT": "${PUBLISHED}"}`));
  assert.ok(holds("conf/app.json", '{"\\u0053ECRET_KEY": "x"}'));
  assert.ok(holds("conf/app.json", '{"env": ["DATABASE=postgres://app:pw@db/app"]}'));
  assert.ok(holds("conf/app.json", '{"url": "postgres:\\/\\/app:pw@db/app"}'));
  assert.ok(holds("conf/app.json", '// a "comment" with quotes\n{"k": "AKIAIOSFODNN7EXAMPLE"}'));
  assert.ok(!holds("static/data.json", '/* "x */ {"name": "shop", "url": "https://example.com", "n": 1}'));
});

test("other formats are always parsed, and UTF-16 text too", () => {
  for (const path of ["docker-compose.yml", "pyproject.toml", "setup.cfg", ".env", "Dockerfile", "Procfile", "deploy/app.service", "run.sh", "nb.ipynb"]) assert.ok(holds(path, "x"), path);
  assert.ok(mayHoldFinding("notes.txt", Buffer.from("\ufeffnothing", "utf16le")));
});

test("soundness on generated Python: whenever a full scan has something to say, the prefilter lets the file through", () => {
  const names = ["SECRET_KEY", "secret_key", "Secret", "DB_PASSWORD", "password", "API_TOKEN", "SIGNING_KEY", "title", "name", "value", "DEBUG", "url", "help_text"];
  const values = [PUBLISHED, INSECURE, "AKIAIOSFODNN7EXAMPLE", "sk_live_0123456789abcdefghijKLMN", "postgres://u:pw@db/x", "changeme", "hello world", "https://example.com", "k3y-th4t-l00ks-r4nd0m-and-is-long-enough-to-pass-w009"];
  const literal = fc.record({ value: fc.constantFrom(...values), split: fc.nat(70), quote: fc.constantFrom('"', "'", '"""'), escape: fc.boolean(), joiner: fc.constantFrom(" ", " + ", "\n    ", "  # note\n    ") }).map(({ value, split, quote, escape, joiner }) => {
    const lit = (s: string) => `${quote}${escape ? s.replace(/[A-Za-z]/, (c) => `\\x${c.charCodeAt(0).toString(16)}`) : s.replaceAll("\\", "\\\\")}${quote}`;
    const at = Math.min(split, value.length);
    return at > 0 && at < value.length ? `(${lit(value.slice(0, at))}${joiner}${lit(value.slice(at))})` : lit(value);
  });
  const statement = fc.tuple(fc.constantFrom(...names), fc.constantFrom("", "_X", "s"), fc.constantFrom("upper", "lower", "as is"), literal, fc.constantFrom("assign", "dict", "keyword", "getenv")).map(([name, suffix, casing, lit, form]) => {
    const n = casing === "upper" ? (name + suffix).toUpperCase() : casing === "lower" ? (name + suffix).toLowerCase() : name + suffix;
    if (form === "dict") return `CONF = {"${n}": ${lit}}`;
    if (form === "keyword") return `setup(${n}=${lit})`;
    if (form === "getenv") return `X = os.environ.get("${n}", ${lit})`;
    return `${n} = ${lit}`;
  });
  fc.assert(
    fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), fc.constantFrom("app/conf.py", "config/settings.py"), fc.constantFrom("\n", "\r\n", "\r"), (lines, path, eol) => {
      const text = `import os\n${lines.join("\n")}\n`.replaceAll("\n", eol);
      const scan = scanText(path, text);
      if (scan.findings.length || scan.suppressions.length || scan.settings) return holds(path, text);
      return true;
    }),
    { numRuns: 400, seed: 6 },
  );
});

/** Stray characters dropped into `text`: syntax errors the parsers recover from in their own ways. */
const mutated = (pieces: readonly string[], noise: readonly string[], join: string) =>
  fc.tuple(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }), fc.array(fc.tuple(fc.nat(10_000), fc.constantFrom(...noise)), { maxLength: 8 })).map(([ps, muts]) => {
    let text = ps.join(join) + join;
    for (const [at, ch] of muts) {
      const k = at % (text.length + 1);
      text = text.slice(0, k) + ch + text.slice(k);
    }
    return text;
  });

test("soundness on broken Python: the parser's error recovery may read quotes its own way, and the prefilter follows", () => {
  const pieces = [`X = "${PUBLISHED}"`, `Y = '${PUBLISHED}'`, `f(z="${PUBLISHED}")`, 'U = "postgres://u:pw@db/x"', 'A = "AKIAIOSFODNN7EXAMPLE"', `# it's a "comment" with 'quotes'`, 's = "has # hash"', "t = 'it\\'s'", 'd = """doc "with" quotes\n and lines"""', "e = f\"{x['k']}\"", 'g = f"{x["k"]}"', 'h = r"\\d+\\"', 'w = (a + "b")', 'q = ""', '"""module doc"""', "x = 1  # trailing"];
  const noise = ['"', "'", "#", "\\", "\n", "\r", "\r\n", " ", "(", ")", "+", "{", "}", "f", "r", "b", "="];
  fc.assert(
    fc.property(mutated(pieces, noise, "\n"), (text) => {
      const scan = scanText("app/x.py", text);
      return !(scan.findings.length || scan.suppressions.length || scan.settings) || holds("app/x.py", text);
    }),
    { numRuns: 1500, seed: 6 },
  );
});

test("soundness on broken JSON", () => {
  const pieces = [`"a": "${PUBLISHED}"`, '"u": "postgres://u:pw@db/x"', '"l": ["X=postgres://u:pw@db/x"]', `// it's "a" comment`, '/* "block" */', '"k": "v // not a comment"', '"e": "esc \\" quote"', `"o": {"name": "X", "value": "${PUBLISHED}"}`];
  const noise = ['"', "'", "/", "*", "\\", "\n", "\r", " ", "{", "}", "[", "]", ",", ":", "u"];
  fc.assert(
    fc.property(mutated(pieces, noise, ",\n"), (body) => {
      const text = `{\n${body}}\n`;
      const scan = scanText("conf/x.json", text);
      return !(scan.findings.length || scan.suppressions.length) || holds("conf/x.json", text);
    }),
    { numRuns: 1000, seed: 6 },
  );
});

// --- the tree walk ----------------------------------------------------------------------------

const SETTINGS_WITH_KEY = `SECRET_KEY = "${INSECURE}"\n`;

test(".gitignore files are honoured, nested ones and negations too, and .git/info/exclude", async () => {
  const root = tmp();
  try {
    write(root, {
      ".gitignore": "build/\n*.local.py\n!keep.local.py\n",
      ".git/info/exclude": "scratch/\n",
      ".git/config": SETTINGS_WITH_KEY,
      "app/settings.py": SETTINGS_WITH_KEY,
      "app/dev.local.py": SETTINGS_WITH_KEY,
      "app/keep.local.py": SETTINGS_WITH_KEY,
      "build/settings.py": SETTINGS_WITH_KEY,
      "scratch/settings.py": SETTINGS_WITH_KEY,
      "svc/.gitignore": "generated/\n*.py\n!/important.py\n",
      "svc/important.py": SETTINGS_WITH_KEY,
      "svc/other.py": SETTINGS_WITH_KEY,
      "svc/generated/settings.py": SETTINGS_WITH_KEY,
    });
    const paths = (out: ScanOutcome) => [...new Set(out.findings.map((f) => f.path))].sort();
    assert.deepEqual(paths(await scanTree({ root, filter: everything })), ["app/keep.local.py", "app/settings.py", "svc/important.py"]);
    const all = await scanTree({ root, filter: everything, gitignore: false });
    assert.deepEqual(paths(all), ["app/dev.local.py", "app/keep.local.py", "app/settings.py", "build/settings.py", "scratch/settings.py", "svc/generated/settings.py", "svc/important.py", "svc/other.py"]);
    // A path named on purpose is scanned; the rules still apply below a folder named on purpose.
    assert.deepEqual(paths(await scanTree({ root, filter: everything, paths: ["build/settings.py", "svc"] })), ["build/settings.py", "svc/important.py"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a symbolic link to a folder is not followed; one to a file inside the repository is read", async () => {
  const root = tmp();
  const outside = tmp();
  try {
    write(root, { "real/settings.py": SETTINGS_WITH_KEY });
    write(outside, { "settings.py": SETTINGS_WITH_KEY });
    symlinkSync(join(root, "real"), join(root, "linked"));
    symlinkSync(outside, join(root, "away"));
    symlinkSync(join(root, "real", "settings.py"), join(root, "alias.py"));
    symlinkSync(join(outside, "settings.py"), join(root, "escape.py"));
    const out = await scanTree({ root, filter: everything });
    assert.deepEqual([...new Set(out.findings.map((f) => f.path))].sort(), ["alias.py", "real/settings.py"]);
    assert.deepEqual(out.refused.map((r) => `${r.path}: ${r.note}`).sort(), [
      "away: symbolic link to a folder (not followed)",
      "escape.py: symbolic link to outside the repository (not followed)",
      "linked: symbolic link to a folder (not followed)",
    ]);
    assert.equal(out.considered, out.scanned + out.skipped.length + out.refused.length + out.unreadable.length);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test("excluded paths are reported as skipped, binary and oversized files as refused, and the counts add up", async () => {
  const root = tmp();
  try {
    write(root, {
      "app/settings.py": SETTINGS_WITH_KEY,
      "node_modules/pkg/settings.py": SETTINGS_WITH_KEY,
      "static/app.min.js": `var k="${INSECURE}";`,
      "legacy/settings.py": SETTINGS_WITH_KEY,
      "static/logo.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3]),
      "data/dump.sql": Buffer.alloc(6 * 1024 * 1024, "a"),
      "docs/latin1.md": Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
    });
    for (const prefilter of [true, false]) {
      const out = await scanTree({ root, filter: pathFilter([], ["legacy/"]), prefilter });
      assert.deepEqual(out.findings.map((f) => f.path), ["app/settings.py"]);
      assert.deepEqual(out.skipped.map((s) => `${s.path}: ${s.note}`).sort(), [
        "legacy/settings.py: excluded by legacy/**",
        "node_modules/pkg/settings.py: excluded by **/node_modules/**",
        "static/app.min.js: excluded by **/*.min.js",
      ]);
      assert.deepEqual(out.refused.map((r) => r.path).sort(), ["data/dump.sql", "static/logo.png"]);
      assert.match(out.refused.find((r) => r.path === "static/logo.png")!.note, /binary/);
      assert.match(out.refused.find((r) => r.path === "data/dump.sql")!.note, /larger than/);
      assert.deepEqual(out.notes.map((n) => `${n.path}: ${n.note}`), ["docs/latin1.md: not valid UTF-8: scanned with the invalid bytes replaced"], `prefilter ${prefilter}`);
      assert.equal(out.considered, 7);
      assert.equal(out.scanned, 2);
      assert.equal(out.considered, out.scanned + out.skipped.length + out.refused.length + out.unreadable.length);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("progress is reported at most a few times a second", async () => {
  const root = tmp();
  try {
    write(root, Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`f${i}.txt`, "text\n"])));
    const seen: number[] = [];
    const out = await scanTree({ root, filter: everything, onProgress: ({ files }) => seen.push(files) });
    assert.equal(out.scanned, 200);
    assert.ok(seen.length <= 4, `${seen.length} progress calls`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
