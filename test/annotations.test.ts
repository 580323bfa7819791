import { test } from "node:test";
import assert from "node:assert/strict";
import type { AnnotationProperties } from "@actions/core";
import { annotate, annotationOf } from "../src/report/annotations.ts";
import { scanText } from "../src/engine/scan.ts";
import type { Finding, Severity } from "../src/engine/types.ts";

const KEY = "django-insecure-0as#hs2wnp_h8qol-vlc32tae_*j9%5a!e_zgpw105ehow5t91";

function record() {
  const calls: Array<{ level: Severity; message: string; props?: AnnotationProperties }> = [];
  const out = {
    error: (message: string, props?: AnnotationProperties) => calls.push({ level: "error", message, ...(props ? { props } : {}) }),
    warning: (message: string, props?: AnnotationProperties) => calls.push({ level: "warning", message, ...(props ? { props } : {}) }),
    notice: (message: string, props?: AnnotationProperties) => calls.push({ level: "notice", message, ...(props ? { props } : {}) }),
  };
  return { calls, out };
}

test("an annotation points at the key's exact line and columns, titled with the rule id and Django check", () => {
  const { findings } = scanText("mysite/settings.py", `DEBUG = True\nSECRET_KEY = '${KEY}'\n`);
  assert.equal(findings.length, 1);
  const { message, props } = annotationOf(findings[0]!);
  assert.equal(props.file, "mysite/settings.py");
  assert.equal(props.startLine, 2);
  assert.equal(props.endLine, 2);
  assert.equal(props.startColumn, 14);
  assert.equal(props.endColumn, 14 + KEY.length + 2 - 1, "inclusive end column, quotes included");
  assert.match(props.title!, /^DJS001 django-insecure-key \(security\.W009\)/);
  assert.match(message, /SECRET_KEY_FALLBACKS/, "says how to rotate");
  assert.match(message, /os\.environ\["DJANGO_SECRET_KEY"\]/, "says how to fix");
  assert.ok(!message.includes(KEY) && !message.includes(KEY.slice(16)), "no secret in the message");
});

test("a value over several lines keeps its lines and drops columns, as GitHub requires", () => {
  const { findings } = scanText("settings.py", `SECRET_KEY = (\n  '${KEY.slice(0, 30)}'\n  '${KEY.slice(30)}'\n)\n`);
  const { props } = annotationOf(findings[0]!);
  assert.deepEqual([props.startLine, props.endLine, props.startColumn, props.endColumn], [2, 3, undefined, undefined]);
});

test("past GitHub's 10 per level, the tenth annotation says how many more there are, errors first", () => {
  const base = scanText("settings.py", `SECRET_KEY = '${KEY}'\n`).findings[0]!;
  const many: Finding[] = [];
  for (let i = 0; i < 13; i++) many.push({ ...base, span: { ...base.span, line: i + 1, endLine: i + 1 } });
  many.push({ ...base, severity: "warning" });
  const { calls, out } = record();
  annotate(many, out);
  const errors = calls.filter((c) => c.level === "error");
  assert.equal(errors.length, 10);
  assert.equal(calls[0]!.level, "error", "errors come first");
  assert.match(errors[9]!.message, /^4 more error findings not annotated here.*job summary/);
  assert.equal(calls.filter((c) => c.level === "warning").length, 1);
});

test("annotations the step needs for other things (a file it could not read, the failure) leave room for the note", () => {
  const base = scanText("settings.py", `SECRET_KEY = '${KEY}'\n`).findings[0]!;
  const many: Finding[] = Array.from({ length: 13 }, (_, i) => ({ ...base, span: { ...base.span, line: i + 1, endLine: i + 1 } }));
  const { calls, out } = record();
  annotate(many, out, { error: 2, warning: 0, notice: 0 });
  assert.equal(calls.length, 8, "8 + the 2 used elsewhere = GitHub's 10");
  assert.match(calls[7]!.message, /^6 more error findings/);
});
