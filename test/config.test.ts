// The project config file: read strictly (every bad line named), and acted on by the scan: rules off
// or re-graded, roles by path, the project's own placeholder values, path globs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, parseConfig, type ProjectConfig } from "../src/config/project-config.ts";
import { loadConfig } from "../src/config/load.ts";
import { scanFiles } from "../src/scan-files.ts";
import { pathFilter } from "../src/io/path-filter.ts";
import type { ReadResult } from "../src/io/read-file.ts";
import { startprojectKey } from "./helpers/keys.ts";

const PATH = ".github/django-secret-scan.yml";

/** The problems a bad config is refused with, one "line N: ..." each. */
function problemsOf(text: string): string[] {
  try {
    parseConfig(text, PATH);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    assert.ok(err.message.startsWith(`${PATH} is not a valid django-secret-scan config`));
    return err.problems;
  }
  assert.fail("the config was accepted");
}

function scan(files: Record<string, string>, config: ProjectConfig) {
  return scanFiles({
    targets: Object.keys(files).map((path) => ({ path, addedLines: "all" as const })),
    filter: pathFilter(config.include, config.exclude),
    scope: "changed-files",
    read: async (path): Promise<ReadResult> => (path in files ? { ok: true, text: files[path]!, notes: [] } : { ok: false, missing: true, reason: "missing" }),
    config,
  });
}

const FULL = `# what this project accepts
rules:
  DJS020: off
  weak-secret-key: notice     # by name
  DJS008: false               # YAML's false means off too
paths:
  exclude: ["legacy/**"]
  include: "**"
placeholders:
  - Acme-Stand-In-Value-for-all-42qzWx9
roles:
  qa/**: test
  ops/settings.py: production
`;

test("a full config is read: rules by id or name, paths, placeholders compared without case, roles in order", () => {
  const c = parseConfig(FULL, PATH);
  assert.deepEqual([...c.rules], [["DJS020", "off"], ["DJS005", "notice"], ["DJS008", "off"]]);
  assert.deepEqual([c.include, c.exclude], [["**"], ["legacy/**"]]);
  assert.deepEqual([...c.placeholders], ["acme-stand-in-value-for-all-42qzwx9"]);
  assert.deepEqual(c.roles, [{ glob: "qa/**", role: "test" }, { glob: "ops/settings.py", role: "production" }]);
});

test("an empty config, or one of comments only, changes nothing", () => {
  for (const text of ["", "# nothing yet\n", "rules:\n"]) {
    const c = parseConfig(text, PATH);
    assert.deepEqual([c.rules.size, c.include.length, c.exclude.length, c.placeholders.size, c.roles.length], [0, 0, 0, 0, 0], JSON.stringify(text));
  }
});

test("unknown keys and bad values are refused, each with its line, all at once", () => {
  const problems = problemsOf(
    [
      "rules:", //               1
      "  DJS020: of", //          2 bad setting
      "  DJS999: off", //         3 unknown rule
      "paths:", //               4
      "  exclud: [x]", //        5 unknown key under paths
      "  include: 12", //        6 not strings
      "placeholder: [a]", //     7 unknown top-level key
      "roles:", //               8
      "  qa/**: testing", //     9 unknown role
      "placeholders: [1, true]", // 10 non-strings
    ].join("\n"),
  );
  assert.deepEqual(problems.map((p) => p.split(":")[0]), ["line 2", "line 3", "line 5", "line 6", "line 7", "line 9", "line 10", "line 10"]);
  assert.match(problems[0]!, /DJS020 must be set to off, error, warning or notice/);
  assert.match(problems[1]!, /unknown rule 'DJS999'/);
  assert.match(problems[2]!, /unknown key 'paths.exclud' \(expected include or exclude\)/);
  assert.match(problems[4]!, /unknown key 'placeholder' \(expected rules, paths, placeholders, roles\)/);
  assert.match(problems[5]!, /role of 'qa\/\*\*' must be one of production, base, neutral, dev, test, example/);
  assert.match(problems[6]!, /quote values such as 123 or yes/);
});

test("YAML syntax errors, duplicate keys and a config that is not a mapping are refused with their line", () => {
  assert.match(problemsOf("rules:\n  DJS020: off\n  DJS020: notice\n")[0]!, /^line 3: .*unique/i);
  assert.match(problemsOf("rules: [\n")[0]!, /^line \d+: /);
  assert.match(problemsOf("\n- rules\n")[0]!, /^line 2: the file must be a mapping/);
});

