// Files a repository can hold that no reader was written for: binary-ish bytes, invalid UTF-8,
// UTF-16, every kind of line end, one 5 MB line, NUL bytes, Python nested or broken past repair, and
// nothing at all. Each goes through the engine as text (scanText) and as bytes (decodeBytes, then
// scanText): nothing throws, what is found is found on the right line, and a file that could not be
// read whole says so in a note.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeBytes, MAX_FILE_BYTES } from "../../src/io/read-file.ts";
import { scanText, type FileScan } from "../../src/engine/scan.ts";
import { FORMATS, formatFor } from "../../src/formats/index.ts";
import { pythonFacts } from "../../src/formats/python.ts";
import { madeUpDjangoKey } from "../helpers/facts.ts";
import { assertSpanOnText, lineStarts } from "./checks.ts";

const KEY = madeUpDjangoKey(11);

/** A path each format claims. */
const PATHS = [
  "analysis.ipynb", "config.json", "settings.toml", "docker-compose.yml", "Dockerfile", "Procfile", "app.service", "tox.ini", ".env",
  "run.sh", "config/settings.py", "README.md",
];

/** A file's bytes as the action reads them: decoded, then scanned; the notes of both. */
function scanBytes(path: string, bytes: Uint8Array): { text: string; scan: FileScan; notes: string[] } | { skipped: string } {
  const read = decodeBytes(bytes);
  if (!read.ok) return { skipped: read.reason };
  const scan = scanText(path, read.text);
  return { text: read.text, scan, notes: [...read.notes, ...scan.notes] };
}

/** No format reader failed, and every finding points into the text. */
function assertReadCleanly(path: string, text: string, scan: FileScan): void {
  assert.ok(!scan.notes.some((n) => n.includes("reader failed")), `${path}: no reader failed`);
  const starts = lineStarts(text);
  for (const f of scan.findings) assertSpanOnText(starts, text.length, f.span, `${path}: ${f.ruleId}`);
}

/** Deterministic bytes: a file's content does not change between runs. */
function pseudoRandomBytes(length: number, seed: number, avoid?: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const b = (x >> 16) & 0xff;
    out[i] = b === avoid ? b + 1 : b;
  }
  return out;
}

test("every format covered: the paths here are read by every format there is", () => {
  assert.deepEqual(new Set(PATHS.map((p) => formatFor(p).name)), new Set(FORMATS.map((f) => f.name)));
});

test("an empty file: nothing found, nothing to tell, in every format", () => {
  for (const path of PATHS) {
    const scan = scanText(path, "");
    assert.deepEqual([scan.findings.length, scan.notes], [0, []], path);
    const bytes = scanBytes(path, new Uint8Array());
    assert.ok(!("skipped" in bytes) && bytes.notes.length === 0, `${path}: read as an empty text`);
  }
});

test("binary-ish bytes (no NUL): read with the invalid bytes replaced, said so, and scanned by every format", () => {
  const bytes = pseudoRandomBytes(64 * 1024, 7, 0);
  for (const path of PATHS) {
    const r = scanBytes(path, bytes);
    assert.ok(!("skipped" in r), `${path}: not skipped`);
    assert.ok(r.notes.includes("not valid UTF-8: scanned with the invalid bytes replaced"), `${path}: the replacement note`);
    assertReadCleanly(path, r.text, r.scan);
  }
});

test("invalid UTF-8 around a key: the replacement note, and the key still found on its line", () => {
  const bytes = Buffer.concat([Buffer.from("# caf"), Buffer.from([0xe9, 0xff, 0xc3]), Buffer.from(`\nSECRET_KEY = "${KEY}"\n`)]);
  const r = scanBytes("config/settings.py", bytes);
  assert.ok(!("skipped" in r));
  assert.ok(r.notes.includes("not valid UTF-8: scanned with the invalid bytes replaced"));
  assert.ok(r.text.includes("\ufffd"), "replacement characters in the text");
  assert.deepEqual(r.scan.findings.map((f) => [f.ruleId, f.span.line]), [["DJS001", 2]]);
});

