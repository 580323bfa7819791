import { test } from "node:test";
import assert from "node:assert/strict";
import { scanText } from "../src/engine/scan.ts";
import { linkReusedSecrets } from "../src/engine/reuse.ts";
import { buildSarif } from "../src/report/sarif.ts";

const KEY = "sWRGqwWKRXRpwvL09G0WThouMoAktF0BzJg2A5kSrU8VGGa1YayN7WX8ds9tSV1x";

test("one key in production settings and a dev compose file: each copy names the other, and both are errors", () => {
  const prod = scanText("config/settings/production.py", `SECRET_KEY = "${KEY}"\n`).findings;
  const compose = scanText("docker-compose.dev.yml", `services:\n  web:\n    environment:\n      - DJANGO_SECRET_KEY=${KEY}\n`).findings;
  assert.equal(prod.length, 1);
  assert.equal(compose.length, 1);
  assert.equal(compose[0]!.severity, "warning", "alone, a dev compose key is a warning");
  const linked = linkReusedSecrets([...prod, ...compose]);
  assert.deepEqual(linked.map((f) => f.severity), ["error", "error"]);
  assert.match(linked[0]!.message, /also committed at docker-compose\.dev\.yml:4/);
  assert.match(linked[1]!.message, /also committed at config\/settings\/production\.py:1/);
  const sarif = JSON.stringify(buildSarif(linked, { toolVersion: "0", informationUri: "https://example.invalid" }));
  assert.match(sarif, /"relatedLocations"/);
  assert.ok(!sarif.includes(KEY));
});

test("placeholders repeated across files are no reuse", () => {
  const a = scanText("settings.py", `SECRET_KEY = "changeme"\n`).findings;
  const b = scanText("config/settings/production.py", `SECRET_KEY = "changeme"\n`).findings;
  const linked = linkReusedSecrets([...a, ...b]);
  assert.ok(linked.every((f) => !f.related));
});
