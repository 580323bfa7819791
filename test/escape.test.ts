import { test } from "node:test";
import assert from "node:assert/strict";
import { logText, markdownCell, urlPath } from "../src/report/escape.ts";

test("text from files cannot start or carry a workflow command", () => {
  for (const hostile of ["::stop-commands::x", "a\n::add-mask::x", "x ##[error]boom", "x\r::error::y", "a\u2028::warning::b"]) {
    const safe = logText(hostile);
    assert.ok(!/[\r\n\u2028]/.test(safe), "no line breaks");
    assert.ok(!safe.includes("::"), "no ::");
    assert.ok(!safe.includes("##["), "no ##[");
  }
});

test("markdown cells cannot break the table or inject HTML", () => {
  const cell = markdownCell("a|b<script>`x`\n[l](http://x)");
  assert.ok(!/(^|[^\\])[|<`[]/.test(cell), cell);
  assert.equal(urlPath("dir with space/a#b%c.py"), "dir%20with%20space/a%23b%25c.py");
});
