import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect, format } from "node:util";
import { createHash } from "node:crypto";
import { maskSecret, Secret, secretHash } from "../src/engine/secret.ts";

const KEY = "django-insecure-0as#hs2wnp_h8qol-vlc32tae_*j9%5a!e_zgpw105ehow5t91";

test("a Secret never shows its raw value through any way of printing it", () => {
  const s = new Secret(KEY);
  const shown = [
    String(s), `${s}`, JSON.stringify({ s }), inspect(s), inspect({ nested: [s] }, { depth: 10, showHidden: true }),
    format("%s %o %O %j", s, s, s, s), s.redacted(), JSON.stringify(s.profile),
  ];
  for (const text of shown) assert.ok(!text.includes(KEY.slice(16)), `leaked through: ${text}`);
  assert.equal(s.redacted(), "djan*** (66 chars)");
});

test("short values show no characters at all, only their length", () => {
  assert.equal(new Secret("hunter2-key").redacted(), "*** (11 chars)");
});

test("the hash is SHA-256 of the raw text, and masking hands over the raw text", () => {
  const s = new Secret(KEY);
  assert.equal(secretHash(s), createHash("sha256").update(KEY).digest("hex"));
  const masked: string[] = [];
  maskSecret(s, (v) => masked.push(v));
  assert.deepEqual(masked, [KEY]);
});

test("values too short to mask are not handed to the masker (the runner would blank that word everywhere)", () => {
  const masked: string[] = [];
  maskSecret(new Secret("dev"), (v) => masked.push(v));
  assert.deepEqual(masked, []);
});
