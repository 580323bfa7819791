import { test } from "node:test";
import assert from "node:assert/strict";
import { parseInterpolation } from "../src/formats/interpolation.ts";

test("interpolations with and without defaults, as compose reads them", () => {
  assert.deepEqual(parseInterpolation("${SECRET_KEY}"), { envName: "SECRET_KEY" });
  assert.deepEqual(parseInterpolation("$SECRET_KEY"), { envName: "SECRET_KEY" });
  assert.deepEqual(parseInterpolation("${SECRET_KEY:?set it}"), { envName: "SECRET_KEY" });
  const d = parseInterpolation("${SECRET_KEY:-django-insecure-x}")!;
  assert.equal(d.envName, "SECRET_KEY");
  assert.equal(d.default!.text, "django-insecure-x");
  assert.equal("${SECRET_KEY:-django-insecure-x}".slice(d.default!.start, d.default!.end), "django-insecure-x");
  assert.equal(parseInterpolation("${SECRET_KEY-dev}")!.default!.text, "dev");
  assert.equal(parseInterpolation("prefix-${SECRET_KEY}"), undefined);
  assert.equal(parseInterpolation("plain"), undefined);
});
