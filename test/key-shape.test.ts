import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { djangoWeak, profile } from "../src/engine/key-shape.ts";

// Django's own generator, not a copy of its alphabet: keys made by the installed Django.
function djangoKeys(n: number): string[] {
  const script = `from django.core.management.utils import get_random_secret_key as g\nfor _ in range(${n}): print(g())`;
  return execFileSync("/usr/bin/python3", ["-c", script], { encoding: "utf8" }).trim().split("\n");
}

test("keys from Django's get_random_secret_key() have the generated shape; with startproject's prefix, the insecure shape", () => {
  const keys = djangoKeys(300);
  assert.equal(keys.length, 300);
  for (const key of keys) {
    assert.equal(profile(key).shape, "django-generated", "generated shape");
    assert.equal(profile(key).placeholder, undefined, "never a placeholder, even when it holds xxx or test by chance");
    assert.equal(profile(`django-insecure-${key}`).shape, "django-insecure");
    assert.equal(djangoWeak(key), false, "a generated key passes W009");
    assert.equal(djangoWeak(`django-insecure-${key}`), true, "the prefix fails W009");
  }
});

test("W009's three tests, as Django writes them", () => {
  assert.equal(djangoWeak("a".repeat(49) + "bcde"), false);
  assert.equal(djangoWeak("abcd".repeat(20)), true, "fewer than 5 distinct characters");
  assert.equal(djangoWeak("abcdefghij".repeat(4)), true, "shorter than 50");
});

test("placeholders and template syntax are recognised; hand-edited fakes are degenerate", () => {
  for (const v of ["changeme", "CHANGEME!!!", "your-secret-key-here", "{{ secret_key }}", "${SECRET_KEY}", "!!!SET DJANGO_SECRET_KEY!!!", "<your-key>", "%SECRET_KEY%", "__SECRETKEY__"]) {
    assert.ok(profile(v).placeholder, v);
  }
  assert.equal(profile("{{ secret_key }}").placeholder, "template");
  assert.equal(profile("django-insecure-abc123def456").placeholder, "vocabulary");
  assert.equal(profile("0000000000000000000000").placeholder, "degenerate");
  assert.equal(profile("abcdefghijklmnop").placeholder, "degenerate");
  assert.equal(profile("sWRGqwWKRXRpwvL09G0WThouMoAktF0BzJg2A5kSrU8VGGa1YayN7WX8ds9tSV1x").shape, "cookiecutter-64");
  assert.equal(profile("aBkhErVNx6J9nfYiX-fSmaQ1RL1doPs6H86Utgpe").shape, "random");
});

test("a listed key passes the length test that runs before hashing, and is found under any name", async () => {
  const { KNOWN_PUBLIC_KEY_HASHES, KNOWN_PUBLIC_KEY_LENGTHS } = await import("../src/rules/known-public-keys.ts");
  const { scanText } = await import("../src/engine/scan.ts");
  assert.ok(KNOWN_PUBLIC_KEY_HASHES.size >= 30);
  // The fixtures' made-up key (50 characters) must still be found through the length gate.
  assert.ok(KNOWN_PUBLIC_KEY_LENGTHS.has(50));
  const found = scanText("settings.py", 'X = "opr!s&u%_x-ovelu4ovrm#tdwq04!a!5=20k&_d*=ep3nj4pkp"\n').findings;
  assert.deepEqual(found.map((f) => f.ruleId), ["DJS015"]);
});
