// The bundled action end to end, the way the runner runs it, against a loopback fake of GitHub's
// REST API. The subject is a project made by Django's own `django-admin startproject`.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withFakeGitHub, type FakeFile } from "../helpers/fake-github.ts";
import { runAction, type ActionRun } from "../helpers/run-action.ts";
import { addedPatch, BASE_SHA, blobSha, commands, EXAMPLES, HEAD_SHA, PR, prPayload } from "../helpers/e2e.ts";

const workspaces: string[] = [];
after(() => workspaces.forEach((w) => rmSync(w, { recursive: true, force: true })));

function startproject(): { workspace: string; settings: string; key: string; keyLine: number } {
  const workspace = mkdtempSync(join(tmpdir(), "dss-e2e-"));
  workspaces.push(workspace);
  execFileSync("django-admin", ["startproject", "mysite", workspace]);
  const settings = readFileSync(join(workspace, "mysite/settings.py"), "utf8");
  const key = /^SECRET_KEY = '([^']+)'$/m.exec(settings)![1]!;
  const keyLine = settings.split("\n").findIndex((l) => l.startsWith("SECRET_KEY")) + 1;
  return { workspace, settings, key, keyLine };
}

/** The key (or its random part) in no channel, but in the one ::add-mask:: command the runner consumes. */
function assertNoKey(run: ActionRun, sarif: string, key: string): void {
  const secretPart = key.replace(/^django-insecure-/, "");
  const stdoutWithoutMask = run.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::")).join("\n");
  for (const [channel, text] of Object.entries({ stdout: stdoutWithoutMask, stderr: run.stderr, summary: run.summary, outputs: run.outputsRaw, sarif })) {
    assert.ok(!text.includes(secretPart), `the key leaked through ${channel}`);
    assert.ok(!text.includes(secretPart.slice(0, 20)), `part of the key leaked through ${channel}`);
  }
  const masks = run.stdout.split("\n").filter((l) => l.startsWith("::add-mask::"));
  assert.deepEqual(masks, [`::add-mask::${key.replaceAll("%", "%25")}`], "the key is masked, once, before anything else");
}

test("a pull request adding startproject's settings fails the check with an annotation on the key's line", async () => {
  const { workspace, settings, key, keyLine } = startproject();
  // 150 files: two pages of pulls.listFiles. The settings file is on the second page.
  const files: FakeFile[] = [];
  mkdirSync(join(workspace, "docs"));
  for (let i = 0; i < 149; i++) {
    writeFileSync(join(workspace, `docs/page-${i}.md`), "hello\n");
    files.push({ filename: `docs/page-${i}.md`, status: "added", additions: 1, patch: "@@ -0,0 +1 @@\n+hello", sha: blobSha("hello\n") });
  }
  files.push({ filename: "mysite/settings.py", status: "added", additions: settings.split("\n").length - 1, patch: addedPatch(settings), sha: blobSha(settings) });
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
  const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(files.length), apiUrl: fake.url, sha: "c".repeat(40), inputs: { "sarif-file": "out/results.sarif" } });
  assert.equal(run.code, 1, `the step fails\n${run.stdout}\n${run.stderr}`);

  const errors = commands(run.stdout).filter((c) => c.name === "error" && c.props.file);
  assert.equal(errors.length, 1);
  assert.deepEqual(
    { file: errors[0]!.props.file, line: errors[0]!.props.line, endLine: errors[0]!.props.endLine, col: errors[0]!.props.col },
    { file: "mysite/settings.py", line: String(keyLine), endLine: String(keyLine), col: "14" },
  );
  assert.match(errors[0]!.props.title!, /^DJS001 django-insecure-key \(security\.W009\)$/);
  assert.match(errors[0]!.data, /startproject/);
  assert.match(errors[0]!.data, /SECRET_KEY_FALLBACKS/, "the message says how to rotate");
  assert.ok(commands(run.stdout).some((c) => c.name === "error" && /1 finding at or above 'error'/.test(c.data)), `setFailed names the threshold\n${run.stdout}`);

  assert.deepEqual(
    { findings: run.outputs.findings, errors: run.outputs.errors, warnings: run.outputs.warnings, notices: run.outputs.notices, sarif: run.outputs["sarif-file"] },
    { findings: "1", errors: "1", warnings: "0", notices: "0", sarif: join(workspace, "out/results.sarif") },
  );

  assert.match(run.summary, /## django-secret-scan: 1 finding, the check fails/);
  assert.ok(run.summary.includes(`](https://github.com/octo-org/shop/blob/${HEAD_SHA}/mysite/settings.py#L${keyLine})`), "links the line at the PR's head");
  assert.match(run.summary, /\| 1 \| 0 \| 0 \| 150 \| 150 \| 0 \| 0 \| 0 \|/, "counts: 1 error, every one of the 150 files scanned");

  const sarifText = readFileSync(join(workspace, "out/results.sarif"), "utf8");
  const sarif = JSON.parse(sarifText);
  assert.equal(sarif.runs[0].results.length, 1);
  assert.equal(sarif.runs[0].results[0].ruleId, "DJS001");
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine, keyLine);
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, "mysite/settings.py");

  assertNoKey(run, sarifText, key);

  const pages = fake.requests.filter((r) => r.path.endsWith(`/pulls/${PR}/files`)).map((r) => r.query.page ?? "1");
  assert.deepEqual(pages, ["1", "2"], "every page of the PR's files was read");
  });
});

