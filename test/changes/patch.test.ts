import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { addedLinesFromPatch, parseGitDiff, unquoteGitPath } from "../../src/changes/patch.ts";
import type { FileDiff } from "../../src/changes/patch.ts";
import { diffEntries, diffFiles } from "../../src/changes/local-git.ts";
import { lines, tempRepo } from "./git-fixture.ts";

const sorted = (s: Set<number> | "all") => (s === "all" ? s : [...s].sort((a, b) => a - b));

test("addedLinesFromPatch: context, added and removed lines in one hunk", () => {
  const patch = ["@@ -1,5 +1,6 @@", " import os", "-DEBUG = True", "+DEBUG = False", "+SECRET_KEY = os.environ['K']", " ", " ALLOWED_HOSTS = []", " X = 1"].join("\n");
  assert.deepEqual(sorted(addedLinesFromPatch(patch)), [2, 3]);
});

test("addedLinesFromPatch: several hunks, omitted counts, section headings", () => {
  const patch = [
    "@@ -3 +3 @@ def f():",
    "-a",
    "+b",
    "@@ -10,2 +10,3 @@ class Settings:",
    " ctx",
    "+new",
    " ctx",
    "@@ -40,3 +41,0 @@",
    "-x",
    "-y",
    "-z",
    "@@ -50,0 +48,2 @@",
    "+p",
    "+q",
  ].join("\n");
  assert.deepEqual(sorted(addedLinesFromPatch(patch)), [3, 11, 48, 49]);
});

test("addedLinesFromPatch: no-newline markers on both sides", () => {
  const patch = ["@@ -1,2 +1,2 @@", " first", "-last", "\\ No newline at end of file", "+last changed", "\\ No newline at end of file"].join("\n");
  assert.deepEqual(sorted(addedLinesFromPatch(patch)), [2]);
});

test("addedLinesFromPatch: a new file, and lines that look like headers", () => {
  const patch = ["@@ -0,0 +1,3 @@", "+++ b/not-a-header", "+@@ -1 +1 @@", "+-- a/x"].join("\n");
  assert.deepEqual(sorted(addedLinesFromPatch(patch)), [1, 2, 3]);
  assert.deepEqual(sorted(addedLinesFromPatch("")), []);
});

test("unquoteGitPath: C escapes and octal UTF-8 bytes", () => {
  assert.equal(unquoteGitPath('"a/tab\\there \\"q\\" \\\\ \\303\\274.py"'), 'a/tab\there "q" \\ ü.py');
});

test("parseGitDiff: hand-written quoted rename with no hunks, mode change, binary", () => {
  const out = [
    'diff --git "a/old\\tname.py" "b/new\\tname.py"',
    "similarity index 100%",
    'rename from "old\\tname.py"',
    'rename to "new\\tname.py"',
    "diff --git a/run.sh b/run.sh",
    "old mode 100644",
    "new mode 100755",
    "diff --git a/logo.png b/logo.png",
    "index 1111111111111111111111111111111111111111..2222222222222222222222222222222222222222 100644",
    "Binary files a/logo.png and b/logo.png differ",
    "",
  ].join("\n");
  const files = parseGitDiff(out);
  assert.deepEqual(files, [
    { path: "new\tname.py", oldPath: "old\tname.py", status: "renamed", addedLines: new Set(), binary: false, submodule: false },
    { path: "run.sh", oldPath: "run.sh", status: "modified", addedLines: new Set(), binary: false, submodule: false },
    {
      path: "logo.png",
      oldPath: "logo.png",
      status: "modified",
      addedLines: "all",
      binary: true,
      submodule: false,
      blobSha: "2222222222222222222222222222222222222222",
    },
  ]);
});