test("UTF-16 with a byte-order mark, either byte order, and a UTF-8 BOM: decoded, the key found on its line and column", () => {
  const text = `# settings\r\nDEBUG = False\r\nSECRET_KEY = "${KEY}"\r\n`;
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  const be = Buffer.from(le);
  be.swap16();
  const utf8Bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
  for (const [name, bytes] of [["UTF-16LE", le], ["UTF-16BE", be], ["UTF-8 with BOM", utf8Bom]] as const) {
    const r = scanBytes("config/settings.py", bytes);
    assert.ok(!("skipped" in r), name);
    assert.ok(r.text === text, `${name}: decoded to the same text`);
    assert.deepEqual(r.scan.findings.map((f) => [f.ruleId, f.span.line, f.span.column]), [["DJS001", 3, 14]], name);
  }
});

test("UTF-16 that does not decode whole says so in a note, as invalid UTF-8 does", () => {
  const odd = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("A=b\n", "utf16le"), Buffer.from([0x41])]);
  const r = decodeBytes(odd);
  assert.ok(r.ok && r.notes.length > 0, "a note that bytes were replaced");
});

/** Three lines per format, a key bound on the third (what a person would annotate). */
const THIRD_LINE_KEY: Record<string, string[]> = {
  "analysis.ipynb": ['{"cells": [{"cell_type": "code",', '"source": [', `"SECRET_KEY = '${KEY}'"]}]}`],
  "config.json": ["{", '  "debug": false,', `  "SECRET_KEY": "${KEY}"}`],
  "settings.toml": ["[default]", "debug = false", `SECRET_KEY = "${KEY}"`],
  "docker-compose.yml": ["services:", "  web:", `    environment: {SECRET_KEY: "${KEY}"}`],
  Dockerfile: ["FROM python:3.13", "WORKDIR /app", `ENV SECRET_KEY=${KEY}`],
  Procfile: ["release: ./migrate", "worker: celery", `web: SECRET_KEY='${KEY}' gunicorn app`],
  "app.service": ["[Service]", "User=app", `Environment="SECRET_KEY=${KEY}"`],
  "tox.ini": ["[testenv]", "setenv =", `    SECRET_KEY=${KEY}`],
  ".env": ["# settings", "DEBUG=0", `SECRET_KEY=${KEY}`],
  "run.sh": ["#!/bin/sh", "set -e", `export SECRET_KEY='${KEY}'`],
  "config/settings.py": ["import os", "DEBUG = False", `SECRET_KEY = "${KEY}"`],
  "README.md": ["# Setup", "Put this in your settings:", `SECRET_KEY = "${KEY}"`],
};

test("LF, CRLF and lone CR line ends: the key is found on line 3 of every format, its span on the key", () => {
  for (const path of PATHS) {
    const lines = THIRD_LINE_KEY[path]!;
    // The key's columns on line 3; Python spans a literal with its quotes, one column either side.
    const from = lines[2]!.indexOf(KEY) + 1;
    const to = from + KEY.length;
    for (const eol of ["\n", "\r\n", "\r"]) {
      const text = lines.join(eol) + eol;
      const scan = scanText(path, text);
      assertReadCleanly(path, text, scan);
      const spans = scan.findings.map((f) => f.span);
      const onKey = spans.some((s) => s.line === 3 && s.endLine === 3 && from - 1 <= s.column && s.column <= from && to <= s.endColumn && s.endColumn <= to + 1);
      assert.ok(onKey, `${path} with ${JSON.stringify(eol)}: the key at line 3, columns ${from}-${to} (found at ${JSON.stringify(spans)})`);
    }
  }
});

test("a 5 MB single-line minified file: read whole (the size limit included) and scanned in seconds", () => {
  const unit = "var a=function(b){return b+1},c=[1,2,3];";
  const js = unit.repeat(Math.ceil(MAX_FILE_BYTES / unit.length)).slice(0, MAX_FILE_BYTES - KEY.length - 1) + `'${KEY}`;
  const json = `[${'{"a":"b","c":[1,2,3]},'.repeat(Math.floor((MAX_FILE_BYTES - 100) / 22))}{"SECRET_KEY":"${KEY}"}]`;
  for (const [path, text] of [["static/app.min.js", js], ["data/fixtures.json", json]] as const) {
    const started = performance.now();
    const r = scanBytes(path, Buffer.from(text));
    const elapsed = performance.now() - started;
    assert.ok(!("skipped" in r), `${path}: not skipped as too large`);
    assertReadCleanly(path, r.text, r.scan);
    assert.deepEqual(r.scan.findings.map((f) => f.span.line), [1], `${path}: the key on its one line`);
    assert.ok(elapsed < 10_000, `${path}: ${elapsed.toFixed(0)} ms`);
  }
  const tooLarge = decodeBytes(new Uint8Array(MAX_FILE_BYTES + 1));
  assert.ok(!tooLarge.ok && tooLarge.skip, "one byte over the limit is skipped, with its reason");
});

