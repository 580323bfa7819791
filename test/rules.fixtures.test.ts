// One test walks every fixture: a new case is a new file with its expectations inline, no test code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { scanText } from "../src/engine/scan.ts";
import { readExpectations } from "./helpers/fixtures.ts";

const ROOT = join(import.meta.dirname, "fixtures", "rules");

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else yield full;
  }
}

for (const file of walk(ROOT)) {
  // The path a user's repository would have: the part under the format folder decides the file's role.
  const path = relative(ROOT, file).split("/").slice(1).join("/");
  test(`fixture ${relative(ROOT, file)}`, () => {
    const text = readFileSync(file, "utf8");
    const expected = readExpectations(text);
    assert.ok(expected.length > 0, "a fixture states at least one expectation");
    const { findings } = scanText(path, text);
    const got = findings.map((f) => `${f.span.line} ${f.ruleId} ${f.severity}`).sort();
    const want = expected.filter((e) => !e.ok).map((e) => `${e.line} ${e.ruleId} ${e.severity}`).sort();
    assert.deepEqual(got, want, "findings (line, rule, severity) equal the fixture's ruleid lines");
    for (const e of expected.filter((x) => x.ok)) {
      assert.ok(!findings.some((f) => f.span.line === e.line && f.ruleId === e.ruleId), `line ${e.line}: ${e.ruleId} must not fire`);
    }
  });
}
