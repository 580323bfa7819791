// GitHub failing in the ways it does, served by the loopback fake to the bundled action: transient
// faults are retried and the scan completes; lasting ones fail the step with a message that says what
// failed. Never a green check on a scan that did not happen. (Waits are in 50 ms units in these runs.)
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withFakeGitHub, type FakeFault, type FakeFile } from "../helpers/fake-github.ts";
import { runAction } from "../helpers/run-action.ts";
import { addedPatch, blobSha, commands, PR, prPayload } from "../helpers/e2e.ts";
import { startprojectKey } from "../helpers/keys.ts";

const workspaces: string[] = [];
after(() => workspaces.forEach((w) => rmSync(w, { recursive: true, force: true })));

const LIST_FILES = /^\/repos\/octo-org\/shop\/pulls\/42\/files$/;

/** A PR adding one settings file with a startproject key: a scan that happens fails with one DJS001. */
function pr(): { workspace: string; files: FakeFile[] } {
  const workspace = mkdtempSync(join(tmpdir(), "dss-faults-"));
  workspaces.push(workspace);
  const text = `SECRET_KEY = '${startprojectKey()}'\n`;
  mkdirSync(join(workspace, "shop"));
  writeFileSync(join(workspace, "shop/settings.py"), text);
  return { workspace, files: [{ filename: "shop/settings.py", status: "added", additions: 1, patch: addedPatch(text), sha: blobSha(text) }] };
}

async function runWith(faults: FakeFault[]) {
  const { workspace, files } = pr();
  return withFakeGitHub({ pullFiles: { [PR]: files }, faults }, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(files.length), apiUrl: fake.url });
    const listCalls = fake.requests.filter((r) => LIST_FILES.test(r.path)).length;
    const errors = commands(run.stdout).filter((c) => c.name === "error");
    return { run, listCalls, errors, scanned: errors.some((c) => c.props.title?.startsWith("DJS001")), failure: errors.map((c) => decodeURIComponent(c.data)).join("\n") };
  });
}

const transient: Array<[string, FakeFault]> = [
  ["a 502 twice", { path: LIST_FILES, times: 2, kind: "status", status: 502 }],
  ["a 500, 503 and 504", { path: LIST_FILES, times: 3, kind: "status", status: 503 }],
  ["a dropped connection", { path: LIST_FILES, times: 1, kind: "reset" }],
  ["an answer slower than the timeout", { path: LIST_FILES, times: 1, kind: "slow", delayMs: 3000 }],
  ["a JSON body cut short", { path: LIST_FILES, times: 1, kind: "truncated" }],
  ["a secondary rate limit (429, Retry-After)", { path: LIST_FILES, times: 1, kind: "secondary", status: 429, retryAfter: 1 }],
  ["a secondary rate limit (403, Retry-After)", { path: LIST_FILES, times: 1, kind: "secondary", status: 403, retryAfter: 2 }],
  ["a primary rate limit that resets in 2 s", { path: LIST_FILES, times: 1, kind: "rate-limit", resetIn: 2 }],
];

for (const [name, fault] of transient) {
  test(`${name} is retried and the scan completes`, async () => {
    const times = fault.times;
    const { run, listCalls, scanned } = await runWith([fault]);
    assert.ok(scanned, `the key is found after the retries\n${run.stdout}\n${run.stderr}`);
    assert.equal(run.code, 1, "and fails the check for it");
    assert.equal(listCalls, times + 1, "each fault retried once more, then answered");
  });
}

test("an API that stays down fails the step with the error, after the retries", async () => {
  const { run, listCalls, scanned, failure } = await runWith([{ path: LIST_FILES, times: 100, kind: "status", status: 502 }]);
  assert.equal(run.code, 1);
  assert.ok(!scanned);
  assert.equal(listCalls, 4, "one request and three retries");
  assert.match(failure, /HTTP 502/);
  assert.match(failure, /django-secret-scan could not scan/);
});

test("a primary rate limit that resets later than the bound fails at once, naming the limit and the reset time", async () => {
  const before = Date.now();
  const { run, listCalls, failure } = await runWith([{ path: LIST_FILES, times: 100, kind: "rate-limit", resetIn: 3600 }]);
  assert.equal(run.code, 1);
  assert.equal(listCalls, 1, "no waiting an hour, no retry");
  const m = /rate limit of 1000 requests an hour \(core\) is used up until (\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(failure);
  assert.ok(m, failure);
  const reset = Date.parse(m[1]!);
  assert.ok(Math.abs(reset - (before + 3_600_000)) < 10_000, "the reset time is the one GitHub sent");
});

test("a body that is never valid JSON fails the step saying so", async () => {
  const { run, failure } = await runWith([{ path: LIST_FILES, times: 100, kind: "truncated" }]);
  assert.equal(run.code, 1);
  assert.match(failure, /not valid JSON/);
});
