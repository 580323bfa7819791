import { after, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getOctokit } from "@actions/github";
import type { ChangeContext } from "../../src/changes/change-set.ts";
import { gitBlobSha, readAtHead } from "../../src/changes/contents.ts";
import type { ChangedFile, ChangeSet } from "../../src/changes/types.ts";
import { withFakeGitHub } from "../helpers/fake-github.ts";
import { tempDir, tempRepo } from "./git-fixture.ts";

const HEAD = "c".repeat(40);
const MERGE = "e".repeat(40);
const HEAD_TEXT = "SECRET_KEY = 'head version'\n";
const MERGE_TEXT = "SECRET_KEY = 'merge commit version'\nX = 1\n";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function checkout(files: Record<string, string>): string {
  const dir = tempDir();
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

const changeSet = (files: ChangedFile[]): ChangeSet => ({ kind: "diff", headSha: HEAD, baseSha: "b".repeat(40), files, source: "pulls.listFiles", notes: [] });
const changed = (path: string, blobSha?: string): ChangedFile => ({ path, status: "modified", addedLines: new Set([1]), ...(blobSha ? { blobSha } : {}) });


const ctxFor = (workspace: string, octokit?: ReturnType<typeof getOctokit>): ChangeContext => ({
  eventName: "pull_request",
  payload: {},
  workspace,
  sha: MERGE, // the default pull_request checkout: the merge commit, not head
  owner: "octo",
  repo: "hello",
  wholeRepository: false,
  ...(octokit ? { octokit } : {}),
});

test("gitBlobSha is git's object id", () => {
  assert.equal(gitBlobSha(new TextEncoder().encode("hello\n")), "ce013625030ba8dba906f756967f9e9ca394464a");
  assert.equal(gitBlobSha(new Uint8Array()), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
});

test("readAtHead: the checkout holds head's blob, so no request is made", async () => {
  const file = changed("settings.py", gitBlobSha(Buffer.from(HEAD_TEXT)));
  await withFakeGitHub({}, async (gh, octokit) => {
    const read = await readAtHead(file, changeSet([file]), ctxFor(checkout({ "settings.py": HEAD_TEXT }), octokit));
    assert.deepEqual(read, { ok: true, text: HEAD_TEXT, notes: [] });
    assert.equal(gh.requests.length, 0);
  });
});

test("readAtHead: the checkout differs from head, so head's blob is read from the API", async () => {
  const headSha = gitBlobSha(Buffer.from(HEAD_TEXT));
  const file = changed("settings.py", headSha);
  await withFakeGitHub({ blobs: { [headSha]: HEAD_TEXT } }, async (gh, octokit) => {
    const read = await readAtHead(file, changeSet([file]), ctxFor(checkout({ "settings.py": MERGE_TEXT }), octokit));
    assert.deepEqual(read, { ok: true, text: HEAD_TEXT, notes: [] });
    assert.deepEqual(gh.requests.map((r) => r.path), [`/repos/octo/hello/git/blobs/${headSha}`]);
  });
});

test("readAtHead: a file missing from the checkout is read from the API at head", async () => {
  await withFakeGitHub({ contents: { [`app/settings.py@${HEAD}`]: HEAD_TEXT } }, async (gh, octokit) => {
    const file = changed("app/settings.py");
    const read = await readAtHead(file, changeSet([file]), ctxFor(checkout({}), octokit));
    assert.deepEqual(read, { ok: true, text: HEAD_TEXT, notes: [] });
    assert.equal(gh.requests[0]!.query.ref, HEAD);

    const byBlob = changed("gone/settings.py", "d".repeat(40));
    await withFakeGitHub({ blobs: { ["d".repeat(40)]: "DEBUG = True\n" } }, async (_gh2, octokit2) => {
      const viaBlob = await readAtHead(byBlob, changeSet([byBlob]), ctxFor(checkout({}), octokit2));
      assert.deepEqual(viaBlob, { ok: true, text: "DEBUG = True\n", notes: [] });
    });
  });
});

test("readAtHead: a file over 1 MB comes from getContent without content, then from its blob", async () => {
  const big = "# padding\n".repeat(120_000) + HEAD_TEXT;
  const sha = gitBlobSha(Buffer.from(big));
  await withFakeGitHub({ contents: { [`settings.py@${HEAD}`]: big }, blobs: { [sha]: big } }, async (gh, octokit) => {
    const file = changed("settings.py");
    const read = await readAtHead(file, changeSet([file]), ctxFor(checkout({}), octokit));
    assert.ok(read.ok && read.text === big);
    assert.deepEqual(gh.requests.map((r) => r.path), ["/repos/octo/hello/contents/settings.py", `/repos/octo/hello/git/blobs/${sha}`]);
  });
});

test("readAtHead: with head in the local repository, git supplies the head version", async () => {
  const repo = tempRepo();
  try {
    repo.write("settings.py", HEAD_TEXT);
    const head = repo.commit("head");
    repo.write("settings.py", MERGE_TEXT); // the working tree is not head
    const file = changed("settings.py"); // no blob sha known: git names it
    const cs = { ...changeSet([file]), headSha: head };
    const read = await readAtHead(file, cs, { ...ctxFor(repo.dir), sha: head });
    assert.deepEqual(read, { ok: true, text: HEAD_TEXT, notes: [] });
  } finally {
    repo.remove();
  }
});

test("readAtHead: a symbolic link is read as git stores it, its target path", async () => {
  const repo = tempRepo();
  try {
    repo.write("base.py", MERGE_TEXT);
    symlinkSync("base.py", join(repo.dir, "link.py"));
    const head = repo.commit("head");
    const file = changed("link.py");
    const read = await readAtHead(file, { ...changeSet([file]), headSha: head }, { ...ctxFor(repo.dir), sha: head });
    assert.deepEqual(read, { ok: true, text: "base.py", notes: [] });
  } finally {
    repo.remove();
  }
});

test("readAtHead: when nothing can supply head's version, a reason the caller reports as unreadable", async () => {
  const file = changed("settings.py", gitBlobSha(Buffer.from(HEAD_TEXT)));
  const noToken = await readAtHead(file, changeSet([file]), ctxFor(checkout({ "settings.py": MERGE_TEXT })));
  assert.equal(noToken.ok, false);
  assert.match(!noToken.ok ? noToken.reason : "", /^could not be read at c{12} \(the checkout holds another version; local git: .*; GitHub API: no token\)$/);

  await withFakeGitHub({}, async (_gh, octokit) => {
    const read = await readAtHead(file, changeSet([file]), ctxFor(checkout({}), octokit));
    assert.equal(read.ok, false);
    assert.match(!read.ok ? read.reason : "", /checkout: not in the checkout; .*GitHub API: HTTP 404/);
  });
});
