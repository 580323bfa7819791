// scan-history: each commit of a pull request, from local git (real commits) or from the fake API,
// scanned for keys a later commit removed. Keys are made up at random for each run.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { resolveChangeSet } from "../../src/changes/change-set.ts";
import type { ChangeContext } from "../../src/changes/change-set.ts";
import { parentsFirst } from "../../src/changes/history.ts";
import { showFile } from "../../src/changes/local-git.ts";
import { ChangeSetError } from "../../src/changes/types.ts";
import type { ChangeSet } from "../../src/changes/types.ts";
import { pathFilter } from "../../src/io/path-filter.ts";
import { decodeBytes } from "../../src/io/read-file.ts";
import type { ReadResult } from "../../src/io/read-file.ts";
import { scanFiles } from "../../src/scan-files.ts";
import type { ScanOutcome } from "../../src/scan-files.ts";
import { cleanSubject, scanHistory, type ScanTargets } from "../../src/scan-history.ts";
import { withFakeGitHub } from "../helpers/fake-github.ts";
import type { FakeCommit, FakeFile, FakeState } from "../helpers/fake-github.ts";
import { addedPatch, blobSha } from "../helpers/e2e.ts";
import { tempDir, tempRepo } from "./git-fixture.ts";
import { startprojectKey } from "../helpers/keys.ts";

/** A key in the shape `startproject` writes; `'` is not in the alphabet, so it quotes safely. */
const newKey = startprojectKey;
const withKey = (key: string) => `import os\n\nDEBUG = False\nSECRET_KEY = '${key}'\n`;
const fromEnv = 'import os\n\nDEBUG = False\nSECRET_KEY = os.environ["SECRET_KEY"]\n';

const examples: { name: string; examples: any[] }[] = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("@octokit/webhooks-examples"), "utf8"));
function payload(opts: { number?: number; base: string; head: string; commits?: number }): any {
  const p = structuredClone(examples.find((e) => e.name === "pull_request")!.examples.find((x) => x.action === "synchronize"));
  p.number = p.pull_request.number = opts.number ?? 7;
  p.pull_request.base.sha = opts.base;
  p.pull_request.head.sha = opts.head;
  if (opts.commits === undefined) delete p.pull_request.commits;
  else p.pull_request.commits = opts.commits;
  return p;
}

const emptyCheckout = tempDir();
after(() => rmSync(emptyCheckout, { recursive: true, force: true }));

function context(over: Partial<ChangeContext>): ChangeContext {
  return { eventName: "pull_request", payload: {}, workspace: emptyCheckout, sha: "e".repeat(40), owner: "octo", repo: "hello", wholeRepository: false, ...over };
}

/** The callback main passes: scanFiles with the net scan's filter, scope added-lines. Records every read. */
function scanner(exclude: string[] = []): { scan: ScanTargets; reads: string[] } {
  const reads: string[] = [];
  const filter = pathFilter([], exclude);
  return {
    reads,
    scan: (targets, read) => scanFiles({ targets, filter, scope: "added-lines", read: (p) => (reads.push(p), read(p)) }),
  };
}

const netScan = (cs: ChangeSet, read: (path: string) => Promise<ReadResult>): Promise<ScanOutcome> =>
  scanFiles({ targets: cs.files.map((f) => ({ path: f.path, addedLines: f.addedLines })), filter: pathFilter([], []), scope: "added-lines", read });

const atHead = (dir: string, head: string) => async (path: string): Promise<ReadResult> => {
  const bytes = await showFile(dir, head, path);
  return bytes ? decodeBytes(bytes) : { ok: false, reason: "missing" };
};