test("the same project with the key read from the environment passes", async () => {
  const { workspace, settings } = startproject();
  const clean = settings.replace(/^SECRET_KEY = .*$/m, 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]').replace(/^from pathlib import Path$/m, "import os\nfrom pathlib import Path");
  writeFileSync(join(workspace, "mysite/settings.py"), clean);
  const files: FakeFile[] = [{ filename: "mysite/settings.py", status: "added", additions: clean.split("\n").length - 1, patch: addedPatch(clean), sha: blobSha(clean) }];
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
  const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(1), apiUrl: fake.url });
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  assert.equal(run.outputs.findings, "0");
  assert.ok(!commands(run.stdout).some((c) => c.name === "error"), "no error annotation");
  assert.match(run.summary, /0 findings, the check passes/);
  });
});

test("added-lines reports only what the PR adds; changed-files reports the untouched key too", async () => {
  const { workspace, settings, key, keyLine } = startproject();
  // The PR only turns DEBUG off: the key was there before, on a line the PR does not touch.
  const debugLine = settings.split("\n").findIndex((l) => l.startsWith("DEBUG")) + 1;
  const changed = settings.replace(/^DEBUG = True$/m, "DEBUG = False");
  writeFileSync(join(workspace, "mysite/settings.py"), changed);
  const patch = `@@ -${debugLine},1 +${debugLine},1 @@\n-DEBUG = True\n+DEBUG = False`;
  const files: FakeFile[] = [{ filename: "mysite/settings.py", status: "modified", additions: 1, deletions: 1, patch, sha: blobSha(changed) }];
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
  const added = await runAction({ workspace, eventName: "pull_request", payload: prPayload(1), apiUrl: fake.url });
  assert.equal(added.code, 0, added.stdout);
  assert.equal(added.outputs.findings, "0");
  const whole = await runAction({ workspace, eventName: "pull_request", payload: prPayload(1), apiUrl: fake.url, inputs: { scope: "changed-files" } });
  assert.equal(whole.code, 1);
  const error = commands(whole.stdout).find((c) => c.name === "error" && c.props.file);
  assert.equal(error?.props.line, String(keyLine));
  assertNoKey(whole, "", key);
  });
});

