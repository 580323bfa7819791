// One test walks every fixture: a new case is a new file with its expectations inline, no test code.
// Each folder under fixtures/rules/ is one repository: settings that span files (`from .base import *`)
// are judged across it, as the action judges the files of a change.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { scanText } from "../src/engine/scan.ts";
import { judgeSettings } from "../src/engine/judge-settings.ts";
import { applySuppressions } from "../src/engine/suppress.ts";
import { readExpectations } from "./helpers/fixtures.ts";

const ROOT = join(import.meta.dirname, "fixtures", "rules");

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else yield full;
  }
}

for (const repo of readdirSync(ROOT).sort()) {
  const files = [...walk(join(ROOT, repo))].map((file) => {
    // The path inside its repository decides the file's role, as it would in a user's repository.
    const path = relative(join(ROOT, repo), file).split("/").join("/");
    const text = readFileSync(file, "utf8");
    return { file, path, text, scan: scanText(path, text) };
  });
  // As scan-files.ts does: every finding made, then the files' suppression comments applied once.
  const { findings: all } = applySuppressions(
    [...files.flatMap(({ scan }) => scan.findings), ...judgeSettings(files.map(({ path, scan }) => ({ path, scan })))],
    new Map(files.map(({ path, scan }) => [path, scan.suppressions])),
  );
  for (const { file, path, text } of files) {
    test(`fixture ${relative(ROOT, file)}`, () => {
      const expected = readExpectations(text);
      assert.ok(expected.length > 0, "a fixture states at least one expectation");
      const findings = all.filter((f) => f.path === path);
      const got = findings.map((f) => `${f.span.line} ${f.ruleId} ${f.severity}`).sort();
      const want = expected.filter((e) => !e.ok).map((e) => `${e.line} ${e.ruleId} ${e.severity}`).sort();
      assert.deepEqual(got, want, "findings (line, rule, severity) equal the fixture's ruleid lines");
      for (const e of expected.filter((x) => x.ok)) {
        assert.ok(!findings.some((f) => f.span.line === e.line && f.ruleId === e.ruleId), `line ${e.line}: ${e.ruleId} must not fire`);
      }
    });
  }
}
