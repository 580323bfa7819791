// SARIF logs made from real scanner findings, checked against the official SARIF 2.1.0 schema and
// against what GitHub code scanning needs beyond it. A schema check that cannot fail proves nothing,
// so a deliberately broken log must be rejected too.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import Ajv04 from "ajv-draft-04";
import { scanText } from "../src/engine/scan.ts";
import type { Finding, Severity } from "../src/engine/types.ts";
import { ruleHelpMarkdown, ruleHelpText, ruleTitle } from "../src/report/rule-help.ts";
import { buildSarif, FINGERPRINT_KEY, MAX_RESULTS_PER_RUN, pathToUri, writeSarif } from "../src/report/sarif.ts";
import { RULES, ruleById } from "../src/rules/index.ts";
import { randomKeyPart } from "./helpers/keys.ts";

// ---- the schema validator -------------------------------------------------------------------------

const SCHEMA_PATH = new URL(
  "../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json",
  import.meta.url,
);
const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as object;

// RFC 3986 characters: unreserved, gen-delims but [ ] (IP literals only), sub-delims, or %XX.
const URI_TEXT = /^(?:[A-Za-z0-9\-._~:/?#@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const isUriReference = (s: string): boolean => URI_TEXT.test(s) && s.split("#").length <= 2;
const isUri = (s: string): boolean => isUriReference(s) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s);
const isDateTime = (s: string): boolean =>
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i.test(s) && !Number.isNaN(Date.parse(s));

// ajv-draft-04 is CommonJS whose module.exports is the class and also carries it as `.default`;
// `.default` is the spelling that both Node's ESM loader and TypeScript's NodeNext types agree on.
const Ajv = Ajv04.default;
// The schema is draft-04; its `language` pattern is not a valid unicode-mode RegExp. Ajv 8 ships no
// formats, so the three the schema uses are checked here (uri-reference guards artifact URIs).
const ajv = new Ajv({
  strict: false,
  allErrors: true,
  unicodeRegExp: false,
  formats: { uri: isUri, "uri-reference": isUriReference, "date-time": isDateTime },
});
const validate = ajv.compile(schema);

function assertSchemaValid(log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, `SARIF schema errors:\n${JSON.stringify(validate.errors?.slice(0, 10), null, 2)}`);
}

// ---- real findings --------------------------------------------------------------------------------

// Django's get_random_secret_key() alphabet.
const randomKey = randomKeyPart;

const insecureBody = randomKey();
const insecureKey = `django-insecure-${insecureBody}`;
const generatedKey = randomKey();
const defaultKey = randomKey();
const weakKey = "Tr0ub4dor&3"; // not in any rule's docs, so it must not appear in the log at all

function findingsOf(path: string, text: string): Finding[] {
  const { findings } = scanText(path, text);
  assert.ok(findings.length > 0, `expected a finding in ${path}`);
  return findings;
}

const realFindings: Finding[] = [
  ...findingsOf("settings.py", `SECRET_KEY = "${insecureKey}"\n`),
  ...findingsOf("mysite/settings/production.py", `SECRET_KEY = "${weakKey}"\n`),
  ...findingsOf("mysite/settings/dev.py", `SECRET_KEY = "${weakKey}"\n`),
  ...findingsOf("config/settings.py", `SECRET_KEY = '${generatedKey}'\n`),
  ...findingsOf("config/settings.py", `import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "${defaultKey}")\n`),
  ...findingsOf(
    "web/settings.py",
    `from django.core.management.utils import get_random_secret_key\nSECRET_KEY = get_random_secret_key()\n`,
  ),
];
const rawKeys = [insecureKey, generatedKey, defaultKey, weakKey];

const OPTS = { toolVersion: "0.1.0", informationUri: "https://github.com/example/django-secret-scan" };

// Loose views of the log, enough for the assertions below.
interface Result {
  ruleId: string;
  ruleIndex?: number;
  level?: string;
  message?: { text?: string };
  locations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }[];
  partialFingerprints?: Record<string, string>;
  properties?: Record<string, unknown>;
}
interface Run {
  tool: { driver: { name: string; version: string; rules: Record<string, any>[] } };
  results: Result[];
  invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[];
  properties?: Record<string, unknown>;
}
const runOf = (log: object): Run => (log as { runs: Run[] }).runs[0]!;

