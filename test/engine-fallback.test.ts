import { test } from "node:test";
import assert from "node:assert/strict";
import { scanText } from "../src/engine/scan.ts";

test("a file its parser cannot read is line-scanned, and the user is told", () => {
  const broken = `services:\n  web:\n\tenvironment:\n      SECRET_KEY: s7iuhv7ATmUovjpe27Dil08ZmwGSfcuAESsCwCTYMURTfW16nwvCqoOdYhAi4sg4\n`;
  const result = scanText("docker-compose.yml", broken);
  assert.equal(result.format, "yaml");
  assert.equal(result.findings.length, 1);
  assert.equal(result.findings[0]!.span.line, 4);
  assert.match(result.notes.join("\n"), /could not be parsed as yaml .*scanned line by line/);
});

test("odd input never throws: empty, NUL-free binary-ish text, deep nesting, truncated JSON", () => {
  for (const [path, text] of [
    ["settings.py", ""],
    ["a.json", '{"SECRET_KEY": "abc'],
    ["a.yml", "[".repeat(5000)],
    ["settings.py", "(".repeat(5000)],
    ["a.toml", "[[[["],
    ["a.ipynb", '{"cells": [{"cell_type": "code", "source": ["SECRET_KEY = \\"x'],
  ] as const) {
    assert.doesNotThrow(() => scanText(path, text), path);
  }
});
