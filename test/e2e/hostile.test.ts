// Hostile and odd files through the bundled action: workflow-command injection in contents and names,
// names with commas, colons, %, newlines and non-ASCII, links out of the checkout, paths an API answer
// should never hold, files too large, and a file that vanished. No crash, no command the action did not
// mean, every file accounted for.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { withFakeGitHub, type FakeFile } from "../helpers/fake-github.ts";
import { runAction } from "../helpers/run-action.ts";
import { addedPatch, commands, PR, prPayload } from "../helpers/e2e.ts";
import { startprojectKey } from "../helpers/keys.ts";

const workspaces: string[] = [];
after(() => workspaces.forEach((w) => rmSync(w, { recursive: true, force: true })));

const newKey = startprojectKey;

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "dss-hostile-"));
  workspaces.push(dir);
  return dir;
}

function add(root: string, path: string, text: string | Buffer): FakeFile {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  const bytes = Buffer.from(text);
  const body = bytes.toString("latin1");
  const sha = createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
  return { filename: path, status: "added", additions: Math.max(1, body.split("\n").length - 1), patch: addedPatch(body), sha };
}

/** The workflow commands the action may print; anything else on a `::` line is an injection. */
const MEANT = new Set(["error", "warning", "notice", "debug", "group", "endgroup", "add-mask"]);

test("workflow commands in file contents and names never become commands; odd names still get their annotation", async () => {
  const root = workspace();
  const keys = [newKey(), newKey(), newKey()];
  const evil = "::stop-commands::pwned\n::add-mask::x\n::error file=x::fake\n##[error]fake\n%0A::warning::fake\n";
  const names = [
    "app/a,b:c%41.py", // comma, colon and % are escaped in annotation properties
    "app/über settings.py",
    "app/::error::evil.py",
    "app/line\nbreak::warning::x.py",
  ];
  const files = names.map((name, i) => add(root, name, `${evil.split("\n").map((l) => `# ${l}`).join("\n")}\nSECRET_KEY = '${keys[i % keys.length]}'\n`));
  files.push(add(root, "docs/notes.md", `${evil}\nSee ::set-output name=x::y and ::stop-commands::tok\n`));
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
    const run = await runAction({ workspace: root, eventName: "pull_request", payload: prPayload(files.length), apiUrl: fake.url });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    for (const line of run.stdout.split("\n")) {
      assert.ok(!line.startsWith("##["), `no ##[ line: ${JSON.stringify(line.slice(0, 80))}`);
      const m = /^::([^ :]+)/.exec(line);
      if (m) assert.ok(MEANT.has(m[1]!), `an unmeant workflow command: ${JSON.stringify(line.slice(0, 80))}`);
    }
    // One ::add-mask:: per key, and none from the files.
    assert.equal(run.stdout.split("\n").filter((l) => l.startsWith("::add-mask::")).length, keys.length);
    const annotated = commands(run.stdout).filter((c) => c.props.title?.startsWith("DJS001")).map((c) => c.props.file).sort();
    assert.deepEqual(annotated, [...names].sort(), "each odd name is annotated under its own path");
  });
});

test("links out of the checkout, paths that leave it, files over max-file-size, binary and vanished files: each named, none crashes", async () => {
  const root = workspace();
  const outside = mkdtempSync(join(tmpdir(), "dss-outside-"));
  workspaces.push(outside);
  writeFileSync(join(outside, "settings.py"), `SECRET_KEY = '${newKey()}'\n`);
  symlinkSync(join(outside, "settings.py"), join(root, "linked_settings.py"));
  const big = `SECRET_KEY = '${newKey()}'\n${"# padding\n".repeat(300)}`;
  const files: FakeFile[] = [
    { filename: "linked_settings.py", status: "added", additions: 1, patch: "@@ -0,0 +1 @@\n+x", sha: null },
    { filename: "../../etc/passwd", status: "added", additions: 1, patch: "@@ -0,0 +1 @@\n+root", sha: null },
    { filename: "/etc/hostname", status: "added", additions: 1, patch: "@@ -0,0 +1 @@\n+host", sha: null },
    add(root, "big/settings.py", big),
    add(root, "static/logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0x49, 0x48])),
    { filename: "gone/settings.py", status: "added", additions: 1, patch: "@@ -0,0 +1 @@\n+SECRET_KEY = 'x'", sha: "f".repeat(40) },
    add(root, "ok/settings.py", "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n"),
  ];
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
    const run = await runAction({ workspace: root, eventName: "pull_request", payload: prPayload(files.length), apiUrl: fake.url, inputs: { "max-file-size": "2KB" } });
    const text = (c: { data: string }) => decodeURIComponent(c.data);
    const said = commands(run.stdout).filter((c) => c.name !== "add-mask").map((c) => `${c.name} ${c.props.file ?? ""}: ${text(c)}`);
    const about = (file: string) => said.filter((s) => s.includes(file)).join("\n");
    assert.match(about("linked_settings.py"), /symbolic link to outside the repository|path leaves the repository|not scanned/i);
    assert.match(about("etc/passwd"), /refused|leaves the repository/);
    assert.match(about("big/settings.py"), /larger than 2 KiB/);
    assert.match(about("static/logo.png"), /binary/);
    assert.match(about("gone/settings.py"), /^error .*Could not scan gone\/settings\.py/m);
    assert.equal(run.code, 1, "a changed file that could not be read fails the step");
    assert.ok(!said.some((s) => s.startsWith("error") && s.includes("DJS001")), "no key was read from outside the checkout or past the size bound");
    assert.equal(run.outputs["files-scanned"], "1");
    assert.equal(run.outputs["files-skipped"], String(files.length - 2), "everything but ok/ and the vanished file is skipped, with a reason");
    assert.match(run.summary, /Could not be read/);
  });
});