const SECURITY_SEVERITY = /^(?:10(?:\.0)?|[0-9](?:\.[0-9])?)$/;
const inSeverityRange = (s: unknown): boolean =>
  typeof s === "string" && SECURITY_SEVERITY.test(s) && Number(s) >= 0.1 && Number(s) <= 10;

/** What code scanning needs beyond the schema. */
function assertCodeScanningReady(log: object): void {
  const run = runOf(log);
  assert.equal((log as { version: string }).version, "2.1.0");
  assert.deepEqual(
    run.tool.driver.rules.map((r) => r.id),
    RULES.map((r) => r.id),
    "every rule is listed, in RULES order",
  );
  for (const rule of run.tool.driver.rules) {
    assert.ok(rule.shortDescription?.text, `${rule.id} shortDescription`);
    assert.ok(rule.fullDescription?.text, `${rule.id} fullDescription`);
    assert.ok(rule.help?.text && rule.help?.markdown, `${rule.id} help`);
    assert.ok(inSeverityRange(rule.properties?.["security-severity"]), `${rule.id} security-severity`);
    assert.ok(["error", "warning", "note"].includes(rule.defaultConfiguration?.level), `${rule.id} level`);
  }
  assert.equal(run.invocations[0]!.executionSuccessful, true);
  for (const r of run.results) {
    assert.ok(r.message?.text, "result has a message");
    assert.ok(["error", "warning", "note"].includes(r.level ?? ""), `level ${r.level}`);
    assert.equal(run.tool.driver.rules[r.ruleIndex!]!.id, r.ruleId, "ruleIndex points at its rule");
    const loc = r.locations?.[0]?.physicalLocation;
    assert.ok(loc, "result has a location");
    assert.equal(loc.artifactLocation.uriBaseId, "%SRCROOT%");
    assert.ok(loc.region.startLine! >= 1 && loc.region.startColumn! >= 1);
    assert.ok(loc.region.endLine! >= loc.region.startLine!);
    assert.match(r.partialFingerprints?.[FINGERPRINT_KEY] ?? "", /^[0-9a-f]{64}$/, "a hash, so no secret");
    assert.ok(inSeverityRange(r.properties?.["security-severity"]));
  }
}

/** No raw key, nor any 8 characters of one, anywhere in the log. */
function assertNoRawSecret(json: string, keys: string[]): void {
  for (const key of keys) {
    // The django-insecure- prefix is public (the rule docs name it); its random body is the secret.
    const secretPart = key.startsWith("django-insecure-") ? key.slice("django-insecure-".length) : key;
    assert.ok(!json.includes(key), "raw key in the log");
    for (let i = 0; i + 8 <= secretPart.length; i++) {
      assert.ok(!json.includes(secretPart.slice(i, i + 8)), `key text at ${i} appears in the log`);
    }
  }
}

// ---- rule help ------------------------------------------------------------------------------------

test("ruleTitle shows the Django check only when the rule mirrors one", () => {
  assert.equal(ruleTitle(ruleById("DJS001")!), "DJS001 django-insecure-key (security.W009)");
  assert.equal(ruleTitle(ruleById("DJS007")!), "DJS007 per-process-random-key");
});

test("rule help renders every section, code in python fences, references as links", () => {
  for (const rule of RULES) {
    const md = ruleHelpMarkdown(rule);
    for (const h of ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References"]) {
      assert.ok(md.includes(h), `${rule.id}: ${h}`);
    }
    assert.ok(md.includes("```python\n" + rule.docs.example + "\n```"), `${rule.id} example fenced`);
    assert.ok(md.includes("```python\n" + rule.docs.useInstead + "\n```"), `${rule.id} use-instead fenced`);
    for (const ref of rule.docs.references) assert.ok(md.includes(`<${ref}>`), `${rule.id} link ${ref}`);

    const text = ruleHelpText(rule);
    assert.ok(text.startsWith(ruleTitle(rule)));
    for (const h of ["What it does", "Why is this bad?", "Example", "Use instead", "References"]) {
      assert.ok(text.includes(`\n${h}\n`), `${rule.id} text: ${h}`);
    }
    assert.ok(!text.includes("```"), "plain text has no markdown fences");
  }
});