test("regression: one line of 200,000 assignments (Procfile, Dockerfile RUN) overflowed the stack in push(...)", () => {
  for (const [path, text] of [["Procfile", `web: ${"A=b ".repeat(200_000)}gunicorn`], ["Dockerfile", `RUN ${"A=b ".repeat(200_000)}true`]] as const) {
    const format = formatFor(path);
    const facts = format.facts(text, path);
    assert.equal(facts.bindings.length, 200_000, `${path}: every assignment read`);
  }
});

test("NUL bytes: skipped as binary when the first 8,000 bytes hold one; otherwise read, and the key after them found", () => {
  const early = scanBytes(".env", Buffer.from(`A=\0\nSECRET_KEY=${KEY}\n`));
  assert.equal("skipped" in early ? early.skipped : "read", "binary (NUL bytes)");
  const late = Buffer.from(`${"# padding\n".repeat(900)}A=\0b\nSECRET_KEY=${KEY}\n`);
  const r = scanBytes(".env", late);
  assert.ok(!("skipped" in r), "NUL past the first 8,000 bytes: read");
  assert.deepEqual(r.scan.findings.map((f) => f.span.line), [902]);
  for (const path of PATHS) {
    const text = THIRD_LINE_KEY[path]!.join("\n\0\0\n") + "\0";
    assertReadCleanly(path, text, scanText(path, text));
  }
});

test("Python nested and broken past repair: no reader fails, the syntax error is noted, a key after it is still found", () => {
  const deep = [
    `X = ${"[".repeat(2_000)}${"]".repeat(2_000)}`, // a list 2,000 deep overflowed the stack (regression)
    `X = ${"(".repeat(2_500)}'s'${")".repeat(2_500)}`,
    `X = ${"{'a': ".repeat(1_000)}1${"}".repeat(1_000)}`,
    `X = ${"f(a=".repeat(1_000)}1${")".repeat(1_000)}`,
    `X = ${"[".repeat(100_000)}`,
    `X = "${"\\N{".repeat(10_000)}"`,
    'X = "\\u" + "\\x" + "\\UFFFFFFFF"', // escapes without their digits threw (regression)
  ];
  for (const source of deep) {
    assert.doesNotThrow(() => pythonFacts(source));
    assertReadCleanly("settings.py", source, scanText("config/settings.py", source));
  }
  const broken = ["def f(:", "\tx = 1\n  y = (", "'''never closed", "class A(BaseSettings:\n    secret_key: str = ", "if x\n    else:", "lambda: lambda: ["];
  for (const b of broken) {
    const text = `${b}\nSECRET_KEY = "${KEY}"\n`;
    const scan = scanText("config/settings.py", text);
    assertReadCleanly("settings.py", text, scan);
    const keyLine = lineStarts(text).length - 1;
    assert.ok(scan.findings.some((f) => f.span.line === keyLine), `after ${JSON.stringify(b)}: the key on line ${keyLine} is found`);
    assert.ok(scan.notes.some((n) => /syntax error/i.test(n)), `after ${JSON.stringify(b)}: a note says the file was not parsed whole`);
  }
});

test("deep nesting in the data formats: a note says the file could not be parsed, nothing throws", () => {
  for (const [path, text] of [["config.json", `{"a":${"[".repeat(100_000)}`], ["analysis.ipynb", "[".repeat(100_000)], ["settings.toml", `a = ${"[".repeat(100_000)}`], ["docker-compose.yml", `a: ${"[".repeat(100_000)}`]] as const) {
    const scan = scanText(path, text);
    assertReadCleanly(path, text, scan);
    assert.ok(scan.notes.some((n) => n.startsWith("could not be parsed")), `${path}: the fallback note`);
  }
});