test("parseGitDiff: real git output for added, modified, renamed, deleted, binary and oddly named files", async () => {
  const repo = tempRepo();
  try {
    const odd = 'quote"tab\tü.py';
    repo.write("settings.py", lines(6, { 4: "-- a/evil" }));
    repo.write("old_name.py", lines(3));
    repo.write("moved.py", lines(10));
    repo.write("spa ce.py", lines(8));
    repo.write("gone.py", "GONE = 1\n");
    repo.write("run.sh", "echo hi\n", 0o644);
    repo.write("image.bin", new Uint8Array([0, 1, 2, 3, 0, 5]));
    repo.write("sub/module.py", "X = 1\n");
    mkdirSync(join(repo.dir, "vendor/lib"), { recursive: true }); // a submodule's (empty) directory
    repo.git("update-index", "--add", "--cacheinfo", `160000,${"1".repeat(40)},vendor/lib`);
    const base = repo.commit("base");

    repo.write("settings.py", lines(8, { 2: "changed", 4: "++ b/evil", 7: "added 7", 8: "added 8" }));
    repo.git("mv", "old_name.py", "new_name.py");
    repo.git("rm", "--quiet", "moved.py"); // git finds the rename itself
    repo.write("dir/renamed.py", lines(10, { 10: "line ten changed" }));
    repo.git("mv", "spa ce.py", "spa ce 2.py");
    repo.write("spa ce 2.py", lines(8, { 1: "first changed" }));
    repo.git("rm", "--quiet", "gone.py");
    repo.write("run.sh", "echo hi\n", 0o755);
    repo.write("image.bin", new Uint8Array([0, 9, 9, 9, 0]));
    repo.write(odd, "A = 1\nB = 2\n");
    repo.write("-dash.py", "C = 3");
    repo.write("empty.py", "");
    repo.write("new dir/new file.py", lines(2));
    repo.git("update-index", "--cacheinfo", `160000,${"2".repeat(40)},vendor/lib`);
    const head = repo.commit("head");

    const raw = repo.git("diff", "--no-color", "--unified=0", "--find-renames", "--no-ext-diff", "--full-index", `${base}...${head}`);
    assert.match(raw, /"b\/quote\\"tab\\t\\303\\274\.py"/); // git did quote it
    const parsed = parseGitDiff(raw);
    const viaGit = await diffEntries(repo.dir, base, head);
    assert.deepEqual(viaGit, parsed);

    const byPath = new Map<string, FileDiff>(parsed.map((f) => [f.path, f]));
    const pick = (p: string) => {
      const f = byPath.get(p);
      assert.ok(f, `${p} listed; got ${[...byPath.keys()].join(" | ")}`);
      return { status: f.status, oldPath: f.oldPath, added: sorted(f.addedLines), binary: f.binary };
    };
    assert.equal(parsed.length, 12);
    assert.deepEqual(pick("settings.py"), { status: "modified", oldPath: "settings.py", added: [2, 4, 7, 8], binary: false });
    assert.deepEqual(pick("new_name.py"), { status: "renamed", oldPath: "old_name.py", added: [], binary: false });
    assert.deepEqual(pick("dir/renamed.py"), { status: "renamed", oldPath: "moved.py", added: [10], binary: false });
    assert.deepEqual(pick("spa ce 2.py"), { status: "renamed", oldPath: "spa ce.py", added: [1], binary: false });
    assert.deepEqual(pick("gone.py"), { status: "removed", oldPath: "gone.py", added: [], binary: false });
    assert.deepEqual(pick("run.sh"), { status: "modified", oldPath: "run.sh", added: [], binary: false });
    assert.deepEqual(pick("image.bin"), { status: "modified", oldPath: "image.bin", added: "all", binary: true });
    assert.deepEqual(pick(odd), { status: "added", oldPath: undefined, added: [1, 2], binary: false });
    assert.deepEqual(pick("-dash.py"), { status: "added", oldPath: undefined, added: [1], binary: false });
    assert.deepEqual(pick("empty.py"), { status: "added", oldPath: undefined, added: [], binary: false });
    assert.deepEqual(pick("new dir/new file.py"), { status: "added", oldPath: undefined, added: [1, 2], binary: false });
    assert.equal(byPath.get("vendor/lib")?.submodule, true);
    assert.equal(byPath.has("sub/module.py"), false);

    // Blob shas are the head blobs, as git itself names them.
    assert.equal(byPath.get("settings.py")!.blobSha, repo.git("rev-parse", `${head}:settings.py`).trim());
    assert.equal(byPath.get(odd)!.blobSha, execFileSync("git", ["-C", repo.dir, "rev-parse", `${head}:${odd}`], { encoding: "utf8" }).trim());
    assert.equal(byPath.get("gone.py")!.blobSha, undefined);

    // diffFiles leaves the deleted file out and keeps the rename's old name.
    const files = await diffFiles(repo.dir, base, head);
    assert.equal(files.length, 10); // no deleted file, no submodule
    assert.ok(!files.some((f) => f.path === "gone.py"));
    assert.equal(files.find((f) => f.path === "new_name.py")!.previousPath, "old_name.py");
  } finally {
    repo.remove();
  }
});
