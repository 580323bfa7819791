// `annotations: check-run` end to end on the bundled action: every finding reaches a check run, 50 a
// request, and a token that cannot write checks falls back to workflow commands with one notice.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withFakeGitHub, type FakeFile } from "../helpers/fake-github.ts";
import { runAction, type ActionRun } from "../helpers/run-action.ts";
import { addedPatch, blobSha, commands, HEAD_SHA, PR, prPayload } from "../helpers/e2e.ts";
import { startprojectKey } from "../helpers/keys.ts";

const workspaces: string[] = [];
after(() => workspaces.forEach((w) => rmSync(w, { recursive: true, force: true })));


/** `n` apps, each adding a settings file with its own startproject key: one error finding each. */
function project(n: number): { workspace: string; keys: string[]; files: FakeFile[] } {
  const workspace = mkdtempSync(join(tmpdir(), "dss-check-run-"));
  workspaces.push(workspace);
  const keys: string[] = [];
  const files: FakeFile[] = [];
  for (let i = 0; i < n; i++) {
    const key = startprojectKey();
    const text = `# app ${i}\nSECRET_KEY = '${key}'\n`;
    mkdirSync(join(workspace, `app${i}`));
    writeFileSync(join(workspace, `app${i}/settings.py`), text);
    keys.push(key);
    files.push({ filename: `app${i}/settings.py`, status: "added", additions: 2, patch: addedPatch(text), sha: blobSha(text) });
  }
  return { workspace, keys, files };
}

/** No key's random part in any channel (the runner consumes the ::add-mask:: lines), as is or escaped. */
function assertNoKeys(run: ActionRun, requestBodies: string, keys: string[]): void {
  const stdout = run.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::")).join("\n");
  for (const key of keys) {
    const secret = key.slice("django-insecure-".length);
    for (const [channel, text] of Object.entries({ stdout, stderr: run.stderr, summary: run.summary, outputs: run.outputsRaw, requests: requestBodies })) {
      for (const part of [secret, secret.slice(0, 20), secret.slice(0, 20).replaceAll("%", "%25")]) {
        assert.ok(!text.includes(part), `a key leaked through ${channel}`);
      }
    }
  }
}

test("check-run mode puts all 120 findings in one check run, 50 annotations a request, and fails it", async () => {
  const { workspace, keys, files } = project(120);
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(files.length), apiUrl: fake.url, inputs: { annotations: "check-run" } });
    assert.equal(run.code, 1, `the step fails\n${run.stdout}\n${run.stderr}`);
    assert.equal(run.outputs.findings, "120");

    const creates = fake.requests.filter((r) => r.method === "POST" && r.path === "/repos/octo-org/shop/check-runs");
    assert.equal(creates.length, 1);
    const created = creates[0]!.body as any;
    assert.deepEqual([created.name, created.head_sha, created.status], ["django-secret-scan", HEAD_SHA, "in_progress"]);

    const updates = fake.requests.filter((r) => r.method === "PATCH").map((r) => ({ path: r.path, body: r.body as any }));
    assert.ok(updates.every((u) => u.path === "/repos/octo-org/shop/check-runs/1"));
    const batches = updates.map((u) => u.body.output?.annotations?.length ?? 0).filter((n) => n > 0);
    assert.deepEqual(batches, [50, 50, 20], "three requests of at most 50 annotations");
    for (const u of updates) {
      assert.ok(u.body.output.title && u.body.output.summary, "every update carries the output's title and summary");
      assert.ok(u.body.output.summary.length <= 65535 && (u.body.output.text ?? "").length <= 65535);
    }
    const last = updates.at(-1)!.body;
    assert.deepEqual([last.status, last.conclusion], ["completed", "failure"]);

    const annotations = fake.checkRuns[0]!.annotations as any[];
    assert.equal(annotations.length, 120);
    assert.deepEqual(new Set(annotations.map((a) => a.path)), new Set(files.map((f) => f.filename)), "every finding annotated");
    for (const a of annotations) {
      assert.equal(a.annotation_level, "failure");
      assert.deepEqual([a.start_line, a.end_line, a.start_column], [2, 2, 14]);
      assert.ok(a.end_column > a.start_column);
      assert.equal(a.title, "DJS001 django-insecure-key (security.W009)");
      assert.match(a.message, /startproject/);
      assert.match(a.message, /Value: djan\S*/, "the value only redacted");
      assert.equal(a.raw_details, "");
    }

    const cmds = commands(run.stdout);
    assert.ok(!cmds.some((c) => c.props.file), "no workflow-command annotation for a finding: the check run has them");
    assert.ok(!cmds.some((c) => c.props.title === "django-secret-scan: no check run"), "no fallback");
    assert.ok(cmds.some((c) => c.name === "error" && /120 findings at or above 'error'/.test(c.data)), "the step fails with its reason");
    assertNoKeys(run, JSON.stringify(fake.requests.map((r) => r.body ?? null)), keys);
  });
});

