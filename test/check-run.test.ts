// The check-run reporter's pieces without GitHub: the annotation shape, the output limit, fork detection.
import { test } from "node:test";
import assert from "node:assert/strict";
import { annotationOf } from "../src/report/annotations.ts";
import { checkAnnotationOf, clip, isFromFork, OUTPUT_LIMIT, publishCheckRun } from "../src/report/check-run.ts";
import { scanText } from "../src/engine/scan.ts";
import type { Finding } from "../src/engine/types.ts";

const KEY = "django-insecure-0as#hs2wnp_h8qol-vlc32tae_*j9%5a!e_zgpw105ehow5t91";

test("a check annotation says what the workflow-command annotation says, with the level mapped", () => {
  const [f] = scanText("mysite/settings.py", `DEBUG = True\nSECRET_KEY = '${KEY}'\n`).findings;
  const a = checkAnnotationOf(f!);
  const wc = annotationOf(f!);
  assert.deepEqual(
    [a.path, a.start_line, a.end_line, a.start_column, a.end_column, a.title, a.message, a.annotation_level, a.raw_details],
    ["mysite/settings.py", 2, 2, wc.props.startColumn, wc.props.endColumn, wc.props.title, wc.message, "failure", ""],
  );
  assert.ok(!JSON.stringify(a).includes(KEY.slice(16, 36)), "no key text");
  const multiLine: Finding = { ...f!, severity: "warning", span: { ...f!.span, endLine: f!.span.line + 2 } };
  const m = checkAnnotationOf(multiLine);
  assert.equal(m.annotation_level, "warning");
  assert.equal(m.end_line, 4);
  assert.ok(!("start_column" in m) && !("end_column" in m), "columns only on one line");
  assert.equal(checkAnnotationOf({ ...f!, severity: "notice" }).annotation_level, "notice");
});

test("output text is cut under the Checks API's 65,535 characters, saying so", () => {
  assert.equal(clip("short"), "short");
  const cut = clip("x".repeat(200_000));
  assert.ok(cut.length <= OUTPUT_LIMIT);
  assert.match(cut, /cut here/);
});

test("a pull request from a fork is told apart from one inside the repository", () => {
  const pr = (head: unknown, base = "o/r") => ({ pull_request: { head: { repo: head }, base: { repo: { full_name: base } } } });
  assert.equal(isFromFork(pr({ full_name: "someone/r" })), true);
  assert.equal(isFromFork(pr({ full_name: "o/r" })), false);
  assert.equal(isFromFork(pr(null)), true, "a deleted fork");
  assert.equal(isFromFork({}), false);
});

test("without a token there is no check run, only a reason", async () => {
  const result = await publishCheckRun(undefined, { owner: "o", repo: "r", headSha: "b".repeat(40), findings: [], failed: false, headline: "", notes: [], fromFork: false });
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.reason : "", /no GitHub token/);
});
