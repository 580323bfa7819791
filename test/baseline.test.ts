// The baseline file: written from findings with no value in it, read back strictly, and matched by
// fingerprint, so that an accepted finding stays accepted when its line moves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyBaseline, BaselineError, parseBaseline, renderBaseline } from "../src/config/baseline.ts";
import { scanText } from "../src/engine/scan.ts";
import { randomKeyPart, randomText } from "./helpers/keys.ts";

const randomPart = () => randomKeyPart();
/** A password that needs no escaping in a URL or a dotenv line (`@`, `#` and `%` would). */
const randomPassword = () => randomText(32, "abcdefghijklmnopqrstuvwxyz0123456789");

test("a written baseline lists rule, path, line and fingerprint, sorted, and no part of any value", () => {
  const secrets = [randomPart(), randomPassword()];
  const findings = [
    ...scanText("shop/settings.py", `DEBUG = True\nALLOWED_HOSTS = ["*"]\nSECRET_KEY = "django-insecure-${secrets[0]}"\n`).findings,
    ...scanText(".env", `DATABASE_URL=postgres://shop:${secrets[1]}@db/shop\n`).findings,
  ];
  assert.ok(findings.length >= 2);
  const text = renderBaseline([...findings, ...findings]);
  for (const s of secrets) for (const part of [s, s.slice(0, 12), s.slice(-12)]) assert.ok(!text.includes(part), "a value leaked into the baseline");
  const doc = JSON.parse(text);
  assert.equal(doc.version, 1);
  assert.deepEqual(
    doc.findings.map((e: any) => `${e.path}:${e.line} ${e.rule}`),
    [...new Set(findings.map((f) => `${f.path}:${f.span.line} ${f.ruleId}`))].sort(),
    "one entry per finding, by path and line",
  );
  assert.ok(doc.findings.every((e: any) => /^[0-9a-f]{64}$/.test(e.fingerprint)));
  assert.equal(renderBaseline([...findings].reverse()), renderBaseline(findings), "the same findings always write the same file");
});

test("a baseline accepts the findings it lists, wherever their line moved, and counts entries no finding matched", () => {
  const key = `django-insecure-${randomPart()}`;
  const before = scanText("shop/settings.py", `SECRET_KEY = "${key}"\n`).findings;
  const baseline = parseBaseline(renderBaseline(before), "baseline.json");
  const moved = scanText("shop/settings.py", `import os\n\n# kept for the demo\nSECRET_KEY = "${key}"\nSECRET_KEY_FALLBACKS = ["django-insecure-${randomPart()}"]\n`).findings;
  const { findings, baselined, unmatched } = applyBaseline(moved, baseline);
  assert.deepEqual(baselined.map((f) => `${f.ruleId}:${f.span.line}`), ["DJS001:4"]);
  assert.deepEqual(findings.map((f) => f.span.line), [5], "a new finding still stands");
  assert.equal(unmatched, 0);
  // Another key in the same place is another finding: the fingerprint hashes the value.
  const rotated = scanText("shop/settings.py", `SECRET_KEY = "django-insecure-${randomPart()}"\n`).findings;
  const again = applyBaseline(rotated, baseline);
  assert.deepEqual([again.findings.length, again.baselined.length, again.unmatched], [1, 0, 1]);
});

test("a baseline that is not one is refused with what to do, never read as empty", () => {
  const cases: Array<[string, RegExp]> = [
    ["{not json", /baseline\.json is not valid JSON .*write-baseline/],
    ["[]", /is not a django-secret-scan baseline/],
    ['{"version": 2, "findings": []}', /is not a django-secret-scan baseline \(version 1/],
    ['{"version": 1, "findings": [{"fingerprint": "abc"}]}', /findings\[0\] has no valid "fingerprint"/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseBaseline(text, "baseline.json"), (err: unknown) => err instanceof BaselineError && message.test(err.message), text);
  }
  assert.equal(parseBaseline('{"version": 1, "findings": []}', "b.json").fingerprints.size, 0);
});