test("a token that cannot write checks (403) falls back to workflow commands with one notice, and still fails", async () => {
  const { workspace, keys, files } = project(3);
  await withFakeGitHub({ pullFiles: { [PR]: files }, checkRunsForbidden: true }, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(files.length), apiUrl: fake.url, inputs: { annotations: "check-run" } });
    assert.equal(run.code, 1, `the step fails\n${run.stdout}\n${run.stderr}`);
    const cmds = commands(run.stdout);
    const errors = cmds.filter((c) => c.name === "error" && c.props.file);
    assert.deepEqual(errors.map((c) => c.props.file).sort(), files.map((f) => f.filename).sort(), "every finding annotated by workflow command");
    const notices = cmds.filter((c) => c.name === "notice" && c.props.title === "django-secret-scan: no check run");
    assert.equal(notices.length, 1, run.stdout);
    assert.match(notices[0]!.data, /`checks: write`/);
    assert.match(notices[0]!.data, /403/);
    assert.equal(fake.requests.filter((r) => r.path.includes("/check-runs")).length, 1, "one attempt, no update");
    assertNoKeys(run, JSON.stringify(fake.requests.map((r) => r.body ?? null)), keys);
  });
});

test("a pull request from a fork: the notice says a fork's token is read-only", async () => {
  const { workspace, files } = project(1);
  const payload = prPayload(1) as any;
  payload.pull_request.head.repo.full_name = "someone/Hello-World";
  await withFakeGitHub({ pullFiles: { [PR]: files }, checkRunsForbidden: true }, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload, apiUrl: fake.url, inputs: { annotations: "check-run" } });
    assert.equal(run.code, 1, run.stdout);
    const notices = commands(run.stdout).filter((c) => c.name === "notice" && c.props.title === "django-secret-scan: no check run");
    assert.equal(notices.length, 1);
    assert.match(notices[0]!.data, /from a fork.*read-only token.*`checks: write`/);
  });
});

test("check-run mode with no token falls back to workflow commands with one notice saying so", async () => {
  const { workspace, keys } = project(2);
  const run = await runAction({ workspace, eventName: "workflow_dispatch", payload: {}, inputs: { annotations: "check-run", "github-token": "" } });
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  const cmds = commands(run.stdout);
  assert.equal(cmds.filter((c) => c.name === "error" && c.props.file).length, 2);
  const notices = cmds.filter((c) => c.name === "notice" && c.props.title === "django-secret-scan: no check run");
  assert.equal(notices.length, 1);
  assert.match(notices[0]!.data, /no GitHub token/);
  assertNoKeys(run, "", keys);
});

test("an unknown annotations mode is a configuration error", async () => {
  const { workspace } = project(1);
  const run = await runAction({ workspace, eventName: "workflow_dispatch", payload: {}, inputs: { annotations: "checks" } });
  assert.equal(run.code, 1);
  assert.match(run.stdout, /Input 'annotations' must be one of workflow-commands, check-run; got 'checks'/);
});
