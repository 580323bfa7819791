import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { resolveChangeSet } from "../../src/changes/change-set.ts";
import type { ChangeContext } from "../../src/changes/change-set.ts";
import { ChangeSetError } from "../../src/changes/types.ts";
import type { ChangedFile } from "../../src/changes/types.ts";
import { withFakeGitHub } from "../helpers/fake-github.ts";
import type { FakeFile, FakeState } from "../helpers/fake-github.ts";
import { lines, tempDir, tempRepo } from "./git-fixture.ts";

// Real webhook payloads, as GitHub sends them; tests override only the fields they are about.
const examples: { name: string; examples: any[] }[] = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("@octokit/webhooks-examples"), "utf8"),
);
function payload(event: string, pick: (p: any) => boolean = () => true): any {
  const found = examples.find((e) => e.name === event)?.examples.find(pick);
  assert.ok(found, `an example ${event} payload`);
  return structuredClone(found);
}

const sha = (c: string) => c.repeat(40);
const ZERO = sha("0");
const BASE = sha("b");
const HEAD = sha("c");

function prPayload(opts: { number?: number; base?: string; head?: string; changedFiles: number }): any {
  const p = payload("pull_request", (x) => x.action === "synchronize");
  p.number = p.pull_request.number = opts.number ?? 7;
  p.pull_request.base.sha = opts.base ?? BASE;
  p.pull_request.head.sha = opts.head ?? HEAD;
  p.pull_request.changed_files = opts.changedFiles;
  return p;
}


// A checkout with no git repository: no commit is ever local there.
const emptyCheckout = tempDir();
after(() => rmSync(emptyCheckout, { recursive: true, force: true }));

function context(over: Partial<ChangeContext>): ChangeContext {
  return { eventName: "push", payload: {}, workspace: emptyCheckout, sha: HEAD, owner: "octo", repo: "hello", wholeRepository: false, ...over };
}

const file = (filename: string, over: Partial<FakeFile> = {}): FakeFile => ({
  filename,
  status: "modified",
  additions: 1,
  patch: "@@ -1 +1 @@\n-old\n+new",
  sha: sha("a"),
  ...over,
});

const linesOf = (f: ChangedFile | undefined) => (f === undefined ? undefined : f.addedLines === "all" ? "all" : [...f.addedLines].sort((a, b) => a - b));

test("pull_request: 250 files over three pages, every one listed", async () => {
  const files = Array.from({ length: 250 }, (_, i) => file(`app/f${i}.py`, { sha: (i + 1).toString(16).padStart(40, "0") }));
  await withFakeGitHub({ pullFiles: { 42: files } }, async (gh, octokit) => {
    const cs = await resolveChangeSet(context({ eventName: "pull_request", payload: prPayload({ number: 42, changedFiles: 250 }), octokit, sha: sha("e") }));
    assert.equal(cs.kind, "diff");
    assert.equal(cs.source, "pulls.listFiles");
    assert.equal(cs.headSha, HEAD);
    assert.equal(cs.baseSha, BASE);
    assert.deepEqual(cs.files.map((f) => f.path), files.map((f) => f.filename));
    assert.deepEqual(linesOf(cs.files[249]), [1]);
    assert.equal(cs.files[0]!.blobSha, "1".padStart(40, "0"));
    const pages = gh.requests.filter((r) => r.path === "/repos/octo/hello/pulls/42/files");
    assert.deepEqual(pages.map((r) => [r.query.per_page, r.query.page ?? "1"]), [["100", "1"], ["100", "2"], ["100", "3"]]);
  });
});