test("a fence is longer than any backtick run in the code it holds", () => {
  const rule = { ...RULES[0]!, docs: { ...RULES[0]!.docs, example: "x = 1  # ``` not a fence" } };
  assert.ok(ruleHelpMarkdown(rule).includes("````python\nx = 1  # ``` not a fence\n````"));
});

// ---- the log ------------------------------------------------------------------------------------

test("a log of real findings is valid SARIF 2.1.0 and ready for code scanning", () => {
  const log = buildSarif(realFindings, OPTS);
  assertSchemaValid(log);
  assertCodeScanningReady(log);
  const run = runOf(log);
  assert.equal((log as { $schema: string }).$schema, "https://json.schemastore.org/sarif-2.1.0.json");
  assert.equal(run.tool.driver.name, "django-secret-scan");
  assert.equal(run.results.length, realFindings.length);
  const levels = new Set(run.results.map((r) => r.level));
  assert.deepEqual([...levels].sort(), ["error", "note", "warning"], "all three levels are exercised");
  // Most severe first, as in every other report.
  const ranks = run.results.map((r) => ["error", "warning", "note"].indexOf(r.level!));
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
});

test("results carry the finding's message, redacted value, region and fingerprint", () => {
  const run = runOf(buildSarif(realFindings, OPTS));
  const f = realFindings[0]!;
  const r = run.results.find((x) => x.partialFingerprints?.[FINGERPRINT_KEY] === f.fingerprint)!;
  assert.equal(r.ruleId, "DJS001");
  assert.ok(r.message!.text!.startsWith(f.message));
  assert.ok(r.message!.text!.endsWith(f.secret!.redacted()));
  assert.deepEqual(r.locations![0]!.physicalLocation.region, {
    startLine: f.span.line,
    startColumn: f.span.column,
    endLine: f.span.endLine,
    endColumn: f.span.endColumn,
  });
  assert.equal(r.properties!["security-severity"], "8.5");
  const noSecret = run.results.find((x) => x.ruleId === "DJS007")!;
  assert.ok(!noSecret.message!.text!.includes("redacted"), "no value to show when there is no secret");
});

test("rule metadata: tags, severities, help URI, and no scanned text in the help", () => {
  const withFindings = runOf(buildSarif(realFindings, OPTS)).tool.driver.rules;
  const empty = runOf(buildSarif([], OPTS)).tool.driver.rules;
  assert.deepEqual(withFindings, empty, "rules do not depend on what was scanned");
  const djs001 = withFindings.find((r) => r.id === "DJS001")!;
  assert.deepEqual(djs001.properties.tags, ["security", "django", "external/cwe/cwe-798", "external/cwe/cwe-321"]);
  assert.equal(djs001.properties["security-severity"], "8.5");
  assert.equal(djs001.properties.precision, "high");
  assert.equal(djs001.helpUri, ruleById("DJS001")!.docs.references[0]);
  assert.equal(djs001.defaultConfiguration.level, "error");
  const expected: Record<Severity, string> = { error: "8.5", warning: "5.5", notice: "2.5" };
  for (const rule of RULES) {
    const sarif = withFindings.find((r) => r.id === rule.id)!;
    assert.equal(sarif.properties["security-severity"], expected[rule.defaultSeverity]);
  }
});