test("a file the checkout lacks is read through the API at the PR's head", async () => {
  const { workspace, settings, key, keyLine } = startproject();
  rmSync(join(workspace, "mysite/settings.py"));
  const sha = blobSha(settings);
  const files: FakeFile[] = [{ filename: "mysite/settings.py", status: "added", additions: 1, patch: addedPatch(settings), sha }];
  await withFakeGitHub({ pullFiles: { [PR]: files }, blobs: { [sha]: settings }, contents: { [`mysite/settings.py@${HEAD_SHA}`]: settings } }, async (fake) => {
  const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(1), apiUrl: fake.url });
  assert.equal(run.code, 1, run.stdout);
  assert.equal(commands(run.stdout).find((c) => c.name === "error" && c.props.file)?.props.line, String(keyLine));
  assertNoKey(run, "", key);
  });
});

test("a diff the API could not give, with no history in the checkout, fails and asks for fetch-depth: 0", async () => {
  const { workspace, settings } = startproject();
  // No patch but additions: the API left the diff out (too large); the checkout is not a git repository.
  const files: FakeFile[] = [{ filename: "mysite/settings.py", status: "modified", additions: 5000, sha: blobSha(settings) }];
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
  const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(1), apiUrl: fake.url });
  assert.equal(run.code, 1);
  assert.ok(commands(run.stdout).some((c) => c.name === "error" && /fetch-depth: 0/.test(c.data)), run.stdout);
  });
});

test("deleted files are skipped and a renamed file is annotated under its new name", async () => {
  const { workspace, settings, key, keyLine } = startproject();
  mkdirSync(join(workspace, "config"), { recursive: true });
  writeFileSync(join(workspace, "config/settings.py"), settings);
  rmSync(join(workspace, "mysite/settings.py"));
  const files: FakeFile[] = [
    { filename: "config/settings.py", previous_filename: "mysite/settings.py", status: "renamed", additions: 1, patch: `@@ -${keyLine},1 +${keyLine},1 @@\n-SECRET_KEY = 'old'\n+SECRET_KEY = '${key}'`, sha: blobSha(settings) },
    { filename: "mysite/old_settings.py", status: "removed", additions: 0, deletions: 3, patch: "@@ -1,3 +0,0 @@\n-a\n-b\n-c", sha: null },
  ];
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
  const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(2), apiUrl: fake.url });
  assert.equal(run.code, 1, run.stdout);
  const annotated = commands(run.stdout).filter((c) => c.name === "error" && c.props.file);
  assert.deepEqual(annotated.map((c) => [c.props.file, c.props.line]), [["config/settings.py", String(keyLine)]]);
  assert.match(run.summary, /1 deleted file skipped/);
  assertNoKey(run, "", key);
  });
});

test("a push is scanned as before...after through the compare API", async () => {
  const { workspace, settings, key, keyLine } = startproject();
  const push = structuredClone(EXAMPLES.find((e) => e.name === "push")!.examples[0]);
  push.before = BASE_SHA;
  push.after = HEAD_SHA;
  push.created = false;
  push.deleted = false;
  const files: FakeFile[] = [{ filename: "mysite/settings.py", status: "added", additions: 1, patch: addedPatch(settings), sha: blobSha(settings) }];
  await withFakeGitHub({ compares: { [`${BASE_SHA}...${HEAD_SHA}`]: { status: "ahead", files } } }, async (fake) => {
  const run = await runAction({ workspace, eventName: "push", payload: push, apiUrl: fake.url, sha: HEAD_SHA });
  assert.equal(run.code, 1, run.stdout);
  assert.equal(commands(run.stdout).find((c) => c.name === "error" && c.props.file)?.props.line, String(keyLine));
  assert.match(run.summary, /changes from compare API/);
  assertNoKey(run, "", key);
  });
});

