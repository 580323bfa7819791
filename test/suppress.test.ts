// Inline suppressions end to end: read from comments, applied over every finding (settings ones too),
// kept out of the findings but on the record in the summary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applySuppressions, readSuppressions } from "../src/engine/suppress.ts";
import { scanFiles } from "../src/scan-files.ts";
import { pathFilter } from "../src/io/path-filter.ts";
import { renderSummary } from "../src/report/summary.ts";
import { RULES } from "../src/rules/index.ts";
import type { Finding } from "../src/engine/types.ts";
import type { ReadResult } from "../src/io/read-file.ts";

const KEY = "django-insecure-_ei891es_o7s&zcrco7waehgdjzsmw0h&welr8ivuo_+!g+e97";

function outcomeOf(files: Record<string, string>, scope: "added-lines" | "changed-files" = "changed-files", added: ReadonlySet<number> | "all" = "all") {
  return scanFiles({
    targets: Object.keys(files).map((path) => ({ path, addedLines: added })),
    filter: pathFilter(["**"], []),
    scope,
    read: async (path): Promise<ReadResult> => (path in files ? { ok: true, text: files[path]!, notes: [] } : { ok: false, missing: true, reason: "missing" }),
  });
}

test("a suppression hides the findings it names, settings findings too, and keeps them on the record", async () => {
  const settings = [
    "DEBUG = True  # django-secret-scan: ignore[DJS020] staging behind a VPN",
    'ALLOWED_HOSTS = ["blog.example.org"]',
    "# django-secret-scan: ignore[DJS001] throwaway CI key",
    `SECRET_KEY = "${KEY}"`,
    "",
  ].join("\n");
  const out = await outcomeOf({ "blog/settings.py": settings });
  assert.deepEqual(out.findings, []);
  assert.deepEqual(
    out.suppressed.map((s) => `${s.finding.ruleId} ${s.finding.span.line} ${s.at.line} ${s.reason}`).sort(),
    ["DJS001 4 3 throwaway CI key", "DJS020 1 1 staging behind a VPN"],
  );
});

test("the scope applies to suppressed findings as to the others", async () => {
  const out = await outcomeOf({ "settings.py": `SECRET_KEY = "${KEY}"  # django-secret-scan: ignore[DJS001] demo\n` }, "added-lines", new Set([2]));
  assert.deepEqual(out.suppressed, []);
});

test("a trailing comment speaks for its own line; a comment alone also for the next", () => {
  const finding = (line: number, ruleId = "DJS001"): Finding => ({
    ruleId, severity: "error", path: "a.py", span: { line, column: 1, endLine: line, endColumn: 2 }, message: "", fingerprint: String(line),
  });
  const byPath = new Map([["a.py", [
    { path: "a.py", line: 1, ruleIds: ["DJS001"], reason: "r", alone: false },
    { path: "a.py", line: 5, ruleIds: ["DJS001"], reason: "r", alone: true },
  ]]]);
  const { findings, suppressed } = applySuppressions([finding(1), finding(2), finding(5), finding(6), finding(7), finding(6, "DJS003")], byPath);
  assert.deepEqual(suppressed.map((s) => s.finding.span.line), [1, 5, 6]);
  assert.deepEqual(findings.map((f) => `${f.span.line} ${f.ruleId}`), ["2 DJS001", "7 DJS001", "6 DJS003"]);
});

test("each format's comment syntax, and only real comments", () => {
  const ids = (path: string, text: string) => readSuppressions(path, text).suppressions.map((s) => `${s.line}${s.alone ? " alone" : ""}`);
  // A Dockerfile, INI or unit file takes `#` only at the start of a line: mid-line it is part of the value.
  assert.deepEqual(ids("Dockerfile", "# django-secret-scan: ignore[DJS010] r\nENV A=b # django-secret-scan: ignore[DJS010] r\n"), ["1 alone"]);
  assert.deepEqual(ids("uwsgi.ini", "; django-secret-scan: ignore[DJS001] r\nenv = A=b # django-secret-scan: ignore[DJS001] r\n"), ["1 alone"]);
  assert.deepEqual(ids("deploy.sh", "export A='x # django-secret-scan: ignore[DJS001] r'\nexport B=y # django-secret-scan: ignore[DJS001] r\n"), ["2"]);
  assert.deepEqual(ids("settings.py", 'A = """\n# django-secret-scan: ignore[DJS001] r\n"""\n'), []);
  assert.deepEqual(ids("settings.toml", 'a = "#x" # django-secret-scan: ignore[DJS001] r\n'), ["1"]);
  assert.deepEqual(ids("app.json", '{\n  /*\n   django-secret-scan: ignore[DJS001] r\n  */\n  "a": "// django-secret-scan: ignore[DJS001] r"\n}\n'), ["3 alone"]);
  // Not a directive of ours: nothing suppressed, nothing reported.
  assert.deepEqual(readSuppressions("a.py", "# django-secret-scan: ignored for now\n"), { suppressions: [], invalid: [] });
});

test("DJS090 is a rule of its own, listed for SARIF and the README", () => {
  assert.ok(RULES.some((r) => r.id === "DJS090" && r.name === "invalid-suppression" && r.defaultSeverity === "warning"));
  const bad = readSuppressions("a.py", "X = 1  # django-secret-scan: ignore[djs001,DJS404] r\n");
  assert.equal(bad.suppressions.length, 0);
  // A known id is fine in any case; only the unknown one is named.
  assert.match(bad.invalid[0]!.message, /a rule it cannot suppress \(DJS404:/);
});

test("the summary counts suppressed findings and lists them with their reasons, escaped", async () => {
  const out = await outcomeOf({ "settings.py": `SECRET_KEY = "${KEY}"  # django-secret-scan: ignore[DJS001] demo | <b>only</b>\n` });
  const md = renderSummary(out, { sha: "abc", scope: "changed-files", failOn: "error", source: "a pull request", failed: false, changeNotes: [], repoUrl: "https://github.com/o/r" });
  assert.match(md, /## django-secret-scan: 0 findings/);
  assert.match(md, /1 finding was suppressed by a `django-secret-scan: ignore` comment/);
  assert.match(md, /### Suppressed \(1\)\n\n\| rule \| where \| reason \|/);
  const row = md.split("\n").find((l) => l.startsWith("| DJS001"))!;
  assert.ok(row.includes("(https://github.com/o/r/blob/abc/settings.py#L1)"), row);
  assert.ok(row.endsWith("| demo \\| \\<b\\>only\\</b\\> |"), row);
  assert.ok(!md.includes(KEY.slice(20)), "no secret in the summary");
  const none = renderSummary({ ...out, suppressed: [] }, { sha: "abc", scope: "changed-files", failOn: "error", source: "x", failed: false, changeNotes: [] });
  assert.ok(!none.includes("uppressed"));
});