test("pull_request: a deleted file and a submodule bump are counted, a renamed file listed under its new name", async () => {
  const state: FakeState = {
    pullFiles: {
      7: [
        file("old_settings.py", { status: "removed", additions: 0, deletions: 3, patch: "@@ -1,3 +0,0 @@\n-a\n-b\n-c" }),
        file("conf/settings.py", { status: "renamed", previous_filename: "settings.py", additions: 1, patch: "@@ -4,2 +4,2 @@ x\n a\n-b\n+SECRET_KEY = 'x'" }),
        file("conf/moved.py", { status: "renamed", previous_filename: "moved.py", additions: 0, patch: undefined }),
        file("logo.png", { status: "added", additions: 0, patch: undefined }),
        file("vendor/lib", { patch: `@@ -1 +1 @@\n-Subproject commit ${sha("1")}\n+Subproject commit ${sha("2")}`, sha: sha("2") }),
      ],
    },
  };
  await withFakeGitHub(state, async (_gh, octokit) => {
    const cs = await resolveChangeSet(context({ eventName: "pull_request_target", payload: prPayload({ changedFiles: 5 }), octokit }));
    assert.deepEqual(cs.files.map((f) => [f.path, f.status, f.previousPath, linesOf(f)]), [
      ["conf/settings.py", "renamed", "settings.py", [5]],
      ["conf/moved.py", "renamed", "moved.py", []], // a pure rename adds no line
      ["logo.png", "added", undefined, "all"], // binary to GitHub: read whole, decodeBytes decides
    ]);
    assert.ok(cs.notes.some((n) => n.startsWith("1 deleted file skipped")), cs.notes.join("\n"));
    assert.ok(cs.notes.some((n) => n.startsWith("1 submodule skipped (vendor/lib)")), cs.notes.join("\n"));
  });
});

test("pull_request: a diff too large for the API comes from local git when both commits are there", async () => {
  const repo = tempRepo();
  try {
    repo.write("settings.py", lines(5));
    const base = repo.commit("base");
    repo.write("settings.py", lines(7, { 3: "SECRET_KEY = 'changed'", 7: "DEBUG = True" }));
    repo.write("small.py", "A = 1\n");
    const head = repo.commit("head");
    const state: FakeState = {
      pullFiles: { 3: [file("settings.py", { additions: 3, patch: undefined }), file("small.py", { status: "added", patch: "@@ -0,0 +1 @@\n+A = 1" })] },
    };
    await withFakeGitHub(state, async (_gh, octokit) => {
      const ctx = context({ eventName: "pull_request", payload: prPayload({ number: 3, base, head, changedFiles: 2 }), octokit, workspace: repo.dir });
      const cs = await resolveChangeSet(ctx);
      assert.equal(cs.source, "pulls.listFiles + local git");
      assert.deepEqual(linesOf(cs.files.find((f) => f.path === "settings.py")), [3, 6, 7]);
      assert.deepEqual(linesOf(cs.files.find((f) => f.path === "small.py")), [1]);
      assert.ok(cs.notes.some((n) => n.includes("settings.py") && n.includes("local git")));
    });
  } finally {
    repo.remove();
  }
});

test("pull_request: a diff too large for the API, commits not in the checkout: ChangeSetError naming fetch-depth", async () => {
  const state: FakeState = { pullFiles: { 3: [file("settings.py", { additions: 3, patch: undefined })] } };
  await withFakeGitHub(state, async (_gh, octokit) => {
    const ctx = context({ eventName: "pull_request", payload: prPayload({ number: 3, changedFiles: 1 }), octokit });
    await assert.rejects(resolveChangeSet(ctx), (err: unknown) => {
      assert.ok(err instanceof ChangeSetError);
      assert.match(err.message, /settings\.py/);
      assert.match(err.message, /fetch-depth: 0/);
      return true;
    });
  });
});

