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

test("dist/index.js, dist/cli.js and dist/cli-main.js are exactly what npm run bundle makes from src/", async () => {
  const result = await build({ ...bundleOptions, write: false });
  const names = result.outputFiles!.map((f) => f.path.slice(join(ROOT, "dist").length + 1)).sort();
  assert.deepEqual(names, ["cli-main.js", "cli.js", "index.js"]);
  for (const file of result.outputFiles!) {
    const committed = readFileSync(file.path);
    assert.ok(Buffer.from(file.contents).equals(committed), `${file.path} is stale: run \`npm run bundle\` and commit dist/`);
  }
});

test("the README's rule table and list of scanned files are generated from the rules and formats", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  assert.equal(readme, withGeneratedSections(readme), "README is stale: run `npm run readme`");
});