test("one key in a dotenv file and a compose file: both annotated, each naming the other", async () => {
  const { workspace, key } = startproject();
  const dotenv = `DJANGO_SECRET_KEY=${key.slice("django-insecure-".length).replaceAll("#", "x")}\n`;
  const compose = `services:\n  web:\n    image: shop\n    environment:\n      - DJANGO_SECRET_KEY=${key.slice("django-insecure-".length).replaceAll("#", "x")}\n`;
  mkdirSync(join(workspace, ".envs/.production"), { recursive: true });
  writeFileSync(join(workspace, ".envs/.production/.django"), dotenv);
  writeFileSync(join(workspace, "docker-compose.yml"), compose);
  const files: FakeFile[] = [
    { filename: ".envs/.production/.django", status: "added", additions: 1, patch: addedPatch(dotenv), sha: blobSha(dotenv) },
    { filename: "docker-compose.yml", status: "added", additions: 5, patch: addedPatch(compose), sha: blobSha(compose) },
  ];
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(2), apiUrl: fake.url, inputs: { "sarif-file": "r.sarif" } });
    assert.equal(run.code, 1, run.stdout);
    const annotated = commands(run.stdout).filter((c) => c.props.file && (c.name === "error" || c.name === "warning"));
    assert.deepEqual(annotated.map((c) => [c.name, c.props.file, c.props.line]).sort(), [
      ["error", ".envs/.production/.django", "1"],
      ["error", "docker-compose.yml", "5"],
    ]);
    assert.match(annotated.find((c) => c.props.file === "docker-compose.yml")!.data, /also committed at \.envs\/\.production\/\.django:1/);
    const sarifText = readFileSync(join(workspace, "r.sarif"), "utf8");
    assert.equal(JSON.parse(sarifText).runs[0].results[0].relatedLocations.length, 1);
    assertNoKey(run, sarifText, key.slice("django-insecure-".length).replaceAll("#", "x"));
  });
});

test("production settings that turn DEBUG on through base settings fail the check on base's line", async () => {
  const { workspace } = startproject();
  const base = 'INSTALLED_APPS = []\nDEBUG = True\nALLOWED_HOSTS = ["shop.example.com"]\n';
  const production = "from .base import *  # noqa\n\nSECURE_SSL_REDIRECT = True\n";
  mkdirSync(join(workspace, "shop/settings"), { recursive: true });
  writeFileSync(join(workspace, "shop/settings/base.py"), base);
  writeFileSync(join(workspace, "shop/settings/production.py"), production);
  const files: FakeFile[] = [
    { filename: "shop/settings/base.py", status: "added", additions: 3, patch: addedPatch(base), sha: blobSha(base) },
    { filename: "shop/settings/production.py", status: "added", additions: 3, patch: addedPatch(production), sha: blobSha(production) },
  ];
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(2), apiUrl: fake.url });
    assert.equal(run.code, 1, run.stdout);
    const debug = commands(run.stdout).find((c) => c.name === "error" && c.props.title?.startsWith("DJS020"));
    assert.deepEqual([debug?.props.file, debug?.props.line], ["shop/settings/base.py", "2"]);
    assert.match(debug!.props.title!, /security\.W018/);
    assert.match(debug!.data, /shop\/settings\/production\.py imports/);
  });
});

test("a PR that changes only production.py is judged with the base.py it imports from the checkout", async () => {
  const { workspace } = startproject();
  const base = 'INSTALLED_APPS = []\nDEBUG = True\nALLOWED_HOSTS = ["shop.example.com"]\n';
  const production = "# production settings\nfrom .base import *  # noqa\n\nSECURE_SSL_REDIRECT = True\n";
  mkdirSync(join(workspace, "shop/settings"), { recursive: true });
  writeFileSync(join(workspace, "shop/settings/base.py"), base);
  writeFileSync(join(workspace, "shop/settings/production.py"), production);
  const files: FakeFile[] = [{ filename: "shop/settings/production.py", status: "added", additions: 4, patch: addedPatch(production), sha: blobSha(production) }];
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(1), apiUrl: fake.url });
    assert.equal(run.code, 1, run.stdout);
    const annotated = commands(run.stdout).filter((c) => c.props.file && c.name !== "notice");
    assert.deepEqual(annotated.map((c) => [c.props.title?.slice(0, 6), c.props.file, c.props.line]), [["DJS020", "shop/settings/production.py", "2"]]);
    assert.match(annotated[0]!.data, /^Through this star import, from shop\/settings\/base\.py:2/);
  });
});