test("pull_request: more files than the API lists falls back to local git for all of them", async () => {
  const repo = tempRepo();
  try {
    repo.write("a.py", "A = 1\n");
    const base = repo.commit("base");
    repo.write("a.py", "A = 2\n");
    repo.write("b.py", "B = 1\n");
    const head = repo.commit("head");
    await withFakeGitHub({ pullFiles: { 9: [file("a.py")] } }, async (_gh, octokit) => {
      const cs = await resolveChangeSet(
        context({ eventName: "pull_request", payload: prPayload({ number: 9, base, head, changedFiles: 3500 }), octokit, workspace: repo.dir }),
      );
      assert.equal(cs.source, "local git");
      assert.deepEqual(cs.files.map((f) => f.path), ["a.py", "b.py"]);
      assert.match(cs.notes.join("\n"), /listed 1 of the pull request's 3500/);
    });
    await withFakeGitHub({ pullFiles: { 9: [file("a.py")] } }, async (_gh, octokit) => {
      const ctx = context({ eventName: "pull_request", payload: prPayload({ number: 9, changedFiles: 3500 }), octokit });
      await assert.rejects(resolveChangeSet(ctx), /3500[\s\S]*fetch-depth: 0/);
    });
  } finally {
    repo.remove();
  }
});

test("pull_request without a token: local git, or a ChangeSetError", async () => {
  const repo = tempRepo();
  try {
    repo.write("a.py", "A = 1\n");
    const base = repo.commit("base");
    repo.write("a.py", "A = 2\nB = 3\n");
    const head = repo.commit("head");
    const cs = await resolveChangeSet(context({ eventName: "pull_request", payload: prPayload({ base, head, changedFiles: 1 }), workspace: repo.dir }));
    assert.equal(cs.source, "local git");
    assert.deepEqual(linesOf(cs.files[0]), [1, 2]);
    assert.equal(cs.files[0]!.blobSha, repo.git("rev-parse", `${head}:a.py`).trim());
    await assert.rejects(resolveChangeSet(context({ eventName: "pull_request", payload: prPayload({ changedFiles: 1 }) })), ChangeSetError);
  } finally {
    repo.remove();
  }
});

test("push: before...after through the compare API", async () => {
  const p = payload("push", (x) => x.ref.startsWith("refs/heads/"));
  Object.assign(p, { ref: "refs/heads/feature", before: BASE, after: HEAD, created: false, forced: false });
  const state: FakeState = { compares: { [`${BASE}...${HEAD}`]: { files: [file("settings.py"), file("gone.py", { status: "removed", additions: 0 })] } } };
  await withFakeGitHub(state, async (gh, octokit) => {
    const cs = await resolveChangeSet(context({ eventName: "push", payload: p, octokit }));
    assert.equal(cs.source, "compare API");
    assert.equal(cs.headSha, HEAD);
    assert.deepEqual(cs.files.map((f) => f.path), ["settings.py"]);
    assert.ok(cs.notes.some((n) => n.startsWith("1 deleted file skipped")));
    assert.deepEqual(gh.requests.map((r) => r.path), [`/repos/octo/hello/compare/${BASE}...${HEAD}`]);
  });
});

test("push: a new branch is compared with the default branch", async () => {
  const p = payload("push", (x) => x.ref.startsWith("refs/heads/") && x.created);
  Object.assign(p, { ref: "refs/heads/feature", before: ZERO, after: HEAD });
  const branch = p.repository.default_branch;
  const state: FakeState = { compares: { [`${branch}...${HEAD}`]: { files: [file("new.py", { status: "added" })], merge_base_sha: BASE, status: "ahead" } } };
  await withFakeGitHub(state, async (_gh, octokit) => {
    const cs = await resolveChangeSet(context({ eventName: "push", payload: p, octokit }));
    assert.equal(cs.kind, "diff");
    assert.equal(cs.baseSha, BASE);
    assert.deepEqual(cs.files.map((f) => f.path), ["new.py"]);
    assert.match(cs.notes.join("\n"), new RegExp(`created refs/heads/feature: compared with the default branch ${branch}`));
  });
});

test("push: the first push of the default branch, or no common history, scans the repository", async () => {
  const p = payload("push", (x) => x.ref.startsWith("refs/heads/") && x.created);
  Object.assign(p, { before: ZERO, after: HEAD });
  p.ref = `refs/heads/${p.repository.default_branch}`;
  await withFakeGitHub({}, async (gh, octokit) => {
    const cs = await resolveChangeSet(context({ eventName: "push", payload: p, octokit }));
    assert.equal(cs.kind, "repository");
    assert.equal(cs.headSha, HEAD);
    assert.match(cs.notes.join("\n"), /default branch/);
    assert.equal(gh.requests.length, 0);

    p.ref = "refs/heads/orphan";
    const orphan = await resolveChangeSet(context({ eventName: "push", payload: p, octokit }));
    assert.equal(orphan.kind, "repository");
    assert.match(orphan.notes.join("\n"), /404/);
  });
});

test("push: a deleted branch has nothing to scan", async () => {
  const p = payload("push", (x) => x.deleted === true);
  const cs = await resolveChangeSet(context({ eventName: "push", payload: p }));
  assert.equal(cs.kind, "diff");
  assert.deepEqual(cs.files, []);
  assert.match(cs.notes[0]!, /deleted/);
});

test("push: a before commit GitHub no longer has (force push) falls back to the default branch", async () => {
  const p = payload("push", (x) => x.ref.startsWith("refs/heads/"));
  Object.assign(p, { ref: "refs/heads/feature", before: BASE, after: HEAD, created: false, forced: true });
  const branch = p.repository.default_branch;
  const state: FakeState = { compares: { [`${branch}...${HEAD}`]: { files: [file("settings.py")], merge_base_sha: sha("d") } } };
  await withFakeGitHub(state, async (gh, octokit) => {
    const cs = await resolveChangeSet(context({ eventName: "push", payload: p, octokit }));
    assert.deepEqual(cs.files.map((f) => f.path), ["settings.py"]);
    assert.match(cs.notes.join("\n"), /no longer knows the commit before the push[\s\S]*compared with the default branch/);
    assert.deepEqual(gh.requests.map((r) => r.path), [`/repos/octo/hello/compare/${BASE}...${HEAD}`, `/repos/octo/hello/compare/${branch}...${HEAD}`]);
  });
});

test("push: 300 files (the compare cap) without the commits locally is a ChangeSetError", async () => {
  const p = payload("push", (x) => x.ref.startsWith("refs/heads/"));
  Object.assign(p, { ref: "refs/heads/feature", before: BASE, after: HEAD, created: false });
  const files = Array.from({ length: 300 }, (_, i) => file(`f${i}.py`));
  await withFakeGitHub({ compares: { [`${BASE}...${HEAD}`]: { files } } }, async (_gh, octokit) => {
    await assert.rejects(resolveChangeSet(context({ eventName: "push", payload: p, octokit })), (err: unknown) => {
      assert.ok(err instanceof ChangeSetError);
      assert.match(err.message, /300[\s\S]*fetch-depth: 0/);
      return true;
    });
  });
});

test("merge_group: base_sha...head_sha", async () => {
  const p = payload("merge_group");
  const { base_sha: base, head_sha: head } = p.merge_group;
  await withFakeGitHub({ compares: { [`${base}...${head}`]: { files: [file("README.md"), file("app/settings.py", { status: "added" })] } } }, async (_gh, octokit) => {
    const cs = await resolveChangeSet(context({ eventName: "merge_group", payload: p, octokit, sha: head }));
    assert.equal(cs.headSha, head);
    assert.equal(cs.baseSha, base);
    assert.deepEqual(cs.files.map((f) => f.path), ["README.md", "app/settings.py"]);
  });
  await withFakeGitHub({}, async (_gh, octokit) => {
    await assert.rejects(resolveChangeSet(context({ eventName: "merge_group", payload: p, octokit })), /fetch-depth: 0/);
  });
});

test("workflow_dispatch, schedule, scope repository and unknown events scan the repository", async () => {
  const dispatch = await resolveChangeSet(context({ eventName: "workflow_dispatch", payload: payload("workflow_dispatch"), sha: HEAD }));
  assert.deepEqual(dispatch, { kind: "repository", headSha: HEAD, files: [], source: "checkout", notes: [] });
  assert.equal((await resolveChangeSet(context({ eventName: "schedule" }))).kind, "repository");
  const whole = await resolveChangeSet(context({ eventName: "pull_request", payload: prPayload({ changedFiles: 1 }), wholeRepository: true }));
  assert.equal(whole.kind, "repository");
  const release = await resolveChangeSet(context({ eventName: "release", payload: payload("release") }));
  assert.equal(release.kind, "repository");
  assert.match(release.notes[0]!, /"release"/);
});

test("base equal to head (a push that moved nothing, a PR with no new commit, a merge group): an empty change, said so, no request", async () => {
  await withFakeGitHub({}, async (gh, octokit) => {
    const push = payload("push");
    push.created = push.deleted = false;
    push.before = push.after = HEAD;
    const cases: Array<[string, any]> = [
      ["push", push],
      ["pull_request", prPayload({ base: HEAD, head: HEAD, changedFiles: 0 })],
      ["merge_group", (() => { const p = payload("merge_group"); p.merge_group.base_sha = p.merge_group.head_sha = HEAD; return p; })()],
    ];
    for (const [eventName, p] of cases) {
      const cs = await resolveChangeSet(context({ eventName, payload: p, octokit }));
      assert.deepEqual([cs.kind, cs.headSha, cs.files.length], ["diff", HEAD, 0], eventName);
      assert.match(cs.notes[0]!, /same base and head commit \(ccccccc\): it changes nothing/, eventName);
    }
    assert.equal(gh.requests.length, 0);
  });
});