test("rules turned off are gone and re-graded ones take the project's severity", async () => {
  const settings = ["DEBUG = True", 'ALLOWED_HOSTS = ["shop.example.org"]', 'SECRET_KEY = "short-key"', ""].join("\n");
  const before = await scan({ "shop/settings.py": settings }, parseConfig("", PATH));
  assert.deepEqual(before.findings.map((f) => `${f.ruleId} ${f.severity}`).sort(), ["DJS005 warning", "DJS020 warning"]);
  const after = await scan({ "shop/settings.py": settings }, parseConfig(FULL, PATH));
  assert.deepEqual(after.findings.map((f) => `${f.ruleId} ${f.severity}`), ["DJS005 notice"]);
});

test("a role given by path beats the path's words and the content", async () => {
  const served = ["DEBUG = True", 'ALLOWED_HOSTS = ["shop.example.org"]', ""].join("\n");
  const config = parseConfig(FULL, PATH);
  // qa/settings.py serves a real host: neutral by its path, so DEBUG = True is an error; the config says test.
  assert.deepEqual((await scan({ "qa/settings.py": served }, parseConfig("", PATH))).findings.map((f) => f.ruleId), ["DJS020"]);
  assert.deepEqual((await scan({ "qa/settings.py": served }, parseConfig("rules: {}\nroles: {qa/**: test}\n", PATH))).findings, []);
  // ops/settings.py is production by the config, though it serves no host.
  const bare = await scan({ "ops/settings.py": "DEBUG = True\nALLOWED_HOSTS = []\n" }, parseConfig("roles:\n  ops/settings.py: production\n", PATH));
  assert.ok(bare.findings.some((f) => f.ruleId === "DJS020" && f.severity === "error" && /production settings/.test(f.message)));
  assert.equal(config.roles[0]!.role, "test");
});

test("a project's placeholder value is judged as a placeholder wherever it stands", async () => {
  const value = "Acme-Stand-In-Value-for-all-42qzWx9";
  const files = { ".env": `DJANGO_SECRET_KEY=${value}\n`, "docker-compose.yml": `services:\n  web:\n    environment:\n      DJANGO_SECRET_KEY: ${value}\n` };
  const before = await scan(files, parseConfig("", PATH));
  assert.deepEqual(before.findings.map((f) => `${f.path} ${f.ruleId} ${f.severity}`).sort(), [".env DJS008 error", "docker-compose.yml DJS009 error"]); // one key in two files: both as loud as the loudest
  const after = await scan(files, parseConfig(`placeholders: ["${value.toUpperCase()}"]\n`, PATH));
  assert.deepEqual(after.findings.map((f) => `${f.path} ${f.ruleId} ${f.severity}`), [".env DJS008 notice"]);
  assert.match(after.findings[0]!.message, /placeholder text/);
});

test("a key in Django's generator shape is never a placeholder, whatever the config lists", async () => {
  const key = startprojectKey();
  const config = parseConfig(`placeholders: ["${key}"]\n`, PATH);
  const out = await scan({ "shop/settings.py": `SECRET_KEY = "${key}"\n` }, config);
  assert.deepEqual(out.findings.map((f) => `${f.ruleId} ${f.severity}`), ["DJS001 error"]);
});

test("path globs from the config exclude files from the scan, with the reason on record", async () => {
  const out = await scan({ "legacy/settings.py": 'SECRET_KEY = "short-key"\n' }, parseConfig(FULL, PATH));
  assert.deepEqual([out.scanned, out.skipped.map((s) => s.note)], [0, ["excluded by legacy/**"]]);
});

test("the config at the default path is optional; a named one must exist, and a bad one stops the run", async () => {
  const root = mkdtempSync(join(tmpdir(), "dss-config-"));
  try {
    assert.equal((await loadConfig(root, "")).path, undefined);
    await assert.rejects(loadConfig(root, "ci/scan.yml"), /ci\/scan\.yml is not a valid django-secret-scan config:\n {2}- could not be read: not in the checkout/);
    mkdirSync(join(root, ".github"));
    writeFileSync(join(root, PATH), "rules:\n  DJS001: loud\n");
    await assert.rejects(loadConfig(root, ""), /line 2: rule DJS001 must be set to off, error, warning or notice/);
    writeFileSync(join(root, PATH), "rules:\n  DJS001: warning\n");
    assert.deepEqual([...(await loadConfig(root, "./.github/django-secret-scan.yml")).rules], [["DJS001", "warning"]]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
