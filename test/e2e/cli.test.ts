// The bundled command line (dist/cli.js) as a developer runs it: on a folder, on what changed since a
// revision, on what is staged; each output format; the config, .gitignore and baseline; exit codes.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tempRepo, type TempRepo } from "../changes/git-fixture.ts";
import { startprojectKey } from "../helpers/keys.ts";

const CLI = join(import.meta.dirname, "..", "..", "dist", "cli.js");
const newKey = startprojectKey;

const repos: TempRepo[] = [];
after(() => repos.forEach((r) => r.remove()));

function repo(): TempRepo {
  const r = tempRepo();
  repos.push(r);
  return r;
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(cwd: string, ...args: string[]): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Neither the key nor its random part's first 20 characters in anything the command printed. */
function assertNoKey(run: CliRun, key: string): void {
  for (const part of [key, key.slice(16, 36)]) {
    assert.ok(!run.stdout.includes(part) && !run.stderr.includes(part), "the key leaked into the output");
  }
}

test("the command keeps Node's compile cache, so a pre-commit hook does not compile the bundle on every commit", () => {
  const cache = mkdtempSync(join(tmpdir(), "dss-compile-cache-"));
  try {
    const run = spawnSync(process.execPath, [CLI, "--version"], { encoding: "utf8", env: { ...process.env, NODE_COMPILE_CACHE: cache } });
    assert.equal(run.status, 0, run.stderr);
    const cached = readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    assert.ok(cached.length >= 1, "no compiled code was cached");
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test("a reader that stops early (| head) ends the output quietly, and the exit status still reports the findings", () => {
  const r = repo();
  // Enough findings that the report is larger than a pipe holds.
  r.write(".env", Array.from({ length: 1500 }, (_, i) => `DJANGO_SECRET_KEY_${i}=${newKey()}`).join("\n") + "\n");
  const run = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" "${CLI}" . | head -c 100 >/dev/null`], { cwd: r.dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  assert.equal(run.stderr, "");
  assert.equal(run.status, 1);
});

test("--stats: what was considered, read and parsed, the time and the peak memory, on stderr after the report", () => {
  const r = repo();
  r.write("app/settings.py", settings(newKey()));
  r.write("static/app.js", "var x = 1;\n");
  const plain = cli(r.dir, "--format", "json");
  const run = cli(r.dir, "--format", "json", "--stats");
  assert.equal(run.code, plain.code);
  assert.equal(run.stdout.length, plain.stdout.length, "the report itself is unchanged");
  assert.match(run.stderr, /^stats: 2 files considered, 2 files \(0\.0 MB\) read, 1 parsed; scan \d+ ms, \d+ ms since start; peak memory \d+\.\d MB\n$/);
});

const settings = (key: string) => `import os\n\nDEBUG = False\nSECRET_KEY = '${key}'\n`;

test("--version, --help, and a usage error's exit 2 with the reason", () => {
  const r = repo();
  const version = cli(r.dir, "--version");
  assert.equal(version.code, 0);
  assert.equal(version.stdout, `django-secret-scan ${JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8")).version}\n`);
  const help = cli(r.dir, "--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: django-secret-scan \[options\] \[paths\.\.\.\]/);
  for (const [args, message] of [
    [["--frobnicate"], /Unknown option '--frobnicate'/],
    [["--format", "xml"], /--format must be one of text, json, sarif, github; got 'xml'/],
    [["--diff", "main", "--staged"], /--diff and --staged cannot be used together/],
  ] as Array<[string[], RegExp]>) {
    const run = cli(r.dir, ...args);
    assert.equal(run.code, 2, args.join(" "));
    assert.match(run.stderr, message);
    assert.match(run.stderr, /Run django-secret-scan --help/);
  }
  for (const [args, message] of [
    [["/etc"], /\/etc is outside the repository/],
    [["no-such-dir"], /no-such-dir: no such file or folder/],
  ] as Array<[string[], RegExp]>) {
    const run = cli(r.dir, ...args);
    assert.equal(run.code, 2, args.join(" "));
    assert.match(run.stderr, message);
  }
});

test("a folder scan: text output names file:line:col, rule, severity and the redacted value, and exits 1", () => {
  const r = repo();
  const key = newKey();
  r.write("shop/settings.py", settings(key));
  r.write("shop/views.py", "def index(request):\n    return None\n");
  const run = cli(r.dir);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const [head, why] = run.stdout.split("\n");
  assert.equal(head, `shop/settings.py:4:14  error  DJS001 django-insecure-key  ${key.slice(0, 4)}*** (66 chars)`);
  assert.match(why!, /^ {4}\S.*startproject/);
  assert.match(run.stdout, /^1 finding \(1 error, 0 warnings, 0 notices\) in 2 files scanned: fails \(fail-on: error\)$/m);
  assertNoKey(run, key);
  // From a subfolder, paths are still the repository's.
  const sub = cli(join(r.dir, "shop"), ".");
  assert.equal(sub.code, 1);
  assert.match(sub.stdout, /^shop\/settings\.py:4:14 /);
  assert.equal(cli(r.dir, "--fail-on", "never").code, 0);
});

test("--format json has the documented shape; sarif and github carry the same finding", () => {
  const r = repo();
  const key = newKey();
  r.write("shop/settings.py", settings(key));
  const json = cli(r.dir, "--format", "json");
  assert.equal(json.code, 1);
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.version, 1);
  assert.equal(doc.tool.name, "django-secret-scan");
  assert.deepEqual(doc.counts, { findings: 1, errors: 1, warnings: 0, notices: 0, suppressed: 0, baselined: 0 });
  const [f] = doc.findings;
  assert.deepEqual(
    Object.keys(f).sort(),
    ["column", "endColumn", "endLine", "fingerprint", "line", "message", "path", "ruleId", "ruleName", "severity", "value"],
  );
  assert.deepEqual([f.ruleId, f.severity, f.path, f.line, f.column, f.endLine, f.endColumn], ["DJS001", "error", "shop/settings.py", 4, 14, 4, 82]);
  assert.match(f.fingerprint, /^[0-9a-f]{64}$/);
  assertNoKey(json, key);

  const sarif = cli(r.dir, "--format", "sarif");
  const log = JSON.parse(sarif.stdout);
  assert.deepEqual(log.runs[0].results.map((x: any) => [x.ruleId, x.locations[0].physicalLocation.region.startLine]), [["DJS001", 4]]);
  assert.equal(log.runs[0].results[0].partialFingerprints["djangoSecretScan/v1"], f.fingerprint);
  assertNoKey(sarif, key);

  const github = cli(r.dir, "--format", "github");
  assert.equal(github.code, 1);
  assert.match(github.stdout, /^::error title=DJS001 django-insecure-key \(security\.W009\),file=shop\/settings\.py,line=4,endLine=4,col=14,endColumn=81::/);
  assertNoKey(github, key);
});

test(".gitignore is honoured (nested too) unless --no-gitignore; the config file is the action's", () => {
  const r = repo();
  const key = newKey();
  r.write(".gitignore", "local/\n");
  r.write("local/settings.py", settings(key));
  r.write("apps/.gitignore", "secrets.env\n");
  r.write("apps/secrets.env", `DJANGO_SECRET_KEY=${newKey()}\n`);
  r.write("apps/settings.py", "DEBUG = False\n");
  assert.equal(cli(r.dir).code, 0, "both keys are in ignored files");
  const all = cli(r.dir, "--no-gitignore", "--format", "json");
  assert.deepEqual(JSON.parse(all.stdout).findings.map((f: any) => f.path).sort(), ["apps/secrets.env", "local/settings.py"]);

  r.write(".github/django-secret-scan.yml", "rules:\n  DJS001: notice\n");
  const graded = JSON.parse(cli(r.dir, "--no-gitignore", "--format", "json").stdout);
  assert.deepEqual(graded.findings.find((f: any) => f.ruleId === "DJS001").severity, "notice");
  r.write(".github/django-secret-scan.yml", "rules:\n  DJS001: loud\n");
  const bad = cli(r.dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /\.github\/django-secret-scan\.yml is not a valid django-secret-scan config:\n {2}- line 2: rule DJS001 must be set to off, error, warning or notice/);
});

test("--diff REV reports only lines added since the merge base, working tree and untracked files included", () => {
  const r = repo();
  const old = newKey();
  r.write("shop/settings.py", settings(old));
  r.commit("old key");
  r.git("branch", "feature");
  r.git("checkout", "--quiet", "feature");
  const added = newKey();
  const untracked = newKey();
  r.write("shop/settings.py", settings(old) + `SECRET_KEY_FALLBACKS = ['${added}']\n`);
  r.commit("fallback");
  r.write("blog/settings.py", settings(untracked));
  const run = cli(r.dir, "--diff", "main", "--format", "json");
  assert.equal(run.code, 1, run.stderr);
  const doc = JSON.parse(run.stdout);
  assert.deepEqual(doc.findings.map((f: any) => `${f.path}:${f.line}`).sort(), ["blog/settings.py:4", "shop/settings.py:5"]);
  for (const k of [old, added, untracked]) assertNoKey(run, k);
  const bad = cli(r.dir, "--diff", "no-such-branch");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /git merge-base no-such-branch HEAD failed/);
});

test("--staged reads the index, not the working tree: what the commit will hold", () => {
  const r = repo();
  r.write("README.md", "hello\n");
  r.commit("start");
  const staged = newKey();
  r.write("shop/settings.py", settings(staged));
  r.git("add", "shop/settings.py");
  // The working tree already fixed it, but the fix is not staged: the commit would still hold the key.
  r.write("shop/settings.py", "import os\n\nDEBUG = False\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n");
  r.write("blog/settings.py", settings(newKey())); // not staged: not part of the commit
  const run = cli(r.dir, "--staged", "--format", "json");
  assert.equal(run.code, 1, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout).findings.map((f: any) => `${f.path}:${f.line}`), ["shop/settings.py:4"]);
  assertNoKey(run, staged);
  r.git("add", "shop/settings.py");
  assert.equal(cli(r.dir, "--staged").code, 0, "once the fix is staged the commit is clean");

  // The first commit of a new repository has no HEAD to compare with.
  const fresh = repo();
  fresh.write("app/settings.py", settings(newKey()));
  fresh.git("add", ".");
  assert.equal(cli(fresh.dir, "--staged").code, 1);
});

test("--write-baseline accepts today's findings; --baseline then fails only on a new one", () => {
  const r = repo();
  const key = newKey();
  r.write("shop/settings.py", settings(key));
  const write = cli(r.dir, "--write-baseline", ".github/baseline.json");
  assert.equal(write.code, 0, write.stdout + write.stderr);
  assert.match(write.stdout, /Wrote 1 findings to the baseline \.github\/baseline\.json/);
  const text = readFileSync(join(r.dir, ".github/baseline.json"), "utf8");
  assert.ok(!text.includes(key.slice(16, 36)));
  const same = cli(r.dir, "--baseline", ".github/baseline.json");
  assert.equal(same.code, 0);
  assert.match(same.stdout, /0 findings .* 1 baselined/);
  r.write("blog/settings.py", settings(newKey()));
  const more = cli(r.dir, "--baseline", ".github/baseline.json", "--format", "json");
  assert.equal(more.code, 1);
  const doc = JSON.parse(more.stdout);
  assert.deepEqual([doc.findings.map((f: any) => f.path), doc.baselined.map((f: any) => f.path)], [["blog/settings.py"], ["shop/settings.py"]]);
  const missing = cli(r.dir, "--baseline", "nope.json");
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /The baseline file nope\.json could not be read/);
});

test("colour only when asked or on a terminal: --color always paints the severity, NO_COLOR and pipes stay plain", () => {
  const r = repo();
  r.write("shop/settings.py", settings(newKey()));
  const painted = cli(r.dir, "--color", "always");
  assert.match(painted.stdout, /\x1b\[31merror\x1b\[0m/);
  const plain = cli(r.dir);
  assert.ok(!plain.stdout.includes("\x1b["), "a pipe gets no escape codes");
  assert.equal(plain.stderr, "", "no progress line when stderr is not a terminal");
});

test("a file .gitignore matches but git tracks (added with -f) is committed, so it is scanned", () => {
  const r = repo();
  r.write(".gitignore", ".env\nsecrets/\n");
  r.write(".env", `DJANGO_SECRET_KEY='${newKey()}'\n`);
  r.write("secrets/prod.env", `DJANGO_SECRET_KEY='${newKey()}'\n`);
  r.write("secrets/local.env", `DJANGO_SECRET_KEY='${newKey()}'\n`); // ignored and untracked: not scanned
  r.git("add", "-f", ".env", "secrets/prod.env");
  const run = cli(r.dir, "--format", "json");
  assert.equal(run.code, 1, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout).findings.map((f: any) => f.path).sort(), [".env", "secrets/prod.env"]);
});
