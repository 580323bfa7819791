// The config file and the baseline end to end, on the bundled action: a project re-grades a rule, a
// broken config stops the run with its line, and a baseline written once lets old findings be while
// a new key still fails the pull request.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withFakeGitHub, type FakeFile } from "../helpers/fake-github.ts";
import { runAction, type ActionRun } from "../helpers/run-action.ts";
import { addedPatch, blobSha, commands, PR, prPayload } from "../helpers/e2e.ts";
import { startprojectKey } from "../helpers/keys.ts";

const workspaces: string[] = [];
after(() => workspaces.forEach((w) => rmSync(w, { recursive: true, force: true })));


function startproject(): { workspace: string; key: string } {
  const workspace = mkdtempSync(join(tmpdir(), "dss-config-e2e-"));
  workspaces.push(workspace);
  execFileSync("django-admin", ["startproject", "mysite", workspace]);
  const key = /^SECRET_KEY = '([^']+)'$/m.exec(readFileSync(join(workspace, "mysite/settings.py"), "utf8"))![1]!;
  return { workspace, key };
}

/** Writes a file into the workspace and describes it as the PR's new file. */
function add(workspace: string, path: string, text: string): FakeFile {
  mkdirSync(join(workspace, path, ".."), { recursive: true });
  writeFileSync(join(workspace, path), text);
  return { filename: path, status: "added", additions: text.split("\n").length - 1, patch: addedPatch(text), sha: blobSha(text) };
}

const changed = (workspace: string, path: string): FakeFile => add(workspace, path, readFileSync(join(workspace, path), "utf8"));

function assertNoKey(run: ActionRun, key: string, ...files: string[]): void {
  const part = key.slice("django-insecure-".length, "django-insecure-".length + 20);
  const stdout = run.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::")).join("\n");
  for (const [channel, text] of Object.entries({ stdout, stderr: run.stderr, summary: run.summary, outputs: run.outputsRaw, ...Object.fromEntries(files.map((f, i) => [`file ${i}`, f])) })) {
    assert.ok(!text.includes(part), `the key leaked through ${channel}`);
  }
}

test("a config that re-grades DJS001 to a warning lets the PR pass, and the edit of the config is flagged", async () => {
  const { workspace, key } = startproject();
  const files = [changed(workspace, "mysite/settings.py"), add(workspace, ".github/django-secret-scan.yml", "rules:\n  DJS001: warning  # startproject keys are rotated at deploy\n")];
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(files.length), apiUrl: fake.url });
    assert.equal(run.code, 0, `the step passes: nothing at or above error\n${run.stdout}`);
    const found = commands(run.stdout).filter((c) => c.props.title?.startsWith("DJS001"));
    assert.deepEqual(found.map((c) => [c.name, c.props.file]), [["warning", "mysite/settings.py"]]);
    const flagged = commands(run.stdout).filter((c) => c.props.title === "django-secret-scan: scan settings changed");
    assert.deepEqual(flagged.map((c) => [c.name, c.props.file]), [["warning", ".github/django-secret-scan.yml"]]);
    assert.deepEqual([run.outputs.errors, run.outputs.warnings], ["0", "1"]);
    assertNoKey(run, key);
  });
});

test("a config with an unknown rule and a bad value stops the run, naming both lines, before anything is scanned", async () => {
  const { workspace } = startproject();
  const files = [changed(workspace, "mysite/settings.py")];
  add(workspace, "ci/dss.yml", "rules:\n  DJS001: loud\n  DJS999: off\n");
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(files.length), apiUrl: fake.url, inputs: { "config-file": "ci/dss.yml" } });
    assert.equal(run.code, 1);
    const errors = commands(run.stdout).filter((c) => c.name === "error");
    assert.equal(errors.length, 1, "one error: the config's, no findings");
    const text = decodeURIComponent(errors[0]!.data);
    assert.match(text, /ci\/dss\.yml is not a valid django-secret-scan config/);
    assert.match(text, /line 2: rule DJS001 must be set to off, error, warning or notice/);
    assert.match(text, /line 3: unknown rule 'DJS999'/);
    assert.equal(fake.requests.length, 0, "no API call: the config is read first");
  });
});

test("a baseline written over the repository accepts today's findings; a PR adding a new key still fails", async () => {
  const { workspace, key } = startproject();
  const baselineFile = ".github/django-secret-scan-baseline.json";

  // 1. Write it: a whole-repository scan, which passes.
  const write = await runAction({ workspace, eventName: "workflow_dispatch", payload: {}, inputs: { scope: "repository", "write-baseline": "true", "baseline-file": baselineFile, "github-token": "" } });
  assert.equal(write.code, 0, `writing a baseline passes\n${write.stdout}`);
  const baselineText = readFileSync(join(workspace, baselineFile), "utf8");
  const entries = JSON.parse(baselineText).findings as Array<{ rule: string; path: string }>;
  assert.ok(entries.some((e) => e.rule === "DJS001" && e.path === "mysite/settings.py"));
  assert.equal(write.outputs.findings, "0");
  assert.equal(write.outputs.baselined, String(entries.length));
  assert.match(write.summary, /The baseline `\.github\/django-secret-scan-baseline\.json` was written with \d+ findings?/);
  assertNoKey(write, key, baselineText);

  // 2. A PR that touches the old settings and adds a second app with its own key.
  const newKey = startprojectKey();
  const files = [changed(workspace, "mysite/settings.py"), add(workspace, "shop/settings.py", `SECRET_KEY = '${newKey}'\n`)];
  await withFakeGitHub({ pullFiles: { [PR]: files } }, async (fake) => {
    const run = await runAction({ workspace, eventName: "pull_request", payload: prPayload(files.length), apiUrl: fake.url, inputs: { scope: "changed-files", "baseline-file": baselineFile, "sarif-file": "out.sarif" } });
    assert.equal(run.code, 1, "the new key fails the check");
    const annotated = commands(run.stdout).filter((c) => c.props.title?.startsWith("DJS"));
    assert.deepEqual(annotated.map((c) => [c.name, c.props.file]), [["error", "shop/settings.py"]], "only the new key is annotated");
    assert.equal(run.outputs.findings, "1");
    assert.equal(run.outputs.baselined, String(entries.filter((e) => e.path === "mysite/settings.py").length));
    assert.match(run.summary, /are accepted by the baseline `\.github\/django-secret-scan-baseline\.json`: not counted above|is accepted by the baseline/);
    assert.match(run.summary, /<summary>Accepted by the baseline \(\d+\)<\/summary>/);
    const sarifText = readFileSync(join(workspace, "out.sarif"), "utf8");
    const sarif = JSON.parse(sarifText);
    assert.deepEqual(sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri), ["shop/settings.py"]);
    assert.equal(sarif.runs[0].properties.baselinedResults, Number(run.outputs.baselined));
    assertNoKey(run, key, sarifText);
    assertNoKey(run, newKey, sarifText);
  });
});

test("a baseline file that is named but missing stops the run with what to do", async () => {
  const { workspace } = startproject();
  const run = await runAction({ workspace, eventName: "workflow_dispatch", payload: {}, inputs: { "baseline-file": "nope.json", "github-token": "" } });
  assert.equal(run.code, 1);
  assert.ok(!existsSync(join(workspace, "nope.json")));
  const text = decodeURIComponent(commands(run.stdout).find((c) => c.name === "error")!.data);
  assert.match(text, /The baseline file nope\.json could not be read \(not in the checkout\): commit the file the action wrote with `write-baseline: true`/);
});
