// scan-history end to end on the bundled action: a pull request whose first commit adds a key and
// whose second reads it from the environment. The net diff is clean; the history is not.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withFakeGitHub, type FakeState } from "../helpers/fake-github.ts";
import { runAction, type ActionRun } from "../helpers/run-action.ts";
import { addedPatch, BASE_SHA, blobSha, commands, HEAD_SHA, PR, prPayload } from "../helpers/e2e.ts";
import { startprojectKey } from "../helpers/keys.ts";

const workspaces: string[] = [];
after(() => workspaces.forEach((w) => rmSync(w, { recursive: true, force: true })));


const settings = (keyLine: string) =>
  `import os\nfrom pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n${keyLine}\nDEBUG = False\nALLOWED_HOSTS = ["shop.example.com"]\n`;

/** Commit 1 adds settings with a startproject key; commit 2 (the head) reads it from the environment. */
function twoCommitPr(): { workspace: string; key: string; first: string; state: FakeState; payload: any } {
  const workspace = mkdtempSync(join(tmpdir(), "dss-history-"));
  workspaces.push(workspace);
  const key = startprojectKey();
  const leaked = settings(`SECRET_KEY = '${key}'`);
  const head = settings('SECRET_KEY = os.environ["SECRET_KEY"]');
  mkdirSync(join(workspace, "mysite"));
  writeFileSync(join(workspace, "mysite/settings.py"), head);
  const first = randomBytes(20).toString("hex");
  const state: FakeState = {
    pullFiles: { [PR]: [{ filename: "mysite/settings.py", status: "added", additions: 7, patch: addedPatch(head), sha: blobSha(head) }] },
    pullCommits: {
      [PR]: [
        { sha: first, commit: { message: "Add the shop's settings\n\nStraight from startproject." }, parents: [{ sha: BASE_SHA }] },
        { sha: HEAD_SHA, commit: { message: "Read SECRET_KEY from the environment" }, parents: [{ sha: first }] },
      ],
    },
    commits: {
      [first]: { files: [{ filename: "mysite/settings.py", status: "added", additions: 7, patch: addedPatch(leaked), sha: blobSha(leaked) }], parents: [{ sha: BASE_SHA }] },
      [HEAD_SHA]: {
        files: [{ filename: "mysite/settings.py", status: "modified", additions: 1, deletions: 1, patch: `@@ -5 +5 @@\n-SECRET_KEY = '${key}'\n+SECRET_KEY = os.environ["SECRET_KEY"]`, sha: blobSha(head) }],
        parents: [{ sha: first }],
      },
    },
    blobs: { [blobSha(leaked)]: leaked },
  };
  const payload = prPayload(1) as any;
  payload.pull_request.commits = 2;
  return { workspace, key, first, state, payload };
}

/** The key's random part in no channel but the one ::add-mask:: command the runner consumes. */
function assertNoKey(run: ActionRun, sarif: string, key: string): void {
  const secret = key.slice("django-insecure-".length);
  const stdout = run.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::")).join("\n");
  for (const [channel, text] of Object.entries({ stdout, stderr: run.stderr, summary: run.summary, outputs: run.outputsRaw, sarif })) {
    for (const part of [secret, secret.slice(0, 20), secret.slice(0, 20).replaceAll("%", "%25")]) {
      assert.ok(!text.includes(part), `the key leaked through ${channel}`);
    }
  }
  const masks = run.stdout.split("\n").filter((l) => l.startsWith("::add-mask::"));
  assert.equal(masks.length, 1, "the key is masked once");
  assert.ok(masks[0] === `::add-mask::${key.replaceAll("%", "%25")}`, "the mask is the key");
}

test("a key added in commit 1 and removed in commit 2 fails the check, naming commit 1", async () => {
  const { workspace, key, first, state, payload } = twoCommitPr();
  await withFakeGitHub(state, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload, apiUrl: fake.url, sha: "c".repeat(40), inputs: { "sarif-file": "out/results.sarif" } });
    assert.equal(run.code, 1, `the step fails\n${run.stdout}\n${run.stderr}`);

    const errors = commands(run.stdout).filter((c) => c.name === "error" && c.props.file);
    assert.equal(errors.length, 1, run.stdout);
    assert.deepEqual([errors[0]!.props.file, errors[0]!.props.line, errors[0]!.props.title], ["mysite/settings.py", "5", "DJS001 django-insecure-key (security.W009)"]);
    assert.ok(errors[0]!.data.includes(`Added in commit ${first.slice(0, 7)} ("Add the shop's settings")`), errors[0]!.data);
    assert.match(errors[0]!.data, /removing it in a later commit does not un-leak it/);
    assert.equal(run.outputs.errors, "1");

    assert.match(run.summary, /History: 2 commits of the pull request scanned for keys added and removed in it \(pulls\.listCommits, 4 API requests\); 1 finding only in its history\./);
    assert.ok(run.summary.includes(`/blob/${first}/mysite/settings.py#L5)`), "the summary links the line at the commit that added it");

    const sarifText = readFileSync(join(workspace, "out/results.sarif"), "utf8");
    const results = JSON.parse(sarifText).runs[0].results;
    assert.equal(results.length, 1);
    assert.equal(results[0].properties.commit, first);

    assertNoKey(run, sarifText, key);

    // What the README says a typical run costs: 1 page of files, 1 page of commits, 1 getCommit per
    // commit, 1 blob for the one version the net scan did not read (the checkout held the head's).
    const paths = fake.requests.map((r) => r.path.replace("/repos/octo-org/shop", ""));
    assert.deepEqual(paths.sort(), [`/commits/${HEAD_SHA}`, `/commits/${first}`, `/git/blobs/${blobSha(settings(`SECRET_KEY = '${key}'`))}`, `/pulls/${PR}/commits`, `/pulls/${PR}/files`].sort());
  });
});

test("scan-history: false scans the net diff only and never lists the commits", async () => {
  const { workspace, state, payload } = twoCommitPr();
  await withFakeGitHub(state, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload, apiUrl: fake.url, inputs: { "scan-history": "false" } });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.ok(!fake.requests.some((r) => r.path.endsWith(`/pulls/${PR}/commits`) || r.path.includes("/commits/")), "no commit listed or read");
    assert.doesNotMatch(run.summary, /History:/);
  });
});

test("scan-history with a value other than true or false is a configuration error", async () => {
  const { workspace, state, payload } = twoCommitPr();
  await withFakeGitHub(state, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload, apiUrl: fake.url, inputs: { "scan-history": "yes" } });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /Input 'scan-history' must be true or false; got 'yes'/);
    assert.equal(fake.requests.length, 0);
  });
});

test("a history the API cannot list fails the step and says what to do", async () => {
  const { workspace, state, payload } = twoCommitPr();
  delete state.pullCommits;
  await withFakeGitHub(state, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload, apiUrl: fake.url });
    assert.equal(run.code, 1);
    const failure = commands(run.stdout).find((c) => c.name === "error" && /could not scan/.test(c.data));
    assert.ok(failure, run.stdout);
    assert.match(failure.data, /fetch-depth: 0.*pull-requests: read.*scan-history: false/);
  });
});