test("local git: a key added in commit 2 and removed in commit 3 is reported at commit 2, for no API request", async () => {
  const repo = tempRepo();
  try {
    repo.write("mysite/settings.py", fromEnv.replace(/^SECRET_KEY.*\n/m, ""));
    const base = repo.commit("start");
    repo.write("mysite/settings.py", withKey(newKey()));
    const added = repo.commit("Add settings\u001b[31m with a key");
    repo.write("mysite/settings.py", fromEnv);
    const head = repo.commit("Read the key from the environment");
    const ctx = context({ payload: payload({ base, head, commits: 2 }), workspace: repo.dir });
    const changes = await resolveChangeSet(ctx);
    const net = await netScan(changes, atHead(repo.dir, head));
    assert.equal(net.findings.filter((f) => f.secret).length, 0, "the net diff shows no key");

    const history = await scanHistory(ctx, changes, net, scanner().scan);
    assert.ok(history);
    assert.deepEqual([history.source, history.commits, history.requests], ["local git", 2, 0]);
    assert.equal(history.findings.length, 1);
    const f = history.findings[0]!;
    assert.deepEqual([f.ruleId, f.path, f.span.line, f.commit?.sha], ["DJS001", "mysite/settings.py", 4, added]);
    assert.equal(f.commit?.subject, "Add settings [31m with a key", "control characters stripped from the subject");
    assert.ok(f.message.includes(`Added in commit ${added.slice(0, 7)} ("Add settings [31m with a key")`), f.message);
    assert.match(f.message, /removing it in a later commit does not un-leak it/);

    // The fingerprint is the engine's own (rule, path, value): a baseline entry for the key matches it.
    const direct = await scanFiles({ targets: [{ path: "mysite/settings.py", addedLines: "all" }], filter: pathFilter([], []), scope: "added-lines", read: atHead(repo.dir, added) });
    assert.equal(f.fingerprint, direct.findings.find((d) => d.ruleId === "DJS001")!.fingerprint);
  } finally {
    repo.remove();
  }
});

