// action.yml is what the runner reads before anything runs: it must parse, run dist/ on node24,
// and describe every input the code reads and every output it sets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const ROOT = join(import.meta.dirname, "..");
const meta = parse(readFileSync(join(ROOT, "action.yml"), "utf8"));
const source = (file: string) => readFileSync(join(ROOT, "src", file), "utf8");
const named = (text: string, call: RegExp) => [...text.matchAll(call)].map((m) => m[1]!).sort();

test("action.yml runs the bundled dist/index.js on node24, with branding", () => {
  assert.equal(meta.runs.using, "node24");
  assert.equal(meta.runs.main, "dist/index.js");
  assert.ok(existsSync(join(ROOT, meta.runs.main)));
  assert.ok(meta.branding.icon && meta.branding.color);
});

test("every input the code reads and every output it sets is described in action.yml", () => {
  const read = [...new Set(named(source("inputs.ts"), /(?:getInput|oneOf|flag|sizeInput)\("([^"]+)"/g))].sort();
  assert.ok(read.length >= 6);
  assert.deepEqual(Object.keys(meta.inputs).sort(), read);
  for (const [name, input] of Object.entries<any>(meta.inputs)) assert.ok(input.description?.length > 20, `input ${name} is described`);
  const set = [...new Set(named(source("main.ts"), /core\.setOutput\("([^"]+)"/g))].sort();
  assert.deepEqual(Object.keys(meta.outputs).sort(), set);
  for (const [name, output] of Object.entries<any>(meta.outputs)) assert.ok(output.description?.length > 10, `output ${name} is described`);
  assert.equal(meta.inputs["github-token"].default, "${{ github.token }}");
  assert.equal(meta.inputs.scope.default, "added-lines");
  assert.equal(meta.inputs["fail-on"].default, "error");
});
