// The committed outputs match their sources: dist/ is what the runner executes, and the README's
// rule table is what users read. Rebuild with `npm run bundle` / `npm run readme` when these fail.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
// @ts-expect-error: a plain .mjs script without types
import { bundleOptions, ROOT } from "../scripts/bundle.mjs";
import { withGeneratedSections } from "../scripts/readme-sections.ts";

test("dist/index.js is exactly what npm run bundle makes from src/", async () => {
  const result = await build({ ...bundleOptions, write: false });
  const built = result.outputFiles![0]!.contents;
  const committed = readFileSync(join(ROOT, "dist/index.js"));
  assert.ok(Buffer.from(built).equals(committed), "dist/index.js is stale: run `npm run bundle` and commit dist/");
});

test("the README's rule table and list of scanned files are generated from the rules and formats", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  assert.equal(readme, withGeneratedSections(readme), "README is stale: run `npm run readme`");
});