test("local git: a key still at head is reported once, by the net diff; a suppressed one not at all", async () => {
  const repo = tempRepo();
  try {
    repo.write("README.md", "hello\n");
    const base = repo.commit("start");
    const demo = withKey(newKey());
    repo.write("a/settings.py", withKey(newKey()));
    repo.write("b/settings.py", demo);
    repo.commit("keys");
    // The next commit accepts b's key with a suppression on its line: its first version is not news either.
    repo.write("b/settings.py", demo.replace(/'\n$/, "'  # django-secret-scan: ignore[DJS001] the key of a throwaway demo\n"));
    const head = repo.commit("accept the demo key");
    const ctx = context({ payload: payload({ base, head, commits: 2 }), workspace: repo.dir });
    const changes = await resolveChangeSet(ctx);
    const net = await netScan(changes, atHead(repo.dir, head));
    assert.equal(net.findings.filter((f) => f.ruleId === "DJS001").length, 1);
    assert.equal(net.suppressed.length, 1);
    const history = await scanHistory(ctx, changes, net, scanner().scan);
    assert.deepEqual(history?.findings, []);
  } finally {
    repo.remove();
  }
});

test("local git: merge commits are skipped with a note; the commits they merge are scanned", async () => {
  const repo = tempRepo();
  try {
    repo.write("README.md", "hello\n");
    const base = repo.commit("start");
    repo.git("checkout", "--quiet", "-b", "side");
    repo.write("side/settings.py", withKey(newKey()));
    const sideAdded = repo.commit("side adds a key");
    repo.write("side/settings.py", fromEnv);
    repo.commit("side removes it");
    repo.git("checkout", "--quiet", "-b", "feature", base);
    repo.write("feature.py", "A = 1\n");
    repo.commit("feature");
    repo.git("merge", "--quiet", "--no-ff", "-m", "Merge side", "side");
    const head = repo.git("rev-parse", "HEAD").trim();
    const ctx = context({ payload: payload({ base, head, commits: 4 }), workspace: repo.dir });
    const changes = await resolveChangeSet(ctx);
    const history = await scanHistory(ctx, changes, await netScan(changes, atHead(repo.dir, head)), scanner().scan);
    assert.equal(history?.commits, 4);
    assert.deepEqual(history?.findings.map((f) => [f.path, f.commit?.sha]), [["side/settings.py", sideAdded]]);
    assert.ok(history?.notes.some((n) => n.startsWith("1 merge commit of the pull request not scanned on its own")), history?.notes.join("\n"));
  } finally {
    repo.remove();
  }
});

test("a pull request of one commit: its diff is the net diff, nothing more to list", async () => {
  await withFakeGitHub({}, async (gh, octokit) => {
    const ctx = context({ payload: payload({ base: "a".repeat(40), head: "b".repeat(40), commits: 1 }), octokit });
    const changes: ChangeSet = { kind: "diff", headSha: "b".repeat(40), files: [], source: "pulls.listFiles", notes: [] };
    const history = await scanHistory(ctx, changes, { findings: [], suppressed: [] }, scanner().scan);
    assert.deepEqual(history, { findings: [], commits: 1, source: "the net diff", requests: 0, notes: [] });
    assert.equal(gh.requests.length, 0);
  });
});

test("not a pull request, or scope repository: no history", async () => {
  const changes: ChangeSet = { kind: "diff", headSha: "b".repeat(40), files: [], source: "compare API", notes: [] };
  assert.equal(await scanHistory(context({ eventName: "push" }), changes, { findings: [], suppressed: [] }, scanner().scan), undefined);
  const repoScan: ChangeSet = { ...changes, kind: "repository" };
  assert.equal(await scanHistory(context({ wholeRepository: true, payload: payload({ base: "a".repeat(40), head: "b".repeat(40), commits: 3 }) }), repoScan, { findings: [], suppressed: [] }, scanner().scan), undefined);
});

// ---- The API path: a pull request made of file snapshots, one per commit. ----

type Tree = Record<string, string>;
const BASE = "a".repeat(40);
const commitSha = (i: number) => "c" + (i + 1).toString(16).padStart(39, "0");

interface ApiPr {
  state: FakeState;
  commits: FakeCommit[];
  head: string;
  changes: ChangeSet;
  readHead(path: string): Promise<ReadResult>;
}

/** Each tree is the whole repository after that commit (`null` deletes); patches replace a file's lines whole. */
function apiPr(trees: Array<Record<string, string | null>>, messages: string[] = []): ApiPr {
  const state: FakeState = { pullCommits: { 7: [] }, commits: {}, blobs: {} };
  const commits: FakeCommit[] = [];
  let tree: Tree = {};
  let parent = BASE;
  trees.forEach((change, i) => {
    const sha = commitSha(i);
    const files: FakeFile[] = [];
    const next: Tree = { ...tree };
    for (const [path, text] of Object.entries(change)) {
      const old = tree[path];
      if (text === null) {
        delete next[path];
        files.push({ filename: path, status: "removed", additions: 0, deletions: old!.split("\n").length - 1, sha: null });
        continue;
      }
      next[path] = text;
      state.blobs![blobSha(text)] = text;
      const n = text.split("\n").length - 1;
      const patch = old === undefined ? addedPatch(text) : `@@ -1,${old.split("\n").length - 1} +1,${n} @@\n${old.replace(/\n$/, "").split("\n").map((l) => `-${l}`).join("\n")}\n${text.replace(/\n$/, "").split("\n").map((l) => `+${l}`).join("\n")}`;
      files.push({ filename: path, status: old === undefined ? "added" : "modified", additions: n, patch, sha: blobSha(text) });
    }
    const message = messages[i] ?? `commit ${i + 1}`;
    state.commits![sha] = { files, parents: [{ sha: parent }], message };
    commits.push({ sha, commit: { message }, parents: [{ sha: parent }] });
    tree = next;
    parent = sha;
  });
  state.pullCommits![7] = commits;
  const head = parent;
  const changes: ChangeSet = {
    kind: "diff",
    headSha: head,
    baseSha: BASE,
    files: Object.entries(tree).map(([path, text]) => ({ path, status: "added", addedLines: "all", blobSha: blobSha(text) })),
    source: "pulls.listFiles",
    notes: [],
  };
  const final = tree;
  return { state, commits, head, changes, readHead: async (p) => (p in final ? decodeBytes(Buffer.from(final[p]!)) : { ok: false, reason: "missing" }) };
}

const blobRequests = (requests: Array<{ path: string }>) => requests.filter((r) => r.path.includes("/git/blobs/")).map((r) => r.path.split("/").pop());

test("API: the key a later commit removed, at the commit that added it; every request counted", async () => {
  const key = newKey();
  const pr = apiPr([{ "app/settings.py": withKey(key), "docs/a.md": "a\n" }, { "app/settings.py": fromEnv }], ["Add the app's settings", "Key from the environment"]);
  await withFakeGitHub(pr.state, async (gh, octokit) => {
    const ctx = context({ payload: payload({ base: BASE, head: pr.head, commits: 2 }), octokit });
    const net = await netScan(pr.changes, pr.readHead);
    const { scan, reads } = scanner();
    const history = await scanHistory(ctx, pr.changes, net, scan);
    assert.ok(history);
    assert.equal(history.source, "pulls.listCommits");
    assert.deepEqual(history.findings.map((f) => [f.ruleId, f.path, f.commit?.sha, f.commit?.subject]), [["DJS001", "app/settings.py", commitSha(0), "Add the app's settings"]]);
    // docs/a.md and the head's settings.py are the versions the net scan read: not fetched again.
    assert.deepEqual(blobRequests(gh.requests), [blobSha(withKey(key))]);
    assert.deepEqual(reads, ["app/settings.py"]);
    const paths = gh.requests.map((r) => r.path.replace("/repos/octo/hello", ""));
    assert.deepEqual(paths, ["/pulls/7/commits", `/commits/${commitSha(0)}`, `/git/blobs/${blobSha(withKey(key))}`, `/commits/${commitSha(1)}`]);
    assert.equal(history.requests, gh.requests.length, "1 list page + 2 commits + 1 blob");
    assert.equal(gh.requests[0]!.query.per_page, "100");
  });
});

test("API: a commit that only deletes lines from a file costs no read of it", async () => {
  const pr = apiPr([{ "a.py": "A = 1\nB = 2\n" }, { "a.py": "A = 1\n" }, { "a.py": "A = 3\n" }]);
  const deleting = pr.state.commits![commitSha(1)]!.files[0]!;
  Object.assign(deleting, { additions: 0, deletions: 1, patch: "@@ -2 +1,0 @@\n-B = 2" });
  await withFakeGitHub(pr.state, async (gh, octokit) => {
    const ctx = context({ payload: payload({ base: BASE, head: pr.head, commits: 3 }), octokit });
    const history = await scanHistory(ctx, pr.changes, { findings: [], suppressed: [] }, scanner().scan);
    assert.equal(history?.commits, 3);
    assert.deepEqual(blobRequests(gh.requests), [blobSha("A = 1\nB = 2\n")], "the first version only: the second adds nothing, the third is the head's");
  });
});

test("API: 150 commits are listed 100 a page; an excluded path is never read", async () => {
  const trees: Array<Record<string, string | null>> = Array.from({ length: 150 }, (_, i) => ({ [`notes/${i}.md`]: `note ${i}\n` }));
  trees[10] = { "vendor/lib/settings.py": withKey(newKey()), "docs/conf.py": withKey(newKey()) };
  trees[11] = { "vendor/lib/settings.py": null, "docs/conf.py": null };
  const pr = apiPr(trees);
  await withFakeGitHub(pr.state, async (gh, octokit) => {
    const ctx = context({ payload: payload({ base: BASE, head: pr.head, commits: 150 }), octokit });
    const history = await scanHistory(ctx, pr.changes, await netScan(pr.changes, pr.readHead), scanner(["docs/"]).scan);
    assert.equal(history?.commits, 150);
    assert.deepEqual(history?.findings, [], "vendor/ (a default exclude) and docs/ (excluded here) are not scanned");
    const pages = gh.requests.filter((r) => r.path.endsWith("/pulls/7/commits"));
    assert.deepEqual(pages.map((r) => [r.query.per_page, r.query.page ?? "1"]), [["100", "1"], ["100", "2"]]);
    assert.deepEqual(blobRequests(gh.requests), [], "no blob read: every note is at head, the excluded files are skipped before reading");
    assert.equal(history?.requests, 2 + 150);
  });
});

test("API: over 250 commits are listed with the compare API, 100 a page", async () => {
  const trees: Array<Record<string, string | null>> = Array.from({ length: 260 }, (_, i) => ({ [`n/${i}.md`]: `${i}\n` }));
  trees[255] = { "app/settings.py": withKey(newKey()) };
  trees[256] = { "app/settings.py": fromEnv };
  const pr = apiPr(trees);
  pr.state.compares = { [`${BASE}...${pr.head}`]: { files: [], commits: pr.commits } };
  await withFakeGitHub(pr.state, async (gh, octokit) => {
    const ctx = context({ payload: payload({ base: BASE, head: pr.head, commits: 260 }), octokit });
    const history = await scanHistory(ctx, pr.changes, await netScan(pr.changes, pr.readHead), scanner().scan);
    assert.equal(history?.source, "compare API");
    assert.equal(history?.commits, 260);
    assert.deepEqual(history?.findings.map((f) => f.commit?.sha), [commitSha(255)]);
    assert.equal(gh.requests.filter((r) => r.path.includes("/pulls/")).length, 0, "pulls.listCommits could not hold it: not asked");
    const pages = gh.requests.filter((r) => r.path.includes("/compare/"));
    assert.deepEqual(pages.map((r) => [r.query.per_page, r.query.page]), [["100", "1"], ["100", "2"], ["100", "3"]]);
    assert.equal(history?.requests, 3 + 260 + 1);
    assert.ok(history?.notes.some((n) => /compare API .*260 commits/.test(n)), history?.notes.join("\n"));
  });
});

test("API: without a count in the event, a list of 250 (the cap) is not trusted", async () => {
  const trees = Array.from({ length: 251 }, (_, i) => ({ [`n/${i}.md`]: `${i}\n` }));
  const pr = apiPr(trees);
  pr.state.compares = { [`${BASE}...${pr.head}`]: { files: [], commits: pr.commits } };
  await withFakeGitHub(pr.state, async (gh, octokit) => {
    const ctx = context({ payload: payload({ base: BASE, head: pr.head }), octokit });
    const history = await scanHistory(ctx, pr.changes, await netScan(pr.changes, pr.readHead), scanner().scan);
    assert.equal(history?.source, "compare API");
    assert.equal(history?.commits, 251);
    assert.equal(gh.requests.filter((r) => r.path.endsWith("/pulls/7/commits")).length, 3);
  });
});

test("API: a pull request that moved on since the event is listed at the event's head through compare", async () => {
  const key = newKey();
  const pr = apiPr([{ "s.py": withKey(key) }, { "s.py": fromEnv }, { "later.py": "A = 1\n" }]);
  // The event saw two commits; the pull request now has a third on top.
  const eventHead = commitSha(1);
  pr.state.compares = { [`${BASE}...${eventHead}`]: { files: [], commits: pr.commits.slice(0, 2) } };
  const changes: ChangeSet = { ...pr.changes, headSha: eventHead, files: [{ path: "s.py", status: "added", addedLines: "all", blobSha: blobSha(fromEnv) }] };
  await withFakeGitHub(pr.state, async (gh, octokit) => {
    const ctx = context({ payload: payload({ base: BASE, head: eventHead, commits: 2 }), octokit });
    const history = await scanHistory(ctx, changes, { findings: [], suppressed: [] }, scanner().scan);
    assert.equal(history?.source, "compare API");
    assert.deepEqual(history?.findings.map((f) => f.commit?.sha), [commitSha(0)]);
    assert.ok(!gh.requests.some((r) => r.path.endsWith(`/commits/${commitSha(2)}`)), "the commit after the event's head is not scanned");
  });
});

test("API: a listing that fails, fails closed with what to do", async () => {
  const pr = apiPr([{ "a.py": "A = 1\n" }, { "a.py": "A = 2\n" }]);
  delete pr.state.pullCommits;
  await withFakeGitHub(pr.state, async (_gh, octokit) => {
    const ctx = context({ payload: payload({ base: BASE, head: pr.head, commits: 2 }), octokit });
    await assert.rejects(scanHistory(ctx, pr.changes, { findings: [], suppressed: [] }, scanner().scan), (err: unknown) => {
      assert.ok(err instanceof ChangeSetError);
      assert.match(err.message, /Could not list the pull request's commits .*HTTP 404/);
      assert.match(err.message, /fetch-depth: 0/);
      assert.match(err.message, /pull-requests: read/);
      assert.match(err.message, /scan-history: false/);
      return true;
    });
  });
  const listed = apiPr([{ "a.py": "A = 1\n" }, { "a.py": "A = 2\n" }]);
  delete listed.state.commits![commitSha(1)];
  await withFakeGitHub(listed.state, async (_gh, octokit) => {
    const ctx = context({ payload: payload({ base: BASE, head: listed.head, commits: 2 }), octokit });
    await assert.rejects(scanHistory(ctx, listed.changes, { findings: [], suppressed: [] }, scanner().scan), /files of commit c000000 .*fetch-depth: 0/);
  });
  // No token and no history in the checkout: nothing to list with.
  const ctx = context({ payload: payload({ base: BASE, head: pr.head, commits: 2 }) });
  await assert.rejects(scanHistory(ctx, pr.changes, { findings: [], suppressed: [] }, scanner().scan), /needs its history or the action a GitHub token/);
});

test("API: a file version that cannot be read is a note, not a failure", async () => {
  const pr = apiPr([{ "s.py": withKey(newKey()) }, { "s.py": fromEnv }]);
  pr.state.blobs = {};
  await withFakeGitHub(pr.state, async (_gh, octokit) => {
    const ctx = context({ payload: payload({ base: BASE, head: pr.head, commits: 2 }), octokit });
    const history = await scanHistory(ctx, pr.changes, { findings: [], suppressed: [] }, scanner().scan);
    assert.deepEqual(history?.findings, []);
    assert.ok(history?.notes.some((n) => /^A file could not be read at the commit that changed it.*s\.py@c000000/.test(n)), history?.notes.join("\n"));
  });
});

test("API: more commits than the budget allows fails before spending requests", async () => {
  await withFakeGitHub({}, async (gh, octokit) => {
    const ctx = context({ payload: payload({ base: BASE, head: "b".repeat(40), commits: 900 }), octokit });
    const changes: ChangeSet = { kind: "diff", headSha: "b".repeat(40), files: [], source: "pulls.listFiles", notes: [] };
    await assert.rejects(scanHistory(ctx, changes, { findings: [], suppressed: [] }, scanner().scan), /has 900 commits.*1,000 requests an hour.*fetch-depth: 0/);
    assert.equal(gh.requests.length, 0);
  });
});

test("commits are scanned parents first, whatever order they are listed in", () => {
  const c = (sha: string, ...parents: string[]) => ({ sha, parents });
  const listed = [c("d", "c"), c("b", "a"), c("m", "b", "d"), c("c", "b")];
  assert.deepEqual(parentsFirst(listed).map((x) => x.sha), ["b", "c", "d", "m"]);
  // A malformed list with a cycle still ends.
  assert.equal(parentsFirst([c("x", "y"), c("y", "x")]).length, 2);
});

test("a subject that quotes the key it commits does not carry it", async () => {
  const key = newKey();
  const { findings } = await scanFiles({ targets: [{ path: "s.py", addedLines: "all" }], filter: pathFilter([], []), scope: "added-lines", read: async () => decodeBytes(Buffer.from(withKey(key))) });
  const secret = findings.find((f) => f.secret)!.secret!;
  const password = "Tr0ub4dor&3-horse-battery";
  const pw = (await scanFiles({ targets: [{ path: "settings.py", addedLines: "all" }], filter: pathFilter([], []), scope: "added-lines", read: async () => decodeBytes(Buffer.from(`DATABASES = {"default": {"PASSWORD": "${password}"}}\n`)) })).findings.find((f) => f.secret)?.secret;
  assert.ok(pw, "the password is found");
  for (const subject of [`Add ${key}`, `SECRET_KEY='${key}' for now`, `set "${key}"`]) {
    const clean = cleanSubject(subject, secret);
    assert.ok(!clean.includes(key.slice(16, 36)), "no part of the key");
    assert.match(clean, /\[redacted\]/);
  }
  assert.equal(cleanSubject(`db password=${password}, temporary`, pw), "db [redacted] temporary");
  assert.equal(cleanSubject(`Another key django-insecure-${"x".repeat(50)} here`), "Another key django-insecure-[redacted] here");
});

test("a commit subject is cleaned and capped before it is quoted", () => {
  assert.equal(cleanSubject("fix\u0000 ::error::\u202e evil\ttab"), "fix ::error:: evil tab");
  const long = cleanSubject("x".repeat(200));
  assert.equal([...long].length, 72);
  assert.ok(long.endsWith("…"));
});
