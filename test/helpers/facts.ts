// What the format tests share: the source text a span points at, bindings by name, value checks
// through hashes, a made-up Django key and a stopwatch. Values stand for secrets, so no check here
// prints a value it found or the text it expected: a failure names what differs, not the text.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { secretHash } from "../../src/engine/secret.ts";
import type { Binding, FileFacts, Span, Value } from "../../src/engine/types.ts";
import { DJANGO_KEY_ALPHABET } from "./keys.ts";

/** The source text a span covers (lines end at \r\n, \n or a lone \r, as LineIndex counts them). */
export function textAt(text: string, span: Span): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) starts.push(i + 1);
  }
  return text.slice(starts[span.line - 1]! + span.column - 1, starts[span.endLine - 1]! + span.endColumn - 1);
}

/** The span covers `expected` in `text` (compared without printing either text). */
export function assertSpanText(text: string, span: Span | undefined, expected: string, what = "span"): void {
  assert.ok(span, `${what}: no span`);
  assert.ok(textAt(text, span) === expected, `${what}: span ${JSON.stringify(span)} does not cover the expected ${expected.length} characters`);
}

const sha256 = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");

/** The value is a literal equal to `expected` (compared by length and SHA-256 hash, never printed). */
export function assertLiteral(value: Value | undefined, expected: string, what = "value"): void {
  assert.ok(value, `${what}: no value`);
  assert.equal(value.kind, "string", `${what}: kind`);
  if (value.kind !== "string") return;
  assert.equal(value.secret.length, expected.length, `${what}: length`);
  assert.equal(secretHash(value.secret), sha256(expected), `${what}: content`);
}

/** A literal equal to `expected` whose span covers `spanText` (the value as written) in `text`. */
export function assertLiteralAt(text: string, value: Value | undefined, expected: string, spanText: string = expected, what = "value"): void {
  assertLiteral(value, expected, what);
  assertSpanText(text, value?.span, spanText, `${what}: span`);
}

/** The bindings named `name`, in file order. */
export function named(facts: FileFacts, name: string): Binding[] {
  return facts.bindings.filter((b) => b.name === name);
}

/** The one binding named `name` (fails when there is none or several). */
export function only(facts: FileFacts, name: string): Binding {
  const found = named(facts, name);
  assert.equal(found.length, 1, `bindings named ${name}`);
  return found[0]!;
}

/** A literal binding: its value, its span's text in the file, and its name's span. */
export function assertBinding(text: string, facts: FileFacts, name: string, value: string, spanText: string = value): Binding {
  const b = only(facts, name);
  assertLiteralAt(text, b.value, value, spanText, name);
  if (b.nameSpan) assert.equal(textAt(text, b.nameSpan), name, `${name}: name span`);
  return b;
}

/** An environment look-up of `envName`, with the committed default `dflt` (or none). */
export function assertEnvDefault(text: string, b: Binding, envName: string, dflt: string | undefined): void {
  assert.equal(b.value.kind, "env", `${b.name}: kind`);
  if (b.value.kind !== "env") return;
  assert.equal(b.value.envName, envName);
  if (dflt === undefined) {
    assert.equal(b.value.default, undefined);
    return;
  }
  assertLiteralAt(text, b.value.default, dflt, dflt, `${b.name} default`);
}

/** A Django-shaped key made up for the test: "django-insecure-" and 50 characters picked by `seed`. */
export function madeUpDjangoKey(seed: number): string {
  let out = "django-insecure-";
  let x = seed * 7919 + 17;
  for (let i = 0; i < 50; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += DJANGO_KEY_ALPHABET[x % DJANGO_KEY_ALPHABET.length];
  }
  return out;
}

/** Runs `fn` and returns how long it took, in milliseconds. */
export function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}