test("the raw key appears nowhere in the log, nor in the file written", async () => {
  const log = buildSarif(realFindings, OPTS);
  assertNoRawSecret(JSON.stringify(log), rawKeys);
  const dir = await mkdtemp(join(tmpdir(), "sarif-test-"));
  try {
    const file = join(dir, "nested", "deeper", "results.sarif");
    await writeSarif(file, log);
    const written = await readFile(file, "utf8");
    assertNoRawSecret(written, rawKeys);
    assert.deepEqual(JSON.parse(written), JSON.parse(JSON.stringify(log)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("no findings still gives a valid log listing every rule", () => {
  const log = buildSarif([], OPTS);
  assertSchemaValid(log);
  assertCodeScanningReady(log);
  const run = runOf(log);
  assert.deepEqual(run.results, []);
  assert.equal(run.tool.driver.rules.length, RULES.length);
  assert.equal(run.properties, undefined);
  assert.equal(run.invocations[0]!.toolExecutionNotifications, undefined);
});

test("paths with spaces, #, % and non-ASCII become valid relative URIs", () => {
  const path = "my app/ünïcödé #1/100% 日本/settings.py";
  const findings = findingsOf(path, `SECRET_KEY = "${insecureKey}"\n`);
  const log = buildSarif(findings, OPTS);
  assertSchemaValid(log);
  assertCodeScanningReady(log);
  const uri = runOf(log).results[0]!.locations![0]!.physicalLocation.artifactLocation.uri;
  assert.ok(isUriReference(uri), uri);
  assert.ok(!/[ #]|[^\x21-\x7e]/.test(uri), `no raw space, # or non-ASCII in ${uri}`);
  // Resolved against a checkout root, the URI names exactly the scanned file.
  assert.equal(fileURLToPath(new URL(uri, "file:///checkout/")), `/checkout/${path}`);
  assert.equal(pathToUri("./a b/c.py"), "a%20b/c.py");
});

test("the schema check fails on a broken log", () => {
  const broken = JSON.parse(JSON.stringify(buildSarif(realFindings, OPTS))) as { runs: Run[] };
  const r = broken.runs[0]!.results[0]!;
  delete r.message;
  r.level = "bogus";
  r.locations![0]!.physicalLocation.region.startLine = 0;
  assert.equal(validate(broken), false, "the validator must reject it");
  const errors = validate.errors ?? [];
  const at = (path: string, keyword: string): boolean =>
    errors.some((e) => e.instancePath.startsWith(path) && e.keyword === keyword);
  assert.ok(
    errors.some((e) => e.keyword === "required" && e.params["missingProperty"] === "message"),
    "missing message",
  );
  assert.ok(at("/runs/0/results/0/level", "enum"), "bogus level");
  assert.ok(at("/runs/0/results/0/locations/0/physicalLocation/region/startLine", "minimum"), "line 0");
});

test("more than 25,000 results: the most severe are kept, and the cut is reported", () => {
  const [error, notice] = [realFindings.find((f) => f.severity === "error")!, realFindings.find((f) => f.severity === "notice")!];
  const extra = 7;
  // Notices first in the input, so keeping the first 25,000 as given would drop errors.
  const many: Finding[] = [];
  for (let i = 0; i < 100; i++) many.push({ ...notice, span: { ...notice.span, line: i + 1, endLine: i + 1 } });
  for (let i = 0; i < MAX_RESULTS_PER_RUN - 100 + extra; i++) {
    many.push({ ...error, span: { ...error.span, line: i + 1, endLine: i + 1 } });
  }
  const log = buildSarif(many, OPTS);
  assertSchemaValid(log);
  const run = runOf(log);
  assert.equal(run.results.length, MAX_RESULTS_PER_RUN);
  assert.equal(run.results.filter((r) => r.level === "error").length, MAX_RESULTS_PER_RUN - 100 + extra);
  assert.equal(run.results.filter((r) => r.level === "note").length, 100 - extra);
  assert.deepEqual(run.properties, { truncated: true, totalResults: many.length, omittedResults: extra });
  const notes = run.invocations[0]!.toolExecutionNotifications!;
  assert.equal(notes.length, 1);
  assert.match(notes[0]!.message.text, new RegExp(`^${extra} of ${many.length} results were left out`));
  assert.equal(run.invocations[0]!.executionSuccessful, true);
  assertNoRawSecret(JSON.stringify(log), [insecureKey]);

  const exact = runOf(buildSarif(many.slice(0, MAX_RESULTS_PER_RUN), OPTS));
  assert.equal(exact.results.length, MAX_RESULTS_PER_RUN);
  assert.equal(exact.properties, undefined, "exactly at the cap is not truncated");
});
